"""The pacer: 30 messages a second in all, 1 a second per person, 20 a minute per group."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.transports.telegram_limits import Pacer, is_group_chat


class ManualTime:
    """A monotonic clock that moves only when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def pacer(self) -> Pacer:
        return Pacer(monotonic=self.monotonic, sleep=self.sleep)


def test_group_chats_have_negative_ids() -> None:
    assert is_group_chat("-100123")
    assert not is_group_chat("5001")


def test_one_message_a_second_to_one_person() -> None:
    time = ManualTime()
    pacer = time.pacer()
    delays = [pacer.reserve("5001") for _ in range(4)]
    assert delays == pytest.approx([0.0, 1.0, 2.0, 3.0])


def test_twenty_a_minute_to_a_group() -> None:
    time = ManualTime()
    pacer = time.pacer()
    delays = [pacer.reserve("-100777") for _ in range(21)]
    assert delays[-1] == pytest.approx(60.0)


def test_no_more_than_thirty_a_second_in_all() -> None:
    time = ManualTime()
    pacer = time.pacer()
    delays = [pacer.reserve(str(1000 + n)) for n in range(90)]
    # 90 different people: the last one waits about three seconds, never less.
    assert delays[-1] == pytest.approx(89 / 30)
    in_first_second = sum(1 for d in delays if d < 1.0 - 1e-9)
    assert in_first_second == 30


async def test_wait_sleeps_only_as_long_as_needed() -> None:
    time = ManualTime()
    pacer = time.pacer()
    await pacer.wait("5001")
    await pacer.wait("5002")
    await pacer.wait("5001")
    assert time.sleeps == pytest.approx([1 / 30, 1.0 - 1 / 30])


async def test_concurrent_senders_queue_in_order_without_overlap() -> None:
    time = ManualTime()
    pacer = time.pacer()
    started: list[float] = []

    async def send() -> None:
        await pacer.wait("5001")
        started.append(time.now)

    await asyncio.gather(*(send() for _ in range(5)))
    gaps = [later - earlier for earlier, later in itertools.pairwise(started)]
    assert all(gap >= 1.0 - 1e-9 for gap in gaps)


def test_a_pause_holds_back_one_chat_or_everything() -> None:
    time = ManualTime()
    pacer = time.pacer()
    pacer.pause(30, "5001")
    assert pacer.reserve("5001") == pytest.approx(30.0)
    assert pacer.reserve("5002") < 1.0
    pacer.pause(10)
    assert pacer.reserve("5003") == pytest.approx(10.0)


def test_idle_chats_are_forgotten() -> None:
    time = ManualTime()
    pacer = time.pacer()
    for n in range(1100):
        pacer.reserve(str(n))
    time.now += 3600
    pacer.reserve("new")
    assert pacer.tracked_chats() == 1


@pytest.mark.parametrize(
    "options", [{"per_second": 0}, {"private_interval": -1}, {"group_interval": -0.5}]
)
def test_nonsense_rates_are_refused(options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="positive"):
        Pacer(**options)  # type: ignore[arg-type]
