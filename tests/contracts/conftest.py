"""The backends every contract test runs on: the in-memory fake, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

import pytest
from sqlmodel import Session

from bot.core.conversation import ConversationTx
from bot.core.scheduling import SchedulingStore
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.migrate import upgrade
from storage.scheduling import SqlSchedulingStore
from storage.tables import AwayPeriodRow, CheckinRow
from tests.conftest import _postgres_db
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.records import AwayRecord, Tables
from tests.fakes.scheduling import FakeSchedulingStore
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


# --- the scheduling store ----------------------------------------------------------------


@dataclass(frozen=True)
class RowFacts:
    """A check-in's scheduling columns, read behind the store's back."""

    state: str
    next_send_at: datetime | None
    followups_sent: int
    sends: int
    lease_owner: str | None
    last_error: str | None


class SchedulingBackend(Protocol):
    """A scheduling store and ways to write and read rows behind its back."""

    name: str
    store: SchedulingStore

    def seed(self, fn: Callable[[Seeder], T]) -> T: ...

    def away(self, person_id: int, starts_at: datetime, ends_at: datetime | None) -> None: ...

    def answer(self, checkin_id: int, at: datetime) -> None:
        """The steward answers: the row is done, as a tap through the conversation leaves it."""
        ...

    def facts(self, checkin_id: int) -> RowFacts: ...


class FakeSchedulingBackend:
    name = "fake"

    def __init__(self) -> None:
        self.tables = Tables()
        self.fake = FakeSchedulingStore(self.tables)
        self.store: SchedulingStore = self.fake

    def seed(self, fn: Callable[[Seeder], T]) -> T:
        return fn(FakeSeeder(self.tables))

    def away(self, person_id: int, starts_at: datetime, ends_at: datetime | None) -> None:
        record = AwayRecord(self.tables.new_id(), person_id, starts_at, ends_at, "cli")
        self.tables.away[record.id] = record

    def answer(self, checkin_id: int, at: datetime) -> None:
        record = self.tables.checkins[checkin_id]
        record.state, record.next_send_at, record.answered_at = "done", None, at

    def facts(self, checkin_id: int) -> RowFacts:
        c, lease = self.tables.checkins[checkin_id], self.fake.lease_of(checkin_id)
        return RowFacts(
            c.state, c.next_send_at, c.followups_sent, lease.sends, lease.owner, lease.last_error
        )


class SqlSchedulingBackend:
    def __init__(self, name: str, db: Database) -> None:
        self.name, self.db = name, db
        self.store: SchedulingStore = SqlSchedulingStore(db)

    def seed(self, fn: Callable[[Seeder], T]) -> T:
        return self.db.run_sync(lambda session: fn(SqlSeeder(session)))

    def away(self, person_id: int, starts_at: datetime, ends_at: datetime | None) -> None:
        row = AwayPeriodRow(
            person_id=person_id,
            starts_at=starts_at,
            ends_at=ends_at,
            source="cli",
            created_at=starts_at,
        )
        self.db.run_sync(lambda session: session.add(row))

    def answer(self, checkin_id: int, at: datetime) -> None:
        def write(session: Session) -> None:
            row = session.get(CheckinRow, checkin_id)
            assert row is not None
            row.state, row.next_send_at, row.answered_at = "done", None, at
            session.add(row)

        self.db.run_sync(write)

    def facts(self, checkin_id: int) -> RowFacts:
        def read(session: Session) -> RowFacts:
            c = session.get(CheckinRow, checkin_id)
            assert c is not None
            return RowFacts(
                c.state, c.next_send_at, c.followups_sent, c.sends, c.lease_owner, c.last_error
            )

        return self.db.run_sync(read)


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sched(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SchedulingBackend]:
    if request.param == "fake":
        yield FakeSchedulingBackend()
    elif request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
        upgrade(db)
        yield SqlSchedulingBackend("sqlite", db)
        db.dispose()
    else:
        for db in _postgres_db():
            yield SqlSchedulingBackend("postgres", db)
