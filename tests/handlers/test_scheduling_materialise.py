"""Materialising check-ins: owners to people, idempotent inserts, archived items left out."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.core.clock import FrozenClock
from bot.core.model import CheckinState, Frequency, Owner, OwnerKind, Role, Schedule, ScheduleKind
from handlers.scheduling import materialise
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import PersonRow, PlanItemRow
from tests.scheduler.seed import (
    add_item,
    add_person,
    checkins,
    event_on,
    person_owner,
    seed_world,
)

HORIZON = 60


async def test_materialise_twice_changes_nothing(db: Database, clock: FrozenClock) -> None:
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(date(2025, 3, 12), 7, 2), [person_owner("anna")])
    store = SqlSchedulingStore(db)
    first = await materialise(store, clock, HORIZON)
    rows = [(r.id, r.prompt, r.due_at, r.state) for r in checkins(db)]
    again = await materialise(store, clock, HORIZON)
    assert first == 3
    assert again == 0
    assert [(r.id, r.prompt, r.due_at, r.state) for r in checkins(db)] == rows
    by_prompt = {r.prompt: r for r in checkins(db)}
    # 12 March is a Wednesday; heads-ups on 5 and 10 March, the ask on 13 March, 09:00 local.
    assert by_prompt["notice-7"].due_at == datetime(2025, 3, 5, 8, tzinfo=UTC)
    assert by_prompt["notice-2"].due_at == datetime(2025, 3, 10, 8, tzinfo=UTC)
    assert by_prompt["ask"].due_at == datetime(2025, 3, 13, 8, tzinfo=UTC)
    assert by_prompt["ask"].next_send_at == by_prompt["ask"].due_at
    assert {r.state for r in checkins(db)} == {CheckinState.SCHEDULED.value}
    assert {r.occurrence for r in checkins(db)} == {"2025-03-12"}


async def test_only_prompts_inside_catch_up_and_horizon_are_created(
    db: Database, clock: FrozenClock
) -> None:
    world = seed_world(db)
    weekly = Schedule(ScheduleKind.RECURRING, every=Frequency.WEEKLY)
    add_item(db, world, "w", weekly, [person_owner("anna")])
    created = await materialise(SqlSchedulingStore(db), clock, 14)
    dues = sorted(r.due_at for r in checkins(db))
    assert created == len(dues) == 3
    # Weeks end on Sundays, so each ask moves to the Monday after: 3 March (now) is inside the
    # catch-up window, 24 February is not, and 24 March lies beyond the 14-day horizon.
    assert dues == [datetime(2025, 3, d, 8, tzinfo=UTC) for d in (3, 10, 17)]


async def test_owners_resolve_to_people_by_person_role_subunit_and_board(
    db: Database, clock: FrozenClock
) -> None:
    world = seed_world(db)
    day = date(2025, 3, 20)
    add_item(db, world, "p", event_on(day), [person_owner("bo"), person_owner("nobody")])
    add_item(db, world, "r", event_on(day), [Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="sek")])
    add_item(
        db,
        world,
        "rs",
        event_on(day),
        [Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="sek", include_subunits=True)],
    )
    add_item(db, world, "b", event_on(day), [Owner(OwnerKind.BOARD, unit="sek")])
    add_item(db, world, "u", event_on(day), [Owner(OwnerKind.BOARD, unit="no-such-unit")])
    await materialise(SqlSchedulingStore(db), clock, HORIZON)
    names = {v: k for k, v in world.people.items()}
    item_keys = db.run_sync(lambda s: {i.id: i.key for i in s.exec(select(PlanItemRow)).all()})
    owners: dict[str, set[str]] = {}
    for row in checkins(db):
        owners.setdefault(item_keys[row.plan_item_id], set()).add(names[row.person_id])
    assert owners == {"p": {"bo"}, "r": {"anna"}, "rs": {"anna", "bo"}, "b": {"cia"}}


async def test_new_people_and_items_are_picked_up_on_the_next_run(
    db: Database, clock: FrozenClock
) -> None:
    world = seed_world(db)
    owner = Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="sek")
    add_item(db, world, "8.1", event_on(date(2025, 3, 20)), [owner])
    store = SqlSchedulingStore(db)
    assert await materialise(store, clock, HORIZON) == 1
    add_person(db, world, "dan", units=["sek"])
    add_item(db, world, "8.2", event_on(date(2025, 3, 21)), [owner])
    assert await materialise(store, clock, HORIZON) == 3
    assert len(checkins(db)) == 4


async def test_archived_items_and_inactive_people_get_no_check_ins(
    db: Database, clock: FrozenClock
) -> None:
    world = seed_world(db)
    keep = add_item(db, world, "keep", event_on(date(2025, 3, 20)), [person_owner("anna")])
    gone = add_item(db, world, "gone", event_on(date(2025, 3, 20)), [person_owner("anna")])
    add_person(db, world, "eve", units=["sek"], active=False)
    add_item(db, world, "eve", event_on(date(2025, 3, 20)), [person_owner("eve")])
    stamp = clock.now()

    def archive(s: Session, item_id: int = gone) -> None:
        row = s.get(PlanItemRow, item_id)
        assert row is not None
        row.archived_at = stamp
        s.add(row)

    db.run_sync(archive)
    store = SqlSchedulingStore(db)
    assert await materialise(store, clock, HORIZON) == 1
    assert [r.plan_item_id for r in checkins(db)] == [keep]
    # Archiving later closes the open check-ins on the next run.
    db.run_sync(lambda s: archive(s, keep))
    assert await materialise(store, clock, HORIZON) == 0
    assert [r.state for r in checkins(db)] == [CheckinState.ARCHIVED.value]


async def test_a_person_leaving_archives_their_open_check_ins(
    db: Database, clock: FrozenClock
) -> None:
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(date(2025, 3, 20)), [person_owner("anna")])
    store = SqlSchedulingStore(db)
    await materialise(store, clock, HORIZON)

    def leave(s: Session) -> None:
        person = s.get(PersonRow, world.people["anna"])
        assert person is not None
        person.active = False
        s.add(person)

    db.run_sync(leave)
    clock.advance(timedelta(hours=1))
    await materialise(store, clock, HORIZON)
    assert [r.state for r in checkins(db)] == [CheckinState.ARCHIVED.value]


async def test_an_unreadable_item_spec_is_skipped_not_fatal(
    db: Database, clock: FrozenClock
) -> None:
    world = seed_world(db)
    add_item(db, world, "ok", event_on(date(2025, 3, 20)), [person_owner("anna")])
    bad = PlanItemRow(
        plan_id=world.plan_id, area_id=world.area_id, key="bad", title="x", spec={"nope": 1}
    )
    db.run_sync(lambda s: s.add(bad))
    assert await materialise(SqlSchedulingStore(db), clock, HORIZON) == 1


async def test_a_summer_window_moves_the_ask_and_drops_a_heads_up_pushed_onto_the_event(
    db: Database,
) -> None:
    world = seed_world(db, settings={"no_reminders": [{"from": "07-01", "to": "08-10"}]})
    add_item(db, world, "s", event_on(date(2025, 7, 20), 7), [person_owner("anna")])
    clock = FrozenClock(datetime(2025, 7, 1, 6, tzinfo=UTC))
    await materialise(SqlSchedulingStore(db), clock, HORIZON)
    rows = checkins(db)
    assert [(r.prompt, r.due_at) for r in rows] == [("ask", datetime(2025, 8, 11, 7, tzinfo=UTC))]


async def test_a_malformed_summer_window_is_ignored_with_a_warning(
    db: Database, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    world = seed_world(db, settings={"no_reminders": "all of July"})
    add_item(db, world, "8.1", event_on(date(2025, 3, 12)), [person_owner("anna")])
    with caplog.at_level(logging.WARNING):
        assert await materialise(SqlSchedulingStore(db), clock, HORIZON) == 1
    assert any("no_reminders" in r.getMessage() for r in caplog.records)
    assert all("July" not in r.getMessage() for r in caplog.records)
