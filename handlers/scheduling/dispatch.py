"""Dispatch: claim due check-ins, send one message per person and kind, record outcomes."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from bot.core.errors import DeliveryError
from bot.core.i18n import translator
from bot.core.messages import OutgoingMessage
from bot.core.model import (
    CheckinState,
    DeliveryFailure,
    Platform,
)
from bot.core.ports import Clock, Transport
from bot.core.scheduling import (
    Attempt,
    Claim,
    ClaimKey,
    Destination,
    DueCheckin,
    SchedulingPolicy,
    SchedulingStore,
    SendCounts,
    SentMessage,
    SentOutcome,
)
from bot.core.timeplan import (
    local_date,
    notice_days,
)
from handlers.followups import (
    DEFAULT_RETRY_AFTER,
    NO_ADDRESS_RETRY,
    after_quiet_hours,
    backoff,
    calendar_for,
    give_up_at,
    next_after_send,
    next_sending_day,
)
from handlers.reminders import (
    NoticeItem,
    ReminderItem,
    compose_notice,
    compose_reminder,
    weekly_schedule,
)

log = logging.getLogger(__name__)
# Sent messages are recorded in groups: one transaction (one commit, which the database
# must make durable) for many messages. A group is written when it has RECORD_EVERY
# messages or when its first message went out RECORD_WITHIN seconds ago, whichever comes
# first, and at the end of the pass. A crash between a send and its record resends at most
# that group and the sends in flight: against a platform's 30/s about a second's worth,
# against a fast sink one batch's.
RECORD_EVERY = 200
RECORD_WITHIN = 1.0
# At most this many items in one gathered message (four buttons each stay readable).
MAX_ITEMS_PER_MESSAGE = 5
# Sends in flight together per platform. At one send at a time a round trip of 100 ms caps a
# wave at 10 messages/s; eight overlapping sends fill Telegram's 30/s up to ~250 ms per call.
IN_FLIGHT = 8
# A send the platform (or the transport's pacing) asks to wait for a moment waits in the
# pass's queue, holding no worker, while other people's messages go out; at most this long
# and this many times per message, else it is postponed to a later pass as before.
IN_PASS_MAX_WAIT = 10.0
IN_PASS_RETRIES = 5
# Within a drain the next pass starts (claims) once this pass has this few people left to
# start: about a second of sends at Telegram's rate, more than a claim took in a wave on a
# loaded machine (0.15-0.64 s), so the sends in flight never run out between passes.
RELAY_AHEAD = 30


@dataclass
class DispatchReport:
    """What one dispatch pass did, in check-ins (messages counts gathered sends once)."""

    claimed: int = 0
    sent: int = 0
    messages: int = 0
    missed: int = 0
    no_answer: int = 0
    deferred: int = 0
    failed: int = 0
    postponed: int = 0  # the platform asked to slow down: sent on a later pass, not failed
    unreachable: int = 0
    # Claimed rows of people the pass before this one may still be sending to (see Relay):
    # released as they were, for the next drain.
    handed_back: int = 0
    # The claim order's key of the last row this pass claimed: the drain's next pass starts
    # after it (see ClaimKey). None when the pass claimed nothing.
    last_key: ClaimKey | None = None


@dataclass
class Relay:
    """How one pass of a drain hands over to the next, so that the two overlap.

    The next pass claims and starts sending while this one's last messages are still on
    their way, instead of after them: between passes that ran one after the other the
    platform's budget went unused for the last round trips and the next claim (about 0.2 s
    a pass of 500 at 80 ms a call, 1 % of a wave).

    Given to the pass: `after`, where its claim resumes; `held`, the people of the pass
    before it, who may still have a message on its way or not yet recorded: rows of theirs
    that this pass claims are handed back as they were (the next drain sends them), so a
    person's messages never overlap and their noise budget is always read after what they
    were sent; and `slots`, the sends in flight per platform, shared by the overlapping
    passes. Set by the pass: `report` once it has claimed, `people` it sends to, and
    `tail` once no more than RELAY_AHEAD of them are left to start (or the pass ended).
    """

    after: ClaimKey | None = None
    held: frozenset[int] = frozenset()
    slots: dict[Platform, asyncio.Semaphore] = field(default_factory=dict)
    report: DispatchReport | None = None
    people: frozenset[int] = frozenset()
    tail: asyncio.Event = field(default_factory=asyncio.Event)


async def dispatch(
    store: SchedulingStore,
    transports: Mapping[Platform, Transport],
    clock: Clock,
    *,
    owner: str,
    only_person_ids: frozenset[int] | None = None,
    policy: SchedulingPolicy | None = None,
    in_flight: int = IN_FLIGHT,
    stopping: asyncio.Event | None = None,
    after: ClaimKey | None = None,
    relay: Relay | None = None,
) -> DispatchReport:
    """Claim due check-ins, send each person one message per kind, and record the outcome.

    With `after` (the previous pass's `last_key`, within one drain) only rows past that key
    in claim order are claimed. With a `relay` the next pass of the drain may start before
    this one has ended (see Relay).

    Once `stopping` is set (the service is stopping) the sends in flight finish and the
    people not yet served are handed back at once, their leases released.

    People are served by workers that overlap their sends, at most `in_flight` sends at once
    per platform (1: one at a time in all); one person's messages still go one by one, in order.
    """
    if in_flight < 1:
        raise ValueError("in_flight must be at least one")
    try:
        return await _dispatch(
            store,
            transports,
            clock,
            owner=owner,
            only_person_ids=only_person_ids,
            policy=policy or SchedulingPolicy(),
            in_flight=in_flight,
            stopping=stopping,
            after=after,
            relay=relay,
        )
    finally:
        if relay is not None:
            relay.tail.set()


async def _dispatch(
    store: SchedulingStore,
    transports: Mapping[Platform, Transport],
    clock: Clock,
    *,
    owner: str,
    only_person_ids: frozenset[int] | None,
    policy: SchedulingPolicy,
    in_flight: int,
    stopping: asyncio.Event | None,
    after: ClaimKey | None,
    relay: Relay | None,
) -> DispatchReport:
    now = clock.now()
    report = DispatchReport()
    if not transports:
        return report
    # One transaction claims the batch and reads where each person is reached and how many
    # messages they were sent lately: a pass waits for one round of the database, not three.
    batch = await store.claim_batch(
        now=now,
        owner=owner,
        lease_until=now + timedelta(seconds=policy.lease_seconds),
        limit=policy.batch_size,
        platforms=tuple(transports),
        only_person_ids=only_person_ids,
        day_since=now - timedelta(days=1),
        week_since=now - timedelta(days=7),
        after=after,
    )
    due, destinations, counts = batch.due, batch.destinations, batch.counts
    report.claimed = len(due)
    report.last_key = max((r.key for r in due), default=None)
    if relay is not None:
        relay.report = report
        held = [r for r in due if r.person_id in relay.held]
        if held:
            await _hand_back(store, held)
            report.handed_back = len(held)
            due = [r for r in due if r.person_id not in relay.held]
        relay.people = frozenset(r.person_id for r in due)
    by_person: dict[int, list[DueCheckin]] = {}
    for row in await _close_stale(store, due, now, policy, report):
        by_person.setdefault(row.person_id, []).append(row)
    if not by_person:
        return report
    slots = relay.slots if relay is not None else {}
    sender = _Sender(store, transports, policy, report, now, in_flight=in_flight, slots=slots)
    # Stop sending well before the lease runs out, so another worker never takes over a row
    # that this one is still about to send.
    stop_at = now + timedelta(seconds=policy.lease_seconds * 3 / 4)
    queue = _Queue(_people_in_order(by_person), stop_at, clock)
    if relay is not None:
        queue.when_few_left(RELAY_AHEAD, relay.tail.set)
    late: list[Claim] = []

    async def serve() -> None:
        # Each worker takes the next ready message: a person's later message (or one the
        # platform asked to wait a moment) once its time has come, else the next person. A
        # person's next message is queued only after their last send returned, so a person
        # never has two messages in flight and their messages keep their order.
        while (item := await queue.next()) is not None:
            if clock.now() >= stop_at or (stopping is not None and stopping.is_set()):
                late.extend(item.claims() if isinstance(item, _Job) else [r.claim for r in item])
                continue
            job = item if isinstance(item, _Job) else await _prepare(item)
            if job is None:
                continue
            wait = await sender.send_next(job, queue.may_wait)
            if job.groups:
                queue.later(job, wait)

    async def _prepare(rows: list[DueCheckin]) -> _Job | None:
        person_id = rows[0].person_id
        return await sender.prepare(rows, destinations.get(person_id), counts.get(person_id))

    try:
        # Enough workers to fill every platform's bound; a bound of one keeps the old way,
        # one send at a time over all platforms together.
        workers = 1 if in_flight == 1 else in_flight * len(transports)
        await _all_or_none([serve for _ in range(min(len(by_person), workers))])
        if late:
            await sender.reschedule(late, now, "lease_ending")
            report.deferred += len(late)
    finally:
        await sender.flush()
    log.info(
        "dispatch %s: claimed %d, sent %d in %d messages, missed %d, deferred %d, "
        "postponed %d, failed %d, handed back %d",
        owner,
        report.claimed,
        report.sent,
        report.messages,
        report.missed,
        report.deferred,
        report.postponed,
        report.failed,
        report.handed_back,
    )
    return report


async def _hand_back(store: SchedulingStore, rows: Sequence[DueCheckin]) -> None:
    """Release claimed rows unchanged: due when they were, for the next claim to take."""
    by_time: dict[datetime, list[Claim]] = {}
    for row in rows:
        by_time.setdefault(row.next_send_at, []).append(row.claim)
    for at, claims in by_time.items():
        await store.reschedule(claims, at, None)


async def _all_or_none(workers: Sequence[Callable[[], Coroutine[Any, Any, None]]]) -> None:
    """Run the workers together; on the first error cancel the rest and raise that error."""
    tasks = [asyncio.create_task(work()) for work in workers]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def _close_stale(
    store: SchedulingStore,
    due: Sequence[DueCheckin],
    now: datetime,
    policy: SchedulingPolicy,
    report: DispatchReport,
) -> list[DueCheckin]:
    """Never-sent rows older than the catch-up window are missed; finished ladders give up."""
    oldest = now - timedelta(hours=policy.catch_up_hours)
    missed = [r.claim for r in due if r.sends == 0 and r.next_send_at < oldest]
    given_up = [
        r.claim
        for r in due
        if r.state is CheckinState.AWAITING
        and r.last_sent_at is not None
        and now >= give_up_at(r, r.last_sent_at)
    ]
    if missed:
        await store.close(missed, CheckinState.MISSED)
    if given_up:
        await store.close(given_up, CheckinState.NO_ANSWER)
    report.missed += len(missed)
    report.no_answer += len(given_up)
    closed = {c.checkin_id for c in (*missed, *given_up)}
    return [r for r in due if r.id not in closed]


class _Sender:
    """Sends one person's due check-ins within their noise budget."""

    def __init__(
        self,
        store: SchedulingStore,
        transports: Mapping[Platform, Transport],
        policy: SchedulingPolicy,
        report: DispatchReport,
        now: datetime,
        *,
        in_flight: int = 1,
        slots: dict[Platform, asyncio.Semaphore] | None = None,
    ) -> None:
        self.store, self.transports, self.policy = store, transports, policy
        self.report, self.now = report, now
        self._messages = 0
        self._pending: list[SentMessage] = []
        self._pending_since = 0.0  # time.monotonic() of the first unrecorded send
        # Per platform; the passes of a drain that overlap share them (see Relay).
        self._slots = slots if slots is not None else {}
        for platform in transports:
            self._slots.setdefault(platform, asyncio.Semaphore(in_flight))
        # Writes stay one at a time, as before the sends overlapped: the database sees one
        # writer per dispatcher, and no write transaction ever waits on the network.
        self._writes = asyncio.Lock()

    async def reschedule(self, claims: list[Claim], at: datetime, reason: str) -> None:
        """Release and move these rows, after any other write of this pass has finished."""
        async with self._writes:
            await self.store.reschedule(claims, at, reason)

    async def prepare(
        self, rows: list[DueCheckin], dest: Destination | None, counts: SendCounts | None
    ) -> _Job | None:
        """A person's messages to send in this pass; the rest are moved to a later time."""
        ids = [r.claim for r in rows]
        if dest is None or dest.address.platform not in self.transports:
            await self.reschedule(ids, self.now + NO_ADDRESS_RETRY, "no_address")
            self.report.deferred += len(rows)
            return None
        quiet_until = after_quiet_hours(self.now, rows[0].timezone, self.policy, rows[0])
        if quiet_until is not None:
            await self.reschedule(ids, quiet_until, "quiet_hours")
            self.report.deferred += len(rows)
            return None
        used = counts or SendCounts(0, 0)
        budget = min(self.policy.max_per_day - used.day, self.policy.max_per_week - used.week)
        groups = _message_groups(rows)
        for group in groups[max(budget, 0) :]:
            work = calendar_for(group[0], self.now)
            later = next_sending_day(self.now, group[0].timezone, self.policy, work)
            await self.reschedule([r.claim for r in group], later, "noise_budget")
            self.report.deferred += len(group)
        sendable = groups[: max(budget, 0)]
        return _Job(dest, deque(sendable)) if sendable else None

    async def send_next(self, job: _Job, may_wait: Callable[[float], bool]) -> float:
        """Send the job's next message; returns how long to wait before its next one.

        A send the platform asks to wait for a moment (`may_wait` says whether the pass
        can) stays first in the job, to be tried again after that wait, unrecorded.
        """
        group = job.groups[0]
        retry = may_wait if job.retries < IN_PASS_RETRIES else None
        wait = await self._send(group, job.dest, retry)
        if wait is not None:
            job.retries += 1
            return wait
        job.groups.popleft()
        job.retries = 0
        return 0.0

    async def _send(
        self,
        group: list[DueCheckin],
        dest: Destination,
        may_wait: Callable[[float], bool] | None = None,
    ) -> float | None:
        """Send and record one message; a wait in seconds when it is to be tried again."""
        # A gathered message's attempt rows share one instant, distinct from other messages',
        # so the noise budget can count messages rather than check-ins.
        self._messages += 1
        at = self.now + timedelta(microseconds=self._messages)
        person_id, platform = group[0].person_id, dest.address.platform
        attempt = Attempt(person_id, tuple(r.id for r in group), platform, at, "ok")
        message = render(group, at)
        try:
            async with self._slots[platform]:
                ref = await self.transports[platform].send(dest.address, message)
        except DeliveryError as exc:
            wait = exc.retry_after
            if (
                exc.failure is DeliveryFailure.RATE_LIMITED
                and wait is not None
                and wait <= IN_PASS_MAX_WAIT
                and may_wait is not None
                and may_wait(wait)
            ):
                return wait  # nothing was sent: try again in this pass, after the wait
            await self._failed(group, dest, attempt, exc)
            return None
        except Exception:
            log.exception("dispatch: unexpected error sending to person %s", person_id)
            await self._failed(group, dest, attempt, DeliveryError(DeliveryFailure.TRANSIENT))
            return None
        outcomes = tuple(_sent_outcome(r, at, self.policy) for r in group)
        if not self._pending:
            self._pending_since = time.monotonic()
        self._pending.append(SentMessage(attempt, ref, outcomes))
        if (
            len(self._pending) >= RECORD_EVERY
            or time.monotonic() - self._pending_since >= RECORD_WITHIN
        ):
            await self.flush()
        self.report.sent += len(group)
        self.report.messages += 1
        return None

    async def flush(self) -> None:
        """Record the sent messages not yet written (a crash before this resends them).

        A pass cancelled at a stop still waits for a record already under way: the stop
        gives the leases back next, and a record written after that would find its claims
        gone, leaving sent messages due for the next worker to send again.
        """
        async with self._writes:
            if self._pending:
                pending, self._pending = self._pending, []
                write = asyncio.ensure_future(self.store.record_sent(pending))
                try:
                    await asyncio.shield(write)
                except asyncio.CancelledError:
                    await asyncio.wait({write})
                    raise

    async def _failed(
        self, group: list[DueCheckin], dest: Destination, attempt: Attempt, exc: DeliveryError
    ) -> None:
        at = attempt.at
        failed = replace(
            attempt, outcome=exc.failure.value, code=exc.code or None, retry_after=exc.retry_after
        )
        next_send_at: datetime | None = None
        state: CheckinState | None = None
        identity: int | None = None
        if exc.failure is DeliveryFailure.RATE_LIMITED:
            wait = timedelta(seconds=exc.retry_after) if exc.retry_after else DEFAULT_RETRY_AFTER
            next_send_at = at + wait
        elif exc.failure is DeliveryFailure.TRANSIENT:
            next_send_at = at + backoff(max(r.failures for r in group))
        else:
            state = CheckinState.UNREACHABLE
            if exc.failure is DeliveryFailure.UNREACHABLE:
                identity = dest.identity_id
        claims = [r.claim for r in group]
        async with self._writes:
            await self.store.record_failure(failed, claims, next_send_at, state, identity)
        if exc.failure is DeliveryFailure.RATE_LIMITED:
            self.report.postponed += len(group)
            return
        self.report.failed += len(group)
        if state is not None:
            self.report.unreachable += len(group)


@dataclass
class _Job:
    """One person's messages still to send in this pass, in order."""

    dest: Destination
    groups: deque[list[DueCheckin]]
    retries: int = 0  # in-pass waits of the first message so far

    def claims(self) -> list[Claim]:
        return [r.claim for group in self.groups for r in group]


class _Queue:
    """The pass's work: people not yet started, and messages waiting for their moment."""

    def __init__(self, people: list[list[DueCheckin]], stop_at: datetime, clock: Clock) -> None:
        self._people = deque(people)
        self._waiting: list[tuple[float, int, _Job]] = []
        self._order = itertools.count()
        self._stop_at, self._clock = stop_at, clock
        self._few = -1
        self._on_few: Callable[[], None] | None = None  # see when_few_left

    def when_few_left(self, few: int, then: Callable[[], None]) -> None:
        """Call `then` once no more than `few` people are left to start."""
        self._few, self._on_few = few, then
        self._check_few()

    def _check_few(self) -> None:
        if self._on_few is not None and len(self._people) <= self._few:
            then, self._on_few = self._on_few, None
            then()

    def may_wait(self, seconds: float) -> bool:
        """Whether a message can still wait this long and go out within this pass."""
        return self._clock.now() + timedelta(seconds=seconds) < self._stop_at

    def later(self, job: _Job, seconds: float) -> None:
        heapq.heappush(self._waiting, (time.monotonic() + seconds, next(self._order), job))

    async def next(self) -> _Job | list[DueCheckin] | None:
        """A waiting message whose moment has come, else the next person; None when done."""
        while True:
            if self._waiting and self._waiting[0][0] <= time.monotonic():
                return heapq.heappop(self._waiting)[2]
            if self._people:
                rows = self._people.popleft()
                self._check_few()
                return rows
            if not self._waiting:
                return None
            await asyncio.sleep(max(self._waiting[0][0] - time.monotonic(), 0.0))


def _people_in_order(by_person: Mapping[int, list[DueCheckin]]) -> list[list[DueCheckin]]:
    """Claim order, but people owed more than one message first: their later messages,
    which wait for the platform's pace per chat, then go out amid the others' instead of
    leaving the end of the pass waiting."""
    people = list(by_person.values())
    return sorted(people, key=lambda rows: len(_message_groups(rows)) == 1)


def _message_groups(rows: Sequence[DueCheckin]) -> list[list[DueCheckin]]:
    """Report requests (first sends, snoozed and follow-ups) in one message, notices in another."""
    asks = [r for r in rows if notice_days(r.prompt) is None]
    notices = [r for r in rows if notice_days(r.prompt) is not None]
    return [
        kind[start : start + MAX_ITEMS_PER_MESSAGE]
        for kind in (asks, notices)
        for start in range(0, len(kind), MAX_ITEMS_PER_MESSAGE)
    ]


def _sent_outcome(row: DueCheckin, at: datetime, policy: SchedulingPolicy) -> SentOutcome:
    if notice_days(row.prompt) is not None:
        return SentOutcome(row.id, CheckinState.DONE, None, followup=False, claim=row.claim)
    followup = row.state is CheckinState.AWAITING
    next_at = next_after_send(row, at, followup, policy)
    return SentOutcome(row.id, CheckinState.AWAITING, next_at, followup, row.claim)


def _start_end(row: DueCheckin) -> tuple[date, date]:
    start = date.fromisoformat(row.occurrence)
    return start, row.occurrence_end or start


def render(group: Sequence[DueCheckin], at: datetime) -> OutgoingMessage:
    """One person's message for a group of their check-ins, in their language."""
    tr = translator(group[0].locale)
    if notice_days(group[0].prompt) is not None:
        notices = [
            NoticeItem(r.item_title, r.area_title, *_start_end(r), weekly=weekly_schedule(r.spec))
            for r in group
        ]
        return compose_notice(tr, notices)
    items = [
        ReminderItem(
            r.id,
            r.item_title,
            r.area_title,
            *_start_end(r),
            weekly=weekly_schedule(r.spec),
            report_by=local_date(r.first_sent_at or at, r.timezone)
            + timedelta(days=r.followups.give_up_after_days),
        )
        for r in group
    ]
    followup = all(r.state is CheckinState.AWAITING for r in group)
    after_away = any(r.after_away for r in group)
    return compose_reminder(tr, items, followup=followup, after_away=after_away)
