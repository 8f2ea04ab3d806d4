"""Library log records reach the log as wording and reasons only: no update, text or name."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import logs
from storage.engine import Database
from storage.migrate import upgrade
from tests.transports.telegram.conftest import (
    RecordingHandler,
    TransportFactory,
    fake_api,
    make_transport,
)
from tests.transports.telegram.fake_bot_api import FakeBotApi

__all__ = ["fake_api", "make_transport"]
SECRET_TEXT = "Klubbmöte om uppsägningen av Karin Svensson"
SECRET_NAME = "karin_svensson_1979"


@pytest.fixture
def captured() -> io.StringIO:
    """The service's own log configuration, writing into a buffer (tests/conftest.py puts the
    root logger back after each test)."""
    stream = io.StringIO()
    logs.configure("INFO", logging.StreamHandler(stream))
    return stream


def unparseable_update() -> dict[str, object]:
    """A message whose sender is not an object: python-telegram-bot cannot build an Update."""
    return {
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": 5001, "type": "private", "username": SECRET_NAME},
            "from": SECRET_NAME,
            "text": SECRET_TEXT,
        }
    }


async def test_an_update_telegram_cannot_parse_is_logged_without_its_contents(
    captured: io.StringIO, fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    transport = make_transport()
    await transport.start(RecordingHandler())
    fake_api.push(unparseable_update())
    await fake_api.wait_calls("getUpdates", 2)  # it went on polling after the bad update
    # PTB never moves its offset past an update it cannot parse (a transport matter, noted
    # for its owner); the fake forgets it so that polling, and stopping, can go on.
    fake_api.updates.clear()
    calls = len(fake_api.calls_to("getUpdates"))
    await fake_api.wait_calls("getUpdates", calls + 1)
    await transport.stop()
    text = captured.getvalue()
    assert "CRITICAL telegram" in text  # the library did complain, and that is kept
    assert "Error while parsing updates! Received data was <withheld>" in text
    assert SECRET_TEXT not in text
    assert SECRET_NAME not in text
    assert "Traceback" not in text


def test_a_cancelled_task_at_shutdown_is_one_info_line(captured: io.StringIO) -> None:
    library = logging.getLogger("apscheduler.executors.default")
    library.setLevel(logging.INFO)
    try:
        raise asyncio.CancelledError
    except asyncio.CancelledError:
        logging.getLogger("asyncio").exception("Task exception for %r", {"text": SECRET_TEXT})
    lines = captured.getvalue().splitlines()
    assert len(lines) == 1
    assert (
        " INFO asyncio: Task exception for <withheld> [asyncio.exceptions.CancelledError]"
        in lines[0]
    )


def test_our_own_records_are_left_as_written(captured: io.StringIO) -> None:
    logging.getLogger("handlers.scheduling.dispatch").warning("dispatch %s: failed %d", "w1", 3)
    assert "WARNING handlers.scheduling.dispatch: dispatch w1: failed 3" in captured.getvalue()


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Received data was %r", "Received data was <withheld>"),
        ("%(name)s sent %5.2f%% of %d", "<withheld> sent <withheld>% of <withheld>"),
        ("x" * 300, "x" * 159 + "…"),
    ],
)
def test_templates_keep_their_wording_only(template: str, expected: str) -> None:
    assert logs.redact_template(template) == expected


async def test_a_dispatch_running_past_its_interval_is_not_a_warning(
    captured: io.StringIO,
) -> None:
    # A real scheduler whose job outlasts its one-second interval, as a wave's drain does:
    # the scheduler skips the starts that fall inside it and says so.
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    scheduler = AsyncIOScheduler()
    done = asyncio.Event()

    async def long_drain() -> None:
        await asyncio.sleep(2.6)
        done.set()

    scheduler.add_job(long_drain, "interval", seconds=1, max_instances=1, id="dispatch")
    scheduler.start()
    try:
        await asyncio.wait_for(done.wait(), 10)
    finally:
        scheduler.shutdown(wait=False)
    written = captured.getvalue()
    assert "maximum number of running instances" not in written
    assert "WARNING" not in written


def test_the_skipped_start_is_kept_at_debug() -> None:
    stream = io.StringIO()
    logs.configure("DEBUG", logging.StreamHandler(stream))
    logging.getLogger("apscheduler.scheduler").warning(
        'Execution of job "%s" skipped: maximum number of running instances reached (%d)',
        "dispatch",
        1,
    )
    line = stream.getvalue()
    assert "DEBUG apscheduler.scheduler" in line
    assert "maximum number of running instances reached" in line


@pytest.fixture
def alembic_level() -> Iterator[None]:
    logger = logging.getLogger("alembic")
    saved = logger.level
    yield
    logger.setLevel(saved)


def migrate_logged(level: str, tmp_path: Path) -> str:
    """The log of bringing a new SQLite database to the schema, at `level`."""
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.level
    handler = logs.configure(level, logging.StreamHandler(stream))
    db = Database(f"sqlite:///{tmp_path / f'{level}.db'}")
    try:
        upgrade(db)
        logging.getLogger("alembic.runtime.migration").warning("a warning of alembic's")
    finally:
        db.dispose()
        root.removeHandler(handler)
        root.setLevel(saved)
    return stream.getvalue()


@pytest.mark.usefixtures("alembic_level")
@pytest.mark.parametrize("level", ["INFO", "WARNING"])
def test_alembic_says_only_its_warnings_unless_debug(tmp_path: Path, level: str) -> None:
    lines = [line for line in migrate_logged(level, tmp_path).splitlines() if " alembic" in line]
    assert lines, "the warning is kept"
    assert all(" WARNING alembic" in line for line in lines), lines


@pytest.mark.usefixtures("alembic_level")
def test_alembic_says_its_migrations_at_debug(tmp_path: Path) -> None:
    log = migrate_logged("DEBUG", tmp_path)
    assert " INFO alembic.runtime.migration: Running upgrade" in log
