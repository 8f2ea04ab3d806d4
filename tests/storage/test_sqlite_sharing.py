"""The service and an administrator's command can share one SQLite file."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlmodel import Session, select

from storage.engine import SQLITE_BUSY_TIMEOUT_MS, Database
from storage.migrate import upgrade
from storage.tables import UnitRow


def test_every_connection_uses_wal_and_waits_for_a_busy_writer(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'shared.db'}")
    upgrade(db)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_a_reader_is_not_blocked_by_an_open_import(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    service, admin = Database(f"sqlite:///{path}"), Database(f"sqlite:///{path}")
    upgrade(service)
    with Session(admin.engine) as importing, importing.begin():
        importing.add(UnitRow(key="nord", name="Nord", kind="sektion"))
        importing.flush()  # the import holds the write lock, not yet committed
        # The running service still reads, and sees only what was committed.
        read = service.run_sync(lambda s: s.exec(select(UnitRow)).all(), read_only=True)
        assert read == []
    # Once the import commits, the service sees it without a restart.
    keys = service.run_sync(lambda s: [u.key for u in s.exec(select(UnitRow)).all()])
    assert keys == ["nord"]
    service.dispose()
    admin.dispose()


def test_a_read_that_lost_its_snapshot_before_writing_runs_again(tmp_path: Path) -> None:
    """A read-only transaction that writes after all: SQLite refuses at once; it runs again."""
    path = tmp_path / "shared.db"
    service, admin = Database(f"sqlite:///{path}"), Database(f"sqlite:///{path}")
    upgrade(service)
    attempts: list[int] = []

    def read_then_write(session: Session) -> int:
        attempts.append(len(session.exec(select(UnitRow)).all()))
        if len(attempts) == 1:
            # Another connection commits between this transaction's read and its write.
            admin.run_sync(lambda s: s.add(UnitRow(key="from-admin", name="A", kind="ort")))
        session.add(UnitRow(key=f"from-service-{len(attempts)}", name="S", kind="ort"))
        session.flush()
        return len(attempts)

    assert service.run_sync(read_then_write, read_only=True) == 2
    assert attempts == [0, 1]  # the second run saw the administrator's row
    keys = service.run_sync(lambda s: sorted(u.key for u in s.exec(select(UnitRow)).all()))
    assert keys == ["from-admin", "from-service-2"]
    service.dispose()
    admin.dispose()


def test_a_writer_waits_for_another_writer_instead_of_failing(tmp_path: Path) -> None:
    """Write transactions begin IMMEDIATE: the second one waits on the busy timeout."""
    path = tmp_path / "shared.db"
    service, admin = Database(f"sqlite:///{path}"), Database(f"sqlite:///{path}")
    upgrade(service)
    holding, attempts = threading.Event(), []

    def admin_writes() -> None:
        holding.wait()

        def write(s: Session) -> None:
            attempts.append(1)
            s.add(UnitRow(key="from-admin", name="A", kind="ort"))

        admin.run_sync(write)

    other = threading.Thread(target=admin_writes)
    other.start()

    def service_writes(session: Session) -> None:
        session.exec(select(UnitRow)).all()
        holding.set()  # the administrator now tries to write while this one holds the lock
        session.add(UnitRow(key="from-service", name="S", kind="ort"))

    service.run_sync(service_writes)
    other.join()
    keys = service.run_sync(lambda s: sorted(u.key for u in s.exec(select(UnitRow)).all()))
    assert (keys, attempts) == (["from-admin", "from-service"], [1])
    service.dispose()
    admin.dispose()


def test_the_busy_timeout_can_be_set_in_the_url(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'shared.db'}?timeout=2.5")
    upgrade(db)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
    assert db.busy_timeout_s == 2.5
    db.dispose()
