"""A tick keeps dispatching while passes fill their batch: a wave never waits for an interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, update

from bot.core.clock import FrozenClock
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.core.scheduling import ClaimedBatch, ClaimKey, SchedulingPolicy
from bot.scheduler.jobs import drain, scheduling_jobs
from bot.transports.memory import MemoryTransport
from config.settings import SchedulerSettings
from handlers.scheduling import DispatchReport
from handlers.scheduling.dispatch import Relay
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import CheckinRow
from tests.scheduler.seed import checkins, seed_due

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm


class Passes:
    """A stand-in pass that claims the given counts in turn and lets the clock run."""

    def __init__(self, clock: FrozenClock, claims: list[int], *, postponed: int = 0) -> None:
        self.clock, self.claims, self.postponed = clock, list(claims), postponed
        self.ran = 0

    async def __call__(self, _relay: Relay | None = None) -> DispatchReport:
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


class ObservedStore(SqlSchedulingStore):
    """Records each claim's `after` and the rows it leased; runs `between` after the first."""

    def __init__(self, db: Database, between: Any = None) -> None:
        super().__init__(db)
        self.afters: list[ClaimKey | None] = []
        self.claimed: list[list[tuple[datetime, int, int]]] = []
        self.between = between

    async def claim_batch(self, **kwargs: Any) -> ClaimedBatch:
        batch = await super().claim_batch(**kwargs)
        self.afters.append(kwargs.get("after"))
        self.claimed.append([(r.next_send_at, r.person_id, r.id) for r in batch.due])
        if len(self.claimed) == 1 and self.between is not None:
            self.between()
        return batch


def console_tick(db: Database, store: SqlSchedulingStore) -> tuple[Any, MemoryTransport]:
    console = MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: console}
    tick, _ = scheduling_jobs(
        store, transports, FrozenClock(NOW), SchedulingPolicy(batch_size=4), owner="w"
    )
    return tick, console


async def test_each_pass_of_a_tick_resumes_after_the_last_row_the_pass_before_claimed(
    db: Database,
) -> None:
    seed_due(db, 10, NOW - timedelta(minutes=1))
    store = ObservedStore(db)
    tick, console = console_tick(db, store)

    await tick()

    assert len(console.sent) == 10
    assert [len(c) for c in store.claimed] == [4, 4, 2]
    # The first pass starts at the beginning; each later one after the largest
    # (next send, person, id) the pass before it leased.
    expected = [None, *(ClaimKey(*max(c)) for c in store.claimed[:2])]
    assert store.afters == expected
    # The next tick starts at the beginning again.
    await tick()
    assert store.afters[3] is None


async def test_a_row_due_behind_the_resume_point_is_sent_by_the_next_tick(db: Database) -> None:
    ids = seed_due(db, 10, NOW - timedelta(minutes=1))
    first_person = min(r.person_id for r in checkins(db) if r.id in ids)

    def a_late_checkin_appears() -> None:
        # Materialised during the tick, due an hour ago: earlier than every row claimed.
        row = CheckinRow(
            plan_item_id=checkins(db)[0].plan_item_id,
            person_id=first_person,
            occurrence="2025-03-09",
            prompt="ask",
            due_at=NOW - timedelta(hours=1),
            next_send_at=NOW - timedelta(hours=1),
        )
        db.run_sync(lambda s: s.add(row))

    store = ObservedStore(db, a_late_checkin_appears)
    tick, console = console_tick(db, store)

    await tick()
    await tick()

    rows = checkins(db)
    assert len(rows) == 11
    assert all(r.sends == 1 for r in rows)  # every one sent, none twice
    assert len(console.sent) == 11


async def test_a_row_another_worker_let_go_during_a_tick_is_sent_by_the_next_tick(
    db: Database,
) -> None:
    seed_due(db, 10, NOW - timedelta(minutes=1))
    held = min(checkins(db), key=lambda r: r.person_id).id  # the first in claim order

    def hold(owner: str | None, until: datetime | None) -> None:
        def write(s: Session) -> None:
            s.exec(
                update(CheckinRow)
                .where(col(CheckinRow.id) == held)
                .values(lease_owner=owner, lease_until=until)
            )

        db.run_sync(write)

    # Another worker holds one row; it lets go (unsent) once this tick's first pass is past it.
    hold("other", NOW + timedelta(minutes=1))
    store = ObservedStore(db, lambda: hold(None, None))
    tick, console = console_tick(db, store)

    await tick()
    assert held not in {i for c in store.claimed for _, _, i in c}
    await tick()

    rows = checkins(db)
    assert all(r.sends == 1 for r in rows)
    assert len(console.sent) == 10


async def test_a_wave_longer_than_one_drain_goes_on_without_waiting_for_a_tick(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.scheduler import jobs

    real_drain = jobs.drain

    async def short_drain(*args: Any, **options: Any) -> int:
        # Drains that reach their limit after two passes, as a long wave reaches the time
        # limit: a wave of 9 in passes of 2 takes two full drains and a third, short one.
        return await real_drain(*args, **{**options, "max_passes": 2})

    monkeypatch.setattr(jobs, "drain", short_drain)
    ids = seed_due(db, 9, NOW - timedelta(minutes=1))
    console = MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: console}
    policy = SchedulingPolicy(batch_size=2)
    tick, _ = scheduling_jobs(
        SqlSchedulingStore(db), transports, FrozenClock(NOW), policy, owner="w"
    )

    await tick()  # one tick: no interval between the drains

    assert len(console.sent) == 9
    rows = {r.id: r for r in checkins(db)}
    assert all(rows[i].sends == 1 for i in ids)
