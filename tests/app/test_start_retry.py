"""`ombud run` started while Telegram is down keeps trying with backoff, then connects and sends."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.app import Service, build_transports
from bot.core.clock import FrozenClock
from config.settings import SchedulerSettings, Settings, TelegramSettings
from storage.engine import Database
from tests.scheduler.test_tick_transports import (
    ANNA_TELEGRAM,
    AT,
    seeded,
    telegram_identity,
)
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def serve_on(api: FakeBotApi, port: int) -> web.AppRunner:
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def test_a_platform_down_at_start_is_retried_until_it_answers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = seeded(tmp_path, telegram_identity())
    port = free_port()
    api = FakeBotApi(base_url=f"http://127.0.0.1:{port}/bot")
    settings = Settings(
        database_url=url,
        telegram=TelegramSettings(token=SecretStr(TOKEN), base_url=api.base_url),
        scheduler=SchedulerSettings(dispatch_interval_seconds=1),
    )
    runners: list[web.AppRunner] = []
    waits: list[float] = []

    async def pause(seconds: float, stop: asyncio.Event) -> bool:
        """No real waiting: note the delay, and bring the server up before the third try."""
        waits.append(seconds)
        if len(waits) == 2:
            runners.append(await serve_on(api, port))
        return stop.is_set()

    db = Database(url)
    service = Service(settings, db, build_transports(settings), FrozenClock(AT), (3, 9, 27), pause)
    stop = asyncio.Event()
    caplog.set_level(logging.INFO, logger="bot.app")
    running = asyncio.create_task(service.run(stop))
    try:
        sent = await asyncio.wait_for(api.wait_calls("sendMessage"), timeout=30)
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=30)
        for runner in runners:
            await runner.cleanup()
        db.dispose()
    assert waits == [3, 9]  # two refused tries, the backoff growing; the third one connected
    assert [int(call["chat_id"]) for call in sent] == [ANNA_TELEGRAM]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name == "bot.app"]
    assert len(warnings) == 2
    assert all(r.getMessage().startswith("telegram not reachable (") for r in warnings)
    assert TOKEN not in caplog.text
