"""`ombud db backup` copies a database that is being written; `ombud db restore` brings it back."""

from __future__ import annotations

import asyncio
import fcntl
import sqlite3
import stat
import threading
from pathlib import Path
from typing import IO

import pytest
from typer.testing import CliRunner

from bot.app import sqlite_path
from bot.cli import app
from bot.core.clock import FrozenClock
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import Platform
from bot.transports.memory import MemoryTransport
from handlers.scheduling.dispatch import IN_FLIGHT
from storage.backup import backup, restore
from storage.engine import Database
from tests.scheduler.crash_worker import NOW, drain
from tests.scheduler.seed import seed_due

Contents = dict[str, list[tuple[object, ...]]]


def contents(path: Path) -> Contents:
    """Every row of every table, in a stable order, read in one transaction."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("BEGIN")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


class PausingTransport(MemoryTransport):
    """Stops the dispatch pass after `after` sends until the test lets it go on.

    Sends overlap, so one held send is not enough: every send after the first `after` is
    held, and the pass counts as paused once each of its `workers` waits in a send, when
    nothing of the pass is running, nor writing, beside the backup.
    """

    def __init__(self, after: int, workers: int) -> None:
        super().__init__(Platform.CONSOLE)
        self.after, self.workers, self.held = after, workers, 0
        self.paused = asyncio.Event()
        self.resume = asyncio.Event()

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        if len(self.sent) >= self.after and not self.resume.is_set():
            self.held += 1
            if self.held == self.workers:
                self.paused.set()
            await self.resume.wait()
        return await super().send(to, message)


def backups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("backup"))


async def test_backup_taken_mid_dispatch_restores_that_moment(
    sqlite_db: Database, tmp_path: Path
) -> None:
    seed_due(sqlite_db, 120, NOW)
    live = sqlite_path(sqlite_db.url)
    assert live is not None
    # The default sends in flight; the pause holds every one of them.
    transport = PausingTransport(after=30, workers=IN_FLIGHT)
    pausing = drain(sqlite_db, transport, FrozenClock(NOW), 50, "w")
    task = asyncio.create_task(pausing)
    await transport.paused.wait()
    moment = await asyncio.to_thread(contents, live)
    target = tmp_path / "backup.db"
    await asyncio.to_thread(backup, live, target)
    transport.resume.set()
    await task
    assert len(transport.sent) == 120
    after = contents(live)
    assert after != moment  # the dispatch went on writing after the backup

    restored = tmp_path / "restored.db"
    restore(target, restored)
    assert contents(restored) == moment
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600
    assert backups(tmp_path) == ["backup.db"]  # no temporary file left beside it


def test_cli_backup_while_a_writer_commits_is_a_consistent_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ombud.toml").write_text('database_url = "sqlite:///ombud.db"\n', encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    live = tmp_path / "ombud.db"
    setup = sqlite3.connect(live)
    setup.execute("CREATE TABLE scratch (n INTEGER PRIMARY KEY)")
    setup.commit()
    setup.close()
    stop, started = threading.Event(), threading.Event()

    def write() -> None:
        conn = sqlite3.connect(live, timeout=10)
        n = 0
        while not stop.is_set():
            n += 1
            conn.execute("INSERT INTO scratch (n) VALUES (?)", (n,))
            conn.commit()
            if n == 200:
                started.set()
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert started.wait(timeout=60)
        result = runner.invoke(app, ["db", "backup", "copy.db"])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    copy = tmp_path / "copy.db"
    numbers = [r[0] for r in sqlite3.connect(copy).execute("SELECT n FROM scratch ORDER BY n")]
    assert len(numbers) >= 200
    assert numbers == list(range(1, len(numbers) + 1))  # every commit before the copy, no gap

    refused = runner.invoke(app, ["db", "restore", "copy.db"])
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    restored = runner.invoke(app, ["db", "restore", "copy.db", "--yes"])
    assert restored.exit_code == 0, restored.output
    again = [r[0] for r in sqlite3.connect(live).execute("SELECT n FROM scratch ORDER BY n")]
    assert again == numbers
    assert stat.S_IMODE(live.stat().st_mode) == 0o600


def test_restore_refuses_a_file_that_is_not_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ombud.toml").write_text('database_url = "sqlite:///ombud.db"\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a database\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    before = contents(tmp_path / "ombud.db")
    result = runner.invoke(app, ["db", "restore", "notes.txt", "--yes"])
    assert result.exit_code == 2
    assert "notes.txt is not an Ombud database backup" in result.output
    assert contents(tmp_path / "ombud.db") == before


def test_restore_of_another_programs_database_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ombud.toml").write_text(
        'database_url = "sqlite:///ombud.db"\nlanguage = "sv"\n', encoding="utf-8"
    )
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE notes (text TEXT)")
    other.commit()
    other.close()
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    before = contents(tmp_path / "ombud.db")
    result = runner.invoke(app, ["db", "restore", "other.db", "--yes"])
    assert result.exit_code == 2
    # The reason was the bare name of the table it lacks ("…: alembic_version").
    assert result.stderr.splitlines() == [
        "other.db är ingen säkerhetskopia av en Ombud-databas: "
        "den saknar Ombuds schemaversion, så den är inte skriven av `ombud db backup`."
    ]
    assert contents(tmp_path / "ombud.db") == before


def test_backup_onto_the_database_itself_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The copy is written beside its target and moved over it: onto the live database, the
    # service would go on writing to a file no longer in the folder, and its writes be lost.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ombud.toml").write_text(
        'database_url = "sqlite:///ombud.db"\nlanguage = "en"\n', encoding="utf-8"
    )
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    live = tmp_path / "ombud.db"
    before, inode = contents(live), live.stat().st_ino
    (tmp_path / "sub").mkdir()
    result = runner.invoke(app, ["db", "backup", "sub/../ombud.db"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "sub/../ombud.db is the database itself; write the backup to another file."
    ]
    assert live.stat().st_ino == inode
    assert contents(live) == before


def test_backup_into_a_missing_folder_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ombud.toml").write_text(
        'database_url = "sqlite:///ombud.db"\nlanguage = "nb"\n', encoding="utf-8"
    )
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["db", "backup", "backups/2025-03-01.db"])
    assert result.exit_code == 2
    # It said "the file does not exist" of the backup it was asked to create.
    assert result.stderr.splitlines() == ["Mappen backups finnes ikke; opprett den først."]
    assert not (tmp_path / "backups").exists()


def test_postgres_backup_points_at_pg_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ombud.toml").write_text(
        'database_url = "postgresql://ombud@127.0.0.1:1/ombud"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["db", "backup", "x.dump"])
    assert result.exit_code == 2
    assert "pg_dump --format=custom --file x.dump" in result.output
    result = CliRunner().invoke(app, ["db", "restore", "x.dump", "--yes"])
    assert "pg_restore --clean --if-exists" in result.output


@pytest.mark.parametrize("language", ["en", "sv"])
def test_restore_is_refused_while_the_service_holds_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ombud.toml").write_text(
        f'database_url = "sqlite:///ombud.db"\nlanguage = "{language}"\n', encoding="utf-8"
    )
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    live = tmp_path / "ombud.db"
    assert runner.invoke(app, ["db", "backup", "copy.db"]).exit_code == 0
    with sqlite3.connect(live) as conn:
        conn.execute("CREATE TABLE written_since (n INTEGER)")
    before = contents(live)
    # The lock `ombud run` holds while it runs (its second worker slot, as a second service
    # on the same database would take), on a lock file of its own.
    first = open_lock(tmp_path / "ombud.db.worker-1.lock")
    try:
        result = runner.invoke(app, ["db", "restore", "copy.db", "--yes"])
    finally:
        first.close()
    assert result.exit_code == 2, result.output
    database, lock = tmp_path / "ombud.db", tmp_path / "ombud.db.worker-1.lock"
    expected = {
        "en": f"{database} is in use by a running Ombud service ({lock} is locked): "
        "stop the service first (systemctl stop ombud), then run the restore again.",
        "sv": f"{database} används av en Ombud-tjänst som kör ({lock} är låst): "
        "stoppa tjänsten först (systemctl stop ombud) och kör sedan återställningen igen.",
    }[language]
    assert result.stderr.splitlines() == [expected]
    assert contents(live) == before
    # A lock file left behind by a service that has stopped is no reason to refuse.
    assert (tmp_path / "ombud.db.worker-1.lock").exists()
    restored = runner.invoke(app, ["db", "restore", "copy.db", "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "written_since" not in contents(live)


def open_lock(path: Path) -> IO[bytes]:
    """Hold an exclusive lock on `path` as a running worker does (storage.workers)."""
    handle = path.open("a+b")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


@pytest.mark.parametrize(
    ("language", "backup", "restore"),
    [
        (
            "en",
            "The database is PostgreSQL: back it up with PostgreSQL's own tool, which asks for "
            "the password (or reads PGPASSWORD or ~/.pgpass): ",
            "The database is PostgreSQL: stop the service, then restore with PostgreSQL's own "
            "tool, which asks for the password (or reads PGPASSWORD or ~/.pgpass): ",
        ),
        (
            "sv",
            "Databasen är PostgreSQL: säkerhetskopiera den med PostgreSQL:s eget verktyg, som "
            "frågar efter lösenordet (eller läser PGPASSWORD eller ~/.pgpass): ",
            "Databasen är PostgreSQL: stoppa tjänsten och återställ sedan med PostgreSQL:s eget "
            "verktyg, som frågar efter lösenordet (eller läser PGPASSWORD eller ~/.pgpass): ",
        ),
    ],
)
def test_postgres_hint_is_the_whole_command_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, backup: str, restore: str
) -> None:
    # A wheel install has no docs/install.md to point at: the line is the command to run.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ombud.toml").write_text(
        f'language = "{language}"\n'
        'database_url = "postgresql+psycopg://ombud:hunter2@db.example:5432/ombud"\n',
        encoding="utf-8",
    )
    url = "postgresql://ombud@db.example:5432/ombud"
    result = CliRunner().invoke(app, ["db", "backup", "my backup.dump"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{backup}pg_dump --format=custom --file 'my backup.dump' {url}"
    ]
    result = CliRunner().invoke(app, ["db", "restore", "x.dump", "--yes"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{restore}pg_restore --clean --if-exists --dbname {url} x.dump"
    ]
