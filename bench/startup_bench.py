"""Measure the CPU time and peak memory of `ombud --help` and of `ombud tick` with nothing due.

    python bench/startup_bench.py [--repeat 7] [--against TREE] [--pg URL]

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

With `--pg URL` (a PostgreSQL database the bench may create schemas in) both tick cases run
once more on PostgreSQL: each in a schema of its own, made for the run and dropped after it,
named in the config's database URL (`?options=-csearch_path%3DSCHEMA`), with the same
ombud.toml as the SQLite case otherwise.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
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


def run(folder: Path, *args: str) -> None:
    """One uncounted command of this tree in `folder`; its failure ends the bench."""
    subprocess.run(
        [*ombud_command(), *args],
        cwd=folder,
        env=child_environment(),
        check=True,
        capture_output=True,
    )


def prepared(folder: Path, pg_url: str | None = None) -> None:
    """`ombud init` in `folder`; with `pg_url`, its config then names that database, which
    `ombud db upgrade` brings to the current schema."""
    run(folder, "init")
    if pg_url is None:
        return
    config = folder / "ombud.toml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    sqlite_line = 'database_url = "sqlite:///ombud.db"\n'
    assert sqlite_line in lines, "ombud init wrote another database_url"
    lines[lines.index(sqlite_line)] = f'database_url = "{pg_url}"\n'
    config.write_text("".join(lines), encoding="utf-8")
    run(folder, "db", "upgrade")


ANSWER_DUE = (
    "UPDATE checkin SET state = 'answered', next_send_at = NULL"
    " WHERE next_send_at IS NOT NULL AND next_send_at <= {}"
)


def plan_year(folder: Path, pg_url: str | None = None) -> None:
    """A database in the middle of its plan year: plan and roster in, what was due answered."""
    prepared(folder, pg_url)
    run(folder, "people", "import", str(ROOT / "examples" / "roster-sv.yaml"))
    run(folder, "plan", "import", str(ROOT / "examples" / "plans" / "sv-sektion-2025.yaml"))
    run(folder, *PLAN_YEAR_TICK)
    if pg_url is None:
        with sqlite3.connect(folder / "ombud.db") as connection:
            connection.execute(ANSWER_DUE.format("?"), [MID_YEAR_UTC])
        connection.close()
    else:
        import psycopg

        with psycopg.connect(pg_url) as pg:
            # UTC instants are naive `timestamp` columns on PostgreSQL.
            pg.execute(ANSWER_DUE.format("%s"), [MID_YEAR_NAIVE])
    run(folder, *PLAN_YEAR_TICK)


MID_YEAR_UTC = "2025-05-16 01:00:00.000000"  # MID_YEAR as SQLite holds UTC instants
MID_YEAR_NAIVE = datetime.fromisoformat(MID_YEAR).astimezone(UTC).replace(tzinfo=None)


def with_search_path(url: str, schema: str) -> str:
    """The URL with `schema` as its search path (as tests/conftest.py makes them)."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@contextmanager
def pg_schemas(url: str, count: int) -> Iterator[list[str]]:
    """`count` new schemas in the database of `url`, for this run only: dropped after it."""
    import psycopg

    names = [f"ombud_bench_{uuid.uuid4().hex[:10]}" for _ in range(count)]
    with psycopg.connect(url, autocommit=True) as pg:
        for name in names:
            pg.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield names
    finally:
        with psycopg.connect(url, autocommit=True) as pg:
            for name in names:
                pg.execute(f'DROP SCHEMA "{name}" CASCADE')


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
    parser.add_argument("--pg", default=None, help="PostgreSQL URL: the ticks there too")
    options = parser.parse_args()
    against = options.against.resolve() if options.against else None
    with tempfile.TemporaryDirectory(prefix="ombud-startup-") as scratch:
        folder = Path(scratch)
        prepared(folder)
        for title, args in COMMANDS.items():
            measured(title, args, folder, options.repeat, against)
        year = folder / "plan-year"
        year.mkdir()
        plan_year(year)
        title = "ombud tick (live plan mid-year, nothing due)"
        measured(title, PLAN_YEAR_TICK, year, options.repeat, against)
        if options.pg is not None:
            postgres(folder, options.pg, options.repeat, against)


def postgres(scratch: Path, url: str, repeat: int, against: Path | None) -> None:
    """Both tick cases on PostgreSQL, each in a schema of its own."""
    with pg_schemas(url, 2) as (empty, year):
        folder = scratch / "pg-empty"
        folder.mkdir()
        prepared(folder, with_search_path(url, empty))
        measured("ombud tick (nothing due, PostgreSQL)", ["tick"], folder, repeat, against)
        folder = scratch / "pg-plan-year"
        folder.mkdir()
        plan_year(folder, with_search_path(url, year))
        title = "ombud tick (live plan mid-year, nothing due, PostgreSQL)"
        measured(title, PLAN_YEAR_TICK, folder, repeat, against)


if __name__ == "__main__":
    main()
