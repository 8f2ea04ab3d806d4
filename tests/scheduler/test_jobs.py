"""The scheduler: fixed jobs that tick, survive their own exceptions, and call the handlers."""

from __future__ import annotations

import logging
from datetime import UTC, date, timedelta

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.clock import FrozenClock
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.scheduler.jobs import (
    DISPATCH_JOB_ID,
    MATERIALISE_JOB_ID,
    build_scheduler,
    scheduling_jobs,
    scheduling_policy,
    worker_name,
)
from bot.transports.memory import MemoryTransport
from config.settings import SchedulerSettings, Settings
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from tests.scheduler.seed import (
    add_item,
    checkins,
    event_on,
    person_owner,
    seed_world,
)


class Calls:
    def __init__(self) -> None:
        self.count = 0

    async def ok(self) -> None:
        self.count += 1

    async def boom(self) -> None:
        self.count += 1
        raise RuntimeError("secret text that must not matter")


async def test_jobs_have_fixed_ids_intervals_and_single_instances() -> None:
    calls = Calls()
    settings = SchedulerSettings(dispatch_interval_seconds=15, materialise_interval_seconds=300)
    scheduler = build_scheduler(
        tick=calls.ok,
        materialise=calls.ok,
        extra_jobs=[("digest", calls.ok, 3600)],
        settings=settings,
    )
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {DISPATCH_JOB_ID, MATERIALISE_JOB_ID, "digest"}
    intervals = {}
    for job_id, job in jobs.items():
        assert isinstance(job.trigger, IntervalTrigger)
        intervals[job_id] = job.trigger.interval
        assert job.coalesce is True
        assert job.max_instances == 1
    assert intervals == {
        DISPATCH_JOB_ID: timedelta(seconds=15),
        MATERIALISE_JOB_ID: timedelta(seconds=300),
        "digest": timedelta(hours=1),
    }
    scheduler.start()
    try:
        assert scheduler.running
        assert len(scheduler.get_jobs()) == 3
    finally:
        scheduler.shutdown(wait=False)


async def test_a_failing_job_is_logged_by_id_and_keeps_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls = Calls()
    scheduler = build_scheduler(tick=calls.boom, materialise=calls.ok, settings=SchedulerSettings())
    job = scheduler.get_job(DISPATCH_JOB_ID)
    assert job is not None
    with caplog.at_level(logging.ERROR):
        await job.func()
        await job.func()
    assert calls.count == 2
    assert [r.getMessage() for r in caplog.records] == ["job dispatch failed"] * 2
    assert scheduler.get_job(DISPATCH_JOB_ID) is not None


def test_an_interval_below_a_second_is_refused() -> None:
    calls = Calls()
    with pytest.raises(ValueError, match="at least one second"):
        build_scheduler(
            tick=calls.ok,
            materialise=calls.ok,
            extra_jobs=[("x", calls.ok, 0)],
            settings=SchedulerSettings(),
        )


async def test_the_scheduling_jobs_materialise_and_send(db: Database, clock: FrozenClock) -> None:
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    console = MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: console}
    policy = scheduling_policy(Settings())
    tick, materialise = scheduling_jobs(
        SqlSchedulingStore(db), transports, clock, policy, owner=worker_name()
    )
    await materialise()
    await tick()
    await tick()
    assert len(console.sent) == 1
    assert [r.state for r in checkins(db)] == ["awaiting"]


def test_settings_become_a_policy() -> None:
    settings = Settings.model_validate(
        {"reminders": {"default_time": "08:30", "quiet_start": "21:00", "max_per_day": 2}}
    )
    policy = scheduling_policy(settings)
    assert (policy.default_time.hour, policy.default_time.minute) == (8, 30)
    assert policy.quiet_start.hour == 21
    assert policy.max_per_day == 2
    assert len(worker_name()) <= 64


async def test_a_job_gives_freed_memory_back_after_it_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from bot.scheduler import jobs

    if sys.platform.startswith("linux"):
        # glibc's malloc_trim is found here (the service's platform); elsewhere it is skipped.
        assert jobs._malloc_trim() is not None
    trims: list[int] = []

    def trim(pad: int) -> int:
        trims.append(pad)
        return 0

    async def failing_job() -> None:
        raise RuntimeError("a failing job is still followed by the trim")

    monkeypatch.setattr(jobs, "_malloc_trim", lambda: trim)
    await jobs.guarded("materialise", failing_job)()
    assert trims == [0]


async def test_the_service_closes_what_no_platform_can_deliver(
    db: Database, clock: FrozenClock
) -> None:
    # anna is linked on no platform: her request is never claimed. Past the catch-up window
    # the service marks it missed, as `ombud tick` does, instead of keeping it due for ever.
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(date(2025, 3, 4)), [person_owner("anna")])
    telegram = MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.TELEGRAM: telegram}
    policy = scheduling_policy(Settings())
    tick, materialise = scheduling_jobs(
        SqlSchedulingStore(db), transports, clock, policy, owner=worker_name()
    )
    await materialise()
    [row] = checkins(db)
    assert row.state != "missed"
    assert row.next_send_at is not None
    # Two days after it fell due (the catch-up window is 12 hours by default):
    clock.set(row.next_send_at.replace(tzinfo=UTC) + timedelta(days=2))
    await tick()
    await materialise()
    assert telegram.sent == []
    assert [r.state for r in checkins(db)] == ["missed"]


async def test_a_request_inside_the_window_stays_due_for_when_its_person_links(
    db: Database, clock: FrozenClock
) -> None:
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(clock.now().date()), [person_owner("anna")])
    transports: dict[Platform, Transport] = {Platform.TELEGRAM: MemoryTransport()}
    tick, materialise = scheduling_jobs(
        SqlSchedulingStore(db), transports, clock, scheduling_policy(Settings()), owner="w"
    )
    await materialise()
    await tick()
    assert [r.state for r in checkins(db)] != ["missed"]
