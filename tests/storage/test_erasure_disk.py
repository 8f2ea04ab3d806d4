"""An erasure as an auditor sees it: the raw SQLite files hold nothing of the person."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session

from storage.engine import Database
from storage.migrate import upgrade
from storage.privacy import erase_person
from storage.privacy.disk import settle_erasure
from tests.storage.test_privacy import ANNA, NOW, seed

# Everything that names Anna or that she wrote, as the seed stores it.
TRACES = (
    ANNA["name"],
    ANNA["key"],
    ANNA["email"],
    ANNA["user_id"],
    "D-anna",
    "Anna says",
)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "ombud.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.run_sync(seed)
    db.dispose()
    return path


def raw_bytes(path: Path) -> bytes:
    """The database file with its -wal and -shm, as they lie on disk."""
    parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def found(path: Path) -> list[str]:
    data = raw_bytes(path)
    return [t for t in TRACES if t.encode("utf-8") in data]


def test_the_seed_is_on_disk_before(db_file: Path) -> None:
    # The oracle works: before the erasure every trace is in the files.
    assert found(db_file) == list(TRACES)


def test_erasure_with_the_service_connected_leaves_no_bytes(db_file: Path) -> None:
    url = f"sqlite:///{db_file}"
    service = Database(url)  # the running service: its pooled connection stays open
    service.run_sync(lambda s: s.connection().exec_driver_sql("SELECT count(*) FROM answer").all())
    held = sqlite3.connect(db_file)  # and a plain reader that keeps its handle open
    held.execute("SELECT count(*) FROM person").fetchall()
    admin = Database(url)
    try:
        admin.run_sync(lambda s: erase_person(s, ANNA["key"], actor="cli", now=NOW))
        result = settle_erasure(admin)
        assert result.complete
        assert not result.busy_readers
        assert found(db_file) == []
        assert db_file.with_name("ombud.db-wal").stat().st_size == 0
    finally:
        held.close()
        admin.dispose()
        service.dispose()
    assert found(db_file) == []


def test_erasure_without_the_checkpoint_would_leave_the_wal_full(db_file: Path) -> None:
    # Why the checkpoint is needed: the WAL still holds the pages from before the erasure.
    url = f"sqlite:///{db_file}"
    service = Database(url)
    service.run_sync(lambda s: s.connection().exec_driver_sql("SELECT 1").all())
    held = sqlite3.connect(db_file)
    held.execute("PRAGMA journal_mode").fetchall()
    admin = Database(url)
    try:
        admin.run_sync(lambda s: s.connection().exec_driver_sql("UPDATE unit SET name = name"))
        admin.run_sync(lambda s: erase_person(s, ANNA["key"], actor="cli", now=NOW))
        assert found(db_file) != []
    finally:
        held.close()
        admin.dispose()
        service.dispose()


def test_without_secure_delete_the_checkpointed_file_keeps_the_name(db_file: Path) -> None:
    # Why secure_delete is on for every connection: freed cells keep their bytes otherwise.
    admin = Database(f"sqlite:///{db_file}")

    def erase_insecurely(session: Session) -> None:
        session.connection().exec_driver_sql("PRAGMA secure_delete=OFF")
        erase_person(session, ANNA["key"], actor="cli", now=NOW)

    try:
        admin.run_sync(erase_insecurely)
        assert settle_erasure(admin).complete
        assert found(db_file) != []
    finally:
        admin.dispose()


def test_a_reader_holding_an_old_snapshot_is_reported_not_waited_for(db_file: Path) -> None:
    url = f"sqlite:///{db_file}"
    reader = sqlite3.connect(db_file, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM answer").fetchall()  # a snapshot from before
    admin = Database(url)
    try:
        admin.run_sync(lambda s: erase_person(s, ANNA["key"], actor="cli", now=NOW))
        result = settle_erasure(admin, wait_s=0.05)
        assert not result.complete
        assert result.busy_readers
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    try:
        assert settle_erasure(admin).complete
        assert found(db_file) == []
    finally:
        admin.dispose()


@pytest.mark.postgres
def test_postgres_erasure_vacuums_the_touched_tables(postgres_db: Database) -> None:
    postgres_db.run_sync(seed)
    postgres_db.run_sync(lambda s: erase_person(s, ANNA["key"], actor="cli", now=NOW))
    result = settle_erasure(postgres_db)
    assert result.backend == "postgresql"
    assert result.complete
    with postgres_db.engine.connect() as conn:
        vacuumed = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_user_tables "
            "WHERE schemaname = current_schema() AND relname = 'answer' "
            "AND last_vacuum IS NOT NULL"
        ).scalar_one()
    assert vacuumed == 1
