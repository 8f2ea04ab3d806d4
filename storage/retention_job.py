"""The daily retention job for the service's scheduler: prune, log counts, never raise."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.core.ports import Clock
from storage.engine import Database
from storage.retention import run_retention

RETENTION_JOB_ID = "retention"


def retention_job(
    db: Database, clock: Clock, *, text_months: int, delivery_months: int, interval_hours: int
) -> tuple[str, Callable[[], Awaitable[None]], int]:
    """(job id, job, interval in seconds) for build_scheduler's extra jobs."""

    async def prune() -> None:
        today = clock.now().date()
        await asyncio.to_thread(
            lambda: run_retention(
                db,
                today=today,
                text_months=text_months,
                delivery_months=delivery_months,
            )
        )

    return RETENTION_JOB_ID, prune, interval_hours * 3600
