"""Measure the CPU time and peak memory of `ombud --help` and of `ombud tick` with nothing due.

    python bench/startup_bench.py [--repeat 7] [--against TREE]

Each command runs in its own process, `--repeat` times, in a scratch folder whose ombud.toml
and database `ombud init` wrote. CPU is user + system seconds of the child, memory its
maximum resident set size, both as the kernel reports them when the child ends. Each
command runs once more before its counted runs, so that the modules it loads are compiled,
as they are in an installed Ombud.

With `--against TREE` (another checkout or an export of the project, e.g. of main) every
command is measured on both trees, interleaved: each counted run of this tree is followed by
one of TREE, on the same folders, so that both sides see the same load. Each side runs with
PYTHONPATH set to its own tree.

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


def child_environment(tree: Path | None = None) -> dict[str, str]:
    """This environment without OMBUD_* settings, and with bytecode caching on: an installed
    Ombud runs from compiled modules (pip compiles a wheel's modules when it installs them),
    so a PYTHONDONTWRITEBYTECODE inherited from a developer's shell would measure compiling
    the project's sources on every run instead."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OMBUD_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return env


def measure(args: list[str], folder: Path, tree: Path | None = None) -> tuple[float, float]:
    """One run: (CPU seconds, max RSS in MB); with `tree`, of the project in that folder."""
    env = child_environment(tree)
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


def measured(title: str, args: list[str], folder: Path, repeat: int, against: Path | None) -> None:
    """`repeat` counted runs after one uncounted run (which writes the bytecode of what the
    command loads); with `against`, each run is followed by one on that tree."""
    trees: list[Path | None] = [None] if against is None else [ROOT, against]
    for tree in trees:
        measure(args, folder, tree)
    runs: dict[Path | None, list[tuple[float, float]]] = {tree: [] for tree in trees}
    for _ in range(repeat):
        for tree in trees:
            runs[tree].append(measure(args, folder, tree))
    for tree in trees:
        report(title if tree is None else f"{title} [{tree}]", runs[tree], repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--against", type=Path, default=None, help="a second tree, interleaved")
    options = parser.parse_args()
    against = options.against.resolve() if options.against else None
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
            measured(title, args, folder, options.repeat, against)
        year = folder / "plan-year"
        year.mkdir()
        plan_year(year)
        title = "ombud tick (live plan mid-year, nothing due)"
        measured(title, PLAN_YEAR_TICK, year, options.repeat, against)


if __name__ == "__main__":
    main()
