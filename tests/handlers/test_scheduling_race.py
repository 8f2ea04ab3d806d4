"""A steward's tap racing the dispatcher: a record of a send never undoes a newer answer."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from bot.core.clock import FrozenClock
from bot.core.messages import ChatAddress, ChoiceSelected, MessageRef, OutgoingMessage, Sender
from bot.core.model import Choice, Platform
from bot.core.ports import Transport
from bot.core.scheduling import ClaimedBatch
from bot.transports.memory import MemoryTransport
from handlers.router import Router
from handlers.scheduling import dispatch, materialise
from handlers.tokens import ChoiceToken, decode
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import ChatIdentityRow, CheckinRow, DeliveryAttemptRow, PersonRow
from tests.scheduler.seed import (
    add_identity,
    add_item,
    checkins,
    event_on,
    person_owner,
    seed_world,
)

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
YESTERDAY = date(2025, 3, 2)


def yes_token(message: OutgoingMessage) -> str:
    """The Yes button of the message's first item."""
    for button in message.buttons:
        token = decode(button.token)
        if isinstance(token, ChoiceToken) and token.choice is Choice.YES:
            return button.token
    raise AssertionError("no Yes button")


class TappingTransport(MemoryTransport):
    """Delivers, and the steward taps Yes at once: before the dispatcher records the send."""

    def __init__(self, router: Router) -> None:
        super().__init__(Platform.TELEGRAM)
        self.router = router
        self.answers: list[str] = []
        self._events = itertools.count(1)

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        ref = await super().send(to, message)
        sender = Sender(Platform.TELEGRAM, user_id=to.user_id or "", chat_id=to.chat_id)
        event = ChoiceSelected(sender, yes_token(message), f"tap-{next(self._events)}", ref)
        effects = await self.router.handle(event)
        self.answers.append(" ".join(type(e).__name__ for e in effects))
        return ref


def router_for(db: Database, clock: FrozenClock) -> Router:
    return Router(SqlConversationStore(db), clock, default_locale="sv")


async def pass_(
    store: SqlSchedulingStore, clock: FrozenClock, transport: Transport, owner: str = "w1"
) -> int:
    mapping: dict[Platform, Transport] = {transport.platform: transport}
    report = await dispatch(store, mapping, clock, owner=owner)
    return report.sent


async def one_steward(db: Database, clock: FrozenClock) -> SqlSchedulingStore:
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(YESTERDAY), [person_owner("anna")])
    add_identity(db, world.people["anna"], Platform.TELEGRAM, "111")
    store = SqlSchedulingStore(db)
    await materialise(store, clock, 30)
    return store


async def test_a_tap_between_send_and_record_stays_answered(
    db: Database, clock: FrozenClock
) -> None:
    store = await one_steward(db, clock)
    transport = TappingTransport(router_for(db, clock))
    assert await pass_(store, clock, transport) == 1
    [row] = checkins(db)
    # The answer stands; the delivery is still on record (message reference, attempt).
    assert (row.state, row.next_send_at, row.followups_sent) == ("answered", None, 0)
    assert (row.message_id, row.sends, row.lease_owner, row.lease_until) == ("1", 1, None, None)
    attempts = db.run_sync(lambda s: list(s.exec(select(DeliveryAttemptRow))))
    assert [(a.checkin_id, a.outcome) for a in attempts] == [(row.id, "ok")]
    # No follow-up three days later, and nothing closes it as "no answer" after give-up.
    for days in (3, 7, 15, 30):
        clock.set(NOW + timedelta(days=days))
        assert await pass_(store, clock, transport) == 0
    assert [r.state for r in checkins(db)] == ["answered"]
    assert len(transport.sent) == 1


class TapAfterClaim(SqlSchedulingStore):
    """A store whose claim is followed at once by the steward's tap on an earlier message."""

    def __init__(self, db: Database, router: Router, tokens: dict[int, str]) -> None:
        super().__init__(db)
        self.router, self.tokens = router, tokens

    async def claim_batch(self, **kwargs: Any) -> ClaimedBatch:
        batch = await super().claim_batch(**kwargs)
        for row in batch.due:
            sender = Sender(Platform.TELEGRAM, user_id="111", chat_id="dm-111")
            await self.router.handle(ChoiceSelected(sender, self.tokens[row.id], f"late-{row.id}"))
        return batch


async def test_a_tap_after_the_claim_is_not_closed_as_no_answer(
    db: Database, clock: FrozenClock
) -> None:
    store = await one_steward(db, clock)
    quiet = MemoryTransport(Platform.TELEGRAM)
    await pass_(store, clock, quiet)
    [(_to, message)] = quiet.sent
    [row] = checkins(db)
    assert row.id is not None
    racing = TapAfterClaim(db, router_for(db, clock), {row.id: yes_token(message)})
    clock.set(NOW + timedelta(days=30))  # past give-up: the claim sees an awaiting row to close
    await pass_(racing, clock, quiet)
    [after] = checkins(db)
    assert (after.state, after.next_send_at, after.lease_owner) == ("answered", None, None)


class StallingTransport(MemoryTransport):
    """Worker 1's platform: so slow that its lease runs out and worker 2 takes the row over."""

    def __init__(self, store: SqlSchedulingStore, clock: FrozenClock, other: Transport) -> None:
        super().__init__(Platform.TELEGRAM)
        self.store, self.clock, self.other = store, clock, other

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        ref = await super().send(to, message)
        self.clock.advance(timedelta(minutes=5))
        assert await pass_(self.store, self.clock, self.other, owner="w2") == 1
        return ref


async def test_a_record_after_the_lease_ran_out_keeps_the_newer_answer(
    db: Database, clock: FrozenClock
) -> None:
    store = await one_steward(db, clock)
    # Worker 2 sends while worker 1 stalls, and the steward answers worker 2's message.
    worker2 = TappingTransport(router_for(db, clock))
    await pass_(store, clock, StallingTransport(store, clock, worker2), owner="w1")
    [row] = checkins(db)
    assert (row.state, row.next_send_at, row.lease_owner) == ("answered", None, None)
    assert row.sends == 2


STEWARDS = 300


def seed_stewards(db: Database, count: int, due_at: datetime) -> None:
    """`count` stewards on Telegram, each with one ask due at `due_at`."""
    world = seed_world(db)
    item = add_item(db, world, "8.1", event_on(YESTERDAY), [person_owner("anna")])

    def write(s: Session) -> None:
        people = [
            PersonRow(key=f"s{n:03d}", name="S", locale="sv", timezone="Europe/Stockholm")
            for n in range(count)
        ]
        s.add_all(people)
        s.flush()
        for n, p in enumerate(people):
            assert p.id is not None
            s.add(
                ChatIdentityRow(
                    person_id=p.id, platform="telegram", user_id=f"u{n}", chat_id=f"dm-u{n}"
                )
            )
            s.add(
                CheckinRow(
                    plan_item_id=item,
                    person_id=p.id,
                    occurrence="2025-03-02",
                    prompt="ask",
                    due_at=due_at,
                    next_send_at=due_at,
                )
            )

    db.run_sync(write)


async def test_three_hundred_stewards_tapping_at_once_all_stay_answered(
    db: Database, clock: FrozenClock
) -> None:
    seed_stewards(db, STEWARDS, NOW)
    store = SqlSchedulingStore(db)
    transport = TappingTransport(router_for(db, clock))
    sent = 0
    while (n := await pass_(store, clock, transport)) > 0:
        sent += n
    assert sent == STEWARDS
    assert len(transport.answers) == STEWARDS
    # Follow-up days, give-up and well beyond: nothing more is sent and nothing is closed.
    for days in (3, 4, 7, 14, 15, 30):
        clock.set(NOW + timedelta(days=days))
        assert await pass_(store, clock, transport) == 0
    rows = checkins(db)
    states = {r.state for r in rows}
    assert states == {"answered"}, states
    assert [r for r in rows if r.followups_sent or r.next_send_at is not None] == []
    assert len(transport.sent) == STEWARDS
