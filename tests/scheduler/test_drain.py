"""A tick keeps dispatching while passes fill their batch: a wave never waits for an interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.clock import FrozenClock
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.scheduler.jobs import drain, scheduling_jobs
from bot.transports.memory import MemoryTransport
from config.settings import SchedulerSettings
from handlers.scheduling import DispatchReport
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from tests.scheduler.seed import checkins, seed_due

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm


class Passes:
    """A stand-in pass that claims the given counts in turn and lets the clock run."""

    def __init__(self, clock: FrozenClock, claims: list[int], *, postponed: int = 0) -> None:
        self.clock, self.claims, self.postponed = clock, list(claims), postponed
        self.ran = 0

    async def __call__(self) -> DispatchReport:
        self.ran += 1
        self.clock.advance(timedelta(seconds=30))
        claimed = self.claims.pop(0) if self.claims else 0
        return DispatchReport(claimed=claimed, sent=claimed, postponed=self.postponed)


async def test_one_tick_sends_a_wave_three_batches_long(db: Database) -> None:
    ids = seed_due(db, 10, NOW - timedelta(minutes=1))
    console = MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: console}
    policy = SchedulingPolicy(batch_size=4)
    tick, _ = scheduling_jobs(
        SqlSchedulingStore(db), transports, FrozenClock(NOW), policy, owner="w"
    )

    await tick()

    # 4 + 4 + 2: the full passes were followed at once by the next, the short one ended it.
    assert len(console.sent) == 10
    rows = {r.id: r for r in checkins(db)}
    assert all(rows[i].sends == 1 for i in ids)


async def test_a_tick_stops_after_a_pass_that_did_not_fill_its_batch() -> None:
    clock = FrozenClock(NOW)
    passes = Passes(clock, [4, 4, 3, 4])
    assert await drain(passes, clock, 4) == 3
    assert passes.ran == 3


async def test_a_tick_stops_when_the_platform_asks_to_slow_down() -> None:
    clock = FrozenClock(NOW)
    passes = Passes(clock, [4, 4, 4], postponed=1)
    assert await drain(passes, clock, 4) == 1


async def test_a_tick_is_bounded_in_time_and_in_passes() -> None:
    clock = FrozenClock(NOW)
    # Each pass takes 30 s on this clock: the fourth ends two minutes in.
    timed = Passes(clock, [4] * 100)
    assert await drain(timed, clock, 4, limit=timedelta(minutes=2)) == 4
    still = FrozenClock(NOW)
    endless = Passes(FrozenClock(NOW), [4] * 100)  # its passes move another clock, not drain's
    assert await drain(endless, still, 4, max_passes=7) == 7


def test_the_defaults_let_the_platform_set_the_pace() -> None:
    defaults = SchedulerSettings()
    telegram_rate = 30.0  # messages per second a Telegram bot may send
    # A full batch at the platform's rate is sent well before the lease's sending window ends.
    assert defaults.batch_size / telegram_rate < defaults.lease_seconds * 3 / 4
    # With sends in flight together, a 100 ms round trip still fills the platform's rate.
    assert defaults.sends_in_flight / 0.100 >= telegram_rate
    # A pass fills more than an interval's worth of the rate, so passes, not waits, follow.
    assert defaults.batch_size >= telegram_rate * defaults.dispatch_interval_seconds
