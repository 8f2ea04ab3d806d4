"""Sends in flight together: bounded per platform, never two at once for one person, in order."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from bot.core.clock import FrozenClock
from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import CheckinState, DeliveryFailure, Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.transports.memory import MemoryTransport
from handlers.scheduling import dispatch
from handlers.tokens import ChoiceToken, decode
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import CheckinRow, DeliveryAttemptRow, PersonRow
from tests.scheduler.seed import (
    add_item,
    checkins,
    event_on,
    person_owner,
    seed_due,
    seed_world,
)

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
PEOPLE = 50
ASKS, NOTICES = 8, 2  # 50 x 10 = 500 check-ins; 5 + 3 asks and one notice: three messages each
TURNS = 5  # event-loop turns a send takes: its "round trip", on the loop, without real time


class SlowTransport(MemoryTransport):
    """A memory chat whose sends take a few loop turns; it counts what is in flight at once."""

    def __init__(self) -> None:
        super().__init__(Platform.CONSOLE)
        self.in_flight = 0
        self.high_water = 0
        self.per_chat: Counter[str] = Counter()
        self.same_chat_overlaps = 0

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        self.in_flight += 1
        self.high_water = max(self.high_water, self.in_flight)
        self.per_chat[to.chat_id] += 1
        if self.per_chat[to.chat_id] > 1:
            self.same_chat_overlaps += 1
        try:
            for _ in range(TURNS):
                await asyncio.sleep(0)
            return await super().send(to, message)
        finally:
            self.in_flight -= 1
            self.per_chat[to.chat_id] -= 1


def seed(db: Database) -> dict[str, tuple[list[int], list[int]]]:
    """PEOPLE people with ASKS asks and NOTICES notices each, all due a minute ago."""
    world = seed_world(db)
    item = add_item(db, world, "bulk", event_on(date(2025, 3, 2)), [person_owner("anna")])
    due = NOW - timedelta(minutes=1)

    def row(person: int, occurrence: date, prompt: str) -> CheckinRow:
        day = occurrence.isoformat()
        return CheckinRow(
            plan_item_id=item,
            person_id=person,
            occurrence=day,
            prompt=prompt,
            due_at=due,
            next_send_at=due,
        )

    def write(s: Session) -> dict[str, tuple[list[int], list[int]]]:
        people = [
            PersonRow(key=f"f{n:03d}", name="F", locale="sv", timezone="Europe/Stockholm")
            for n in range(PEOPLE)
        ]
        s.add_all(people)
        s.flush()
        made: dict[str, tuple[list[int], list[int]]] = {}
        for p in people:
            pid = p.id or 0
            asks = [row(pid, date(2025, 2, 20) + timedelta(days=k), "ask") for k in range(ASKS)]
            notices = [
                row(pid, date(2025, 3, 10) + timedelta(days=k), "notice-7") for k in range(NOTICES)
            ]
            s.add_all([*asks, *notices])
            s.flush()
            made[p.key] = ([r.id or 0 for r in asks], [r.id or 0 for r in notices])
        return made

    return db.run_sync(write)


def asked_ids(message: OutgoingMessage) -> list[int]:
    """The check-ins a message asks about, from its Yes/No buttons, in button order."""
    ids: list[int] = []
    for button in message.buttons:
        token = decode(button.token)
        if isinstance(token, ChoiceToken) and token.checkin_id not in ids:
            ids.append(token.checkin_id)
    return ids


async def test_500_checkins_go_out_once_with_at_most_n_in_flight_in_order(db: Database) -> None:
    made = seed(db)
    store, transport = SqlSchedulingStore(db), SlowTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: transport}
    policy = SchedulingPolicy(batch_size=1000)

    report = await dispatch(
        store, transports, FrozenClock(NOW), owner="w", policy=policy, in_flight=4
    )

    total = PEOPLE * (ASKS + NOTICES)
    assert (report.claimed, report.sent, report.messages) == (total, total, PEOPLE * 3)
    assert (report.deferred, report.failed, report.postponed) == (0, 0, 0)
    # Bounded, and the bound is used: the sends really overlapped.
    assert transport.high_water == 4
    assert transport.same_chat_overlaps == 0
    by_chat: dict[str, list[OutgoingMessage]] = {}
    for sent in transport.sent:
        by_chat.setdefault(sent.to.chat_id, []).append(sent.message)
    assert set(by_chat) == set(made)
    for key, (asks, _notices) in made.items():
        messages = by_chat[key]
        # Asks first, five to a message, in claim order (same due instant: by id), then notices.
        assert [asked_ids(m) for m in messages] == [asks[:5], asks[5:], []], key
    rows = {r.id: r for r in checkins(db)}
    for asks, notices in made.values():
        assert all(rows[i].state == CheckinState.AWAITING.value for i in asks)
        assert all(rows[i].state == CheckinState.DONE.value for i in notices)
        assert all(rows[i].sends == 1 and rows[i].lease_owner is None for i in asks + notices)
    attempts = db.run_sync(lambda s: s.exec(select(DeliveryAttemptRow.checkin_id)).all())
    assert sorted(a for a in attempts if a is not None) == sorted(
        i for asks, notices in made.values() for i in asks + notices
    )


async def test_one_in_flight_sends_one_at_a_time(db: Database) -> None:
    seed(db)
    store, transport = SqlSchedulingStore(db), SlowTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: transport}
    policy = SchedulingPolicy(batch_size=1000)

    report = await dispatch(
        store, transports, FrozenClock(NOW), owner="w", policy=policy, in_flight=1
    )

    assert report.messages == PEOPLE * 3
    assert transport.high_water == 1


async def test_overlapping_failures_are_counted_as_postponed_or_failed(db: Database) -> None:
    ids = seed_due(db, 20, NOW - timedelta(minutes=1))
    store, transport = SqlSchedulingStore(db), SlowTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: transport}
    slow_down = DeliveryError(DeliveryFailure.RATE_LIMITED, "429", retry_after=30)
    transport.failures = [
        *[slow_down] * 3,
        *[DeliveryError(DeliveryFailure.TRANSIENT, "502")] * 2,
        DeliveryError(DeliveryFailure.UNREACHABLE, "403"),
    ]

    report = await dispatch(store, transports, FrozenClock(NOW), owner="w", in_flight=4)

    # Six attempts failed, whoever they were for: three slowed down, three failed (one for good).
    assert (report.sent, report.postponed, report.failed, report.unreachable) == (14, 3, 3, 1)
    assert len(transport.sent) == 14
    rows = [r for r in checkins(db) if r.id in ids]
    assert all(r.lease_owner is None for r in rows)
    assert sum(r.state == CheckinState.UNREACHABLE.value for r in rows) == 1
    assert sum(r.sends == 1 for r in rows) == 14
