"""Benchmark: dispatch throughput by wave size, and materialise time and memory; prints figures.

    python bench/dispatch_bench.py                                 # both, SQLite (+ PG if set)
    python bench/dispatch_bench.py dispatch --sizes 1000,20000 --repeat 3
    python bench/dispatch_bench.py claim --sizes 1000,20000,50000       # one claim pass
    python bench/dispatch_bench.py materialise --people 2000,20000 --items 10 --repeat 2
    python bench/dispatch_bench.py --db sqlite                     # SQLite only

Each measurement runs in a fresh process on a freshly seeded database (a temporary SQLite
file; on PostgreSQL a fresh schema, dropped afterwards, on the server named by --pg or
OMBUD_TEST_DATABASE_URL), repeated --repeat times; the median, min and max are printed with
the size of the run. Nothing leaves the process: dispatch sends to the memory transport.
The dispatch wave is made by materialise, as the service makes it (`--seed insert` writes it
straight into the table instead, as this script did before).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dispatch_run import ANALYZE_ENV, SEED_ENV, SNAPSHOT_ENV, run_one


def _spawn(args: list[str]) -> dict[str, Any]:
    """One measurement in a child process, so its memory figures are its own."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=os.environ.copy())
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _stats(values: list[float], fmt: str) -> str:
    med = statistics.median(values)
    return f"{fmt.format(med)} [{fmt.format(min(values))}–{fmt.format(max(values))}]"


def _dispatch(dialect: str, pg: str, sizes: list[int], repeat: int) -> None:
    for size in sizes:
        runs = [_spawn(["dispatch", dialect, pg, str(size)]) for _ in range(repeat)]
        rates = [r["checkins"] / r["seconds"] for r in runs]
        cost = [r["seconds"] / r["checkins"] * 1e6 for r in runs]
        cpu = [r["cpu_seconds"] / r["checkins"] * 1e6 for r in runs]
        server = [
            r["server_cpu_seconds"] / r["checkins"] * 1e6
            for r in runs
            if r["server_cpu_seconds"] is not None
        ]
        on_server = f"server CPU µs/check-in {_stats(server, '{:,.0f}')}  " if server else ""
        print(
            f"dispatch {dialect:10} {size:>6} check-ins  n={repeat}  "
            f"check-ins/s {_stats(rates, '{:,.0f}')}  µs/check-in {_stats(cost, '{:,.0f}')}  "
            f"bench-process CPU µs/check-in {_stats(cpu, '{:,.0f}')}  {on_server}"
            f"messages {runs[0]['messages']}, distinct {runs[0]['distinct']}, "
            f"passes {runs[0]['passes']}",
            flush=True,
        )


def _claims(dialect: str, pg: str, sizes: list[int]) -> None:
    for size in sizes:
        run = _spawn(["claim", dialect, pg, str(size)])
        ms = [t * 1000 for t in run["claim_s"]]
        print(
            f"claim {dialect:10} {size:>6} due  one pass of 200, n={len(ms)}  "
            f"ms {_stats(ms, '{:.1f}')}",
            flush=True,
        )


def _materialise(dialect: str, pg: str, people: list[int], items: int, repeat: int) -> None:
    for size in people:
        runs = [_spawn(["materialise", dialect, pg, str(size), str(items)]) for _ in range(repeat)]
        traced = _spawn(["materialise", dialect, pg, str(size), str(items), "trace"])
        first = [r["first_s"] for r in runs]
        again = [r["again_s"] for r in runs]
        cpu = [r["first_cpu_s"] for r in runs]
        cpu_again = [r["again_cpu_s"] for r in runs]
        ratio = [r["again_s"] / r["first_s"] for r in runs]
        rss = [r["maxrss_mb"] - r["seeded_rss_mb"] for r in runs]
        print(
            f"materialise {dialect:10} {size:>6} people × {items} items  n={repeat}  "
            f"created {runs[0]['created']} (again {runs[0]['again']})  "
            f"first s {_stats(first, '{:.2f}')}  re-run s {_stats(again, '{:.2f}')}  "
            f"re-run/first {_stats(ratio, '{:.0%}')}  "
            f"CPU s first {_stats(cpu, '{:.2f}')}, re-run {_stats(cpu_again, '{:.2f}')}  "
            f"RSS growth MB {_stats(rss, '{:.0f}')} (max RSS {runs[0]['maxrss_mb']:.0f})  "
            f"tracemalloc peak MB first {traced['first_peak_mb']:.0f}, "
            f"re-run {traced['again_peak_mb']:.0f}",
            flush=True,
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", choices=("dispatch", "claim", "materialise", "both"))
    parser.add_argument("--sizes", default="1000,5000,20000,50000", help="check-ins per wave")
    parser.add_argument("--people", default="2000,20000", help="people to materialise for")
    parser.add_argument("--items", type=int, default=10, help="monthly items to materialise")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", choices=("sqlite", "pg", "both"), default="both")
    parser.add_argument("--pg", default=os.environ.get("OMBUD_TEST_DATABASE_URL", ""))
    parser.add_argument(
        "--analyze", action="store_true", help="PostgreSQL: ANALYZE after seeding each wave"
    )
    parser.add_argument(
        "--old-snapshot",
        action="store_true",
        help="PostgreSQL: another session holds one snapshot through each wave",
    )
    parser.add_argument(
        "--seed",
        choices=("materialise", "insert"),
        default="materialise",
        help="dispatch: the wave made by materialise (as in service) or inserted straight",
    )
    args = parser.parse_args()
    os.environ[SEED_ENV] = args.seed
    if args.old_snapshot:
        os.environ[SNAPSHOT_ENV] = "1"
    if args.analyze:
        os.environ[ANALYZE_ENV] = "1"  # the child processes do the seeding
    what = args.what or "both"
    dialects = ["sqlite"] if args.db in ("sqlite", "both") else []
    if args.db in ("pg", "both") and args.pg:
        dialects.append("postgresql")
    for dialect in dialects:
        sizes = [int(s) for s in args.sizes.split(",")]
        if what in ("dispatch", "both"):
            _dispatch(dialect, args.pg, sizes, args.repeat)
        if what in ("claim", "both"):
            _claims(dialect, args.pg, sizes)
        if what in ("materialise", "both"):
            people = [int(s) for s in args.people.split(",")]
            _materialise(dialect, args.pg, people, args.items, args.repeat)


if __name__ == "__main__":
    main()
