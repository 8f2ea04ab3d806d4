"""Platform handles in a roster: the documented Slack and Telegram fields, and PLATFORM_KIND
for any other platform, in YAML and CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import InputFileError, Problem
from bot.core.model import Handle, HandleKind
from bot.planfile import load_roster

SLACK_ID = Handle("slack", HandleKind.USER_ID, "U012ABCDEF")
SLACK_EMAIL = Handle("slack", HandleKind.EMAIL, "karin@example.org")
TELEGRAM = Handle("telegram", HandleKind.USERNAME, "karin_demo")
MATRIX = Handle("matrix", HandleKind.USER_ID, "@karin:example.org")

YAML = """\
people:
  - id: karin
    name: Karin
    slack_user_id: U012ABCDEF
    slack_email: karin@example.org
    telegram_username: "@karin_demo"
    matrix_user_id: "@karin:example.org"
  - id: olof
    name: Olof
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(InputFileError) as caught:
        load_roster(path)
    return caught.value.problems


def test_yaml_fields_become_handles(tmp_path: Path) -> None:
    karin, olof = load_roster(write(tmp_path, "r.yaml", YAML)).people
    assert set(karin.handles) == {SLACK_ID, SLACK_EMAIL, TELEGRAM, MATRIX}
    assert len(karin.handles) == 4
    assert olof.handles == ()


def test_csv_columns_become_handles(tmp_path: Path) -> None:
    text = (
        "id,name,slack_user_id,slack_email,telegram_username,matrix_user_id\n"
        "karin,Karin,U012ABCDEF,karin@example.org,karin_demo,@karin:example.org\n"
        "olof,Olof,,,,\n"
    )
    karin, olof = load_roster(write(tmp_path, "r.csv", text)).people
    assert set(karin.handles) == {SLACK_ID, SLACK_EMAIL, TELEGRAM, MATRIX}
    assert olof.handles == ()


def test_a_misspelt_handle_field_is_still_named(tmp_path: Path) -> None:
    yaml = "people:\n  - id: karin\n    name: Karin\n    slack_emial: k@example.org\n"
    [problem] = problems_of(write(tmp_path, "r.yaml", yaml))
    assert (problem.line, problem.field) == (4, "people[1].slack_emial")
    assert problem.params["suggestion"] == "slack_email"
    [problem] = problems_of(write(tmp_path, "r.csv", "id,name,matrix_userid\nk,K,@k:x\n"))
    assert (problem.line, problem.field) == (1, "matrix_userid")


def test_a_bad_telegram_username_is_named_in_both_forms(tmp_path: Path) -> None:
    yaml = "people:\n  - id: karin\n    name: Karin\n    telegram_username: k!\n"
    [problem] = problems_of(write(tmp_path, "r.yaml", yaml))
    assert (problem.line, problem.field) == (4, "people[1].telegram_username")
    [problem] = problems_of(write(tmp_path, "r.csv", "id,name,telegram_username\nk,K,k!\n"))
    assert (problem.line, problem.field) == (2, "telegram_username")
