"""An item is uncovered when its owners are away for its whole day as the union counts days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import FrozenClock
from bot.core.reporting import IsoWeek
from handlers.digest import digest_window
from handlers.scheduling import materialise
from storage.engine import Database
from storage.reporting import SqlReportingStore
from storage.scheduling import SqlSchedulingStore
from storage.tables import AwayPeriodRow
from tests.scheduler.seed import add_item, event_on, person_owner, seed_world

STOCKHOLM = ZoneInfo("Europe/Stockholm")
EVENT = date(2025, 3, 18)  # a Tuesday; Stockholm is UTC+1 then
# The local day 18 March runs from 17 March 23:00 to 18 March 23:00 UTC.
LOCAL_DAY = (
    datetime.combine(EVENT, time(0), tzinfo=STOCKHOLM),
    datetime.combine(date(2025, 3, 19), time(0), tzinfo=STOCKHOLM),
)
UTC_DAY = (
    datetime.combine(EVENT, time(0), tzinfo=UTC),
    datetime.combine(date(2025, 3, 19), time(0), tzinfo=UTC),
)


async def uncovered_with_anna_away(db: Database, span: tuple[datetime, datetime]) -> list[str]:
    world = seed_world(db)
    add_item(db, world, "8.3", event_on(EVENT), [person_owner("anna")])
    await materialise(SqlSchedulingStore(db), FrozenClock(datetime(2025, 3, 3, 8, tzinfo=UTC)), 60)
    start, end = span
    row = AwayPeriodRow(
        person_id=world.people["anna"], starts_at=start, ends_at=end, source="cli", created_at=start
    )
    db.run_sync(lambda s: s.add(row))
    reporting = SqlReportingStore(db)
    board = await reporting.board("styrelsen")
    assert board is not None
    assert board.timezone == "Europe/Stockholm"
    week = IsoWeek.of(date(2025, 3, 17))
    data = await reporting.digest_data(board, week, digest_window(board, week))
    return [f"{u.title} {u.on} {','.join(u.names)}" for u in data.roster.uncovered]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (LOCAL_DAY, ["Punkt 8.3 2025-03-18 Anna"]),  # away the whole local day: nobody on it
        (UTC_DAY, []),  # back at 01:00 local on the day itself: she is there for it
    ],
)
async def test_an_item_is_uncovered_by_the_unions_local_day(
    db: Database, span: tuple[datetime, datetime], expected: list[str]
) -> None:
    assert await uncovered_with_anna_away(db, span) == expected
