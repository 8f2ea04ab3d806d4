"""SchedulingStore contract, close_stale: rows never sent and past the catch-up window are
missed, whoever can reach their person; rows of people away, and rows still in the window, stay.

The same on the fake, SQLite and PostgreSQL: `ombud run` closes them through this port, and
`ombud tick` through the same storage function.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Platform
from tests.contracts.conftest import SchedulingBackend
from tests.contracts.test_scheduling_claims import claim, new
from tests.fakes.world import build_world

NOW = datetime(2025, 4, 1, 7, 0, tzinfo=UTC)
WINDOW = timedelta(hours=12)


async def test_rows_past_the_window_are_missed_and_the_others_stay(
    sched: SchedulingBackend,
) -> None:
    world = sched.seed(build_world)
    anna, bo = world.steward_id, world.other_id
    rows = [
        new(world.meeting_item_id, anna, NOW - timedelta(hours=20)),  # past the window
        new(world.week_item_id, anna, NOW - timedelta(hours=2)),  # still in it
        new(world.meeting_item_id, bo, NOW - timedelta(hours=20)),  # past it, but bo is away
    ]
    assert await sched.store.insert_checkins(rows) == 3
    # Claimed once on the console to learn their ids; the lease has run out an hour later.
    claimed = await claim(sched, NOW, platforms=[Platform.CONSOLE])
    ids = {(r.person_id, r.plan_item_id): r.id for r in claimed}
    assert len(ids) == 3
    sched.away(bo, NOW - timedelta(days=1), NOW + timedelta(days=1))

    later = NOW + timedelta(hours=1)
    # No platform reaches anyone here: none of these rows would ever be claimed on Telegram.
    assert await sched.store.close_stale(later, later - WINDOW) == 1

    assert sched.facts(ids[(anna, world.meeting_item_id)]).state == "missed"
    assert sched.facts(ids[(anna, world.meeting_item_id)]).next_send_at is None
    assert sched.facts(ids[(anna, world.week_item_id)]).state != "missed"
    assert sched.facts(ids[(bo, world.meeting_item_id)]).state != "missed"
    # Closing again finds nothing more.
    assert await sched.store.close_stale(later, later - WINDOW) == 0


async def test_a_leased_row_is_left_to_its_claim(sched: SchedulingBackend) -> None:
    world = sched.seed(build_world)
    anna = world.steward_id
    row = new(world.meeting_item_id, anna, NOW - timedelta(hours=20))
    assert await sched.store.insert_checkins([row]) == 1
    (claimed,) = await claim(sched, NOW, platforms=[Platform.CONSOLE])
    # While the lease holds, the worker that took the row decides what happens to it.
    assert await sched.store.close_stale(NOW + timedelta(minutes=1), NOW - WINDOW) == 0
    assert sched.facts(claimed.id).state != "missed"
