"""`ombud tick` through real Telegram and Slack transports that are only opened, never polling."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

from pydantic import SecretStr
from typer.testing import CliRunner

from bot.app import build_transports
from bot.cli import app
from bot.commands.common import parse_at
from bot.commands.tick import TickResult, run_tick
from bot.core.errors import DeliveryError
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import Transport
from bot.transports.memory import MemoryTransport
from config.settings import Settings, SlackSettings, TelegramSettings
from storage.engine import Database
from storage.migrate import upgrade
from storage.tables import ChatIdentityRow
from tests.scheduler.seed import (
    add_item,
    checkins,
    event_on,
    person_owner,
    seed_world,
)
from tests.transports.slack import conftest as slack_fixtures
from tests.transports.slack.fake_slack import TEAM_ID, FakeSlack
from tests.transports.telegram import conftest as telegram_fixtures
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi

# The transport tests' fake servers, as fixtures of this module too.
fake_api = telegram_fixtures.fake_api
fake_slack = slack_fixtures.fake_slack

AT = parse_at("2025-03-03T09:00:00+01:00", "Europe/Stockholm")
ANNA_TELEGRAM = 5001
ANNA_SLACK = "U1"
# Calls that would mean the transport started receiving (or changed the bot's setup).
RECEIVING = ("getUpdates", "setWebhook", "deleteWebhook", "setMyCommands")


def seeded(tmp_path: Path, identity: ChatIdentityRow) -> str:
    """Anna owns an item whose ask is due at AT; `identity` is her only chat account."""
    url = f"sqlite:///{tmp_path / 'tick.db'}"
    db = Database(url)
    upgrade(db)
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    identity.person_id = world.people["anna"]
    db.run_sync(lambda s: s.add(identity))
    db.dispose()
    return url


def telegram_identity() -> ChatIdentityRow:
    user = str(ANNA_TELEGRAM)
    return ChatIdentityRow(
        person_id=0, platform="telegram", user_id=user, chat_id=user, linked_at=AT
    )


def telegram_settings(url: str, api: FakeBotApi) -> Settings:
    telegram = TelegramSettings(token=SecretStr(TOKEN), base_url=api.base_url)
    return Settings(database_url=url, telegram=telegram)


async def tick_in_a_thread(settings: Settings, at: datetime = AT) -> TickResult:
    """Like `ombud tick`: transports built from settings, one pass on its own event loop.

    The fake servers serve on this test's loop, so the pass runs in a worker thread.
    """
    return await asyncio.to_thread(lambda: run_tick(settings, at, build_transports(settings)))


def states(url: str) -> list[str]:
    db = Database(url)
    try:
        return [row.state for row in checkins(db)]
    finally:
        db.dispose()


async def test_a_tick_sends_through_an_opened_telegram_without_polling(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    settings = telegram_settings(seeded(tmp_path, telegram_identity()), fake_api)
    first = await tick_in_a_thread(settings)
    sent = fake_api.calls_to("sendMessage")
    assert (first.materialised, first.dispatch.sent, dict(first.unopened)) == (1, 1, {})
    assert [int(call["chat_id"]) for call in sent] == [ANNA_TELEGRAM]
    assert "inline_keyboard" in sent[0]["reply_markup"]  # the Yes/No buttons came along
    assert fake_api.calls_to("getMe")  # it signed in ...
    assert [c.method for c in fake_api.calls if c.method in RECEIVING] == []  # ... and only that

    second = await tick_in_a_thread(settings)
    assert (second.materialised, second.dispatch.sent) == (0, 0)
    assert len(fake_api.calls_to("sendMessage")) == 1
    assert [c.method for c in fake_api.calls if c.method in RECEIVING] == []
    assert states(settings.database_url) == ["awaiting"]


async def test_a_refused_telegram_token_sends_nothing_and_loses_nothing(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    settings = telegram_settings(seeded(tmp_path, telegram_identity()), fake_api)
    fake_api.fail_next("getMe", 401, "Unauthorized")
    refused = await tick_in_a_thread(settings)
    assert dict(refused.unopened) == {Platform.TELEGRAM: "unauthorized"}
    assert (refused.materialised, refused.dispatch.claimed) == (1, 0)
    assert fake_api.calls_to("sendMessage") == []
    assert states(settings.database_url) == ["scheduled"]

    later = await tick_in_a_thread(settings)  # the token works again: the ask goes out
    assert (later.dispatch.sent, dict(later.unopened)) == (1, {})
    assert len(fake_api.calls_to("sendMessage")) == 1


async def test_the_command_names_the_platform_it_could_not_open(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    url = seeded(tmp_path, telegram_identity())
    config = tmp_path / "ombud.toml"
    config.write_text(
        f'database_url = "{url}"\nlanguage = "en"\n[telegram]\nbase_url = "{fake_api.base_url}"\n',
        encoding="utf-8",
    )
    fake_api.fail_next("getMe", 401, "Unauthorized")
    args = ["--config", str(config), "tick", "--at", "2025-03-03T09:00:00+01:00"]
    env = {"OMBUD_TELEGRAM__TOKEN": TOKEN}
    result = await asyncio.to_thread(lambda: CliRunner().invoke(app, args, env=env))
    assert result.exit_code == 1, result.output
    assert "Could not connect to Telegram (unauthorized)" in result.stderr
    assert "Sent: 0." in result.stdout
    assert TOKEN not in result.output


def slack_identity() -> ChatIdentityRow:
    return ChatIdentityRow(
        person_id=0, platform="slack", workspace=TEAM_ID, user_id=ANNA_SLACK, linked_at=AT
    )


def slack_settings(url: str, fake: FakeSlack) -> Settings:
    slack = SlackSettings(
        bot_token=SecretStr("xoxb-test-token"),
        app_token=SecretStr("xapp-test-token"),
        mode="socket",
        base_url=fake.base_url,
    )
    return Settings(database_url=url, slack=slack)


async def test_a_tick_sends_through_an_opened_slack_without_a_socket(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    settings = slack_settings(seeded(tmp_path, slack_identity()), fake_slack)
    first = await tick_in_a_thread(settings)
    assert (first.dispatch.sent, dict(first.unopened)) == (1, {})
    posted = fake_slack.calls_to("chat.postMessage")
    assert [call.args["channel"] for call in posted] == ["D" + ANNA_SLACK]
    assert len(fake_slack.calls_to("auth.test")) == 1  # the team id, learned when opened
    never = ("apps.connections.open", "socket.connect")
    assert [call.method for call in fake_slack.calls if call.method in never] == []

    second = await tick_in_a_thread(settings)
    assert second.dispatch.sent == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_a_refused_slack_token_is_reported_and_the_ask_waits(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    settings = slack_settings(seeded(tmp_path, slack_identity()), fake_slack)
    fake_slack.script("auth.test", body={"ok": False, "error": "invalid_auth"})
    refused = await tick_in_a_thread(settings)
    assert dict(refused.unopened) == {Platform.SLACK: "invalid_auth"}
    assert fake_slack.calls_to("chat.postMessage") == []
    assert states(settings.database_url) == ["scheduled"]


def test_every_transport_is_stopped_after_the_pass_even_one_that_would_not_open(
    tmp_path: Path,
) -> None:
    url = seeded(tmp_path, telegram_identity())
    refusing = MemoryTransport(Platform.SLACK)  # like a platform with a bad token
    refusing.open_failure = DeliveryError(DeliveryFailure.PERMANENT, "invalid_auth")
    working = MemoryTransport(Platform.TELEGRAM)
    transports: dict[Platform, Transport] = {Platform.SLACK: refusing, Platform.TELEGRAM: working}
    result = run_tick(Settings(database_url=url), AT, transports)
    assert dict(result.unopened) == {Platform.SLACK: "invalid_auth"}
    assert [to.chat_id for to, _message in working.sent] == [str(ANNA_TELEGRAM)]
    assert (refusing.lifecycle, working.lifecycle) == (["open", "stop"], ["open", "stop"])


async def test_a_tick_on_postgresql_books_the_bot_budget_a_running_worker_shares(
    tmp_path: Path, fake_api: FakeBotApi, postgres_db: Database
) -> None:
    from sqlalchemy import text

    from bot.transports.telegram_limits import SHARED_PER_SECOND, budget_key
    from storage.budget import SqlBudgetLedger

    world = seed_world(postgres_db)
    add_item(postgres_db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    identity = telegram_identity()
    identity.person_id = world.people["anna"]
    postgres_db.run_sync(lambda s: s.add(identity))
    # A worker of the service has booked the next second of the bot's calls.
    key = budget_key(TOKEN)
    await SqlBudgetLedger(postgres_db).reserve(key, 28, 1 / SHARED_PER_SECOND)

    def next_slot() -> float:
        query = text("SELECT next_slot FROM platform_budget WHERE key = :key")
        return float(
            postgres_db.run_sync(lambda s: s.connection().execute(query, {"key": key}).scalar_one())
        )

    booked_until = next_slot()
    config = tmp_path / "ombud.toml"
    config.write_text(
        f'database_url = "{postgres_db.url}"\nlanguage = "en"\n'
        f'[telegram]\nbase_url = "{fake_api.base_url}"\n',
        encoding="utf-8",
    )
    args = ["--config", str(config), "tick", "--at", "2025-03-03T09:00:00+01:00"]
    env = {"OMBUD_TELEGRAM__TOKEN": TOKEN}
    result = await asyncio.to_thread(lambda: CliRunner().invoke(app, args, env=env))
    assert result.exit_code == 0, result.output
    assert [int(c["chat_id"]) for c in fake_api.calls_to("sendMessage")] == [ANNA_TELEGRAM]
    # The tick's calls were booked after the worker's, on the one budget of the bot.
    assert next_slot() >= booked_until + 1 / SHARED_PER_SECOND - 1e-6
