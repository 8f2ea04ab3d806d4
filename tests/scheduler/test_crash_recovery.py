"""A dispatcher killed by SIGKILL mid-pass loses nothing and resends at most what was in flight."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.core.clock import FrozenClock
from storage.engine import Database
from tests.scheduler.crash_worker import NOW, FileTransport, drain
from tests.scheduler.seed import checkins, seed_due

ROWS = 2000
BATCH = 200
STOP_AFTER = 700
ROOT = Path(__file__).resolve().parents[2]


def test_a_killed_dispatcher_is_finished_by_the_next_one(
    sqlite_db: Database, tmp_path: Path
) -> None:
    ids = seed_due(sqlite_db, ROWS, NOW)
    log = tmp_path / "sent.txt"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.scheduler.crash_worker",
            sqlite_db.url,
            str(log),
            str(STOP_AFTER),
            str(BATCH),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    assert worker.stdout.readline().strip() == "ready"
    worker.kill()  # SIGKILL: no clean-up, rows of the batch stay leased
    worker.communicate()
    assert worker.returncode == -9
    before = Counter(int(line) for line in log.read_text().split())
    assert sum(before.values()) == STOP_AFTER
    leased = [r for r in checkins(sqlite_db) if r.lease_owner == "crashy"]
    assert 0 < len(leased) <= BATCH

    # Within the lease nobody takes the leased rows over; after it, the next worker does.
    clock = FrozenClock(NOW + timedelta(seconds=120, microseconds=1))
    with log.open("a", encoding="utf-8") as out:
        asyncio.run(drain(sqlite_db, FileTransport(out, None), clock, BATCH, "second"))
    sent = Counter(int(line) for line in log.read_text().split())
    assert set(sent) == set(ids)
    duplicates = sum(n - 1 for n in sent.values())
    assert duplicates <= BATCH
    assert duplicates >= 1  # the message being sent when the worker died goes out again
    assert {r.state for r in checkins(sqlite_db)} == {"awaiting"}
