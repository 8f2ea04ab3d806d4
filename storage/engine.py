"""The engine and the one decision about blocking: sync sessions, run off the event loop."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from bot.core.errors import UserFacingError
from bot.core.i18n import N_

T = TypeVar("T")

log = logging.getLogger(__name__)

# How long a SQLite writer waits for another one to finish. It covers the longest write
# (a large plan or roster import, a materialise of a year of check-ins); a database URL can
# set it with `?timeout=SECONDS`.
SQLITE_BUSY_TIMEOUT_S = 30.0
SQLITE_BUSY_TIMEOUT_MS = int(SQLITE_BUSY_TIMEOUT_S * 1000)
# A read transaction that then writes cannot do so on SQLite once another connection has
# committed (WAL keeps its snapshot); the busy timeout does not apply, so the whole
# transaction runs again on a fresh snapshot, a few times with a short pause. Write
# transactions begin IMMEDIATE and so never meet this.
SQLITE_RETRIES = 6
SQLITE_RETRY_PAUSE_S = 0.02
# An execution option that marks a read-only transaction: a plain (deferred) BEGIN.
READ_ONLY = "ombud_read_only"

MSG_DATABASE_BUSY = N_(
    "Could not use the database: another program is writing to the database and did not "
    "finish within {seconds} seconds. Try again in a moment."
)


class DatabaseBusyError(UserFacingError):
    """SQLite stayed locked by another writer for longer than the busy timeout."""

    def __init__(self, seconds: float) -> None:
        super().__init__(MSG_DATABASE_BUSY, seconds=f"{seconds:g}")


def is_sqlite_locked(exc: BaseException) -> bool:
    """Whether an error is SQLite's "database is locked" (busy, or a stale snapshot)."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def normalise_url(url: str) -> str:
    """Accept postgres:// and postgresql:// and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(busy_timeout_s: float) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets the service and an administrator's command share one file;
        # the busy timeout makes a writer wait instead of failing at once.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, so an erasure does not linger in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return on_connect


def _sqlite_begin(conn: Any) -> None:
    # pysqlite opens transactions lazily; an explicit BEGIN makes our claims atomic. A write
    # transaction takes the write lock at once, so it waits on the busy timeout for another
    # writer instead of failing when it would upgrade a read to a write.
    options = conn.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return  # e.g. a WAL checkpoint, which cannot run inside a transaction
    conn.exec_driver_sql("BEGIN" if options.get(READ_ONLY, False) else "BEGIN IMMEDIATE")


def sqlite_busy_timeout(url: str) -> float:
    """The busy timeout in seconds: the URL's `timeout` query value, else the default."""
    value = make_url(normalise_url(url)).query.get("timeout")
    try:
        return float(value) if isinstance(value, str) else SQLITE_BUSY_TIMEOUT_S
    except ValueError:
        return SQLITE_BUSY_TIMEOUT_S


def make_engine(url: str, echo: bool = False) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    connect_args: dict[str, Any] = {}
    timeout = sqlite_busy_timeout(url)
    if is_sqlite:
        parsed = parsed.difference_update_query(["timeout"])
        connect_args = {"timeout": timeout, "isolation_level": None}
    engine = create_engine(
        parsed, echo=echo, connect_args=connect_args, pool_pre_ping=not is_sqlite
    )
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas(timeout))
        event.listen(engine, "begin", _sqlite_begin)
    return engine


class Database:
    """Owns the engine. `run` executes a function in one transaction on a worker thread."""

    def __init__(self, url: str, echo: bool = False) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, echo=echo)
        self.busy_timeout_s = sqlite_busy_timeout(self.url)
        self._reader = self.engine.execution_options(**{READ_ONLY: True})
        # SQLite takes one writer at a time. Writers of this process queue here, in turn,
        # instead of each polling the file lock (SQLite's busy handler sleeps up to 100 ms
        # between looks, so a burst of taps waited seconds); other processes still meet
        # the busy timeout.
        self._writer = threading.RLock() if self.is_sqlite else None

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        bind = self._reader if read_only else self.engine
        with Session(bind, expire_on_commit=False) as session, session.begin():
            yield session

    def run_sync(self, fn: Callable[[Session], T], *, read_only: bool = False) -> T:
        """Run `fn` in one transaction. `fn` must only touch the session: it may run again.

        On SQLite a write transaction waits up to the busy timeout for another writer; a
        database still locked after that raises DatabaseBusyError (one clear line).
        """
        for attempt in range(SQLITE_RETRIES):
            started = time.monotonic()
            try:
                with self._turn(read_only), self.session(read_only=read_only) as session:
                    return fn(session)
            except OperationalError as exc:
                if not (self.is_sqlite and is_sqlite_locked(exc)):
                    raise
                if time.monotonic() - started >= self.busy_timeout_s / 2:
                    # It waited out the busy timeout: another writer holds on; running
                    # again would only make the person wait as long once more.
                    raise DatabaseBusyError(self.busy_timeout_s) from exc
                if attempt == SQLITE_RETRIES - 1:
                    raise DatabaseBusyError(self.busy_timeout_s) from exc
                log.info("sqlite busy, running the transaction again (attempt %d)", attempt + 2)
                time.sleep(SQLITE_RETRY_PAUSE_S * 2**attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def _turn(self, read_only: bool) -> Iterator[None]:
        """This process's turn to write (SQLite); readers and PostgreSQL never wait here."""
        if read_only or self._writer is None:
            yield
            return
        with self._writer:
            yield

    async def run(self, fn: Callable[[Session], T], *, read_only: bool = False) -> T:
        return await asyncio.to_thread(self.run_sync, fn, read_only=read_only)

    def dispose(self) -> None:
        self.engine.dispose()
