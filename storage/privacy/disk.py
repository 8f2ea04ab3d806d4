"""Make an erasure reach the disk: SQLite's WAL folded back and truncated, PostgreSQL vacuumed."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from storage.engine import SQLITE_BUSY_TIMEOUT_MS, Database

log = logging.getLogger(__name__)

# Tables an erasure writes to; their dead row versions are what VACUUM should reclaim.
ERASURE_TABLES = (
    "answer",
    "checkin",
    "conversation",
    "delivery_attempt",
    "invite_code",
    "board_member",
    "chat_identity",
    "person_unit",
    "person",
    "plan_item",
    "audit",
    "away_period",
    "handover",
)
CHECKPOINT_WAIT_S = 10.0


@dataclass(frozen=True)
class DiskResult:
    """Whether the erased bytes are known to be gone from the files the database uses."""

    backend: str
    complete: bool  # SQLite: the WAL was checkpointed and truncated; PostgreSQL: vacuumed
    busy_readers: bool = False  # SQLite: a reader kept an old snapshot past the wait


def settle_erasure(
    db: Database, tables: Sequence[str] = ERASURE_TABLES, *, wait_s: float = CHECKPOINT_WAIT_S
) -> DiskResult:
    """After an erasure has committed: push it through to the database files."""
    if db.is_sqlite:
        return _checkpoint(db, wait_s)
    if db.is_postgres:
        return _vacuum(db, tables)
    return DiskResult(db.engine.dialect.name, complete=False)


def _checkpoint(db: Database, wait_s: float) -> DiskResult:
    """Fold every WAL frame into the file and truncate the WAL to zero bytes.

    TRUNCATE waits on the busy handler for writers and for readers still on an older
    snapshot; the handler's timeout is the bound, after which the result says so.
    """
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={max(0, int(wait_s * 1000))}")
        try:
            busy = int(conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0])
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    if busy:
        log.warning("erasure: wal checkpoint blocked by a reader for %.1f s", wait_s)
        return DiskResult("sqlite", complete=False, busy_readers=True)
    log.info("erasure: wal checkpointed and truncated")
    return DiskResult("sqlite", complete=True)


def _vacuum(db: Database, tables: Sequence[str]) -> DiskResult:
    """VACUUM the touched tables so their dead row versions leave the visible pages."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        existing = set(
            conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
        )
        for table in tables:
            if table in existing:
                conn.exec_driver_sql(f'VACUUM (ANALYZE) "{table}"')
    log.info("erasure: vacuumed %d tables", len(tables))
    return DiskResult("postgresql", complete=True)
