"""`ombud people invite` asks Telegram for the bot's name when the config does not give it."""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path

from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app
from storage.engine import Database
from storage.migrate import upgrade
from storage.tables import InviteCodeRow
from tests.scheduler.seed import seed_world
from tests.transports.telegram import conftest as telegram_fixtures
from tests.transports.telegram.fake_bot_api import BOT_USERNAME, TOKEN, FakeBotApi

fake_api = telegram_fixtures.fake_api  # the transport tests' fake Bot API, as a fixture here
CODE = r"[A-Za-z0-9_-]{22}"


def environment(tmp_path: Path, base_url: str, language: str = "en") -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'invite.db'}"
    db = Database(url)
    upgrade(db)
    seed_world(db)  # anna, bo and cia; sektionen's board "styrelsen"
    db.dispose()
    return {
        "OMBUD_CONFIG": "",
        "OMBUD_DATABASE_URL": url,
        "OMBUD_LANGUAGE": language,
        "OMBUD_TELEGRAM__TOKEN": TOKEN,
        "OMBUD_TELEGRAM__BASE_URL": base_url,
    }


async def ombud(env: dict[str, str], *args: str) -> tuple[int, str]:
    """The command line in a worker thread: it runs its own event loop, the fake runs on ours."""
    result = await asyncio.to_thread(lambda: CliRunner().invoke(app, list(args), env=env))
    return result.exit_code, result.output


def stored_hashes(env: dict[str, str]) -> list[str]:
    """Only a code's hash is stored."""
    db = Database(env["OMBUD_DATABASE_URL"])
    try:
        rows = db.run_sync(lambda s: s.exec(select(InviteCodeRow)).all())
        return [row.code_hash for row in rows]
    finally:
        db.dispose()


def hashed(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def printed_start_code(output: str) -> str:
    match = re.search(rf"/start ({CODE})", output)
    assert match is not None, output
    return match[1]


async def test_without_a_configured_name_the_link_uses_the_name_from_get_me(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    env = environment(tmp_path, fake_api.base_url)
    target = tmp_path / "invite.png"
    code, output = await ombud(env, "people", "invite", "anna", "--qr", str(target))
    assert code == 0, output
    match = re.search(rf"https://t\.me/{BOT_USERNAME}\?start=({CODE})", output)
    assert match is not None, output
    assert stored_hashes(env) == [hashed(match[1])]
    assert [c.method for c in fake_api.calls] == ["getMe"]  # one question, nothing else
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


async def test_a_board_invite_gets_a_group_link(tmp_path: Path, fake_api: FakeBotApi) -> None:
    env = environment(tmp_path, fake_api.base_url)
    code, output = await ombud(env, "boards", "invite", "styrelsen")
    assert code == 0, output
    assert re.search(rf"https://t\.me/{BOT_USERNAME}\?startgroup={CODE}", output), output


async def test_a_configured_name_needs_no_question(tmp_path: Path, fake_api: FakeBotApi) -> None:
    env = environment(tmp_path, fake_api.base_url)
    env["OMBUD_TELEGRAM__BOT_USERNAME"] = "@var_klubb_bot"
    code, output = await ombud(env, "people", "invite", "anna")
    assert code == 0, output
    assert re.search(rf"https://t\.me/var_klubb_bot\?start={CODE}", output), output
    assert fake_api.calls == []


async def test_a_refused_token_still_prints_the_code_and_says_why_there_is_no_link(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    env = environment(tmp_path, fake_api.base_url, language="sv")
    fake_api.fail_next("getMe", 401, "Unauthorized")
    code, output = await ombud(env, "people", "invite", "anna")
    assert code == 0, output
    assert "https://t.me/" not in output
    assert "Kunde inte fråga Telegram efter botens namn (unauthorized)" in output
    assert stored_hashes(env) == [hashed(printed_start_code(output))]
    assert TOKEN not in output


async def test_an_unreachable_bot_api_still_prints_the_code(tmp_path: Path) -> None:
    env = environment(tmp_path, "http://127.0.0.1:9/bot")  # the discard port: nobody answers
    code, output = await ombud(env, "people", "invite", "anna")
    assert code == 0, output
    assert "Could not ask Telegram for the bot's name (network)" in output
    assert stored_hashes(env) == [hashed(printed_start_code(output))]


async def test_unusable_telegram_settings_fail_before_a_code_is_made(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    env = environment(tmp_path, fake_api.base_url)
    env["OMBUD_TELEGRAM__MODE"] = "webhook"  # without a webhook address or secret
    code, output = await ombud(env, "people", "invite", "anna")
    assert code == 2
    assert "telegram.webhook_url" in output
    assert stored_hashes(env) == []
    assert fake_api.calls == []


async def test_an_unknown_person_gets_no_code(tmp_path: Path, fake_api: FakeBotApi) -> None:
    env = environment(tmp_path, fake_api.base_url)
    code, output = await ombud(env, "people", "invite", "<b>nobody</b>")
    assert code == 2
    assert "No person with the key <b>nobody</b>." in output
    assert stored_hashes(env) == []
