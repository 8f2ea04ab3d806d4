"""Measure the CPU time and peak memory of `ombud --help` and of `ombud tick` with nothing due.

    python bench/startup_bench.py [--repeat 7]

Each command runs in its own process, `--repeat` times, in a scratch folder whose ombud.toml
and database `ombud init` wrote. CPU is user + system seconds of the child, memory its
maximum resident set size, both as the kernel reports them when the child ends.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

COMMANDS: dict[str, list[str]] = {
    "ombud --help": ["--help"],
    "ombud tick (nothing due)": ["tick"],
}


def ombud_command() -> list[str]:
    """The installed entry point, run with this interpreter."""
    return [sys.executable, "-c", "from bot.cli import main; main()"]


def measure(args: list[str], folder: Path) -> tuple[float, float]:
    """One run: (CPU seconds, max RSS in MB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ombud-startup-") as scratch:
        folder = Path(scratch)
        subprocess.run([*ombud_command(), "init"], cwd=folder, check=True, capture_output=True)
        for title, args in COMMANDS.items():
            runs = [measure(args, folder) for _ in range(options.repeat)]
            print(f"{title}: median [min-max] of {options.repeat} runs")
            print(line("cpu", [cpu for cpu, _ in runs], "s"))
            print(line("max rss", [rss for _, rss in runs], "MB"))


if __name__ == "__main__":
    main()
