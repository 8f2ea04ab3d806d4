"""SchedulingStore contract, outcomes: a write lands only on a row still as its claim left it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from bot.core.messages import ChatAddress, MessageRef
from bot.core.model import CheckinState, Platform
from bot.core.scheduling import (
    Attempt,
    Destination,
    DueCheckin,
    NewCheckin,
    SendCounts,
    SentMessage,
    SentOutcome,
)
from tests.contracts.conftest import SchedulingBackend
from tests.fakes.world import World, build_world
from tests.support.claims import lease_due

NOW = datetime(2025, 4, 1, 7, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
TG = Platform.TELEGRAM
AWAITING = CheckinState.AWAITING


async def claim(sched: SchedulingBackend, now: datetime, owner: str = "w1") -> list[DueCheckin]:
    rows = await lease_due(
        sched.store,
        now=now,
        owner=owner,
        lease_until=now + LEASE,
        limit=50,
        platforms=[TG],
        only_person_ids=None,
    )
    return list(rows)


async def anna_row(sched: SchedulingBackend) -> tuple[World, DueCheckin]:
    world = sched.seed(build_world)
    row = NewCheckin(world.meeting_item_id, world.steward_id, "2025-04-01", "ask", NOW, None)
    await sched.store.insert_checkins([row])
    [due] = await claim(sched, NOW)
    return world, due


def sent(
    rows: Sequence[DueCheckin], at: datetime, next_at: datetime | None, followup: bool = False
) -> SentMessage:
    attempt = Attempt(rows[0].person_id, tuple(r.id for r in rows), TG, at, "ok")
    ref = MessageRef(TG, "1001", f"m{at.timestamp():.0f}")
    outcomes = tuple(SentOutcome(r.id, AWAITING, next_at, followup, r.claim) for r in rows)
    return SentMessage(attempt, ref, outcomes)


async def test_a_send_moves_the_row_and_gives_back_the_lease(sched: SchedulingBackend) -> None:
    _, due = await anna_row(sched)
    next_at = NOW + timedelta(days=3)
    await sched.store.record_sent([sent([due], NOW, next_at)])
    facts = sched.facts(due.id)
    assert (facts.state, facts.next_send_at, facts.sends) == ("awaiting", next_at, 1)
    assert (facts.followups_sent, facts.lease_owner) == (0, None)
    assert await claim(sched, next_at - timedelta(seconds=1)) == []


async def test_the_follow_up_ladder_counts_each_follow_up(sched: SchedulingBackend) -> None:
    _, due = await anna_row(sched)
    first_follow_up, second = NOW + timedelta(days=3), NOW + timedelta(days=7)
    await sched.store.record_sent([sent([due], NOW, first_follow_up)])
    [again] = await claim(sched, first_follow_up)
    assert (again.state, again.sends, again.followups_sent) == (AWAITING, 1, 0)
    assert (again.first_sent_at, again.last_sent_at) == (NOW, NOW)
    await sched.store.record_sent([sent([again], first_follow_up, second, followup=True)])
    [third] = await claim(sched, second)
    assert (third.sends, third.followups_sent) == (2, 1)
    assert (third.first_sent_at, third.last_sent_at) == (NOW, first_follow_up)


async def test_a_record_of_a_send_never_undoes_a_newer_answer(sched: SchedulingBackend) -> None:
    _, due = await anna_row(sched)
    sched.answer(due.id, NOW + timedelta(seconds=1))  # the tap lands before the record
    await sched.store.record_sent([sent([due], NOW, NOW + timedelta(days=3), followup=True)])
    facts = sched.facts(due.id)
    # The delivery is logged; the answer's state and the absent next send stand.
    assert (facts.state, facts.next_send_at, facts.followups_sent) == ("done", None, 0)
    assert (facts.sends, facts.lease_owner) == (1, None)


async def test_a_worker_whose_lease_ran_out_changes_no_state(sched: SchedulingBackend) -> None:
    _, stale = await anna_row(sched)
    later = NOW + LEASE + timedelta(seconds=1)
    [fresh] = await claim(sched, later, owner="w2")
    await sched.store.record_sent([sent([stale], later, NOW + timedelta(days=3))])
    await sched.store.reschedule([stale.claim], NOW + timedelta(days=9), "over_budget")
    await sched.store.close([stale.claim], CheckinState.MISSED)
    facts = sched.facts(fresh.id)
    assert (facts.state, facts.next_send_at, facts.lease_owner) == ("scheduled", NOW, "w2")
    assert facts.last_error is None
    await sched.store.close([fresh.claim], CheckinState.MISSED)
    facts = sched.facts(fresh.id)
    assert (facts.state, facts.next_send_at, facts.lease_owner) == ("missed", None, None)


async def test_reschedule_moves_a_claimed_row_and_notes_why(sched: SchedulingBackend) -> None:
    _, due = await anna_row(sched)
    tomorrow = NOW + timedelta(days=1)
    await sched.store.reschedule([due.claim], tomorrow, "over_budget")
    facts = sched.facts(due.id)
    assert (facts.state, facts.next_send_at, facts.last_error) == (
        "scheduled",
        tomorrow,
        "over_budget",
    )
    assert facts.lease_owner is None


async def test_failures_count_until_a_send_succeeds(sched: SchedulingBackend) -> None:
    world, due = await anna_row(sched)
    retry = NOW + timedelta(minutes=5)
    failed = Attempt(world.steward_id, (due.id,), TG, NOW, "transient", code="timeout")
    await sched.store.record_failure(failed, [due.claim], retry, None, None)
    assert sched.facts(due.id).last_error == "timeout"
    [again] = await claim(sched, retry)
    assert (again.failures, again.sends, again.first_sent_at) == (1, 0, None)
    await sched.store.record_sent([sent([again], retry, retry + timedelta(days=3))])
    [third] = await claim(sched, retry + timedelta(days=3))
    assert (third.failures, third.first_sent_at) == (0, retry)


async def test_an_unreachable_identity_is_no_destination(sched: SchedulingBackend) -> None:
    world, due = await anna_row(sched)
    anna, bo = world.steward_id, world.other_id
    found = await sched.store.destinations([anna, bo], [TG])
    assert found[anna].address == ChatAddress(TG, "1001", "", "1001")
    assert found[bo].address == ChatAddress(TG, "1002", "", "1002")
    blocked = Attempt(anna, (due.id,), TG, NOW, "forbidden", code="blocked")
    await sched.store.record_failure(
        blocked, [due.claim], None, CheckinState.MISSED, found[anna].identity_id
    )
    assert sched.facts(due.id).state == "missed"
    assert set(await sched.store.destinations([anna, bo], [TG])) == {bo}
    console = await sched.store.destinations([anna], [TG, Platform.CONSOLE])
    assert console[anna] == Destination(
        ChatAddress(Platform.CONSOLE, chat_id="anna", user_id="anna"), None
    )
    assert await sched.store.destinations([bo], [Platform.SLACK]) == {}


async def test_send_counts_count_a_gathered_message_once(sched: SchedulingBackend) -> None:
    world = sched.seed(build_world)
    anna = world.steward_id
    rows = [
        NewCheckin(world.meeting_item_id, anna, "2025-04-01", "ask", NOW, date(2025, 4, 2)),
        NewCheckin(world.week_item_id, anna, "2025-04-01", "ask", NOW, date(2025, 4, 2)),
    ]
    await sched.store.insert_checkins(rows)
    both = await claim(sched, NOW)
    week_ago = NOW - timedelta(days=6)
    await sched.store.record_sent([sent(both, week_ago, NOW + timedelta(days=3))])
    again = await claim(sched, NOW + timedelta(days=3))
    assert len(again) == 2
    await sched.store.record_sent([sent(again, NOW, None)])
    day, week = NOW - timedelta(days=1), NOW - timedelta(days=7)
    counts = await sched.store.send_counts([anna, world.other_id], day, week)
    assert counts == {anna: SendCounts(day=1, week=2)}


async def test_a_claimed_batch_brings_its_peoples_destinations_and_send_counts(
    sched: SchedulingBackend,
) -> None:
    world = sched.seed(build_world)
    anna, bo = world.steward_id, world.other_id
    first = NewCheckin(world.meeting_item_id, anna, "2025-04-01", "ask", NOW, date(2025, 4, 2))
    await sched.store.insert_checkins([first])
    [earlier] = await claim(sched, NOW)
    await sched.store.record_sent([sent([earlier], NOW, None)])
    later = NOW + timedelta(hours=2)
    week = NewCheckin(world.week_item_id, anna, "2025-04-01", "ask", later, date(2025, 4, 2))
    await sched.store.insert_checkins([week])
    batch = await sched.store.claim_batch(
        now=later,
        owner="w1",
        lease_until=later + LEASE,
        limit=50,
        platforms=[TG],
        only_person_ids=None,
        day_since=later - timedelta(days=1),
        week_since=later - timedelta(days=7),
    )
    assert [(r.person_id, r.plan_item_id) for r in batch.due] == [(anna, world.week_item_id)]
    # Only the claimed people: bo has an identity but nothing due.
    assert {p: d.address for p, d in batch.destinations.items()} == {
        anna: ChatAddress(TG, "1001", "", "1001")
    }
    assert batch.counts == {anna: SendCounts(day=1, week=1)}
    assert bo not in batch.counts
    empty = await sched.store.claim_batch(
        now=later,
        owner="w2",
        lease_until=later + LEASE,
        limit=50,
        platforms=[TG],
        only_person_ids=None,
        day_since=later - timedelta(days=1),
        week_since=later - timedelta(days=7),
    )
    assert (list(empty.due), dict(empty.destinations), dict(empty.counts)) == ([], {}, {})
