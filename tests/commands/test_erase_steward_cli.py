"""`ombud people erase` warns about a unit's only steward and clears the erasure from the disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import col

from storage.engine import Database
from storage.tables import PersonRow
from tests.commands.test_people_privacy_cli import config, database_url, ombud, people
from tests.storage.test_erasure_disk import found
from tests.storage.test_privacy import ANNA

__all__ = ["database_url"]  # the fixture, shared


def make_bo_a_board_member_only(url: str) -> None:
    db = Database(url)
    db.run_sync(
        lambda s: s.execute(
            update(PersonRow).where(col(PersonRow.key) == "bo.lind").values(roles="board")
        )
    )
    db.dispose()


def db_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def test_only_steward_is_warned_about_and_still_needs_yes(
    tmp_path: Path, database_url: str
) -> None:
    make_bo_a_board_member_only(database_url)
    cfg = config(tmp_path, database_url)
    code, _, err = ombud(cfg, "people", "erase", ANNA["key"])
    assert code == 2
    assert "only steward of Klubb X" in err
    assert "--yes" in err
    assert people(database_url) == [ANNA["name"], "Bo Lind"]


def test_only_steward_warning_at_a_terminal_comes_before_the_question(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.commands import people_privacy

    monkeypatch.setattr(people_privacy, "is_interactive", lambda: True)
    make_bo_a_board_member_only(database_url)
    code, out, err = ombud(
        config(tmp_path, database_url), "people", "erase", ANNA["key"], stdin="x\n"
    )
    assert code == 1
    assert "only steward of Klubb X" in err
    assert "Type the id" in out


def test_no_warning_with_another_steward_or_with_delete_answers(
    tmp_path: Path, database_url: str
) -> None:
    cfg = config(tmp_path, database_url)
    code, _, err = ombud(cfg, "people", "erase", "bo.lind", "--yes")
    assert code == 0
    assert "only steward" not in err
    make_bo_a_board_member_only(database_url)
    code, _, err = ombud(cfg, "people", "erase", ANNA["key"], "--delete-answers", "--yes")
    assert code == 0
    assert "only steward" not in err


def test_warning_in_norwegian(tmp_path: Path, database_url: str) -> None:
    make_bo_a_board_member_only(database_url)
    code, _, err = ombud(
        config(tmp_path, database_url, "nb"), "people", "erase", ANNA["key"], "--yes"
    )
    assert code == 0
    assert "eneste tillitsvalgte" in err


def test_cli_erasure_with_the_service_open_leaves_no_bytes(
    tmp_path: Path, database_url: str
) -> None:
    service = Database(database_url)
    service.run_sync(lambda s: s.connection().exec_driver_sql("SELECT count(*) FROM person").all())
    held = sqlite3.connect(db_path(database_url))
    held.execute("SELECT count(*) FROM answer").fetchall()
    try:
        code, out, _ = ombud(
            config(tmp_path, database_url), "people", "erase", ANNA["key"], "--yes"
        )
        assert code == 0
        assert "gone from the database files on disk" in out
        assert found(db_path(database_url)) == []
    finally:
        held.close()
        service.dispose()
