"""Measure the CPU time and peak memory of `ombud --help` and of `ombud tick` with nothing due.

    python bench/startup_bench.py [--repeat 7]

Each command runs in its own process, `--repeat` times, in a scratch folder whose ombud.toml
and database `ombud init` wrote. CPU is user + system seconds of the child, memory its
maximum resident set size, both as the kernel reports them when the child ends. Each
command runs once more before its counted runs, so that the modules it loads are compiled,
as they are in an installed Ombud.

The plan-year case uses a second folder: the example roster and Swedish plan imported, a full
tick run at MID_YEAR, what it left due marked answered (as stewards would have), and a second
full tick at the same instant; then `ombud tick --at MID_YEAR` is measured.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

COMMANDS: dict[str, list[str]] = {
    "ombud --help": ["--help"],
    "ombud tick (nothing due)": ["tick"],
}


ROOT = Path(__file__).resolve().parents[1]
# Mid-year and nothing due: after the monthly report of 15 May, before the next item that
# comes within the 60-day horizon (one sending more than a day plus the horizon later).
MID_YEAR = "2025-05-16T03:00:00+02:00"
PLAN_YEAR_TICK = ["tick", "--at", MID_YEAR]


def ombud_command() -> list[str]:
    """The installed entry point, run with this interpreter."""
    return [sys.executable, "-c", "from bot.cli import main; main()"]


def child_environment() -> dict[str, str]:
    """This environment without OMBUD_* settings, and with bytecode caching on: an installed
    Ombud runs from compiled modules (pip compiles a wheel's modules when it installs them),
    so a PYTHONDONTWRITEBYTECODE inherited from a developer's shell would measure compiling
    the project's sources on every run instead."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OMBUD_") and k != "PYTHONDONTWRITEBYTECODE"
    }


def measure(args: list[str], folder: Path) -> tuple[float, float]:
    """One run: (CPU seconds, max RSS in MB)."""
    env = child_environment()
    process = subprocess.Popen(
        [*ombud_command(), *args],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{args}: exit code {process.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def line(name: str, values: list[float], unit: str) -> str:
    """median [min-max] of the runs."""
    return (
        f"  {name:<8} {statistics.median(values):7.3f} {unit}"
        f"  [{min(values):.3f}-{max(values):.3f}]"
    )


def plan_year(folder: Path) -> None:
    """A database in the middle of its plan year: plan and roster in, what was due answered."""

    def run(*args: str) -> None:
        subprocess.run(
            [*ombud_command(), *args],
            cwd=folder,
            env=child_environment(),
            check=True,
            capture_output=True,
        )

    run("init")
    run("people", "import", str(ROOT / "examples" / "roster-sv.yaml"))
    run("plan", "import", str(ROOT / "examples" / "plans" / "sv-sektion-2025.yaml"))
    run(*PLAN_YEAR_TICK)
    with sqlite3.connect(folder / "ombud.db") as connection:
        connection.execute(
            "UPDATE checkin SET state = 'answered', next_send_at = NULL"
            " WHERE next_send_at IS NOT NULL AND next_send_at <= ?",
            [MID_YEAR_UTC],
        )
    connection.close()
    run(*PLAN_YEAR_TICK)


MID_YEAR_UTC = "2025-05-16 01:00:00.000000"  # MID_YEAR as SQLite holds UTC instants


def report(title: str, runs: list[tuple[float, float]], repeat: int) -> None:
    print(f"{title}: median [min-max] of {repeat} runs")
    print(line("cpu", [cpu for cpu, _ in runs], "s"))
    print(line("max rss", [rss for _, rss in runs], "MB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ombud-startup-") as scratch:
        folder = Path(scratch)
        subprocess.run(
            [*ombud_command(), "init"],
            cwd=folder,
            env=child_environment(),
            check=True,
            capture_output=True,
        )
        for title, args in COMMANDS.items():
            measure(args, folder)  # not counted: writes the bytecode of what the command loads
            report(title, [measure(args, folder) for _ in range(options.repeat)], options.repeat)
        year = folder / "plan-year"
        year.mkdir()
        plan_year(year)
        measure(PLAN_YEAR_TICK, year)  # not counted, as above
        runs = [measure(PLAN_YEAR_TICK, year) for _ in range(options.repeat)]
        report("ombud tick (live plan mid-year, nothing due)", runs, options.repeat)


if __name__ == "__main__":
    main()
