"""Many taps at once through the real Slack request URL: acknowledged before the work, all
stored, in order per person, and a stop finishes the taps it acknowledged."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.core.clock import FrozenClock
from bot.core.model import Choice
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from tests.transports.inbound_world import NOW, Gate, Steward, revisions, seed_stewards
from tests.transports.slack.conftest import FakeTime, make_transport
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SlackRequests


@pytest.fixture
def gate(db: Database) -> Gate:
    return Gate(Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv"))


@pytest.fixture
async def slack_app(
    fake_slack: FakeSlack, fake_time: FakeTime, gate: Gate
) -> AsyncIterator[SlackTransport]:
    pacer = SlackPacer(monotonic=fake_time.monotonic, sleep=fake_time.sleep)
    transport = make_transport(fake_slack, pacer)
    await transport.start(gate)
    yield transport
    await transport.stop()


def requests(transport: SlackTransport) -> SlackRequests:
    assert transport.bound_port is not None
    return SlackRequests(transport.bound_port)


async def tap(slack: SlackRequests, steward: Steward, choice: Choice, n: int) -> int:
    payload = slack.block_action(
        steward.token(choice), user=steward.slack_id, channel=f"D{steward.slack_id}",
        ts=f"1741.{n:06d}",
    )  # fmt: skip
    return (await slack.interaction(payload)).status


def event_ids(gate: Gate, steward: Steward) -> list[str]:
    return [e for e in gate.entered if e.startswith(f"act:{steward.slack_id}:")]


async def test_forty_stewards_tapping_at_once_are_all_acknowledged_and_stored(
    slack_app: SlackTransport, gate: Gate, db: Database
) -> None:
    stewards = seed_stewards(db, 40)
    slack = requests(slack_app)

    statuses = await asyncio.gather(*(tap(slack, s, Choice.YES, n) for n, s in enumerate(stewards)))

    assert statuses == [200] * 40
    await gate.wait_handled(40)
    for steward in stewards:
        assert revisions(db, steward.checkin_id) == [(1, "yes", True)]


async def test_the_tap_is_acknowledged_before_its_work_is_done(
    slack_app: SlackTransport, gate: Gate, db: Database
) -> None:
    (anna,) = seed_stewards(db, 1)
    slack = requests(slack_app)
    payload = slack.block_action(anna.token(Choice.YES), user=anna.slack_id, channel="DX")
    gate.held = {f"act:{anna.slack_id}:{payload['actions'][0]['action_ts']}"}
    answer = await slack.interaction(payload)

    assert answer.status == 200  # Slack has its acknowledgement…
    assert gate.handled == []  # …while the handler is still held
    assert revisions(db, anna.checkin_id) == []
    gate.opened.set()
    await gate.wait_handled(1)
    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]


async def test_one_stewards_no_then_yes_are_applied_in_order_while_others_go_ahead(
    slack_app: SlackTransport, gate: Gate, db: Database
) -> None:
    anna, bo = seed_stewards(db, 2)
    slack = requests(slack_app)
    no = slack.block_action(anna.token(Choice.NO), user=anna.slack_id, channel="DA", ts="1.1")
    gate.held = {f"act:{anna.slack_id}:{no['actions'][0]['action_ts']}"}

    assert (await slack.interaction(no)).status == 200
    assert await tap(slack, anna, Choice.YES, 2) == 200
    assert await tap(slack, bo, Choice.YES, 3) == 200
    await gate.wait_handled(1)  # Bo's, while Anna's No is held

    assert revisions(db, bo.checkin_id) == [(1, "yes", True)]
    assert len(event_ids(gate, anna)) == 1  # her Yes waits behind her No
    gate.opened.set()
    await gate.wait_handled(3)
    assert revisions(db, anna.checkin_id) == [(1, "no", False), (2, "yes", True)]


async def test_a_stop_finishes_the_taps_it_acknowledged(
    fake_slack: FakeSlack, fake_time: FakeTime, gate: Gate, db: Database
) -> None:
    stewards = seed_stewards(db, 5)
    pacer = SlackPacer(monotonic=fake_time.monotonic, sleep=fake_time.sleep)
    transport = make_transport(fake_slack, pacer)
    await transport.start(gate)
    slack = requests(transport)
    payloads = [
        slack.block_action(s.token(Choice.YES), user=s.slack_id, channel=f"D{s.slack_id}")
        for s in stewards
    ]
    gate.held = {f"act:{p['user']['id']}:{p['actions'][0]['action_ts']}" for p in payloads}

    answers = await asyncio.gather(*(slack.interaction(p) for p in payloads))
    assert [a.status for a in answers] == [200] * 5  # all acknowledged, none handled yet
    stopping = asyncio.create_task(transport.stop())
    gate.opened.set()
    await stopping

    for steward in stewards:  # Slack never sends an acknowledged tap again
        assert revisions(db, steward.checkin_id) == [(1, "yes", True)]
