"""The passes of a drain overlap: the next claims and sends while the last sends are out."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from bot.core.clock import FrozenClock
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.scheduler.jobs import Job, drain, scheduling_jobs
from bot.transports.memory import MemoryTransport
from handlers.scheduling import DispatchReport
from handlers.scheduling.dispatch import Relay
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import CheckinRow, PersonRow
from tests.scheduler.seed import checkins, seed_due
from tests.scheduler.test_inflight import asked_ids

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
# Not a timing: how long a test may wait for a send that only an overlap can release
# before it fails instead of hanging.
DEADLOCK_GUARD = 20.0


class GatedTransport(MemoryTransport):
    """A memory chat that can hold chosen sends until a condition on the others holds.

    It counts the sends in flight, in all and per chat, and when each started.
    """

    def __init__(self) -> None:
        super().__init__(Platform.CONSOLE)
        self.started: list[str] = []  # chat ids, in the order their sends started
        self.in_flight = 0
        self.high_water = 0
        self.per_chat: Counter[str] = Counter()
        self.same_chat_overlaps = 0
        self.holds: dict[str, asyncio.Event] = {}  # chat id -> released when set
        self._changed = asyncio.Event()

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        self.started.append(to.chat_id)
        self.in_flight += 1
        self.high_water = max(self.high_water, self.in_flight)
        self.per_chat[to.chat_id] += 1
        if self.per_chat[to.chat_id] > 1:
            self.same_chat_overlaps += 1
        self._changed.set()
        try:
            hold = self.holds.get(to.chat_id)
            if hold is not None:
                await asyncio.wait_for(hold.wait(), DEADLOCK_GUARD)
            for _ in range(3):
                await asyncio.sleep(0)
            return await super().send(to, message)
        finally:
            self.in_flight -= 1
            self.per_chat[to.chat_id] -= 1


def chat_of(db: Database, checkin_id: int) -> str:
    """The memory transport's chat id of a check-in's person (the console: their key)."""
    person_id = next(r.person_id for r in checkins(db) if r.id == checkin_id)
    person = db.run_sync(lambda s: s.get(PersonRow, person_id))
    assert person is not None
    return person.key


def tick_for(db: Database, console: MemoryTransport, batch: int, in_flight: int) -> Job:
    transports: dict[Platform, Transport] = {Platform.CONSOLE: console}
    tick, _ = scheduling_jobs(
        SqlSchedulingStore(db),
        transports,
        FrozenClock(NOW),
        SchedulingPolicy(batch_size=batch),
        owner="w",
        in_flight=in_flight,
    )
    return tick


async def test_the_next_pass_sends_while_the_last_send_of_the_pass_before_is_out(
    db: Database,
) -> None:
    ids = seed_due(db, 9, NOW - timedelta(minutes=1))  # passes of 4, 4 and 1
    console = GatedTransport()
    # The last person of the first pass is answered only once a send of the second pass
    # has started: passes one after the other would never get there.
    last_of_first = chat_of(db, ids[3])
    first_of_second = chat_of(db, ids[4])
    release = asyncio.Event()
    console.holds[last_of_first] = release

    async def release_when_second_pass_sends() -> None:
        while first_of_second not in console.started:
            console._changed.clear()
            await console._changed.wait()
        release.set()

    watcher = asyncio.create_task(release_when_second_pass_sends())
    tick = tick_for(db, console, batch=4, in_flight=2)
    await tick()
    await watcher

    rows = {r.id: r for r in checkins(db)}
    assert all(rows[i].sends == 1 for i in ids)  # every one sent, none twice
    assert len(console.sent) == 9
    # The passes share the bound on sends in flight.
    assert console.high_water <= 2
    assert all(r.lease_owner is None or r.lease_until is None for r in rows.values())


async def test_a_person_in_two_overlapping_passes_gets_their_messages_one_by_one_in_order(
    db: Database,
) -> None:
    ids = seed_due(db, 8, NOW - timedelta(minutes=1))
    rows = sorted(checkins(db), key=lambda r: (r.next_send_at, r.person_id, r.id))
    # The fourth person in claim order gets a second ask due with the first: the end of
    # the first batch falls between the two, so the second pass claims it while the first
    # ask is still out.
    straddler = rows[3]
    later = CheckinRow(
        plan_item_id=straddler.plan_item_id,
        person_id=straddler.person_id,
        occurrence="2025-03-09",
        prompt="ask",
        due_at=straddler.due_at,
        next_send_at=straddler.next_send_at,
    )
    later_id = db.run_sync(lambda s: _insert(s, later))
    console = GatedTransport()
    chat = chat_of(db, straddler.id or 0)
    # Their first ask is held until every other person of the second pass has started.
    second_pass_last = chat_of(db, rows[6].id or 0)
    release = asyncio.Event()
    console.holds[chat] = release

    async def release_when_second_pass_sends() -> None:
        while second_pass_last not in console.started:
            console._changed.clear()
            await console._changed.wait()
        release.set()
        console.holds.pop(chat)

    watcher = asyncio.create_task(release_when_second_pass_sends())
    tick = tick_for(db, console, batch=4, in_flight=2)
    await tick()
    await watcher

    # Both of the person's asks went out within the one tick, the earlier first, never
    # two at once; every other row once.
    theirs = [asked_ids(m) for to, m in console.sent if to.chat_id == chat]
    assert theirs == [[straddler.id], [later_id]]
    assert console.same_chat_overlaps == 0
    after = {r.id: r for r in checkins(db)}
    assert all(after[i].sends == 1 for i in [*ids, later_id])
    assert len(console.sent) == 9


def _insert(session: Session, row: CheckinRow) -> int:
    session.add(row)
    session.flush()
    return row.id or 0


class TailPasses:
    """Stand-in passes that reach their tail at once, then run on for a few loop turns or
    until the next pass has started (`forever`: until cancelled)."""

    def __init__(
        self, claims: list[int], *, postponed_at: int | None = None, fail_at: int | None = None
    ) -> None:
        self.claims = list(claims)
        self.postponed_at, self.fail_at = postponed_at, fail_at
        self.forever = False
        self.running = 0
        self.most_at_once = 0
        self.relays: list[Relay] = []
        self.cancelled = 0

    async def __call__(self, relay: Relay) -> DispatchReport:
        number = len(self.relays)
        self.relays.append(relay)
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        claimed = self.claims.pop(0) if self.claims else 0
        postponed = 1 if number == self.postponed_at else 0
        report = DispatchReport(claimed=claimed, sent=claimed, postponed=postponed)
        relay.report = report
        relay.people = frozenset({number})
        relay.tail.set()
        try:
            if number == self.fail_at:
                raise RuntimeError("the database went away")
            if self.forever:
                await asyncio.Event().wait()
            for _ in range(50):
                if len(self.relays) > number + 1:
                    break
                await asyncio.sleep(0)
            return report
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.running -= 1


async def test_at_most_two_passes_run_at_once_and_the_drain_waits_for_both() -> None:
    passes = TailPasses([4, 4, 4, 2])

    ran = await drain(passes, FrozenClock(NOW), 4)

    assert ran == 4
    assert passes.most_at_once == 2
    assert passes.running == 0  # none left running after the drain returned
    # Each pass holds back the people of the one before it, still running at its start.
    assert [r.held for r in passes.relays] == [
        frozenset(),
        frozenset({0}),
        frozenset({1}),
        frozenset({2}),
    ]
    assert all(r.slots is passes.relays[0].slots for r in passes.relays)


async def test_a_pass_the_platform_slowed_down_ends_the_drain_after_the_one_beside_it() -> None:
    passes = TailPasses([4] * 10, postponed_at=1)

    ran = await drain(passes, FrozenClock(NOW), 4)

    # The second pass was slowed down; the third, started at its tail, still finished.
    assert ran == 3
    assert passes.running == 0


async def test_a_failing_pass_cancels_the_one_beside_it() -> None:
    passes = TailPasses([4] * 10, fail_at=1)
    passes.forever = True

    with pytest.raises(RuntimeError):
        await drain(passes, FrozenClock(NOW), 4)

    assert passes.cancelled == 1  # the first pass, still in its tail
    assert passes.running == 0


async def test_a_stop_during_an_overlap_hands_back_what_both_passes_did_not_send(
    db: Database,
) -> None:
    # A stop during an overlap: both passes hand back what they have not sent.
    ids = seed_due(db, 9, NOW - timedelta(minutes=1))
    stopping = asyncio.Event()
    console = GatedTransport()
    hold = asyncio.Event()
    console.holds[chat_of(db, ids[3])] = hold

    async def stop_when_second_pass_sends() -> None:
        second = chat_of(db, ids[4])
        while second not in console.started:
            console._changed.clear()
            await console._changed.wait()
        stopping.set()
        hold.set()

    transports: dict[Platform, Transport] = {Platform.CONSOLE: console}
    tick, _ = scheduling_jobs(
        SqlSchedulingStore(db),
        transports,
        FrozenClock(NOW),
        SchedulingPolicy(batch_size=4),
        owner="w",
        in_flight=2,
        stopping=stopping,
    )
    watcher = asyncio.create_task(stop_when_second_pass_sends())
    await tick()
    await watcher

    rows = checkins(db)
    assert all(r.sends <= 1 for r in rows)
    assert sum(r.sends for r in rows) == len(console.sent)
    # Nothing unsent is left leased: a restart or another worker takes it at once.
    unsent = [r for r in rows if r.sends == 0]
    assert unsent
    assert all(r.lease_until is None for r in unsent)
