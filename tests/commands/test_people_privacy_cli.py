"""`ombud people export|erase` through the real command line, on a seeded temporary database."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from bot.cli import app
from bot.commands import people_privacy
from storage.engine import Database
from storage.migrate import upgrade
from storage.tables import AnswerRow, PersonRow
from tests.storage.test_privacy import ANNA, seed


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ombud.db'}"
    db = Database(url)
    upgrade(db)
    db.run_sync(seed)
    db.dispose()
    return url


def config(tmp_path: Path, url: str, language: str = "en") -> Path:
    path = tmp_path / f"ombud-{language}.toml"
    path.write_text(f'database_url = "{url}"\nlanguage = "{language}"\n', encoding="utf-8")
    return path


def ombud(cfg: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--config", str(cfg), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def people(url: str) -> list[str]:
    db = Database(url)
    try:
        with db.session() as session:
            return list(session.exec(select(PersonRow.name).order_by(col(PersonRow.id))))
    finally:
        db.dispose()


def test_export_prints_utf8_json_with_every_answer(tmp_path: Path, database_url: str) -> None:
    code, out, _ = ombud(config(tmp_path, database_url), "people", "export", ANNA["key"])
    assert code == 0
    data = json.loads(out)
    assert data["profile"]["name"] == ANNA["name"]
    assert [a["revision"] for a in data["answers"]] == [1, 2, 1]
    assert data["checkins"][0]["item_title"] == "Värvning"  # not \u00e4-escaped
    assert "Bo Lind" not in out


def test_export_to_a_file_readable_by_its_owner_only(tmp_path: Path, database_url: str) -> None:
    target = tmp_path / "anna.json"
    code, out, _ = ombud(
        config(tmp_path, database_url), "people", "export", ANNA["key"], "--out", str(target)
    )
    assert code == 0
    assert str(target) in out
    assert json.loads(target.read_text(encoding="utf-8"))["profile"]["key"] == ANNA["key"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_to_a_folder_that_does_not_exist_exits_2(tmp_path: Path, database_url: str) -> None:
    target = tmp_path / "missing" / "anna.json"
    code, _, err = ombud(
        config(tmp_path, database_url), "people", "export", ANNA["key"], "--out", str(target)
    )
    assert code == 2
    assert f"Cannot write {target}" in err


def test_unknown_person_is_named_and_exits_2(tmp_path: Path, database_url: str) -> None:
    cfg = config(tmp_path, database_url)
    for args in (("export", "nobody"), ("erase", "nobody", "--yes"), ("erase", "nobody")):
        code, _, err = ombud(cfg, "people", *args)
        assert code == 2
        assert err.strip() == "There is no person “nobody” in the database."
    assert people(database_url) == [ANNA["name"], "Bo Lind"]


def test_erase_refuses_without_yes_when_no_one_is_at_a_terminal(
    tmp_path: Path, database_url: str
) -> None:
    code, _, err = ombud(config(tmp_path, database_url), "people", "erase", ANNA["key"])
    assert code == 2
    assert "--yes" in err
    assert people(database_url) == [ANNA["name"], "Bo Lind"]


def test_erase_at_a_terminal_asks_for_the_id(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people_privacy, "is_interactive", lambda: True)
    cfg = config(tmp_path, database_url)
    code, out, err = ombud(cfg, "people", "erase", ANNA["key"], stdin="anna\n")
    assert code == 1
    assert f"This erases {ANNA['name']} ({ANNA['key']})" in out
    assert "Nothing was erased." in err
    assert people(database_url) == [ANNA["name"], "Bo Lind"]
    code, out, _ = ombud(cfg, "people", "erase", ANNA["key"], stdin=f"{ANNA['key']}\n")
    assert code == 0
    assert f"Erased {ANNA['key']}." in out
    assert people(database_url) == ["Bo Lind", "—"]


def test_erase_with_yes_keeps_numbers_and_warns_about_the_roster(
    tmp_path: Path, database_url: str
) -> None:
    code, out, _ = ombud(config(tmp_path, database_url), "people", "erase", ANNA["key"], "--yes")
    assert code == 0
    assert "3 answers kept for the board's figures" in out
    assert "6 comment and blocker texts deleted." in out
    assert "vp-2025/1.1" in out
    assert "roster file" in out
    assert people(database_url) == ["Bo Lind", "—"]


def test_erase_with_delete_answers_in_swedish(tmp_path: Path, database_url: str) -> None:
    cfg = config(tmp_path, database_url, language="sv")
    code, out, _ = ombud(cfg, "people", "erase", ANNA["key"], "--delete-answers", "--yes")
    assert code == 0
    assert "3 svar raderade." in out
    assert "medlemslistan" in out
    assert people(database_url) == ["Bo Lind"]
    db = Database(database_url)
    with db.session() as session:
        assert {a.person_id for a in session.exec(select(AnswerRow))} == {2}
    db.dispose()
