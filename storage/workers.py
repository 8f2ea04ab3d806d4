"""A worker's lasting identity, and giving back the leases it holds.

A worker is named `host:N`, with the smallest N whose lock is free: on PostgreSQL a
session advisory lock (keyed by schema, host and N) held on a connection of its own for
the worker's life; on a SQLite file an exclusive lock on a file beside the database. The
server (or the kernel) drops the lock when the process dies, however it dies, so a name
whose lock is free belongs to no running worker: a worker that takes it may give back the
leases still held under it at once instead of waiting for them to run out. A restart on
the same host takes the same name, and so reclaims its own leases.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, text, update
from sqlmodel import Session, col

from storage.engine import Database
from storage.tables import CheckinRow

log = logging.getLogger(__name__)

# More workers than this on one host share no name; the next one is named by its process.
IDENTITY_SLOTS = 16
MAX_OWNER = 64  # checkin.lease_owner


class WorkerIdentity:
    """A name held for as long as this object is open; `close` lets it go."""

    def __init__(
        self, name: str, connection: Connection | None = None, lock_file: IO[bytes] | None = None
    ) -> None:
        self.name = name
        self._connection = connection
        self._lock_file = lock_file

    @property
    def lasting(self) -> bool:
        """Whether the name outlives the process (a restart takes it again)."""
        return self._connection is not None or self._lock_file is not None

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # A pooled connection would keep its session, and the lock with it: drop it.
            with contextlib.suppress(Exception):  # the server may already be gone
                connection.invalidate()
            with contextlib.suppress(Exception):
                connection.close()
        lock_file, self._lock_file = self._lock_file, None
        if lock_file is not None:
            lock_file.close()  # closing the file drops its lock


def _lock_key(schema: str, name: str) -> int:
    digest = hashlib.sha256(f"ombud-worker\0{schema}\0{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _claim_postgres(db: Database, host: str) -> WorkerIdentity | None:
    connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
        for n in range(IDENTITY_SLOTS):
            name = f"{host}:{n}"
            key = _lock_key(schema, name)
            taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
            if taken.scalar_one():
                return WorkerIdentity(name, connection=connection)
    except Exception:
        connection.close()
        raise
    connection.close()
    return None


def lock_file_path(path: Path, n: int) -> Path:
    """The lock file of worker slot `n` beside the SQLite database at `path`."""
    return path.with_name(f"{path.name}.worker-{n}.lock")


def held_lock(path: Path) -> Path | None:
    """The first worker lock file beside a SQLite database that a running worker holds.

    A lock file a stopped worker left behind is free: the kernel dropped its lock.
    """
    for n in range(IDENTITY_SLOTS):
        candidate = lock_file_path(path, n)
        try:
            descriptor = os.open(candidate, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return candidate
        finally:
            os.close(descriptor)  # closing it drops the shared lock taken to test
    return None


def _claim_sqlite(path: Path, host: str) -> WorkerIdentity | None:
    for n in range(IDENTITY_SLOTS):
        lock_path = lock_file_path(path, n)
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        lock_file = os.fdopen(descriptor, "r+b")
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock_file.close()
            continue
        return WorkerIdentity(f"{host}:{n}", lock_file=lock_file)
    return None


def claim_identity(db: Database, host: str, sqlite_file: Path | None = None) -> WorkerIdentity:
    """This worker's name: the first free `host:N`, held until closed.

    Without a lock to hold (a SQLite database in memory, every slot taken) the name is
    `host:pid`, which no later process reuses: its leases then run out by themselves.
    """
    host = host[: MAX_OWNER - 12] or "worker"
    identity: WorkerIdentity | None = None
    if db.is_postgres:
        identity = _claim_postgres(db, host)
    elif sqlite_file is not None:
        identity = _claim_sqlite(sqlite_file, host)
    if identity is None:
        log.warning("no lasting worker name free; leases of this run end by themselves")
        identity = WorkerIdentity(f"{host}:p{os.getpid()}")
    return identity


class SqlWorkerLeases:
    """WorkerLeases over a Database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def release(self, owner: str) -> int:
        def give_back(session: Session) -> int:
            result = session.connection().execute(
                update(CheckinRow)
                .where(
                    col(CheckinRow.lease_until).is_not(None),
                    col(CheckinRow.lease_owner) == owner,
                )
                .values(lease_owner=None, lease_until=None)
            )
            return int(result.rowcount or 0)

        return await self.db.run(give_back)
