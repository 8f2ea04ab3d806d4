"""Materialising in slices of people: the same rows as one pass, and a re-run writes nothing."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, select, update

from bot.core.clock import FrozenClock
from handlers.scheduling import materialise
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import PersonRow
from tests.scheduler.seed import (
    World,
    add_item,
    add_person,
    checkins,
    event_on,
    person_owner,
    seed_world,
)

HORIZON = 60
# (key, time zone, preferred time): people share zones and times, some do not.
PEOPLE = [
    ("s1", "Europe/Stockholm", None),
    ("o1", "Europe/Oslo", None),
    ("s2", "Europe/Stockholm", "10:30"),
    ("s3", "Europe/Stockholm", None),
    ("o2", "Europe/Oslo", "07:00"),  # inside quiet hours: moved to their end, 08:00
]
# The oracle, in UTC (March: both zones are UTC+1): 09:00 local by default, 10:30 as asked,
# and 07:00 falls in quiet hours (20:00-08:00), so 08:00 local.
UTC_TIME = {None: (8, 0), "10:30": (9, 30), "07:00": (7, 0)}


@pytest.fixture(autouse=True)
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    # The package exports the function under the module's name; reach the module itself.
    monkeypatch.setattr(sys.modules["handlers.scheduling.materialise"], "MATERIALISE_CHUNK", 2)


def seed(db: Database) -> World:
    world = seed_world(db)
    for key, zone, _ in PEOPLE:
        add_person(db, world, key, units=["sek"], timezone=zone)

    def times(s: Session) -> None:
        for key, _, at in PEOPLE:
            s.execute(update(PersonRow).where(col(PersonRow.key) == key).values(reminder_time=at))

    db.run_sync(times)
    # "late" owns both items too, but joins only after the first run.
    owners = [person_owner(key) for key, _, _ in PEOPLE] + [person_owner("late")]
    add_item(db, world, "m", event_on(date(2025, 3, 12), 7), owners)
    add_item(db, world, "n", event_on(date(2025, 3, 19)), owners)
    return world


def keyed(db: Database) -> dict[tuple[int, int, str, str], tuple[int | None, datetime]]:
    return {
        (r.plan_item_id, r.person_id, r.occurrence, r.prompt): (r.id, r.due_at)
        for r in checkins(db)
    }


async def test_slices_plan_every_person_once_at_their_own_time(
    db: Database, clock: FrozenClock
) -> None:
    seed(db)
    created = await materialise(SqlSchedulingStore(db), clock, HORIZON)
    rows = checkins(db)
    # Two prompts of item m (heads-up 5 March, ask 13 March) and one of n, for five people.
    assert created == len(rows) == 3 * len(PEOPLE)
    people = db.run_sync(lambda s: {p.id: p.reminder_time for p in s.exec(select(PersonRow))})
    days = {"notice-7": 5, "ask": 13}
    for row in rows:
        hour, minute = UTC_TIME[people[row.person_id]]
        day = 20 if row.occurrence == "2025-03-19" else days[row.prompt]
        expected = datetime(2025, 3, day, hour, minute, tzinfo=UTC)
        assert row.due_at == expected, (row.person_id, row.prompt)


async def test_an_unchanged_re_run_writes_nothing_and_a_new_person_gets_only_theirs(
    db: Database, clock: FrozenClock
) -> None:
    world = seed(db)
    store = SqlSchedulingStore(db)
    await materialise(store, clock, HORIZON)
    before = keyed(db)
    assert await materialise(store, clock, HORIZON) == 0
    assert keyed(db) == before
    late = add_person(db, world, "late", units=["sek"])
    assert await materialise(store, clock, HORIZON) == 3
    after = keyed(db)
    assert {k: v for k, v in after.items() if k[1] != late} == before
    assert sorted(k[3] for k in after if k[1] == late) == ["ask", "ask", "notice-7"]
