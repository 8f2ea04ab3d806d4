"""A SIGTERM stops a real `ombud run` cleanly: exit 0, and no traceback or error in its log."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp import web
from sqlmodel import Session, select

from storage.engine import Database
from storage.migrate import upgrade
from storage.tables import ChatIdentityRow, CheckinRow, PlanItemRow
from tests.scheduler.test_tick_transports import seeded, telegram_identity
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi

ROOT = Path(__file__).resolve().parents[2]


class HeldApi:
    """The fake Bot API on 127.0.0.1, holding every sendMessage open while `hold` is set."""

    def __init__(self, hold: bool) -> None:
        self.api = FakeBotApi()
        self.hold = hold
        self.sending = asyncio.Event()
        self.release = asyncio.Event()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.hold and request.match_info["method"] == "sendMessage":
            self.sending.set()
            await self.release.wait()
        return await self.api.handle(request)

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self.api.base_url = f"http://127.0.0.1:{runner.addresses[0][1]}/bot"
        return runner


def due_now(tmp_path: Path) -> None:
    """Anna (on Telegram) has one ask due a minute ago, by the real clock `ombud run` uses."""
    db = Database(seeded(tmp_path, telegram_identity()))
    due = datetime.now(UTC) - timedelta(minutes=1)

    def add(session: Session) -> None:
        item = session.exec(select(PlanItemRow)).one()
        anna = session.exec(select(ChatIdentityRow)).one().person_id
        session.add(
            CheckinRow(
                plan_item_id=item.id or 0,
                person_id=anna,
                occurrence=due.date().isoformat(),
                prompt="ask",
                due_at=due,
                next_send_at=due,
            )
        )

    db.run_sync(add)
    db.dispose()


async def run_and_terminate(tmp_path: Path, server: HeldApi, ready: asyncio.Event) -> str:
    """Start `ombud run`, send SIGTERM once `ready` is set; returns its log (stderr)."""
    runner = await server.start()
    (tmp_path / "ombud.toml").write_text(
        'database_url = "sqlite:///tick.db"\nlanguage = "en"\nlog_level = "INFO"\n'
        "[scheduler]\ndispatch_interval_seconds = 1\n"
        # No quiet hours: the ask is due now by the real clock, whatever the hour the test runs.
        '[reminders]\nquiet_start = "00:00"\nquiet_end = "00:00"\n'
        f'[telegram]\nbase_url = "{server.api.base_url}"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    env.update(PYTHONPATH=str(ROOT), OMBUD_TELEGRAM__TOKEN=TOKEN)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from bot.cli import main; main()",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await asyncio.wait_for(ready.wait(), timeout=120)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        server.release.set()
        server.api.close()
        await runner.cleanup()
    log = stderr.decode("utf-8", "replace")
    assert process.returncode == 0, log
    assert stdout == b""
    assert "bot.app: stopped" in log  # the log is there, and the service got to its end
    return log


def assert_clean(log: str) -> None:
    """No traceback, nothing at ERROR or above; a cancelled job is noted at INFO at most."""
    lines = log.splitlines()
    assert "Traceback" not in log
    assert [line for line in lines if " ERROR " in line or " CRITICAL " in line] == []
    cancelled = [line for line in lines if "CancelledError" in line]
    assert all(" INFO " in line or " DEBUG " in line for line in cancelled), cancelled


async def test_sigterm_while_polling_logs_no_error(tmp_path: Path) -> None:
    server = HeldApi(hold=False)
    polling = asyncio.Event()
    empty = Database(f"sqlite:///{tmp_path / 'tick.db'}")
    upgrade(empty)  # `ombud run` creates no database: `ombud db upgrade` does, before it starts
    empty.dispose()

    async def watch() -> None:
        await server.api.wait_for(lambda: bool(server.api.calls_to("getUpdates")), within=120)
        polling.set()  # a long getUpdates is open when the signal comes

    watcher = asyncio.create_task(watch())
    log = await run_and_terminate(tmp_path, server, polling)
    await watcher
    assert_clean(log)


async def test_sigterm_during_a_send_logs_the_cancelled_job_at_info_only(tmp_path: Path) -> None:
    due_now(tmp_path)
    server = HeldApi(hold=True)
    log = await run_and_terminate(tmp_path, server, server.sending)
    assert_clean(log)
    # The job that was sending was cancelled by the shutdown, and that is all the log says.
    assert any("CancelledError" in line for line in log.splitlines())
