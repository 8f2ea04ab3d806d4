"""Benchmark: one board's weekly digest and the year-end report over a year of answers.

    python bench/digest_bench.py                       # 1,000 stewards, 100 items, 500,000 answers
    python bench/digest_bench.py --pg postgresql://postgres@127.0.0.1:5432/test
    python bench/digest_bench.py --stewards 50 --items 10 --answers 5000

Builds the data set with bulk inserts (SQLAlchemy Core executemany) on a temporary SQLite
file, and on PostgreSQL when --pg or OMBUD_TEST_DATABASE_URL names a server (in a fresh
schema that is dropped afterwards). Prints the time and peak memory of each step.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text

from bot.core.formats import AnnualFormat
from bot.core.i18n import Translator
from bot.core.model import (
    ItemSpec,
    Metric,
    Owner,
    OwnerKind,
    Role,
    Schedule,
    ScheduleKind,
    Target,
    TargetKind,
)
from bot.core.reporting import IsoWeek
from bot.core.specjson import item_to_json
from bot.reports.annual import write_annual_report
from handlers.digest import compose_digest, digest_window
from handlers.progress import progress_of
from storage.engine import Database, normalise_url
from storage.migrate import upgrade
from storage.reporting import annual_data, digest_data, get_board
from storage.tables import (
    AnswerRow,
    AreaRow,
    BoardRow,
    CheckinRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)

T = TypeVar("T")
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
CHUNK = 10_000
UNANSWERED_SHARE = 0.1  # extra report requests left without an answer
WEEK = IsoWeek(2025, 40)


def _table(row: type[Any]) -> Any:
    return row.__table__


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(db: Database, row: type[Any], rows: Iterator[dict[str, Any]]) -> None:
    with db.engine.begin() as conn:
        for batch in _chunks(rows):
            conn.execute(_table(row).insert(), batch)


def _spec(index: int) -> dict[str, Any]:
    target = None
    if index % 10 == 0:
        target = Target(TargetKind.COUNT, 12, label=f"Target {index}")
    elif index % 10 == 1:
        target = Target(TargetKind.SUM, 50, metric="new_members", scope="ort")
    spec = ItemSpec(
        key=str(index),
        title=f"Item {index}",
        schedule=Schedule(kind=ScheduleKind.RECURRING),
        owners=(Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="avd", include_subunits=True),),
        metrics=(Metric("new_members", "New members"), Metric("participants", "Participants")),
        target=target,
    )
    return item_to_json(spec)


def _structure(db: Database, stewards: int, items: int) -> None:
    """One avdelning, 10 sektioner, 50 orter; a board; one plan of 10 areas."""
    units = [{"id": 1, "key": "avd", "name": "Avdelning", "kind": "avdelning", "parent_id": None}]
    units += [
        {"id": 2 + s, "key": f"sek{s}", "name": f"Sektion {s}", "kind": "sektion", "parent_id": 1}
        for s in range(10)
    ]
    units += [
        {"id": 12 + o, "key": f"ort{o}", "name": f"Ort {o}", "kind": "ort", "parent_id": 2 + o % 10}
        for o in range(50)
    ]
    _insert(db, UnitRow, iter(units))
    _insert(
        db,
        PersonRow,
        (
            {
                "id": p,
                "key": f"p{p}",
                "name": f"Steward {p}",
                "locale": "sv",
                "timezone": "Europe/Stockholm",
                "roles": "steward",
                "active": True,
                "locale_chosen": False,
            }
            for p in range(1, stewards + 1)
        ),
    )
    _insert(
        db,
        PersonUnitRow,
        ({"person_id": p, "unit_id": 12 + p % 50} for p in range(1, stewards + 1)),
    )
    _insert(
        db,
        BoardRow,
        iter(
            [
                {
                    "id": 1,
                    "key": "board",
                    "unit_id": 1,
                    "name": "Styrelsen",
                    "locale": "sv",
                    "timezone": "Europe/Stockholm",
                    "digest_weekday": 0,
                    "digest_time": "08:00",
                    "digest_to_members": False,
                }
            ]
        ),
    )
    _insert(
        db,
        PlanRow,
        iter(
            [
                {
                    "id": 1,
                    "key": "plan",
                    "unit_id": 1,
                    "title": "Plan 2025",
                    "period_start": date(2025, 1, 1),
                    "period_end": date(2025, 12, 31),
                    "language": "sv",
                    "settings": {},
                    "source": "",
                }
            ]
        ),
    )
    _insert(
        db,
        AreaRow,
        (
            {"id": a, "plan_id": 1, "key": str(a), "title": f"Area {a}", "position": a}
            for a in range(1, 11)
        ),
    )
    _insert(
        db,
        PlanItemRow,
        (
            {
                "id": i,
                "plan_id": 1,
                "area_id": 1 + i % 10,
                "key": str(i),
                "title": f"Item {i}",
                "description": "",
                "spec": _spec(i),
                "position": i,
            }
            for i in range(1, items + 1)
        ),
    )


def _answers(db: Database, stewards: int, items: int, answers: int) -> None:
    """Answers spread over the year, each with its check-in; some requests left unanswered."""
    rng = random.Random(42)
    pairs = stewards * items
    requests = int(answers * (1 + UNANSWERED_SHARE))

    def checkins() -> Iterator[dict[str, Any]]:
        for n in range(requests):
            due = YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
            state = (
                "answered" if n < answers else rng.choice(["no_answer", "awaiting", "scheduled"])
            )
            yield {
                "id": n + 1,
                "plan_item_id": 1 + n % items,
                "person_id": 1 + (n // items) % stewards,
                "occurrence": (YEAR_START + timedelta(weeks=n // pairs)).date().isoformat(),
                "prompt": "ask",
                "state": state,
                "due_at": due,
                "sends": 1,
                "followups_sent": 0,
            }

    def rows() -> Iterator[dict[str, Any]]:
        for n in range(answers):
            choice = rng.choices(["yes", "no", "not_relevant"], weights=[7, 2, 1])[0]
            comment = f"Comment {n}" if n % 10 == 0 else None
            yield {
                "checkin_id": n + 1,
                "person_id": 1 + (n // items) % stewards,
                "plan_item_id": 1 + n % items,
                "revision": 1,
                "current": True,
                "choice": choice,
                "numbers": {"new_members": rng.randrange(5), "participants": rng.randrange(30)},
                "comment": comment,
                "blocker": None,
                "needs_help": n % 97 == 0,
                "via": "console",
                "created_at": YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60)),
            }

    _insert(db, CheckinRow, checkins())
    _insert(db, AnswerRow, rows())


def measure(label: str, fn: Callable[[], T]) -> T:
    """Run twice: once for the time, once under tracemalloc for the peak of Python memory."""
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    fn()
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {label:<22} {seconds:8.3f} s   peak {peak / 2**20:7.1f} MB   max RSS {rss_mb:7.1f} MB"
    )
    return result


def run(db: Database, stewards: int, items: int, answers: int) -> None:
    upgrade(db)
    started = time.perf_counter()
    _structure(db, stewards, items)
    _answers(db, stewards, items, answers)
    print(f"  {'data set built':<22} {time.perf_counter() - started:8.3f} s")
    tr = Translator("sv")
    board = db.run_sync(lambda s: get_board(s, "board"))
    window = digest_window(board, WEEK)
    data = measure(
        "digest data", lambda: db.run_sync(lambda s: digest_data(s, board, WEEK, window))
    )
    measure("digest composed", lambda: compose_digest(tr, data))
    now = datetime(2025, 12, 31, tzinfo=UTC)
    annual = measure("annual data", lambda: db.run_sync(lambda s: annual_data(s, "plan", now)))
    targets = progress_of(annual.targets, annual.units)
    measure(
        "annual report (docx)", lambda: write_annual_report(annual, targets, AnnualFormat.DOCX, tr)
    )


def run_sqlite(stewards: int, items: int, answers: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        print(f"SQLite: {stewards} stewards, {items} items, {answers} answers")
        try:
            run(db, stewards, items, answers)
        finally:
            db.dispose()


def run_postgres(url: str, stewards: int, items: int, answers: int) -> None:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in url else "?"
    db = Database(f"{url}{joiner}options=-csearch_path%3D{schema}")
    print(f"PostgreSQL: {stewards} stewards, {items} items, {answers} answers")
    try:
        run(db, stewards, items, answers)
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stewards", type=int, default=1_000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--answers", type=int, default=500_000)
    parser.add_argument("--pg", default=os.environ.get("OMBUD_TEST_DATABASE_URL"))
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    if not args.no_sqlite:
        run_sqlite(args.stewards, args.items, args.answers)
    if args.pg:
        run_postgres(args.pg, args.stewards, args.items, args.answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
