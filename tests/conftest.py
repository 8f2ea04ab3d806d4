"""Shared fixtures: databases (SQLite always, PostgreSQL when a server is named) and a clock."""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.core.clock import FrozenClock
from storage.engine import Database, normalise_url
from storage.migrate import upgrade

PG_URL_ENV = "OMBUD_TEST_DATABASE_URL"
# Compiled catalogues go to a folder of this run, not the user's cache (bot/core/i18n.py).
os.environ.setdefault("OMBUD_CACHE_DIR", tempfile.mkdtemp(prefix="ombud-test-cache-"))


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """Each test leaves the root logger as it found it.

    A command run inside a test configures the service's log handler on the stream it was
    given; once that stream is closed, a later test's log records would fail to write and
    logging would print its own error, with a stack, into that test's output.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)


def postgres_url() -> str | None:
    return os.environ.get(PG_URL_ENV) or None


def _with_search_path(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """A fresh SQLite file with the schema at head."""
    db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
    upgrade(db)
    yield db
    db.dispose()


def _postgres_db() -> Iterator[Database]:
    base = postgres_url()
    if base is None:
        pytest.skip(f"PostgreSQL not configured: set {PG_URL_ENV} to run this test")
    # A schema per test keeps parallel runs against one server apart.
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db = Database(_with_search_path(base, schema))
    try:
        upgrade(db)
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_db() -> Iterator[Database]:
    yield from _postgres_db()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The same test on SQLite and, where configured, on PostgreSQL."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
        upgrade(database)
        yield database
        database.dispose()
    else:
        yield from _postgres_db()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2025, 3, 3, 8, 0, tzinfo=UTC))
