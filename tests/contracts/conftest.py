"""The backends every contract test runs on: the in-memory fake, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

import pytest

from bot.core.conversation import ConversationTx
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.migrate import upgrade
from tests.conftest import _postgres_db
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.seeding import FakeSeeder, Seeder
from tests.fakes.world import World, build_world
from tests.support.sql_seeder import SqlSeeder

T = TypeVar("T")


class Backend(Protocol):
    """A conversation store and a way to write rows behind its back."""

    name: str

    def tx(self, fn: Callable[[ConversationTx], T]) -> T:
        """Run `fn` in one transaction of the store under test."""
        ...

    def seed(self, fn: Callable[[Seeder], T]) -> T: ...


class FakeBackend:
    name = "fake"

    def __init__(self) -> None:
        self.store = FakeConversationStore()

    def tx(self, fn: Callable[[ConversationTx], T]) -> T:
        return self.store.run_sync(fn)

    def seed(self, fn: Callable[[Seeder], T]) -> T:
        return fn(FakeSeeder(self.store.tables))


class SqlBackend:
    def __init__(self, name: str, db: Database) -> None:
        self.name, self.db, self.store = name, db, SqlConversationStore(db)

    def tx(self, fn: Callable[[ConversationTx], T]) -> T:
        return self.store.run_sync(fn)

    def seed(self, fn: Callable[[Seeder], T]) -> T:
        return self.db.run_sync(lambda session: fn(SqlSeeder(session)))


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "fake":
        yield FakeBackend()
    elif request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
        upgrade(db)
        yield SqlBackend("sqlite", db)
        db.dispose()
    else:
        for db in _postgres_db():
            yield SqlBackend("postgres", db)


@pytest.fixture
def world(backend: Backend) -> World:
    return backend.seed(build_world)
