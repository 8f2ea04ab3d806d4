"""Every file Ombud writes with personal data in it is 0600, even where a wider file stood."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.core.files import write_private
from storage.engine import Database
from storage.migrate import upgrade
from tests.reports.seed import build_union


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working folder under the common umask 022, so 0644 is what a plain write would give."""
    monkeypatch.chdir(tmp_path)
    for name in ("OMBUD_CONFIG", "OMBUD_DATABASE_URL", "OMBUD_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    old = os.umask(0o022)
    try:
        yield tmp_path
    finally:
        os.umask(old)


def seeded(folder: Path) -> None:
    db = Database(f"sqlite:///{folder / 'ombud.db'}")
    upgrade(db)
    db.run_sync(build_union)
    db.dispose()
    os.chmod(folder / "ombud.db", 0o644)
    (folder / "ombud.toml").write_text('database_url = "sqlite:///ombud.db"\n', encoding="utf-8")


def ombud(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def wide(path: Path) -> Path:
    path.write_text("old contents\n", encoding="utf-8")
    os.chmod(path, 0o644)
    return path


def test_init_writes_config_and_database_for_the_owner_only(folder: Path) -> None:
    ombud("init")
    assert mode(folder / "ombud.toml") == 0o600
    assert mode(folder / "ombud.db") == 0o600


def test_an_existing_database_and_its_wal_files_are_narrowed(folder: Path) -> None:
    seeded(folder)
    holder = sqlite3.connect(folder / "ombud.db")  # keeps the WAL and SHM files in place
    try:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("SELECT count(*) FROM sqlite_master").fetchone()
        companions = [folder / "ombud.db-wal", folder / "ombud.db-shm"]
        for path in companions:
            os.chmod(path, 0o644)
        ombud("people", "list")
        assert [mode(p) for p in [folder / "ombud.db", *companions]] == [0o600] * 3
    finally:
        holder.close()


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("reports", "export", "-f", "csv", "--out"), "answers.csv"),
        (("reports", "export", "-f", "xlsx", "--out"), "answers.xlsx"),
        (("annual-report", "vp-2025", "--out"), "report.docx"),
        (("annual-report", "vp-2025", "-f", "md", "--out"), "report.md"),
        (("people", "export", "anna", "--out"), "anna.json"),
        (("people", "invite", "anna", "--qr"), "anna.png"),
        (("db", "backup"), "backup.db"),
    ],
)
def test_written_file_is_private_even_over_a_wider_one(
    folder: Path, args: tuple[str, ...], name: str
) -> None:
    seeded(folder)
    target = wide(folder / name)
    ombud(*args, str(target))
    assert mode(target) == 0o600
    assert target.read_bytes() != b"old contents\n"


def test_demo_files_are_private(folder: Path) -> None:
    out = folder / "demo"
    ombud("demo", "--lang", "sv", "--out", str(out))
    written = [p for p in out.iterdir() if p.is_file()]
    assert any(p.suffix == ".docx" for p in written)
    assert {p.name: mode(p) for p in written} == {p.name: 0o600 for p in written}


def test_helper_replaces_a_read_only_file_and_leaves_no_temporary(folder: Path) -> None:
    target = wide(folder / "x.bin")
    os.chmod(target, 0o444)
    write_private(target, b"new")
    assert (target.read_bytes(), mode(target)) == (b"new", 0o600)
    assert sorted(p.name for p in folder.iterdir()) == ["x.bin"]
