"""Dispatch: claims, addresses, failures, catch-up, the follow-up ladder and the noise budget."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.core.clock import FrozenClock
from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import CheckinState, DeliveryFailure, Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from handlers.followups import backoff
from handlers.scheduling import DispatchReport, dispatch, materialise
from handlers.tokens import ChoiceToken, decode
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import ChatIdentityRow, CheckinRow, DeliveryAttemptRow
from tests.scheduler.seed import (
    RecordingTransport,
    World,
    add_identity,
    add_item,
    checkins,
    event_on,
    person_owner,
    seed_world,
)

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
YESTERDAY = date(2025, 3, 2)  # an event the day before: its ask is due now


def ids_in(message: OutgoingMessage) -> set[int]:
    found = set()
    for button in message.buttons:
        token = decode(button.token)
        assert isinstance(token, ChoiceToken)
        found.add(token.checkin_id)
    return found


async def prepared(
    db: Database, clock: FrozenClock, *people: str
) -> tuple[World, SqlSchedulingStore]:
    world = seed_world(db)
    for n, person in enumerate(people or ("anna",)):
        add_item(db, world, f"8.{n}", event_on(YESTERDAY), [person_owner(person)])
    store = SqlSchedulingStore(db)
    await materialise(store, clock, 30)
    return world, store


async def run(
    store: SqlSchedulingStore,
    clock: FrozenClock,
    *transports: RecordingTransport,
    policy: SchedulingPolicy | None = None,
) -> DispatchReport:
    mapping: dict[Platform, Transport] = {t.platform: t for t in transports}
    return await dispatch(store, mapping, clock, owner="test", policy=policy)


async def test_a_due_ask_is_sent_once_and_then_awaits_an_answer(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock)
    console = RecordingTransport()
    report = await run(store, clock, console)
    again = await run(store, clock, console)
    [row] = checkins(db)
    [(address, message)] = console.sent
    assert (address.platform, address.chat_id) == (Platform.CONSOLE, "anna")
    assert ids_in(message) == {row.id}
    assert [b.label for b in message.buttons] == ["Ja", "Nej", "Senare", "Inte aktuellt"]
    assert message.title == "Dags att rapportera"
    assert "Punkt 8.0" in message.text
    assert "Rapportera senast måndag 17 mars." in message.text
    assert (row.state, row.sends, row.message_id, row.lease_owner) == ("awaiting", 1, "1", None)
    # The first rung of the ladder: three days later at the same local time.
    assert row.next_send_at == datetime(2025, 3, 6, 8, tzinfo=UTC)
    assert report.sent == 1
    assert again.claimed == 0


async def test_the_most_recently_linked_identity_on_an_offered_platform_is_used(
    db: Database, clock: FrozenClock
) -> None:
    world, store = await prepared(db, clock, "anna", "bo")
    anna = world.people["anna"]
    add_identity(db, anna, Platform.TELEGRAM, "111", datetime(2025, 1, 1, tzinfo=UTC))
    add_identity(db, anna, Platform.SLACK, "U1", datetime(2025, 2, 1, tzinfo=UTC))
    telegram, console = RecordingTransport(Platform.TELEGRAM), RecordingTransport()
    await run(store, clock, telegram, console)
    assert [a.chat_id for a, _ in telegram.sent] == ["dm-111"]
    assert [a.chat_id for a, _ in console.sent] == ["bo"]
    assert {r.state for r in checkins(db)} == {"awaiting"}


async def test_people_without_an_address_are_not_claimed_until_one_appears(
    db: Database, clock: FrozenClock
) -> None:
    world, store = await prepared(db, clock)
    slack = RecordingTransport(Platform.SLACK)
    first = await run(store, clock, slack)
    assert first.claimed == 0
    assert [(r.state, r.lease_owner) for r in checkins(db)] == [("scheduled", None)]
    add_identity(db, world.people["anna"], Platform.SLACK, "U9")
    await run(store, clock, slack)
    assert [a.user_id for a, _ in slack.sent] == ["U9"]


async def test_only_person_ids_limits_the_pass(db: Database, clock: FrozenClock) -> None:
    world, store = await prepared(db, clock, "anna", "bo")
    console = RecordingTransport()
    mapping: dict[Platform, Transport] = {Platform.CONSOLE: console}
    only = frozenset({world.people["bo"]})
    await dispatch(store, mapping, clock, owner="t", only_person_ids=only)
    assert [a.chat_id for a, _ in console.sent] == ["bo"]
    assert [m.buttons[0].label for _, m in console.sent] == ["Ja"]  # nb: Ja / Nei
    assert [m.buttons[1].label for _, m in console.sent] == ["Nei"]
    await dispatch(store, mapping, clock, owner="t", only_person_ids=frozenset())
    assert len(console.sent) == 1


@pytest.mark.parametrize(("late_hours", "state", "sent"), [(13, "missed", 0), (10, "awaiting", 1)])
async def test_catch_up_sends_recent_rows_once_and_marks_old_ones_missed(
    db: Database, clock: FrozenClock, late_hours: int, state: str, sent: int
) -> None:
    _world, store = await prepared(db, clock)
    clock.advance(timedelta(hours=late_hours))
    console = RecordingTransport()
    await run(store, clock, console)
    await run(store, clock, console)
    assert len(console.sent) == sent
    assert [r.state for r in checkins(db)] == [state]


def attempts(db: Database) -> list[DeliveryAttemptRow]:
    return list(db.run_sync(lambda s: s.exec(select(DeliveryAttemptRow)).all()))


async def test_rate_limited_sends_wait_as_long_as_the_platform_says(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock)
    console = RecordingTransport()
    console.failures.append(DeliveryError(DeliveryFailure.RATE_LIMITED, "429", retry_after=42))
    await run(store, clock, console)
    [row] = checkins(db)
    assert row.state == "scheduled"
    assert row.lease_owner is None
    assert row.next_send_at is not None
    assert timedelta(seconds=42) <= row.next_send_at - NOW < timedelta(seconds=43)
    [attempt] = attempts(db)
    assert (attempt.outcome, attempt.code, attempt.retry_after) == ("rate_limited", "429", 42)
    clock.advance(timedelta(seconds=30))
    await run(store, clock, console)
    assert console.sent == []
    clock.advance(timedelta(seconds=13))
    await run(store, clock, console)
    assert len(console.sent) == 1


async def test_transient_failures_back_off_and_then_succeed(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock)
    console = RecordingTransport()
    console.failures.extend([DeliveryError(DeliveryFailure.TRANSIENT, "500")] * 2)
    await run(store, clock, console)
    first = checkins(db)[0].next_send_at
    assert first is not None
    clock.set(first)
    await run(store, clock, console)
    second = checkins(db)[0].next_send_at
    assert second is not None
    assert round((first - NOW).total_seconds()) == 60
    assert round((second - first).total_seconds()) == 120
    clock.set(second)
    await run(store, clock, console)
    assert len(console.sent) == 1
    assert [a.outcome for a in attempts(db)] == ["transient", "transient", "ok"]


def test_backoff_doubles_then_stays_hourly() -> None:
    assert [backoff(n).total_seconds() / 60 for n in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert backoff(500) == timedelta(hours=1)


async def test_an_unreachable_person_is_flagged_and_not_tried_again(
    db: Database, clock: FrozenClock
) -> None:
    world, store = await prepared(db, clock)
    identity = add_identity(db, world.people["anna"], Platform.TELEGRAM, "111")
    add_item(db, world, "9.1", event_on(date(2025, 3, 4)), [person_owner("anna")])
    await materialise(store, clock, 30)
    telegram = RecordingTransport(Platform.TELEGRAM)
    telegram.failures.append(DeliveryError(DeliveryFailure.UNREACHABLE, "blocked"))
    await run(store, clock, telegram)
    row = db.run_sync(lambda s: s.get(ChatIdentityRow, identity))
    assert row is not None
    assert row.unreachable_at == NOW + timedelta(microseconds=1)
    assert row.unreachable_code == "blocked"
    states = sorted(r.state for r in checkins(db))
    assert states == ["scheduled", "unreachable"]
    clock.advance(timedelta(days=2))
    report = await run(store, clock, telegram)
    assert report.claimed == 0
    assert telegram.sent == []


async def test_a_permanent_refusal_closes_the_check_in_with_its_code(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock)
    console = RecordingTransport()
    console.failures.append(DeliveryError(DeliveryFailure.PERMANENT, "bad_request"))
    await run(store, clock, console)
    [row] = checkins(db)
    assert (row.state, row.last_error, row.next_send_at) == ("unreachable", "bad_request", None)


async def test_the_follow_up_ladder_runs_to_no_answer(db: Database, clock: FrozenClock) -> None:
    _world, store = await prepared(db, clock)
    console = RecordingTransport()
    for _day in range(16):
        await run(store, clock, console)
        clock.advance(timedelta(days=1))
    titles = [m.title for _, m in console.sent]
    follow = "Påminnelse: vi har inte fått din rapport än"
    assert titles == ["Dags att rapportera", follow, follow]
    [row] = checkins(db)
    assert (row.state, row.sends, row.followups_sent) == ("no_answer", 3, 2)


async def test_a_snoozed_ask_comes_back_when_the_snooze_ends(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock)
    console = RecordingTransport()
    await run(store, clock, console)
    wake = NOW + timedelta(days=1, hours=2)

    def snooze(s: object) -> None:
        row = s.exec(select(CheckinRow)).one()  # type: ignore[attr-defined]
        row.state, row.next_send_at = CheckinState.SNOOZED.value, wake
        s.add(row)  # type: ignore[attr-defined]

    db.run_sync(snooze)
    clock.set(wake - timedelta(minutes=1))
    await run(store, clock, console)
    assert len(console.sent) == 1
    clock.set(wake)
    await run(store, clock, console)
    [row] = checkins(db)
    assert len(console.sent) == 2
    assert console.sent[1][1].title == "Dags att rapportera"
    assert (row.state, row.followups_sent) == ("awaiting", 0)
    # The ladder goes on from the first send: the rung on day 3 is still ahead.
    assert row.next_send_at == datetime(2025, 3, 6, 8, tzinfo=UTC)


async def test_several_asks_due_together_are_gathered_into_one_message(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock, "anna", "anna", "anna")
    console = RecordingTransport()
    report = await run(store, clock, console)
    [(_address, message)] = console.sent
    assert ids_in(message) == {r.id for r in checkins(db)}
    assert len(message.buttons) == 12
    assert [s.title for s in message.sections] == ["1. Punkt 8.0", "2. Punkt 8.1", "3. Punkt 8.2"]
    assert message.buttons[4].label == "2: Ja"
    assert (report.sent, report.messages) == (3, 1)


async def test_over_budget_messages_wait_for_the_next_day(db: Database, clock: FrozenClock) -> None:
    world, store = await prepared(db, clock)
    add_item(db, world, "9.9", event_on(date(2025, 3, 5), 2), [person_owner("anna")])
    await materialise(store, clock, 30)
    console = RecordingTransport()
    policy = replace(SchedulingPolicy(), max_per_day=1)
    await run(store, clock, console, policy=policy)
    assert len(console.sent) == 1
    notice = next(r for r in checkins(db) if r.prompt == "notice-2")
    assert notice.state == "scheduled"
    assert notice.next_send_at == datetime(2025, 3, 4, 8, tzinfo=UTC)
    clock.set(datetime(2025, 3, 3, 20, tzinfo=UTC))
    await run(store, clock, console, policy=policy)
    assert len(console.sent) == 1
    clock.set(datetime(2025, 3, 4, 8, 1, tzinfo=UTC))
    await run(store, clock, console, policy=policy)
    assert [m.title for _, m in console.sent] == ["Dags att rapportera", "På gång"]
    assert console.sent[1][1].buttons == ()


async def test_the_weekly_budget_counts_earlier_messages(db: Database, clock: FrozenClock) -> None:
    world, store = await prepared(db, clock)
    console = RecordingTransport()
    policy = replace(SchedulingPolicy(), max_per_week=1)
    await run(store, clock, console, policy=policy)
    add_item(db, world, "9.9", event_on(date(2025, 3, 4)), [person_owner("anna")])
    await materialise(store, clock, 30)
    clock.set(datetime(2025, 3, 5, 8, 1, tzinfo=UTC))
    await run(store, clock, console, policy=policy)
    assert len(console.sent) == 1


async def test_no_transports_means_nothing_is_claimed(db: Database, clock: FrozenClock) -> None:
    _world, store = await prepared(db, clock)
    report = await dispatch(store, {}, clock, owner="t")
    assert report.claimed == 0
    assert [r.lease_owner for r in checkins(db)] == [None]


class SlowTransport(RecordingTransport):
    """Each send takes 100 seconds of the test clock."""

    def __init__(self, clock: FrozenClock) -> None:
        super().__init__()
        self.clock = clock

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        self.clock.advance(timedelta(seconds=100))
        return await super().send(to, message)


async def test_a_pass_stops_and_releases_its_rows_before_the_lease_ends(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock, "anna", "bo", "cia")
    slow = SlowTransport(clock)
    report = await run(store, clock, slow, policy=replace(SchedulingPolicy(), lease_seconds=120))
    assert (report.sent, report.deferred) == (1, 2)
    rows = checkins(db)
    assert sorted(r.state for r in rows) == ["awaiting", "scheduled", "scheduled"]
    assert {r.lease_owner for r in rows} == {None}
    again = await run(store, clock, RecordingTransport())
    assert again.sent == 2


async def test_a_long_list_is_split_into_messages_of_five_items(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock, *["anna"] * 7)
    console = RecordingTransport()
    report = await run(store, clock, console)
    assert [len(ids_in(m)) for _, m in console.sent] == [5, 2]
    assert (report.sent, report.messages) == (7, 2)


async def test_nothing_is_sent_in_quiet_hours_it_waits_for_the_morning(
    db: Database, clock: FrozenClock
) -> None:
    _world, store = await prepared(db, clock)
    console = RecordingTransport()
    console.failures.append(DeliveryError(DeliveryFailure.TRANSIENT, "500"))
    clock.set(datetime(2025, 3, 3, 18, 59, 30, tzinfo=UTC))  # 19:59:30 in Stockholm
    await run(store, clock, console)
    retry = checkins(db)[0].next_send_at
    assert retry is not None
    clock.set(retry)  # the retry falls due after 20:00 local
    report = await run(store, clock, console)
    assert console.sent == []
    assert report.deferred == 1
    # Quiet hours end at 08:00 local on Tuesday, 07:00 UTC.
    assert checkins(db)[0].next_send_at == datetime(2025, 3, 4, 7, tzinfo=UTC)
    clock.set(datetime(2025, 3, 4, 7, tzinfo=UTC))
    await run(store, clock, console)
    assert len(console.sent) == 1
