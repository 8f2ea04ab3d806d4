"""`ombud people invite`, `ombud boards invite` and `ombud chat --as` against a real database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app
from bot.core.clock import FrozenClock, SystemClock
from bot.core.model import Platform
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.tables import AnswerRow, ChatIdentityRow, InviteCodeRow
from tests.handlers.conftest import Chat, World, seed_world, telegram_sender


@pytest.fixture
def env(sqlite_db: Database, tmp_path: Path) -> dict[str, str]:
    url = sqlite_db.url
    return {"OMBUD_DATABASE_URL": url, "OMBUD_LANGUAGE": "en", "OMBUD_CONFIG": ""}


@pytest.fixture
def seeded(sqlite_db: Database) -> World:
    return seed_world(sqlite_db)


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env, input=stdin)
    return result.exit_code, result.output


async def test_person_invite_prints_a_telegram_link_that_works(
    env: dict[str, str], seeded: World, sqlite_db: Database, clock: FrozenClock
) -> None:
    env["OMBUD_TELEGRAM__BOT_USERNAME"] = "ombud_test_bot"
    code, output = run(env, "people", "invite", "anna", "--platform", "telegram")
    assert code == 0, output
    match = re.search(r"https://t\.me/ombud_test_bot\?start=([A-Za-z0-9_-]+)", output)
    assert match is not None, output
    assert "14 days" in output
    clock.set(SystemClock().now())  # the command makes codes on the system clock
    chat = Chat(Router(SqlConversationStore(sqlite_db), clock), telegram_sender("5005"))
    await chat.steward_commands("start", match[1])
    assert chat.bot_said("Välkommen, Anna!")


def test_person_invite_without_bot_username_prints_code_and_hint(
    env: dict[str, str], seeded: World
) -> None:
    code, output = run(env, "people", "invite", "anna")
    assert code == 0, output
    assert "telegram.bot_username" in output
    assert re.search(r"/start [A-Za-z0-9_-]{22}", output)


def test_qr_code_is_a_png(env: dict[str, str], seeded: World, tmp_path: Path) -> None:
    target = tmp_path / "invite.png"
    env["OMBUD_TELEGRAM__BOT_USERNAME"] = "ombud_test_bot"
    code, output = run(env, "people", "invite", "anna", "--qr", str(target))
    assert code == 0, output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_person_or_board_is_a_clear_error(
    env: dict[str, str], seeded: World, sqlite_db: Database
) -> None:
    code, output = run(env, "people", "invite", "nobody")
    assert code == 2
    assert "No person with the key nobody." in output
    assert "id in the roster" in output
    code, output = run(env, "boards", "invite", "nobody", "--platform", "slack")
    assert code == 2
    assert "No board with the key nobody." in output
    code, output = run(env, "people", "invite", "anna", "--platform", "irc")
    assert code == 2
    assert sqlite_db.run_sync(lambda s: list(s.exec(select(InviteCodeRow)))) == []


def test_board_invite_for_slack(env: dict[str, str], seeded: World, sqlite_db: Database) -> None:
    code, output = run(env, "boards", "invite", "styrelsen", "--platform", "slack")
    assert code == 0, output
    assert re.search(r"/ombud link [A-Za-z0-9_-]{22}", output)
    (row,) = sqlite_db.run_sync(lambda s: list(s.exec(select(InviteCodeRow))))
    assert (row.purpose, row.platform, row.board_id) == ("board", "slack", seeded.board_id)


def test_chat_as_a_person(env: dict[str, str], seeded: World, sqlite_db: Database) -> None:
    typed = "/plan\n/rapport\n2\n1\nBra vecka\n"
    code, output = run(env, "chat", "--as", "anna", "--at", "2025-03-03T09:00", stdin=typed)
    assert code == 0, output
    assert "8.3 Värvningsvecka" in output
    answers = sqlite_db.run_sync(lambda s: list(s.exec(select(AnswerRow))))
    assert [(a.via, a.choice, a.comment) for a in answers] == [("console", "yes", "Bra vecka")]
    identity = sqlite_db.run_sync(
        lambda s: s.exec(select(ChatIdentityRow).where(ChatIdentityRow.platform == "console")).one()
    )
    assert (identity.user_id, identity.person_id) == ("anna", seeded.steward_id)


def test_chat_refuses_unknown_person_and_bad_time(env: dict[str, str], seeded: World) -> None:
    code, output = run(env, "chat", "--as", "Anna Andersson", stdin="")
    assert (code, "No person with the key Anna Andersson." in output) == (2, True)
    assert "ombud people list" in output  # where the keys are, as a name is not one
    code, output = run(env, "chat", "--as", "anna", "--at", "next tuesday", stdin="")
    assert code == 2
    assert "--at" in output


def test_platform_values_match_the_model() -> None:
    from bot.commands.people_invite import InvitePlatform

    assert {p.value for p in InvitePlatform} <= {p.value for p in Platform}
