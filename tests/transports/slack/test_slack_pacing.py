"""Pacing under load, against the fake Slack's own rate tiers and trigger expiry: every
form opens in a storm of taps, and a wave of reminders is delivered without a 429."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from bot.core.errors import DeliveryError
from bot.core.messages import (
    ChatAddress,
    ChoiceSelected,
    EditMessage,
    Effect,
    FieldKind,
    Form,
    FormField,
    InboundEvent,
    OpenForm,
    OutgoingMessage,
    Reply,
    Toast,
)
from bot.core.model import DeliveryFailure, Platform
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from tests.transports.slack.conftest import FakeTime, RecordingHandler, SteppedTime, make_transport
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SlackRequests

STEWARDS = 320
TAPS_PER_SECOND = 5
FORM = Form("f:1", "Din rapport", "Spara", (FormField("comment", "Något mer?", FieldKind.TEXT),))
REMINDER = OutgoingMessage("Har ni haft arbetsplatsträff?", title="8.2 Arbetsplatsträffar")


def user(n: int) -> str:
    return f"U{n:04d}"


def after_a_tap(event: InboundEvent) -> list[Effect]:
    """What a Yes costs in Slack: the reminder redrawn (its toast said there), the form and a
    message."""
    if not isinstance(event, ChoiceSelected) or event.message is None:
        return []
    return [
        EditMessage(event.message, OutgoingMessage("Ditt svar: Ja")),
        Toast("Sparat: Ja"),
        OpenForm(FORM),
        Reply(OutgoingMessage("Tack!")),
    ]


@pytest.fixture
async def stormed(
    fake_slack: FakeSlack, handler: RecordingHandler
) -> AsyncIterator[tuple[SlackTransport, SteppedTime]]:
    clock = SteppedTime()
    fake_slack.rules.monotonic = clock.monotonic
    fake_slack.rules.limit_per_channel("chat.postMessage", 1.0)
    for n in range(STEWARDS):
        fake_slack.add_user(user(n))
    pacer = SlackPacer(monotonic=clock.monotonic, sleep=clock.sleep)
    transport = make_transport(fake_slack, pacer)
    handler.script = after_a_tap
    await transport.start(handler)
    yield transport, clock
    await transport.stop()


async def test_every_steward_tapping_at_once_gets_the_form(
    stormed: tuple[SlackTransport, SteppedTime], fake_slack: FakeSlack, handler: RecordingHandler
) -> None:
    transport, clock = stormed
    assert transport.bound_port is not None
    slack = SlackRequests(transport.bound_port)
    triggers = []
    for n in range(STEWARDS):
        tap = slack.block_action("c:1:y", user=user(n), channel="D" + user(n), ts=f"1741.{n:06d}")
        triggers.append(fake_slack.rules.issue_trigger(tap["trigger_id"]))
        await slack.interaction(tap)
        # The form goes out at once, before the clock moves to the next tap; a form queued
        # behind posts would wait for the clock and find its trigger expired.
        await handler.wait(n + 1)
        await fake_slack.wait_for("views.open", count=n + 1)
        await clock.advance(1 / TAPS_PER_SECOND)
    # The toast of a tap whose reminder is redrawn posts no private line (the redraw says it).
    await drain(fake_slack, clock, ("chat.update", "chat.postMessage"))
    assert fake_slack.calls_to("chat.postEphemeral") == []
    opened = Counter(call.args["trigger_id"] for call in fake_slack.calls_to("views.open"))
    assert opened == Counter(triggers)  # each steward's form exactly once
    assert fake_slack.rules.refused == []  # no trigger expired, no 429
    posted = Counter(call.args["channel"] for call in fake_slack.calls_to("chat.postMessage"))
    assert posted == Counter("D" + user(n) for n in range(STEWARDS))


async def drain(fake: FakeSlack, clock: SteppedTime, methods: tuple[str, ...]) -> None:
    """Move the clock on, a few seconds at a time, until every queued post went out."""
    for _ in range(1000):
        if all(len(fake.calls_to(m)) >= STEWARDS for m in methods):
            return
        before = len(fake.calls)
        await clock.advance(5.0)
        with contextlib.suppress(TimeoutError):  # nothing was due in these five seconds
            await fake.wait_for_calls(before + 1, within=0.5)
    raise AssertionError("posts still queued after the clock ran on")


def wave(stored: dict[str, str]) -> list[ChatAddress]:
    """The dispatcher's addresses: the stored DM channel, else the user id standing in."""
    return [
        ChatAddress(Platform.SLACK, stored.get(user(n), user(n)), "T0UNION", user_id=user(n))
        for n in range(STEWARDS)
    ]


async def one_pass(
    fake: FakeSlack, time: FakeTime, addresses: list[ChatAddress], stored: dict[str, str]
) -> list[ChatAddress]:
    """One `ombud tick`: a new transport, each address tried once; returns the postponed."""
    transport = make_transport(fake, SlackPacer(monotonic=time.monotonic, sleep=time.sleep))
    postponed: list[ChatAddress] = []
    failures: list[DeliveryFailure] = []
    for address in addresses:
        try:
            ref = await transport.send(address, REMINDER)
        except DeliveryError as exc:
            failures.append(exc.failure)
            postponed.append(address)
            continue
        assert address.user_id is not None
        stored[address.user_id] = ref.chat_id  # what the dispatcher's record_sent keeps
    assert set(failures) <= {DeliveryFailure.RATE_LIMITED}  # postponed, never failed
    return postponed


async def test_a_wave_under_tier_3_is_paced_and_the_next_one_goes_in_one_pass(
    fake_slack: FakeSlack, fake_time: FakeTime
) -> None:
    fake_slack.rules.monotonic = fake_time.monotonic
    fake_slack.rules.limit("conversations.open", 50)
    fake_slack.rules.limit_per_channel("chat.postMessage", 1.0)
    stored: dict[str, str] = {}
    pending, passes = wave(stored), 0
    while pending:
        passes += 1
        pending = await one_pass(fake_slack, fake_time, pending, stored)
        fake_time.now += 60  # the next dispatch tick
        assert passes <= 10, "the first wave never finished"
    assert passes == -(-STEWARDS // 50)  # the tier's 50 a minute, no slower
    assert fake_slack.rules.refused == []  # paced: Slack never had to say 429
    first = Counter(call.args["channel"] for call in fake_slack.calls_to("chat.postMessage"))
    assert first == Counter("D" + user(n) for n in range(STEWARDS))

    opens_before = len(fake_slack.calls_to("conversations.open"))
    assert await one_pass(fake_slack, fake_time, wave(stored), stored) == []
    assert len(fake_slack.calls_to("conversations.open")) == opens_before == STEWARDS
    assert len(fake_slack.calls_to("chat.postMessage")) == 2 * STEWARDS
    assert fake_slack.rules.refused == []


async def test_retry_after_holds_only_the_method_slack_named(
    fake_slack: FakeSlack, fake_time: FakeTime, pacer: SlackPacer
) -> None:
    transport = make_transport(fake_slack, pacer)
    fake_slack.script(
        "conversations.open", 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "30"}
    )
    newcomer = ChatAddress(Platform.SLACK, "U9", "T0UNION", user_id="U9")
    with pytest.raises(DeliveryError) as caught:
        await transport.send(newcomer, REMINDER)
    assert (caught.value.failure, caught.value.retry_after) == (DeliveryFailure.RATE_LIMITED, 30)
    await transport.send(ChatAddress(Platform.SLACK, "DU1", "T0UNION", user_id="U1"), REMINDER)
    assert fake_time.slept == []  # posting was not held by conversations.open's 429
    with pytest.raises(DeliveryError) as again:
        await transport.send(newcomer, REMINDER)
    assert again.value.failure is DeliveryFailure.RATE_LIMITED
    assert len(fake_slack.calls_to("conversations.open")) == 1  # not asked again while held
