"""The engine and the one decision about blocking: sync sessions, run off the event loop."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

T = TypeVar("T")

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
# A transaction that read before another connection committed cannot then write on SQLite
# (WAL keeps its snapshot); the busy timeout does not apply, so the whole transaction runs
# again on a fresh snapshot, a few times with a short pause.
SQLITE_RETRIES = 6
SQLITE_RETRY_PAUSE_S = 0.02


def normalise_url(url: str) -> str:
    """Accept postgres:// and postgresql:// and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the service and an administrator's command share one file;
    # the busy timeout makes a writer wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten with zeros, so an erasure does not linger in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # pysqlite opens transactions lazily; an explicit BEGIN makes our claims atomic.
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str, echo: bool = False) -> Engine:
    url = normalise_url(url)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    connect_args: dict[str, Any] = {}
    if is_sqlite:
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None}
    engine = create_engine(url, echo=echo, connect_args=connect_args, pool_pre_ping=not is_sqlite)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


class Database:
    """Owns the engine. `run` executes a function in one transaction on a worker thread."""

    def __init__(self, url: str, echo: bool = False) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, echo=echo)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def run_sync(self, fn: Callable[[Session], T]) -> T:
        """Run `fn` in one transaction. `fn` must only touch the session: it may run again."""
        for attempt in range(SQLITE_RETRIES):
            try:
                with self.session() as session:
                    return fn(session)
            except OperationalError as exc:
                if not self._is_sqlite_busy(exc) or attempt == SQLITE_RETRIES - 1:
                    raise
                log.info("sqlite busy, running the transaction again (attempt %d)", attempt + 2)
                time.sleep(SQLITE_RETRY_PAUSE_S * 2**attempt)
        raise AssertionError("unreachable")

    def _is_sqlite_busy(self, exc: OperationalError) -> bool:
        return self.is_sqlite and "database is locked" in str(exc.orig)

    async def run(self, fn: Callable[[Session], T]) -> T:
        return await asyncio.to_thread(self.run_sync, fn)

    def dispose(self) -> None:
        self.engine.dispose()
