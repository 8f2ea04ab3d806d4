"""`ombud tick` sends as many at once as `scheduler.sends_in_flight` says, no more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.commands.tick import tick_once
from bot.core.clock import FrozenClock
from bot.core.model import Platform
from bot.core.ports import Transport
from config.settings import SchedulerSettings, Settings
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from tests.scheduler.seed import seed_due
from tests.scheduler.test_inflight import SlowTransport

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
PEOPLE = 30


@pytest.mark.parametrize("in_flight", [1, 3, 6])
async def test_tick_honours_sends_in_flight(db: Database, in_flight: int) -> None:
    seed_due(db, PEOPLE, NOW - timedelta(minutes=1))
    transport = SlowTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: transport}
    settings = Settings(
        database_url="sqlite://", scheduler=SchedulerSettings(sends_in_flight=in_flight)
    )

    result = await tick_once(SqlSchedulingStore(db), FrozenClock(NOW), settings, transports)

    # The seeded people's asks, and the one the tick materialises for anna, who owns the item.
    assert (result.materialised, result.dispatch.sent) == (1, PEOPLE + 1)
    people = ["anna", *(f"p{n:05d}" for n in range(PEOPLE))]
    assert sorted(s.to.chat_id for s in transport.sent) == people
    assert transport.high_water == in_flight
    assert transport.same_chat_overlaps == 0
