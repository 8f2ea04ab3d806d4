"""Workers sharing one budget through a ledger, on a virtual clock: spacing, lateness, pauses."""

from __future__ import annotations

import itertools

import pytest

from bot.core.errors import DeliveryError
from bot.core.model import DeliveryFailure
from bot.core.ports import SlotBlock
from bot.transports.shared_budget import SharedBudget
from tests.fakes.budget import FakeBudgetLedger
from tests.transports.telegram.virtual_time import VirtualTime

KEY = "telegram:4242"


def worker(ledger: FakeBudgetLedger, time: VirtualTime, **options: float) -> SharedBudget:
    return SharedBudget(ledger, KEY, 29.0, monotonic=time.monotonic, sleep=time.sleep, **options)  # type: ignore[arg-type]


def most_in_one_second(instants: list[float]) -> int:
    ordered = sorted(instants)
    return max(
        sum(1 for t in ordered[i:] if t < start + 1.0 - 1e-9) for i, start in enumerate(ordered)
    )


async def test_two_workers_together_keep_one_rate() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    went: list[float] = []

    async def call(budget: SharedBudget) -> None:
        await budget.acquire()
        went.append(time.now)

    first, second = worker(ledger, time), worker(ledger, time)
    await time.run(*[call(first) for _ in range(60)], *[call(second) for _ in range(60)])
    assert len(went) == 120
    assert most_in_one_second(went) <= 29
    # Nothing is wasted either: 120 calls at 29 a second take 119 spacings.
    assert max(went) - min(went) == pytest.approx(119 / 29)


async def test_a_lone_caller_books_one_slot_and_a_wave_whole_blocks() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    budget = worker(ledger, time)
    await time.run(budget.acquire())
    await time.run(time.sleep(5.0))  # a quiet spell
    await time.run(budget.acquire(), budget.acquire())  # two callers at once
    await time.run(budget.acquire())  # and one more right after: the budget is in use
    assert [count for _key, count in ledger.bookings] == [1, 2, 4]


async def test_a_caller_woken_late_takes_a_new_slot() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    overslept: list[float] = []

    async def late_sleep(seconds: float) -> None:
        # The event loop was busy: the first wake-up comes 50 ms after it was due.
        extra = 0.05 if not overslept else 0.0
        overslept.append(extra)
        await time.sleep(seconds + extra)

    budget = SharedBudget(ledger, KEY, 29.0, late=0.02, monotonic=time.monotonic, sleep=late_sleep)
    went: list[float] = []

    async def call() -> None:
        await budget.acquire()
        went.append(time.now)

    await time.run(call(), call())
    assert budget.dropped == 1
    # The late caller went on a slot of its own, not on top of the other's.
    assert abs(went[1] - went[0]) >= 1 / 29 - 1e-9


async def test_a_pause_from_one_worker_holds_the_other() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    first, second = worker(ledger, time), worker(ledger, time)
    await time.run(first.acquire(), second.acquire())
    paused_at = time.now
    first.pause(5.0)  # its call met a 429 with retry_after 5
    await time.run(first.close())
    went: list[float] = []

    async def call() -> None:
        await second.acquire()
        went.append(time.now)

    await time.run(call(), call())
    assert min(went) >= paused_at + 5.0 - 1e-9
    assert second.paused_for() == 0.0


async def test_a_pause_drops_the_slots_a_worker_holds() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    budget = worker(ledger, time)
    went: list[float] = []

    async def call() -> None:
        await budget.acquire()
        went.append(time.now)

    async def pause_soon() -> None:
        await time.sleep(0.01)  # after the first slot, while three more wait
        budget.pause(2.0)

    start = time.now
    await time.run(*[call() for _ in range(4)], pause_soon())
    assert went[0] == pytest.approx(start)
    assert all(t >= start + 0.01 + 2.0 - 1e-9 for t in went[1:])


async def test_a_ledger_that_cannot_be_asked_fails_the_call_as_transient() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic, failing=True)
    with pytest.raises(DeliveryError) as caught:
        await time.run(worker(ledger, time).acquire())
    assert caught.value.failure is DeliveryFailure.TRANSIENT
    assert caught.value.code == "budget_unavailable"


@pytest.mark.parametrize("options", [{"per_second": 0.0}, {"block": 0}, {"late": -1.0}])
def test_nonsense_is_refused(options: dict[str, float]) -> None:
    settings: dict[str, float] = {"per_second": 29.0, **options}
    with pytest.raises(ValueError, match="positive"):
        SharedBudget(FakeBudgetLedger(lambda: 0.0), KEY, **settings)  # type: ignore[arg-type]


class SlowAnswers:
    """A ledger whose answer comes back late every other booking, after it read its clock
    (a busy thread pool, a busy event loop): the round trip is lopsided."""

    def __init__(self, ledger: FakeBudgetLedger, time: VirtualTime) -> None:
        self.ledger, self.time, self.calls = ledger, time, 0

    async def reserve(self, key: str, count: int, interval: float) -> SlotBlock:
        self.calls += 1
        await self.time.sleep(0.002)
        block = await self.ledger.reserve(key, count, interval)
        await self.time.sleep(0.090 if self.calls % 2 == 0 else 0.002)
        return block

    async def pause(self, key: str, seconds: float) -> float:
        return await self.ledger.pause(key, seconds)


async def test_a_slow_answer_does_not_move_the_slots_closer() -> None:
    time = VirtualTime()
    ledger = SlowAnswers(FakeBudgetLedger(time.monotonic), time)
    budget = SharedBudget(ledger, KEY, 29.0, monotonic=time.monotonic, sleep=time.sleep)
    went: list[float] = []

    async def call() -> None:
        await budget.acquire()
        went.append(time.now)

    # Callers one after another, as a wave's sends are: each booking follows the last.
    async def wave() -> None:
        for _ in range(60):
            await call()

    await time.run(wave())
    assert len(went) == 60
    gaps = [b - a for a, b in itertools.pairwise(went)]
    # Guessing each round trip's middle would put the block after a slow answer 44 ms
    # late and the next one on time: two calls 44 ms closer than the budget allows.
    assert min(gaps) >= 1 / 29 - 0.005
    assert most_in_one_second(went) <= 29


async def test_the_shared_rate_keeps_any_thirty_calls_over_a_second_apart() -> None:
    from bot.transports.telegram_limits import SHARED_PER_SECOND, shared_pacer

    # The service's shared pacer books at SHARED_PER_SECOND ...
    pacer = shared_pacer(FakeBudgetLedger(lambda: 0.0), "4242:secret")
    assert pacer.shared is not None
    assert pacer.shared._interval == pytest.approx(1 / SHARED_PER_SECOND)
    # ... and two workers in full use at that rate never put 30 calls in 1.01 s: Telegram
    # allows 30 a second, and the way to it adds a few milliseconds of jitter.
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    went: list[float] = []

    async def call(budget: SharedBudget) -> None:
        await budget.acquire()
        went.append(time.now)

    one, two = (
        SharedBudget(ledger, KEY, SHARED_PER_SECOND, monotonic=time.monotonic, sleep=time.sleep)
        for _ in range(2)
    )
    await time.run(*[call(one) for _ in range(60)], *[call(two) for _ in range(60)])
    ordered = sorted(went)
    assert min(b - a for a, b in zip(ordered, ordered[29:], strict=False)) > 1.01
