"""SchedulingStore contract, claims: order, batch size, leases, away periods, reachability."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, timedelta

from bot.core.model import Platform
from bot.core.scheduling import DueCheckin, NewCheckin
from tests.contracts.conftest import SchedulingBackend
from tests.fakes.world import World, build_world
from tests.support.claims import lease_due

NOW = datetime(2025, 4, 1, 7, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
TG = [Platform.TELEGRAM]


def new(item_id: int, person_id: int, due: datetime, occurrence: str = "2025-04-01") -> NewCheckin:
    return NewCheckin(item_id, person_id, occurrence, "ask", due, date(2025, 4, 2))


async def claim(
    sched: SchedulingBackend,
    now: datetime = NOW,
    *,
    owner: str = "w1",
    limit: int = 50,
    platforms: Collection[Platform] = TG,
    only: frozenset[int] | None = None,
) -> Sequence[DueCheckin]:
    return await lease_due(
        sched.store,
        now=now,
        owner=owner,
        lease_until=now + LEASE,
        limit=limit,
        platforms=platforms,
        only_person_ids=only,
    )


def keys(rows: Sequence[DueCheckin]) -> list[tuple[int, int, datetime]]:
    return [(r.person_id, r.plan_item_id, r.next_send_at) for r in rows]


async def three_rows(sched: SchedulingBackend) -> World:
    """bo's meeting at NOW-2h; anna's meeting and week at NOW-1h (anna was seeded first)."""
    world = sched.seed(build_world)
    anna, bo = world.steward_id, world.other_id
    earlier, later = NOW - timedelta(hours=2), NOW - timedelta(hours=1)
    rows = [
        new(world.week_item_id, anna, later),
        new(world.meeting_item_id, bo, earlier),
        new(world.meeting_item_id, anna, later),
    ]
    assert await sched.store.insert_checkins(rows) == 3
    return world


async def test_claims_go_by_next_send_then_person_and_stop_at_the_batch_size(
    sched: SchedulingBackend,
) -> None:
    world = await three_rows(sched)
    anna, bo = world.steward_id, world.other_id
    first = await claim(sched, limit=2)
    # bo's row is due first; then one of anna's two (same instant): a batch holds 2.
    assert [r.person_id for r in first] == [bo, anna]
    assert first[0].next_send_at == NOW - timedelta(hours=2)
    rest = await claim(sched, limit=2)
    assert [r.person_id for r in rest] == [anna]
    assert {first[1].plan_item_id, rest[0].plan_item_id} == {
        world.meeting_item_id,
        world.week_item_id,
    }
    assert await claim(sched) == []


async def test_a_leased_row_waits_until_its_lease_has_ended(sched: SchedulingBackend) -> None:
    await three_rows(sched)
    assert len(await claim(sched, owner="w1")) == 3
    assert await claim(sched, owner="w2") == []
    assert await claim(sched, NOW + LEASE, owner="w2") == []  # the lease runs to its end
    taken = await claim(sched, NOW + LEASE + timedelta(seconds=1), owner="w2")
    assert len(taken) == 3
    assert {(r.lease_owner, r.lease_until) for r in taken} == {
        ("w2", NOW + LEASE + timedelta(seconds=1) + LEASE)
    }


async def test_people_away_are_not_claimed_and_are_asked_once_they_are_back(
    sched: SchedulingBackend,
) -> None:
    world = await three_rows(sched)
    anna, bo = world.steward_id, world.other_id
    back = NOW + timedelta(days=1)
    sched.away(anna, NOW - timedelta(days=1), back)
    sched.away(bo, NOW - timedelta(days=1), None)  # until further notice
    assert await claim(sched) == []
    assert await claim(sched, back - timedelta(seconds=1)) == []
    returned = await claim(sched, back)
    # What fell due while anna was away is put to her at once, in one gathered message.
    assert sorted(keys(returned)) == sorted(
        [(anna, world.meeting_item_id, back), (anna, world.week_item_id, back)]
    )


async def test_a_stale_ask_is_missed_after_a_long_absence(sched: SchedulingBackend) -> None:
    world = await three_rows(sched)
    back = NOW + timedelta(days=30)  # past the default 14 days of giving up
    sched.away(world.steward_id, NOW - timedelta(days=1), back)
    returned = await claim(sched, back)
    assert [r.person_id for r in returned] == [world.other_id]
    # anna's rows are closed (missed), not only skipped: they never come back.
    later = back + timedelta(days=1)
    assert await claim(sched, later, only=frozenset({world.steward_id})) == []


async def test_claims_only_reach_people_on_the_given_platforms(sched: SchedulingBackend) -> None:
    world = await three_rows(sched)
    assert await claim(sched, platforms=[Platform.SLACK]) == []  # everyone is on Telegram
    assert await claim(sched, only=frozenset()) == []
    [bo_row] = await claim(sched, only=frozenset({world.other_id}))
    assert bo_row.person_id == world.other_id
    # The console reaches everyone, identity or not.
    assert len(await claim(sched, platforms=[Platform.CONSOLE])) == 2


async def test_rows_of_archived_items_and_inactive_people_are_not_claimed(
    sched: SchedulingBackend,
) -> None:
    world = await three_rows(sched)
    sched.seed(lambda s: s.archive_item(world.week_item_id, NOW))
    assert {r.plan_item_id for r in await claim(sched)} == {world.meeting_item_id}
