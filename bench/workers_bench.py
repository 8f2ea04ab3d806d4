"""Benchmark: one dispatcher process against two on one PostgreSQL, through one Telegram bot.

    python bench/workers_bench.py --pg URL                # every mode, 2,000 check-ins, 3 runs
    python bench/workers_bench.py --pg URL --modes shared --workers 2 --size 2000 --repeat 3
    python bench/workers_bench.py --pg URL --modes sink --size 2000
    python bench/workers_bench.py --pg URL --modes ledger       # the cost of one booking

Each run seeds a fresh PostgreSQL schema with one due Telegram check-in per person (and 50
due a minute earlier), starts the worker processes, lets them go at once, and waits until
every check-in has been sent. Each worker is `ombud run`'s dispatch loop (passes back to
back with the default batch and sends in flight) on its own engine, with a clock that runs
in real time from a Monday morning. Modes:

- `local`: each worker paces the bot on its own budget (as main did before the shared
  budget), against a fake Bot API that answers after `--latency` ms and enforces 30 calls a
  second per bot and one message a second per chat.
- `shared`: the same fake, the workers book the bot's calls on the budget shared through
  the database.
- `sink`: no platform limit and no round trip: the memory transport, for the cost of
  dispatch alone.

A wave of one batch or less goes to whichever worker claims first, and a second worker then
has nothing to do: the default size, 2,000 check-ins (and the 50), is four batches of the
default 500, and a smaller `--size` with more than one worker is named in a note.

Printed per mode and worker count, median [min-max] over `--repeat` runs: delivered
messages a second (from the first to the last message the fake or the sink accepted), the
busiest second at the fake, 429s, lost and doubled messages (over all runs), and the worker
processes' CPU per check-in (the database server's CPU is not in it). For `shared`, the
budget's bookings (database round trips) per message. `--modes ledger` alone times 500
bookings of four slots in this process (CPU and wall per booking).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import web
from sqlalchemy import text

from bench.dispatch_run import START, WARM_UP, scratch, seed_wave
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.transports.memory import MemoryTransport, Sent
from config.settings import SchedulerSettings
from handlers.scheduling import dispatch
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import ChatIdentityRow
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi, PlatformLimits, start_fake

CHAT_BASE = 100_000
BATCH = SchedulerSettings().batch_size  # what each worker claims in a pass


class RunningClock:
    """Real time, but starting from START (a Monday morning), so quiet hours never apply."""

    def __init__(self) -> None:
        self._began = time.monotonic()

    def now(self) -> datetime:
        return START + timedelta(seconds=time.monotonic() - self._began)


class SlowFakeBotApi(FakeBotApi):
    """The fake Bot API, answering each call after a fixed round trip (admitted on arrival)."""

    latency: float = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        response = await super().handle(request)
        await asyncio.sleep(self.latency)
        return response


def seed(db: Database, size: int) -> None:
    seed_wave(db, size)
    people = size + WARM_UP
    rows = [
        ChatIdentityRow(
            person_id=n,
            platform="telegram",
            user_id=str(CHAT_BASE + n),
            chat_id=str(CHAT_BASE + n),
            linked_at=START - timedelta(days=7),
        )
        for n in range(1, people + 1)
    ]
    db.run_sync(lambda s: s.add_all(rows))


def _unsent(db: Database) -> int:
    query = text("SELECT count(*) FROM checkin WHERE state = 'scheduled'")
    return int(db.run_sync(lambda s: s.connection().execute(query).scalar_one()))


def _transport(db: Database, api: str, mode: str) -> tuple[Transport, Any]:
    if mode == "sink":
        return MemoryTransport(Platform.TELEGRAM), None
    from bot.transports.telegram import TelegramTransport
    from bot.transports.telegram_limits import Pacer

    pacer = Pacer()
    if mode == "shared":
        from bot.transports.telegram_limits import shared_pacer
        from storage.budget import SqlBudgetLedger

        rate = float(os.environ.get("BENCH_PER_SECOND", "0")) or None
        pacer = (
            shared_pacer(SqlBudgetLedger(db), TOKEN, rate)
            if rate
            else shared_pacer(SqlBudgetLedger(db), TOKEN)
        )
    return TelegramTransport(TOKEN, base_url=api, request_timeout=10.0, pacer=pacer), pacer


async def _work(url: str, api: str, mode: str, owner: str) -> dict[str, Any]:
    db = Database(url)
    transport, pacer = _transport(db, api, mode)
    await transport.open()
    store, clock = SqlSchedulingStore(db), RunningClock()
    settings = SchedulerSettings()
    policy = SchedulingPolicy(batch_size=settings.batch_size)
    print("ready", flush=True)
    sys.stdin.readline()  # go: every worker starts at once
    cpu, passes = time.process_time(), 0
    transports = {Platform.TELEGRAM: transport}
    while True:
        report = await dispatch(
            store,
            transports,
            clock,
            owner=owner,
            policy=policy,
            in_flight=settings.sends_in_flight,
        )
        passes += 1
        if report.claimed == 0:
            if _unsent(db) == 0:
                break
            await asyncio.sleep(0.1)  # rows another worker holds, or a 429 put off
    cpu = time.process_time() - cpu
    await transport.stop()
    db.dispose()
    shared = getattr(pacer, "shared", None)
    figures: dict[str, Any] = {"cpu": cpu, "passes": passes}
    figures["round_trips"] = shared.round_trips if shared is not None else 0
    figures["dropped"] = shared.dropped if shared is not None else 0
    if isinstance(transport, MemoryTransport):
        sent = [e for e in transport.transcript if isinstance(e, Sent)]
        figures["chats"] = [e.to.chat_id for e in sent]
    return figures


async def _one_run(pg: str, mode: str, workers: int, size: int, latency: float) -> dict[str, float]:
    with scratch("postgresql", pg) as db:
        seed(db, size)
        api = SlowFakeBotApi(limits=PlatformLimits(clock=time.monotonic))
        api.latency = latency
        runner = await start_fake(api)
        try:
            procs = [
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    __file__,
                    "--worker",
                    db.url,
                    api.base_url,
                    mode,
                    f"bench-{n}",
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                )
                for n in range(workers)
            ]
            for proc in procs:
                assert proc.stdout is not None
                assert (await proc.stdout.readline()).strip() == b"ready"
            began = time.monotonic()
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write(b"go\n")
                await proc.stdin.drain()
            outputs = [await proc.communicate() for proc in procs]
            wall = time.monotonic() - began
        finally:
            api.close()
            await runner.cleanup()
    results = [json.loads(out.decode().strip().splitlines()[-1]) for out, _err in outputs]
    expected = {str(CHAT_BASE + n) for n in range(1, size + WARM_UP + 1)}
    limits = api.limits
    assert limits is not None
    if mode == "sink":
        chats = Counter(c for r in results for c in r["chats"])
        rate = sum(chats.values()) / wall
        busiest = 0.0
    else:
        accepted = [(t, c) for t, m, c in limits.accepted if m == "sendMessage"]
        chats = Counter(c for _t, c in accepted)
        times = [t for t, _c in accepted]
        rate = (len(times) - 1) / (max(times) - min(times)) if len(times) > 1 else 0.0
        busiest = float(limits.most_in_one_second())
    messages = sum(chats.values())
    return {
        "rate": rate,
        "busiest": busiest,
        "too_many": float(limits.too_many),
        "lost": float(len(expected - set(chats))),
        "doubled": float(sum(n - 1 for n in chats.values() if n > 1)),
        "cpu_us": sum(r["cpu"] for r in results) / len(expected) * 1e6,
        "trips_per_msg": sum(r["round_trips"] for r in results) / max(messages, 1),
        "dropped": float(sum(r["dropped"] for r in results)),
        "wall": wall,
    }


async def _ledger_cost(pg: str, bookings: int) -> dict[str, float]:
    """CPU and wall time of this process per booking of four slots on PostgreSQL."""
    from storage.budget import SqlBudgetLedger

    with scratch("postgresql", pg) as db:
        ledger = SqlBudgetLedger(db)
        await ledger.reserve("bench", 1, 1e-6)  # the row and a warm connection
        cpu, began = time.process_time(), time.perf_counter()
        for _ in range(bookings):
            await ledger.reserve("bench", 4, 1e-6)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - began
    return {"cpu_us": cpu / bookings * 1e6, "wall_us": wall / bookings * 1e6}


def _stats(values: list[float], fmt: str) -> str:
    med = statistics.median(values)
    return f"{fmt.format(med)} [{fmt.format(min(values))}-{fmt.format(max(values))}]"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        url, api, mode, owner = sys.argv[2:6]
        print(json.dumps(asyncio.run(_work(url, api, mode, owner))), flush=True)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("OMBUD_TEST_DATABASE_URL"))
    parser.add_argument("--modes", default="local,shared,sink")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument(
        "--size", type=int, default=4 * BATCH, help=f"check-ins (default {4 * BATCH:,})"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency", type=float, default=80.0, help="ms per Bot API call")
    parser.add_argument("--per-second", type=float, default=0.0, help="shared budget's rate")
    args = parser.parse_args()
    if args.per_second:
        os.environ["BENCH_PER_SECOND"] = str(args.per_second)
    if args.modes == "ledger":
        costs = [asyncio.run(_ledger_cost(args.pg, 500)) for _ in range(args.repeat)]
        print(
            f"ledger bookings=500 n={args.repeat}  "
            f"CPU us/booking {_stats([c['cpu_us'] for c in costs], '{:.0f}')}  "
            f"wall us/booking {_stats([c['wall_us'] for c in costs], '{:.0f}')}",
            flush=True,
        )
        return
    if not args.pg:
        parser.error("name a PostgreSQL server with --pg or OMBUD_TEST_DATABASE_URL")
    size = args.size
    for mode in args.modes.split(","):
        for workers in (int(w) for w in args.workers.split(",")):
            if workers > 1 and size + WARM_UP < 2 * workers * BATCH:
                print(
                    f"note: {size + WARM_UP} check-ins are fewer than two batches of {BATCH} "
                    f"per worker: the workers cannot all keep claiming",
                    flush=True,
                )
            runs = [
                asyncio.run(_one_run(args.pg, mode, workers, size, args.latency / 1000))
                for _ in range(args.repeat)
            ]
            line = (
                f"{mode:6} workers={workers} check-ins={size + WARM_UP} n={args.repeat}  "
                f"delivered/s {_stats([r['rate'] for r in runs], '{:.1f}')}  "
            )
            if mode != "sink":
                line += (
                    f"busiest second {_stats([r['busiest'] for r in runs], '{:.0f}')}  "
                    f"429s {_stats([r['too_many'] for r in runs], '{:.0f}')}  "
                )
            line += (
                f"lost {sum(r['lost'] for r in runs):.0f}  "
                f"doubled {sum(r['doubled'] for r in runs):.0f}  "
                f"worker CPU us/check-in {_stats([r['cpu_us'] for r in runs], '{:.0f}')}"
            )
            if mode == "shared":
                line += (
                    f"  bookings/msg {_stats([r['trips_per_msg'] for r in runs], '{:.2f}')}"
                    f"  slots dropped {_stats([r['dropped'] for r in runs], '{:.0f}')}"
                )
            print(line, flush=True)


if __name__ == "__main__":
    main()
