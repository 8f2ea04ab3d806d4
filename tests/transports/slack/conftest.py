"""Fixtures: the fake Slack Web API, a fake time for pacing, a recording handler, the bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence

import pytest

from bot.core.messages import Effect, InboundEvent
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SIGNING_SECRET, SlackRequests

Script = Callable[[InboundEvent], Sequence[Effect]]


class FakeTime:
    """A monotonic clock whose sleep moves time on instead of waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class SteppedTime:
    """A clock the test moves on by hand; a sleeper waits until the test reaches its time.

    Shared by the pacer and the fake Slack, so trigger expiry and rate windows see the
    same moments as the transport, without any real waiting.
    """

    def __init__(self) -> None:
        self.now = 1000.0
        self._moved = asyncio.Condition()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        until = self.now + seconds
        async with self._moved:
            await self._moved.wait_for(lambda: self.now >= until)

    async def advance(self, seconds: float) -> None:
        async with self._moved:
            self.now += seconds
            self._moved.notify_all()


class RecordingHandler:
    """Stands in for the router: records events and answers with scripted effects."""

    def __init__(self) -> None:
        self.events: list[InboundEvent] = []
        self.script: Script = lambda _event: []
        self._changed = asyncio.Condition()

    async def __call__(self, event: InboundEvent) -> Sequence[Effect]:
        async with self._changed:
            self.events.append(event)
            self._changed.notify_all()
        return self.script(event)

    async def wait(self, count: int = 1, within: float = 5.0) -> list[InboundEvent]:
        async def enough() -> list[InboundEvent]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.events) >= count)
            return self.events

        return await asyncio.wait_for(enough(), within)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    fake.add_user("U1", locale="sv-SE", email="anna@example.org")
    fake.add_user("U2", locale="nb-NO")
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def pacer(fake_time: FakeTime) -> SlackPacer:
    return SlackPacer(monotonic=fake_time.monotonic, sleep=fake_time.sleep)


@pytest.fixture
def handler() -> RecordingHandler:
    return RecordingHandler()


def make_transport(fake: FakeSlack, pacer: SlackPacer) -> SlackTransport:
    return SlackTransport(
        "xoxb-test-token",
        signing_secret=SIGNING_SECRET,
        mode="http",
        base_url=fake.base_url,
        host="127.0.0.1",
        port=0,
        pacer=pacer,
    )


@pytest.fixture
async def slack_bot(
    fake_slack: FakeSlack, pacer: SlackPacer, handler: RecordingHandler
) -> AsyncIterator[SlackTransport]:
    transport = make_transport(fake_slack, pacer)
    await transport.start(handler)
    yield transport
    await transport.stop()


@pytest.fixture
def slack(slack_bot: SlackTransport) -> SlackRequests:
    assert slack_bot.bound_port is not None
    return SlackRequests(slack_bot.bound_port)
