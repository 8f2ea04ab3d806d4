"""The few fixed APScheduler jobs: they only tick; every durable decision is in the database."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.core.model import Platform
from bot.core.ports import Clock, Transport
from bot.core.scheduling import ClaimKey, SchedulingPolicy, SchedulingStore
from config.settings import SchedulerSettings, Settings
from handlers.scheduling import dispatch, materialise
from handlers.scheduling.dispatch import IN_FLIGHT, DispatchReport

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

DISPATCH_JOB_ID = "dispatch"
MATERIALISE_JOB_ID = "materialise"

# A tick keeps passing while each pass fills its batch, so a wave never waits for the next
# interval; these bound one tick (the next tick carries on), also under a frozen clock.
DRAIN_LIMIT = timedelta(minutes=10)
DRAIN_PASSES = 200

Job = Callable[[], Awaitable[None]]


def guarded(job_id: str, fn: Job) -> Job:
    """A job boundary: an exception is logged with the job's id and the job keeps its schedule."""

    async def run() -> None:
        try:
            await fn()
        except Exception:
            log.exception("job %s failed", job_id)
        finally:
            give_back_memory()

    run.__name__ = f"job_{job_id}"
    return run


def give_back_memory() -> None:
    """Hand the C heap's free pages back to the system after a job (glibc only).

    A creation pass or a wave allocates hundreds of thousands of small objects and frees
    them; glibc keeps the freed pages in its arenas, so the service would idle at its peak.
    malloc_trim returns them; elsewhere (musl, macOS) this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def build_scheduler(
    *,
    tick: Job,
    materialise: Job,
    extra_jobs: Sequence[tuple[str, Job, int]] = (),
    settings: SchedulerSettings,
) -> AsyncIOScheduler:
    """An in-memory scheduler with fixed job ids; start it inside the running event loop."""
    # Imported here: only `ombud run` schedules; tick and chat use this module's policy only.
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    scheduler = AsyncIOScheduler(timezone=UTC)
    jobs: list[tuple[str, Job, int]] = [
        (MATERIALISE_JOB_ID, materialise, settings.materialise_interval_seconds),
        (DISPATCH_JOB_ID, tick, settings.dispatch_interval_seconds),
        *extra_jobs,
    ]
    first_run = datetime.now(UTC)  # run each job once at start-up: catch-up comes from the rows
    for job_id, fn, seconds in jobs:
        if seconds < 1:
            raise ValueError(f"job {job_id}: the interval must be at least one second")
        scheduler.add_job(
            guarded(job_id, fn),
            trigger=IntervalTrigger(seconds=seconds, timezone=UTC),
            id=job_id,
            name=job_id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            next_run_time=first_run,
        )
    return scheduler


def _hhmm(value: str) -> time:
    return time.fromisoformat(value)


def scheduling_policy(settings: Settings) -> SchedulingPolicy:
    """The scheduling handlers' view of the operator's settings."""
    return SchedulingPolicy(
        catch_up_hours=settings.scheduler.catch_up_hours,
        lease_seconds=settings.scheduler.lease_seconds,
        batch_size=settings.scheduler.batch_size,
        horizon_days=settings.scheduler.horizon_days,
        default_time=_hhmm(settings.reminders.default_time),
        quiet_start=_hhmm(settings.reminders.quiet_start),
        quiet_end=_hhmm(settings.reminders.quiet_end),
        max_per_day=settings.reminders.max_per_day,
        max_per_week=settings.reminders.max_per_week,
    )


def worker_name() -> str:
    """This process's lease owner: host and process id, at most 64 characters."""
    return f"{socket.gethostname()[:48]}:{os.getpid()}"


def scheduling_jobs(
    store: SchedulingStore,
    transports: Mapping[Platform, Transport],
    clock: Clock,
    policy: SchedulingPolicy,
    *,
    owner: str,
    in_flight: int = IN_FLIGHT,
    stopping: asyncio.Event | None = None,
) -> tuple[Job, Job]:
    """The tick (dispatch) and materialise jobs for build_scheduler.

    Once `stopping` is set no pass starts, and a running one hands its unsent rows back.
    """

    async def one_pass(after: ClaimKey | None) -> DispatchReport:
        if stopping is not None and stopping.is_set():
            return DispatchReport()  # a short pass: the drain ends here
        return await dispatch(
            store,
            transports,
            clock,
            owner=owner,
            policy=policy,
            in_flight=in_flight,
            stopping=stopping,
            after=after,
        )

    async def tick() -> None:
        # Each pass of the drain resumes after the last row the previous one claimed; the
        # first starts from the beginning, so rows that became due behind that point during
        # the previous drain (a new check-in due a minute ago, a row another worker let go)
        # are claimed now.
        after: ClaimKey | None = None
        last = DispatchReport()

        async def resuming_pass() -> DispatchReport:
            nonlocal after, last
            last = await one_pass(after)
            after = last.last_key or after
            return last

        # A drain that ended on its time or pass limit with passes still full is followed
        # by the next one at once, from the beginning of the claim order: a wave longer
        # than one drain does not wait for the next interval between the two.
        while True:
            after = None
            await drain(resuming_pass, clock, policy.batch_size)
            if last.claimed < policy.batch_size or last.postponed:
                return

    async def materialise_now() -> None:
        await materialise(store, clock, policy.horizon_days, policy=policy)

    return tick, materialise_now


async def drain(
    one_pass: Callable[[], Awaitable[DispatchReport]],
    clock: Clock,
    batch_size: int,
    *,
    limit: timedelta = DRAIN_LIMIT,
    max_passes: int = DRAIN_PASSES,
) -> int:
    """Run dispatch passes back to back while work is due; returns how many passes ran.

    A pass that claims less than a full batch has emptied the queue. A pass the platform
    slowed down (postponed sends) ends the tick too: the next interval is soon enough.
    """
    started = clock.now()
    for passes in range(1, max_passes + 1):
        report = await one_pass()
        if report.claimed < batch_size or report.postponed:
            return passes
        if clock.now() - started >= limit:
            return passes
    return max_passes
