"""The few fixed APScheduler jobs: they only tick; every durable decision is in the database."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from bot.core.model import Platform
from bot.core.ports import Clock, Transport
from bot.core.scheduling import SchedulingPolicy, SchedulingStore
from config.settings import SchedulerSettings, Settings
from handlers.scheduling import dispatch, materialise
from handlers.scheduling.dispatch import IN_FLIGHT, DispatchReport, Relay

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

    async def one_pass(relay: Relay) -> DispatchReport:
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
            after=relay.after,
            relay=relay,
        )

    async def tick() -> None:
        # Each pass of the drain resumes after the last row the previous one claimed (the
        # drain hands the key on); the first starts from the beginning, so rows that became
        # due behind that point during the previous drain (a new check-in due a minute ago,
        # a row another worker let go, a row handed back) are claimed now.
        last = DispatchReport()
        handed_back = started = 0

        async def counted_pass(relay: Relay) -> DispatchReport:
            nonlocal last, handed_back, started
            started += 1
            number = started
            report = await one_pass(relay)
            if number == started:  # the drain's latest pass (the one before may end after it)
                last = report
            handed_back += report.handed_back
            return report

        # A drain that ended on its time or pass limit with passes still full is followed
        # by the next one at once, from the beginning of the claim order: a wave longer
        # than one drain does not wait for the next interval between the two; nor do rows
        # a pass handed back to it.
        while True:
            handed_back = 0
            await drain(counted_pass, clock, policy.batch_size)
            if last.postponed or (last.claimed < policy.batch_size and not handed_back):
                return

    async def materialise_now() -> None:
        await materialise(store, clock, policy.horizon_days, policy=policy)
        # Rows no claim takes (their person is reached on no platform yet) would stay due for
        # ever; past the catch-up window they are missed, as `ombud tick` closes them too.
        now = clock.now()
        await store.close_stale(now, now - timedelta(hours=policy.catch_up_hours))

    return tick, materialise_now


async def drain(
    one_pass: Callable[[Relay], Coroutine[Any, Any, DispatchReport]],
    clock: Clock,
    batch_size: int,
    *,
    limit: timedelta = DRAIN_LIMIT,
    max_passes: int = DRAIN_PASSES,
) -> int:
    """Run dispatch passes back to back while work is due; returns how many passes ran.

    A pass that claims less than a full batch has emptied the queue. A pass the platform
    slowed down (postponed sends) ends the tick too: the next interval is soon enough.

    The next pass starts as soon as the one before it has only a few people left to start
    (its relay's tail, see RELAY_AHEAD), so the two overlap by that pass's last sends (see
    Relay); a pass that never signals its tail is followed once it has ended. At most two
    passes run at once: a pass starts only after the one two before it has ended, and it
    holds back the people of the one before it. A drain returns once all its passes have
    ended. Once a pass the platform slowed down is known, no further pass starts (one
    already started beside it still finishes).
    """
    started = clock.now()
    slots: dict[Platform, asyncio.Semaphore] = {}  # sends in flight, shared by the passes
    relay = Relay(slots=slots)
    earlier: asyncio.Task[DispatchReport] | None = None  # the pass before, in its tail
    current: asyncio.Task[DispatchReport] | None = None
    passes = 0
    try:
        while True:
            passes += 1
            current = asyncio.create_task(one_pass(relay))
            tail = asyncio.create_task(relay.tail.wait())
            try:
                await asyncio.wait({current, tail}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                tail.cancel()
            ended = current.done()
            report = current.result() if ended else relay.report
            assert report is not None  # set by the pass before its tail
            slowed = ended and report.postponed > 0
            if earlier is not None:
                before, earlier = await earlier, None
                slowed = slowed or before.postponed > 0
            if (
                slowed
                or report.claimed < batch_size
                or passes >= max_passes
                or clock.now() - started >= limit
            ):
                await current
                return passes
            earlier = None if ended else current
            relay = Relay(
                after=report.last_key or relay.after,
                held=frozenset() if ended else relay.people,
                slots=slots,
            )
    finally:
        # On an error (or a cancel) in one pass, the other is cancelled and waited for.
        others = [t for t in (earlier, current) if t is not None and not t.done()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
