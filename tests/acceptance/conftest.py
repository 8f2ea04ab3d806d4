"""Fixtures of the year-in-the-life scenario, and its totals printed at the end of a run."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.engine import Database
from tests.acceptance.driver import Year
from tests.acceptance.platforms import ScenarioBotApi, ScenarioSlack
from tests.transports.telegram.fake_bot_api import start_fake

TOTALS: dict[str, dict[str, int]] = {}


@pytest.fixture
async def year(db: Database, tmp_path: Path) -> AsyncIterator[Year]:
    api = ScenarioBotApi()
    runner = await start_fake(api)
    slack = ScenarioSlack()
    await slack.start()
    world = Year(db, api, slack, tmp_path)
    await world.start()
    try:
        yield world
    finally:
        await world.stop()
        api.close()
        await runner.cleanup()
        await slack.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for name, totals in TOTALS.items():
        figures = ", ".join(f"{key} {value}" for key, value in totals.items())
        terminalreporter.write_line(f"year in the life [{name}]: {figures}")
