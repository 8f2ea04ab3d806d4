"""Two `ombud chat` sessions on one database: the second one's first lines are answered too."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from bot.cli import app
from storage.engine import Database
from tests.handlers.conftest import seed_world


def chat(db: Database, typed: str) -> str:
    env = {"OMBUD_DATABASE_URL": db.url, "OMBUD_LANGUAGE": "en", "OMBUD_CONFIG": ""}
    args = ["chat", "--as", "anna", "--at", "2025-03-03T09:00"]
    result = CliRunner().invoke(app, args, env=env, input=typed)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_second_session_hears_its_first_line(sqlite_db: Database) -> None:
    seed_world(sqlite_db)
    first = chat(sqlite_db, "/plan\n")
    second = chat(sqlite_db, "/plan\n")
    # /plan lists the steward's items; the same first line in a new session is a new event.
    assert "8.3 Värvningsvecka" in first
    assert "8.3 Värvningsvecka" in second


def test_each_session_answers_every_line(sqlite_db: Database) -> None:
    seed_world(sqlite_db)
    for _session in range(3):
        output = chat(sqlite_db, "/plan\n/hjalp\n")
        assert output.count("8.3 Värvningsvecka") >= 1
        assert "/rapport" in output


def test_the_terminal_speaks_the_language_chosen_in_the_chat(sqlite_db: Database) -> None:
    seed_world(sqlite_db)  # anna writes Swedish
    # English (the menu's fourth), then Later on item 8.3: the reminder is edited in place.
    output = chat(sqlite_db, "/språk\n4\n/rapport\n2\n3\n")
    assert output.count("From now on I will write in English.") == 1
    assert re.search(r"\(message \d+ now reads:\)", output), output
    assert "lyder nu" not in output
