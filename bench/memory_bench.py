"""Benchmark: resident memory of the real `ombud run` while it creates check-ins, and idle after.

    python bench/memory_bench.py                          # 20,000 people × 10 items, SQLite
    python bench/memory_bench.py --people 20000 --items 10 --repeat 3 --db pg

Each run seeds a fresh database (a temporary SQLite file, or a new PostgreSQL schema on the
server named by --pg or OMBUD_TEST_DATABASE_URL) with one plan of `--items` monthly items
for `--people` stewards, all due within the default horizon, and starts `ombud run` in its
own process against a fake Telegram Bot API on 127.0.0.1 (the stewards have no chat
identity, so nothing is sent: the run materialises and idles). The materialise job runs at
start and again after --interval seconds (an unchanged re-run). Printed, median [min–max]
over --repeat runs: the process's peak resident memory (the kernel's VmHWM) over both passes,
its resident memory idle after the second pass (median of samples over --idle seconds), the
seconds of the first pass, and the check-ins it created.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import web

from bench.dispatch_run import scratch, seed
from bench.startup_bench import ombud_command
from bot.core.model import Frequency, Schedule
from bot.core.model import ScheduleKind as Kind
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi, start_fake

ROOT = Path(__file__).resolve().parents[1]
# A pass that created check-ins, or one that found nothing changed and skipped the planning.
_MATERIALISED = re.compile(r"materialised (\d+) new check-ins|materialise: nothing changed")


class FakeTelegram:
    """The fake Bot API served from a thread of this process, for the child to talk to."""

    def __init__(self) -> None:
        self.api = FakeBotApi()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._runner = asyncio.run_coroutine_threadsafe(start_fake(self.api), self._loop).result()

    def close(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()


def _status_mb(pid: int, field: str) -> float:
    """A memory line of /proc/PID/status (VmRSS, VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def one_run(dialect: str, pg: str, *, people: int, items: int, interval: int, idle: float) -> Any:
    today = datetime.now(UTC).date()
    period = (today - timedelta(days=30), today + timedelta(days=365))
    monthly = Schedule(Kind.RECURRING, every=Frequency.MONTHLY)
    with scratch(dialect, pg) as db, tempfile.TemporaryDirectory() as folder:
        seed(db, people, items, monthly, period)
        db.dispose()
        telegram = FakeTelegram()
        env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
        env |= {
            "PYTHONPATH": str(ROOT),  # this checkout's code, whatever the environment installed
            "OMBUD_SYSTEM_CONFIG": str(Path(folder) / "none.toml"),
            "OMBUD_DATABASE_URL": db.url,
            "OMBUD_TELEGRAM__TOKEN": TOKEN,
            "OMBUD_TELEGRAM__BASE_URL": telegram.api.base_url,
            "OMBUD_SCHEDULER__MATERIALISE_INTERVAL_SECONDS": str(interval),
            "OMBUD_LOG_LEVEL": "INFO",
        }
        began = time.monotonic()
        child = subprocess.Popen(
            [*ombud_command(), "run"],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        passes: list[tuple[float, int]] = []  # (seconds since start, created)

        def read_log() -> None:
            assert child.stderr is not None
            for line in child.stderr:
                if found := _MATERIALISED.search(line):
                    passes.append((time.monotonic() - began, int(found.group(1) or 0)))

        reader = threading.Thread(target=read_log, daemon=True)
        reader.start()
        try:
            deadline = began + 600
            while len(passes) < 2:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"ombud run stopped or stalled (exit {child.returncode})")
                time.sleep(0.1)
            samples = []
            until = time.monotonic() + idle
            while time.monotonic() < until:
                samples.append(_status_mb(child.pid, "VmRSS"))
                time.sleep(0.2)
            peak = _status_mb(child.pid, "VmHWM")
        finally:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            telegram.close()
        return {
            "peak_mb": peak,
            "idle_mb": statistics.median(samples),
            "first_s": passes[0][0],
            "created": passes[0][1],
            "again": passes[1][1],
        }


def _stats(values: list[float], fmt: str) -> str:
    return (
        f"{fmt.format(statistics.median(values))} "
        f"[{fmt.format(min(values))}–{fmt.format(max(values))}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--interval", type=int, default=20, help="seconds between passes")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle samples")
    parser.add_argument("--db", choices=("sqlite", "pg"), default="sqlite")
    parser.add_argument("--pg", default=os.environ.get("OMBUD_TEST_DATABASE_URL", ""))
    args = parser.parse_args()
    dialect = "postgresql" if args.db == "pg" else "sqlite"
    runs = [
        one_run(
            dialect,
            args.pg,
            people=args.people,
            items=args.items,
            interval=args.interval,
            idle=args.idle,
        )
        for _ in range(args.repeat)
    ]
    print(
        f"ombud run {dialect} {args.people} people × {args.items} monthly items  "
        f"n={args.repeat}  created {runs[0]['created']} (re-run {runs[0]['again']})  "
        f"peak RSS MB {_stats([r['peak_mb'] for r in runs], '{:.0f}')}  "
        f"idle RSS MB {_stats([r['idle_mb'] for r in runs], '{:.0f}')}  "
        f"first pass done after s {_stats([r['first_s'] for r in runs], '{:.1f}')}",
        flush=True,
    )


if __name__ == "__main__":
    main()
