"""SchedulingStore contract, claims: order, batch size, leases, away periods, reachability."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, timedelta

from bot.core.model import Platform
from bot.core.scheduling import ClaimKey, DueCheckin, NewCheckin
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
    after: ClaimKey | None = None,
) -> Sequence[DueCheckin]:
    return await lease_due(
        sched.store,
        now=now,
        owner=owner,
        lease_until=now + LEASE,
        limit=limit,
        platforms=platforms,
        only_person_ids=only,
        after=after,
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


# --- resuming after a key (one drain's passes) --------------------------------------------


def last_key(rows: Sequence[DueCheckin]) -> ClaimKey:
    """The claim order's key of the last row, computed here from the rows' own columns."""
    return max(ClaimKey(r.next_send_at, r.person_id, r.id) for r in rows)


async def test_a_claim_after_a_key_resumes_in_claim_order_and_keeps_a_persons_rows_together(
    sched: SchedulingBackend,
) -> None:
    world = sched.seed(build_world)
    anna, bo = world.steward_id, world.other_id
    due = NOW - timedelta(hours=1)
    # Four rows due together, inserted one by one so their ids interleave the two people:
    # anna, bo, bo, anna. Claim order puts each person's two rows side by side.
    for item, person in [
        (world.meeting_item_id, anna),
        (world.meeting_item_id, bo),
        (world.week_item_id, bo),
        (world.week_item_id, anna),
    ]:
        assert await sched.store.insert_checkins([new(item, person, due)]) == 1
    first_person, second_person = sorted([anna, bo])
    first = await claim(sched, limit=2)
    assert [r.person_id for r in first] == [first_person, first_person]
    # Resuming after the first person's last row: none of the second person's rows is
    # skipped, though one of them has a smaller id than that row.
    second = await claim(sched, limit=2, after=last_key(first))
    assert [r.person_id for r in second] == [second_person, second_person]
    both = [(r.person_id, r.plan_item_id) for r in [*first, *second]]
    assert sorted(both) == sorted(
        (p, i) for p in (anna, bo) for i in (world.meeting_item_id, world.week_item_id)
    )
    assert await claim(sched, after=last_key(second)) == []


async def test_rows_behind_the_key_wait_for_a_claim_without_one(
    sched: SchedulingBackend,
) -> None:
    world = await three_rows(sched)
    anna, bo = world.steward_id, world.other_id
    # Another worker holds bo's row (due first); this one claims anna's two after it.
    [held] = await claim(sched, owner="w2", limit=1)
    assert held.person_id == bo
    mine = await claim(sched, owner="w1")
    assert [r.person_id for r in mine] == [anna, anna]
    key = last_key(mine)
    # Meanwhile a new check-in falls due behind the key (an hour and a half ago), and the
    # other worker's lease ends without it having sent bo's row.
    late = new(world.week_item_id, bo, NOW - timedelta(minutes=90))
    assert await sched.store.insert_checkins([late]) == 1
    later = NOW + LEASE + timedelta(seconds=1)
    # Resuming after the key claims neither: both are behind it (and anna's rows, whose
    # lease has ended too, are not after it either). A claim that starts from the beginning,
    # as the next drain's first pass does, gets both first, oldest first.
    assert await claim(sched, later, owner="w1", after=key) == []
    again = await claim(sched, later, owner="w1", limit=2)
    assert keys(again) == [
        (bo, world.meeting_item_id, NOW - timedelta(hours=2)),
        (bo, world.week_item_id, NOW - timedelta(minutes=90)),
    ]


async def test_a_claim_after_a_key_still_takes_rows_due_later_than_the_key(
    sched: SchedulingBackend,
) -> None:
    world = await three_rows(sched)
    key = last_key(await claim(sched))
    # Due after the key's instant, and by now due: a later pass of the same drain takes it.
    soon = new(world.week_item_id, world.other_id, NOW + timedelta(minutes=1))
    assert await sched.store.insert_checkins([soon]) == 1
    assert await claim(sched, after=key) == []  # not due yet
    [row] = await claim(sched, NOW + timedelta(minutes=1), after=key)
    assert (row.person_id, row.plan_item_id) == (world.other_id, world.week_item_id)
