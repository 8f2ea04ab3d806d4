"""The service's retention job: scheduled daily, prunes by the clock's day, logs counts only."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import Service, extra_jobs
from bot.core.clock import FrozenClock
from config.settings import Settings
from storage.engine import Database
from storage.retention_job import RETENTION_JOB_ID
from tests.storage.test_retention import seed, texts


async def test_the_daily_job_prunes_by_the_clock_and_logs_counts_not_text(
    sqlite_db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sqlite_db.run_sync(seed)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}")
    clock = FrozenClock(datetime(2025, 12, 31, 12, tzinfo=UTC))
    jobs = {
        job_id: (job, every)
        for job_id, job, every in extra_jobs(Service(settings, sqlite_db, {}, clock))
    }
    job, every = jobs[RETENTION_JOB_ID]
    assert every == 24 * 3600
    caplog.set_level(logging.INFO)
    await job()
    assert texts(sqlite_db)["vp-2024"][0] == "comment vp-2024"  # its last kept day
    clock.advance(timedelta(days=1))  # 1 January 2026: the day after
    await job()
    assert texts(sqlite_db)["vp-2024"][0] is None
    assert "retention: 2 texts in 1 answers" in caplog.text
    assert "comment vp-2024" not in caplog.text
