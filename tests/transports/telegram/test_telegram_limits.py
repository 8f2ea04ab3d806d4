"""The pacer: 29 calls a second in all, 1 message a second per person, 20 a minute per group."""

from __future__ import annotations

import itertools

import pytest

from bot.transports.telegram_limits import Pacer, is_group_chat
from tests.transports.telegram.virtual_time import VirtualTime


def pacer_on(time: VirtualTime) -> Pacer:
    return Pacer(monotonic=time.monotonic, sleep=time.sleep)


def most_in_one_second(instants: list[float]) -> int:
    """The largest number of instants in any half-open window of one second."""
    ordered = sorted(instants)
    return max(
        sum(1 for t in ordered[i:] if t < start + 1.0 - 1e-9) for i, start in enumerate(ordered)
    )


def test_group_chats_have_negative_ids() -> None:
    assert is_group_chat("-100123")
    assert not is_group_chat("5001")


def test_one_message_a_second_to_one_person() -> None:
    pacer = pacer_on(VirtualTime())
    delays = [pacer.reserve_chat("5001") for _ in range(4)]
    assert delays == pytest.approx([0.0, 1.0, 2.0, 3.0])


def test_twenty_a_minute_to_a_group() -> None:
    pacer = pacer_on(VirtualTime())
    delays = [pacer.reserve_chat("-100777") for _ in range(21)]
    assert delays[-1] == pytest.approx(60.0)


def test_calls_are_spaced_at_29_4_a_second() -> None:
    pacer = pacer_on(VirtualTime())
    delays = [pacer.reserve_global() for _ in range(90)]
    # 90 calls: the last one waits 89 spacings of 1/29.4 s, never less (2 % under 30/s).
    assert delays[-1] == pytest.approx(89 / 29.4)
    assert all(b - a == pytest.approx(1 / 29.4) for a, b in itertools.pairwise(delays))


async def test_a_chat_waiting_for_its_slot_holds_no_global_slot() -> None:
    time = VirtualTime()
    pacer = pacer_on(time)
    started: dict[str, list[float]] = {}

    async def send(chat: str) -> None:
        await pacer.wait(chat)
        started.setdefault(chat, []).append(time.now)

    # One person gets three messages, 27 others one each, all asked for at once.
    jobs = [send("5001") for _ in range(3)] + [send(str(6000 + n)) for n in range(27)]
    await time.run(*jobs)

    everyone_else = [t for chat, ts in started.items() if chat != "5001" for t in ts]
    # Only the person's first message shares the first second with the other 27.
    assert max(everyone_else) < 100.0 + 1.0
    gaps = [b - a for a, b in itertools.pairwise(started["5001"])]
    assert all(gap >= 1.0 - 1e-9 for gap in gaps)
    assert most_in_one_second([t for ts in started.values() for t in ts]) <= 28


async def test_a_pause_holds_back_every_chat() -> None:
    time = VirtualTime()
    pacer = pacer_on(time)
    pacer.pause(10)
    assert pacer.reserve_global() == pytest.approx(10.0)
    assert pacer.paused_for() == pytest.approx(10.0)


async def test_a_pause_that_begins_while_a_call_waits_is_honoured() -> None:
    time = VirtualTime()
    pacer = pacer_on(time)
    went: list[float] = []

    async def first() -> None:
        await pacer.wait_global()
        pacer.pause(5)  # its call met a 429 with retry_after 5

    async def second() -> None:
        await pacer.wait_global()
        went.append(time.now)

    await time.run(first(), second())
    assert went == [pytest.approx(105.0)]


def test_chat_delay_reserves_nothing() -> None:
    pacer = pacer_on(VirtualTime())
    assert pacer.chat_delay("5001") == 0.0
    pacer.reserve_chat("5001")
    assert pacer.chat_delay("5001") == pytest.approx(1.0)
    assert pacer.chat_delay("5001") == pytest.approx(1.0)


def test_idle_chats_are_forgotten() -> None:
    time = VirtualTime()
    pacer = pacer_on(time)
    for n in range(1100):
        pacer.reserve_chat(str(n))
    time.now += 3600
    pacer.reserve_chat("new")
    assert pacer.tracked_chats() == 1


@pytest.mark.parametrize(
    "options", [{"per_second": 0}, {"private_interval": -1}, {"group_interval": -0.5}]
)
def test_nonsense_rates_are_refused(options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="positive"):
        Pacer(**options)  # type: ignore[arg-type]


async def test_calls_woken_late_still_leave_no_more_than_29_in_any_second() -> None:
    time = VirtualTime()
    stalled = 15  # the first sleepers wake half a second late, as in a busy process

    async def late_sleep(seconds: float) -> None:
        nonlocal stalled
        if stalled > 0:
            stalled -= 1
            seconds += 0.5
        await time.sleep(seconds)

    pacer = Pacer(monotonic=time.monotonic, sleep=late_sleep)
    left: list[float] = []

    async def call() -> None:
        await pacer.wait_global()
        left.append(time.now)

    await time.run(*[call() for _ in range(90)])
    assert len(left) == 90
    assert most_in_one_second(left) <= 29


async def test_any_thirty_calls_leave_room_for_jitter_on_the_way() -> None:
    # A steady stream: the 30th of any 30 calls leaves more than a second after the first,
    # with 10 ms to spare, so a few milliseconds of delay on the way to Telegram do not put
    # 30 into one of its seconds.
    time = VirtualTime()
    pacer = pacer_on(time)
    left: list[float] = []

    async def call() -> None:
        await pacer.wait_global()
        left.append(time.now)

    await time.run(*[call() for _ in range(120)])
    ordered = sorted(left)
    assert min(b - a for a, b in zip(ordered, ordered[29:], strict=False)) >= 1.01 - 1e-9
    # and the stream still runs at more than 0.95 of Telegram's 30 a second
    assert (len(ordered) - 1) / (ordered[-1] - ordered[0]) > 28.5


async def test_a_call_caught_by_a_stop_of_the_loop_still_arrives_within_the_limit() -> None:
    # The loop stands still for 100 ms (a garbage collection, say) just after a call left
    # the pacer and before it was written: it reaches Telegram at the end of the stop. The
    # calls after it could not leave during the stop either, so the window, counted from
    # when calls left the pacer, still keeps any 31 arrivals more than a second apart.
    # (Telegram refuses the 31st call in any second.)
    time = VirtualTime()
    stop_at: float | None = None
    stop_for = 0.1

    async def stalling_sleep(seconds: float) -> None:
        wake = time.now + seconds
        if stop_at is not None and time.now <= stop_at < wake:
            wake = max(wake, stop_at + stop_for)  # nothing runs until the stop is over
        await time.sleep(wake - time.now)

    pacer = Pacer(monotonic=time.monotonic, sleep=stalling_sleep)
    arrived: list[float] = []

    async def call(number: int) -> None:
        nonlocal stop_at
        await pacer.wait_global()
        if number == 40:
            stop_at = time.now + 0.001  # caught before it reaches the wire
            arrived.append(stop_at + stop_for)
        else:
            arrived.append(time.now)

    await time.run(*[call(n) for n in range(120)])
    assert len(arrived) == 120
    assert most_in_one_second(arrived) <= 30
