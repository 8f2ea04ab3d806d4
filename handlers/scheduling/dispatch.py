"""Dispatch: claim due check-ins, send one message per person and kind, record outcomes."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, replace
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


async def dispatch(
    store: SchedulingStore,
    transports: Mapping[Platform, Transport],
    clock: Clock,
    *,
    owner: str,
    only_person_ids: frozenset[int] | None = None,
    policy: SchedulingPolicy | None = None,
    in_flight: int = IN_FLIGHT,
) -> DispatchReport:
    """Claim due check-ins, send each person one message per kind, and record the outcome.

    People are served by workers that overlap their sends, at most `in_flight` sends at once
    per platform (1: one at a time in all); one person's messages still go one by one, in order.
    """
    if in_flight < 1:
        raise ValueError("in_flight must be at least one")
    policy = policy or SchedulingPolicy()
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
    )
    due, destinations, counts = batch.due, batch.destinations, batch.counts
    report.claimed = len(due)
    by_person: dict[int, list[DueCheckin]] = {}
    for row in await _close_stale(store, due, now, policy, report):
        by_person.setdefault(row.person_id, []).append(row)
    if not by_person:
        return report
    sender = _Sender(store, transports, policy, report, now, in_flight=in_flight)
    # Stop sending well before the lease runs out, so another worker never takes over a row
    # that this one is still about to send.
    stop_at = now + timedelta(seconds=policy.lease_seconds * 3 / 4)
    people = iter(list(by_person.items()))
    late: list[Claim] = []

    async def serve() -> None:
        # Each worker takes the next person in claim order; the shared iterator hands every
        # person to exactly one worker, so a person never has two messages in flight.
        for person_id, rows in people:
            if clock.now() >= stop_at:
                late.extend(r.claim for r in rows)
                continue
            await sender.deliver(rows, destinations.get(person_id), counts.get(person_id))

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
        "postponed %d, failed %d",
        owner,
        report.claimed,
        report.sent,
        report.messages,
        report.missed,
        report.deferred,
        report.postponed,
        report.failed,
    )
    return report


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
    ) -> None:
        self.store, self.transports, self.policy = store, transports, policy
        self.report, self.now = report, now
        self._messages = 0
        self._pending: list[SentMessage] = []
        self._pending_since = 0.0  # time.monotonic() of the first unrecorded send
        self._slots = {platform: asyncio.Semaphore(in_flight) for platform in transports}
        # Writes stay one at a time, as before the sends overlapped: the database sees one
        # writer per dispatcher, and no write transaction ever waits on the network.
        self._writes = asyncio.Lock()

    async def reschedule(self, claims: list[Claim], at: datetime, reason: str) -> None:
        """Release and move these rows, after any other write of this pass has finished."""
        async with self._writes:
            await self.store.reschedule(claims, at, reason)

    async def deliver(
        self, rows: list[DueCheckin], dest: Destination | None, counts: SendCounts | None
    ) -> None:
        ids = [r.claim for r in rows]
        if dest is None or dest.address.platform not in self.transports:
            await self.reschedule(ids, self.now + NO_ADDRESS_RETRY, "no_address")
            self.report.deferred += len(rows)
            return
        quiet_until = after_quiet_hours(self.now, rows[0].timezone, self.policy, rows[0])
        if quiet_until is not None:
            await self.reschedule(ids, quiet_until, "quiet_hours")
            self.report.deferred += len(rows)
            return
        used = counts or SendCounts(0, 0)
        budget = min(self.policy.max_per_day - used.day, self.policy.max_per_week - used.week)
        for group in _message_groups(rows):
            if budget <= 0:
                work = calendar_for(group[0], self.now)
                later = next_sending_day(self.now, group[0].timezone, self.policy, work)
                await self.reschedule([r.claim for r in group], later, "noise_budget")
                self.report.deferred += len(group)
                continue
            budget -= 1
            await self._send(group, dest)

    async def _send(self, group: list[DueCheckin], dest: Destination) -> None:
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
            await self._failed(group, dest, attempt, exc)
            return
        except Exception:
            log.exception("dispatch: unexpected error sending to person %s", person_id)
            await self._failed(group, dest, attempt, DeliveryError(DeliveryFailure.TRANSIENT))
            return
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

    async def flush(self) -> None:
        """Record the sent messages not yet written (a crash before this resends them)."""
        async with self._writes:
            if self._pending:
                pending, self._pending = self._pending, []
                await self.store.record_sent(pending)

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
    return compose_reminder(tr, items, followup=followup)
