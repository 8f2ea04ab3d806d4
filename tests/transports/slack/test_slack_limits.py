"""Pacing: one message a second per channel, a workspace budget, and holds after a 429."""

from __future__ import annotations

import asyncio

import pytest

from bot.transports.slack_limits import SlackPacer
from tests.transports.slack.conftest import FakeTime


def pacer_for(time: FakeTime, per_minute: int = 300) -> SlackPacer:
    return SlackPacer(1.0, per_minute, monotonic=time.monotonic, sleep=time.sleep)


async def test_one_channel_is_paced_a_second_apart(fake_time: FakeTime) -> None:
    pacer = pacer_for(fake_time)
    start = fake_time.now
    moments = []
    for _ in range(3):
        await pacer.wait("D1")
        moments.append(fake_time.now - start)
    assert moments == [0.0, 1.0, 2.0]


async def test_different_channels_do_not_wait_for_each_other(fake_time: FakeTime) -> None:
    pacer = pacer_for(fake_time)
    for channel in ("D1", "D2", "D3"):
        await pacer.wait(channel)
    assert fake_time.slept == []


async def test_the_workspace_budget_holds_back_the_rest_of_the_minute(
    fake_time: FakeTime,
) -> None:
    pacer = pacer_for(fake_time, per_minute=5)
    slots = [pacer.reserve(f"D{i}") - fake_time.now for i in range(7)]
    assert slots[:5] == [0.0] * 5
    assert slots[5] == pytest.approx(60.0)
    assert slots[6] == pytest.approx(60.0)


async def test_concurrent_senders_get_distinct_slots(fake_time: FakeTime) -> None:
    pacer = pacer_for(fake_time)
    slots = [pacer.reserve("D1") for _ in range(4)]
    assert slots == sorted(set(slots))
    await asyncio.gather(*(pacer.wait("D2") for _ in range(3)))
    assert sum(fake_time.slept) > 0


async def test_hold_after_a_429_delays_every_channel(fake_time: FakeTime) -> None:
    pacer = pacer_for(fake_time)
    pacer.hold(30)
    assert pacer.reserve("C1") - fake_time.now == pytest.approx(30.0)
    pacer.hold(-5)  # nonsense from a server changes nothing
    assert pacer.reserve("C2") - fake_time.now == pytest.approx(30.0)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="budget"):
        SlackPacer(1.0, 0)
    with pytest.raises(ValueError, match="interval"):
        SlackPacer(-1.0, 10)
