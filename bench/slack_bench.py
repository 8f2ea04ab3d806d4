"""Measure the Slack transport under load against the fake Slack's rules; prints figures.

    python bench/slack_bench.py [--stewards 320] [--taps-per-second 5] [--repeats 3]

Two runs, each repeated, on a virtual clock shared by the transport and the fake (no real
waiting, so the figures are Slack seconds, not this machine's):

- a tap storm: every steward taps Yes at the given rate; each tap costs an edit, a toast,
  a form (views.open with a trigger valid three seconds) and a message. Reported: forms
  opened, trigger age when the form was asked for, and how late the edited reminder came.
- a wave: one reminder to every steward with no stored DM channel under Tier 3 for
  conversations.open (50 a minute) and a message a second per channel, one `ombud tick`
  a minute; then the next wave with the channel ids stored.

Nothing leaves 127.0.0.1. Figures are for reading, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
from bot.core.model import Platform
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from tests.transports.slack.conftest import FakeTime, RecordingHandler, SteppedTime
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SIGNING_SECRET, SlackRequests

FORM = Form("f:1", "Din rapport", "Spara", (FormField("comment", "Något mer?", FieldKind.TEXT),))
REMINDER = OutgoingMessage("Har ni haft arbetsplatsträff?", title="8.2 Arbetsplatsträffar")


def user(n: int) -> str:
    return f"U{n:04d}"


def transport_for(fake: FakeSlack, pacer: SlackPacer) -> SlackTransport:
    return SlackTransport(
        "xoxb-bench", signing_secret=SIGNING_SECRET, mode="http", base_url=fake.base_url,
        port=0, pacer=pacer,
    )  # fmt: skip


def after_a_tap(event: InboundEvent) -> list[Effect]:
    if not isinstance(event, ChoiceSelected) or event.message is None:
        return []
    return [
        EditMessage(event.message, OutgoingMessage("Ditt svar: Ja")),
        Toast("Sparat: Ja"),
        OpenForm(FORM),
        Reply(OutgoingMessage("Tack!")),
    ]


async def tap_storm(stewards: int, rate: float) -> dict[str, float]:
    clock = SteppedTime()
    fake = FakeSlack(monotonic=clock.monotonic)
    fake.rules.limit_per_channel("chat.postMessage", 1.0)
    await fake.start()
    handler = RecordingHandler()
    handler.script = after_a_tap
    transport = transport_for(fake, SlackPacer(monotonic=clock.monotonic, sleep=clock.sleep))
    await transport.start(handler)
    assert transport.bound_port is not None
    slack = SlackRequests(transport.bound_port)
    tapped_at: dict[str, float] = {}
    try:
        for n in range(stewards):
            tap = slack.block_action("c:1:y", user=user(n), channel="D" + user(n))
            tapped_at[fake.rules.issue_trigger(tap["trigger_id"])] = clock.now
            tapped_at["D" + user(n)] = clock.now
            await slack.interaction(tap)
            await handler.wait(n + 1, within=30)
            await fake.wait_for("views.open", count=n + 1, within=30)
            await clock.advance(1 / rate)
        while len(fake.calls_to("chat.update")) < stewards:
            before = len(fake.calls)
            await clock.advance(5)
            try:
                await fake.wait_for_calls(before + 1, within=1)
            except TimeoutError:
                continue
    finally:
        await transport.stop()
        await fake.stop()
    expired = [m for m in fake.rules.refused if m[0] == "views.open"]
    ages = [c.at - tapped_at[c.args["trigger_id"]] for c in fake.calls_to("views.open")]
    lags = [c.at - tapped_at[c.args["channel"]] for c in fake.calls_to("chat.update")]
    return {
        "forms opened": len(ages) - len(expired),
        "trigger age max (s)": max(ages),
        "edit lag median (s)": statistics.median(lags),
        "edit lag max (s)": max(lags),
    }


async def one_tick(
    fake: FakeSlack, clock: FakeTime, addresses: Sequence[ChatAddress], stored: dict[str, str]
) -> list[ChatAddress]:
    transport = transport_for(fake, SlackPacer(monotonic=clock.monotonic, sleep=clock.sleep))
    postponed = []
    for address in addresses:
        try:
            ref = await transport.send(address, REMINDER)
        except DeliveryError:
            postponed.append(address)
            continue
        stored[address.user_id or ""] = ref.chat_id
    return postponed


async def wave(stewards: int) -> dict[str, float]:
    clock = FakeTime()
    fake = FakeSlack(monotonic=clock.monotonic)
    fake.rules.limit("conversations.open", 50)
    fake.rules.limit_per_channel("chat.postMessage", 1.0)
    await fake.start()
    stored: dict[str, str] = {}

    def addresses() -> list[ChatAddress]:
        return [
            ChatAddress(Platform.SLACK, stored.get(user(n), user(n)), "T0UNION", user(n))
            for n in range(stewards)
        ]

    try:
        pending, passes, started = addresses(), 0, clock.now
        while pending and passes < 100:
            passes += 1
            pending = await one_tick(fake, clock, pending, stored)
            if pending:
                clock.now += 60
        first_minutes = (clock.now - started) / 60
        opens = len(fake.calls_to("conversations.open"))
        started = clock.now
        second_left = await one_tick(fake, clock, addresses(), stored)
        second_seconds = clock.now - started
    finally:
        await fake.stop()
    return {
        "first wave ticks": passes,
        "first wave minutes": first_minutes,
        "first wave 429s": len(fake.rules.refused),
        "second wave left after one tick": len(second_left),
        "second wave seconds": second_seconds,
        "second wave DM opens": len(fake.calls_to("conversations.open")) - opens,
    }


def report(title: str, runs: list[dict[str, float]], wall: list[float], size: str) -> None:
    print(f"{title} ({size}, {len(runs)} repeats)")
    for key in runs[0]:
        values = [run[key] for run in runs]
        low, mid, high = min(values), statistics.median(values), max(values)
        print(f"  {key:34} median {mid:8.2f}  min {low:8.2f}  max {high:8.2f}")
    print(f"  {'wall time (s)':34} median {statistics.median(wall):8.2f}  "
          f"min {min(wall):8.2f}  max {max(wall):8.2f}")  # fmt: skip


async def main(stewards: int, rate: float, repeats: int) -> None:
    benches: list[tuple[str, Callable[[], Awaitable[dict[str, float]]], str]] = [
        ("tap storm", lambda: tap_storm(stewards, rate), f"{stewards} taps at {rate}/s"),
        ("reminder wave", lambda: wave(stewards), f"{stewards} stewards, Tier 3 DMs"),
    ]
    for title, run, size in benches:
        runs, wall = [], []
        for _ in range(repeats):
            began = time.perf_counter()
            runs.append(await run())
            wall.append(time.perf_counter() - began)
        report(title, runs, wall, size)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stewards", type=int, default=320)
    parser.add_argument("--taps-per-second", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.stewards, args.taps_per_second, args.repeats))
