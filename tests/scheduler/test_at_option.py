"""`--at` means one thing in `chat` and `tick`: local time in the configured zone, or its offset."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app
from bot.commands.common import parse_at
from storage.engine import Database
from storage.migrate import upgrade
from storage.tables import ChatIdentityRow
from tests.scheduler.seed import add_item, checkins, event_on, person_owner, seed_world
from tests.transports.telegram import conftest as telegram_fixtures
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi

fake_api = telegram_fixtures.fake_api

# 09:30 on a Monday in March is 08:30 UTC in Stockholm (CET, UTC+1), and so is 10:30 at +02:00.
NAIVE = "2025-03-03T09:30"
OFFSET = "2025-03-03T10:30+02:00"
INSTANT = datetime(2025, 3, 3, 8, 30, tzinfo=UTC)


def test_the_shared_parser_reads_a_naive_time_in_the_zone_and_honours_an_offset() -> None:
    assert parse_at(NAIVE, "Europe/Stockholm") == INSTANT
    assert parse_at(OFFSET, "Europe/Stockholm") == INSTANT
    assert parse_at("2025-03-03T08:30Z", "Europe/Oslo") == INSTANT
    assert parse_at("2025-07-01T09:00", "Europe/Oslo") == datetime(2025, 7, 1, 7, tzinfo=UTC)
    with pytest.raises(ValueError, match="isoformat"):
        parse_at("next tuesday", "Europe/Stockholm")


def seeded(tmp_path: Path) -> str:
    """Anna owns an ask due at 09:00 local on 3 March; her Telegram account is 5001."""
    url = f"sqlite:///{tmp_path / 'at.db'}"
    db = Database(url)
    upgrade(db)
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    identity = ChatIdentityRow(
        person_id=world.people["anna"], platform="telegram", user_id="5001", chat_id="5001"
    )
    db.run_sync(lambda s: s.add(identity))
    db.dispose()
    return url


def env_for(url: str, api: FakeBotApi | None = None) -> dict[str, str]:
    env = {
        "OMBUD_DATABASE_URL": url,
        "OMBUD_LANGUAGE": "en",
        "OMBUD_CONFIG": "",
        "OMBUD_DEFAULT_TIMEZONE": "Europe/Stockholm",
    }
    if api is not None:
        env |= {"OMBUD_TELEGRAM__TOKEN": TOKEN, "OMBUD_TELEGRAM__BASE_URL": api.base_url}
    return env


@pytest.mark.parametrize("at", [NAIVE, OFFSET])
def test_chat_runs_at_the_instant_given(tmp_path: Path, at: str) -> None:
    url = seeded(tmp_path)
    result = CliRunner().invoke(
        app, ["chat", "--as", "anna", "--at", at], env=env_for(url), input=""
    )
    assert result.exit_code == 0, result.output
    db = Database(url)
    console = db.run_sync(
        lambda s: s.exec(select(ChatIdentityRow).where(ChatIdentityRow.platform == "console")).one()
    )
    db.dispose()
    assert console.linked_at == INSTANT  # the chat linked its console account "now"


@pytest.mark.parametrize("at", [NAIVE, OFFSET])
async def test_tick_runs_at_the_instant_given(
    tmp_path: Path, fake_api: FakeBotApi, at: str
) -> None:
    url = seeded(tmp_path)
    args = ["tick", "--at", at]
    env = env_for(url, fake_api)
    result = await asyncio.to_thread(lambda: CliRunner().invoke(app, args, env=env))
    assert result.exit_code == 0, result.output
    db = Database(url)
    [row] = checkins(db)
    db.dispose()
    assert row.last_sent_at is not None
    # A gathered message's instant is the pass's "now" plus a microsecond per message.
    assert INSTANT <= row.last_sent_at < INSTANT + timedelta(seconds=1)


def test_both_commands_say_what_a_time_without_offset_means(tmp_path: Path) -> None:
    env = env_for(seeded(tmp_path))
    for command in ("chat", "tick"):
        result = CliRunner().invoke(app, [command, "--help"], env=env | {"COLUMNS": "200"})
        flat = " ".join(result.output.replace("│", " ").split())
        assert "configured time zone" in flat, command
