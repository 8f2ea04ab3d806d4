"""SchedulingStore contract, materialise side: the fake and SQL (SQLite, PostgreSQL) alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.core.model import Platform
from bot.core.scheduling import NewCheckin
from tests.contracts.conftest import SchedulingBackend
from tests.fakes.world import World, build_world
from tests.support.claims import lease_due

NOW = datetime(2025, 4, 1, 7, 0, tzinfo=UTC)
APRIL = "2025-04-01"
JULY = "2025-07-01"


def new(item_id: int, person_id: int, occurrence: str, prompt: str = "ask") -> NewCheckin:
    return NewCheckin(item_id, person_id, occurrence, prompt, NOW, date(2025, 4, 2))


async def test_inserting_twice_stores_each_key_once(sched: SchedulingBackend) -> None:
    world = sched.seed(build_world)
    meeting, anna, bo = world.meeting_item_id, world.steward_id, world.other_id
    first = [new(meeting, anna, APRIL), new(meeting, bo, APRIL)]
    assert await sched.store.insert_checkins(first) == 2
    # The same two again, one with another prompt, one for a later occurrence: two are new.
    again = [*first, new(meeting, anna, APRIL, "followup"), new(meeting, anna, JULY)]
    assert await sched.store.insert_checkins(again) == 2
    assert await sched.store.insert_checkins([]) == 0

    keys = await sched.store.stored_keys(meeting, {anna, bo}, APRIL)
    assert keys == {
        (anna, APRIL, "ask"),
        (bo, APRIL, "ask"),
        (anna, APRIL, "followup"),
        (anna, JULY, "ask"),
    }


async def test_stored_keys_are_of_one_item_these_people_and_from_an_occurrence_on(
    sched: SchedulingBackend,
) -> None:
    world = sched.seed(build_world)
    meeting, week, anna, bo = (
        world.meeting_item_id,
        world.week_item_id,
        world.steward_id,
        world.other_id,
    )
    await sched.store.insert_checkins([new(meeting, anna, JULY), new(week, anna, JULY)])
    # build_world stored "ask" rows of 2025-03-01 for anna (both items) and bo (meeting).
    assert await sched.store.stored_keys(meeting, {anna}, "2025-03-01") == {
        (anna, "2025-03-01", "ask"),
        (anna, JULY, "ask"),
    }
    assert await sched.store.stored_keys(meeting, {bo}, "2025-03-02") == set()
    assert await sched.store.stored_keys(week, {anna, bo}, APRIL) == {(anna, JULY, "ask")}


async def test_a_new_row_waits_for_its_due_time_as_scheduled(sched: SchedulingBackend) -> None:
    world = sched.seed(build_world)
    await sched.store.insert_checkins([new(world.meeting_item_id, world.steward_id, APRIL)])
    early = await lease_due(
        sched.store,
        now=NOW - timedelta(seconds=1),
        owner="w1",
        lease_until=NOW,
        limit=10,
        platforms=[Platform.TELEGRAM],
        only_person_ids=None,
    )
    assert early == []
    [due] = await lease_due(
        sched.store,
        now=NOW,
        owner="w1",
        lease_until=NOW + timedelta(minutes=2),
        limit=10,
        platforms=[Platform.TELEGRAM],
        only_person_ids=None,
    )
    assert (due.state.value, due.next_send_at, due.due_at) == ("scheduled", NOW, NOW)
    assert (due.sends, due.followups_sent, due.failures, due.first_sent_at) == (0, 0, 0, None)
    assert (due.occurrence, due.occurrence_end, due.prompt) == (APRIL, date(2025, 4, 2), "ask")
    assert (due.item_title, due.area_title, due.person_key) == (
        "Digitala träffar för ombud",
        "Organisering",
        "anna",
    )
    assert (due.lease_owner, due.lease_until) == ("w1", NOW + timedelta(minutes=2))


async def test_schedulable_items_leave_out_archived_items(sched: SchedulingBackend) -> None:
    world = sched.seed(build_world)
    items = await sched.store.schedulable_items()
    assert [i.item_id for i in items] == sorted([world.meeting_item_id, world.week_item_id])
    assert {i.spec.key for i in items} == {"8.2", "8.3"}
    assert {(i.period_start, i.period_end) for i in items} == {
        (date(2025, 1, 1), date(2025, 12, 31))
    }
    sched.seed(lambda s: s.archive_item(world.week_item_id, NOW))
    assert [i.item_id for i in await sched.store.schedulable_items()] == [world.meeting_item_id]


async def test_roster_has_active_people_units_and_board_members(sched: SchedulingBackend) -> None:
    world = sched.seed(build_world)
    gone = sched.seed(lambda s: s.person("dag", "Dag", [], active=False))
    lookup = await sched.store.roster()
    by_key = {p.key: p for p in lookup.people}
    assert set(by_key) == {"anna", "bo", "cecilia"}
    assert gone not in {p.person_id for p in lookup.people}
    unit = lookup.unit_ids_by_key["demo"]
    assert lookup.unit_parent == {unit: None}
    assert by_key["anna"].unit_ids == frozenset({unit})
    assert by_key["anna"].person_id == world.steward_id
    assert lookup.board_members_by_unit == {unit: frozenset({world.board_member_id})}


async def test_archive_orphaned_closes_open_rows_of_archived_items(
    sched: SchedulingBackend,
) -> None:
    world: World = sched.seed(build_world)
    assert await sched.store.archive_orphaned(NOW) == 0
    sched.seed(lambda s: s.archive_item(world.meeting_item_id, NOW))
    # The meeting has two open rows (anna's and bo's); the week's row stays open.
    assert await sched.store.archive_orphaned(NOW) == 2
    assert sched.facts(world.meeting_checkin_id).state == "archived"
    assert sched.facts(world.other_checkin_id).next_send_at is None
    assert sched.facts(world.week_checkin_id).state == "awaiting"
    assert await sched.store.archive_orphaned(NOW) == 0
