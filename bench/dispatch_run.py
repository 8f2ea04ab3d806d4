"""One measurement of bench/dispatch_bench.py: seed a scratch database, time one step, report.

Called in a child process by dispatch_bench.py; returns the figures as a dict (JSON there).
"""

from __future__ import annotations

import asyncio
import os
import resource
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, insert, text
from sqlmodel import Session

from bot.core.clock import FrozenClock
from bot.core.model import Frequency, ItemSpec, Owner, OwnerKind, Platform, Role, Schedule
from bot.core.model import ScheduleKind as Kind
from bot.core.ports import Transport
from bot.core.scheduling import ClaimKey, SchedulingPolicy
from bot.core.specjson import item_to_json
from bot.transports.memory import MemoryTransport, Sent
from handlers.scheduling import dispatch, materialise
from storage.engine import Database, normalise_url
from storage.migrate import upgrade
from storage.scheduling import SqlSchedulingStore, claim_ids
from storage.tables import (
    AreaRow,
    CheckinRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)

START = datetime(2025, 3, 3, 8, tzinfo=UTC)  # a Monday, 09:00 in Stockholm
CHUNK = 5000
ZONES = ("Europe/Stockholm", "Europe/Oslo")
# Check-ins sent in one untimed pass first: a running service has its translations and holiday
# calendars loaded already, so the timed passes measure the steady cost per check-in.
WARM_UP = 50
# Set by dispatch_bench.py --analyze for its child processes.
ANALYZE_ENV = "OMBUD_BENCH_ANALYZE"
# Set by dispatch_bench.py --old-snapshot.
SNAPSHOT_ENV = "OMBUD_BENCH_OLD_SNAPSHOT"
# Set to "insert" by dispatch_bench.py --seed insert: the wave written straight into the table.
SEED_ENV = "OMBUD_BENCH_SEED"


def _mb(kib: float) -> float:
    return kib / 1024


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


@contextmanager
def scratch(dialect: str, pg: str) -> Iterator[Database]:
    """A fresh database at head: a temporary SQLite file or a new PostgreSQL schema."""
    if dialect == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            db = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
            upgrade(db)
            yield db
            db.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(pg), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in pg else "?"
    db = Database(f"{pg}{joiner}options=-csearch_path%3D{schema}")
    try:
        upgrade(db)
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _insert(db: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    with db.engine.begin() as conn:
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(table), rows[start : start + CHUNK])


def _insert_items(db: Database, specs: list[ItemSpec]) -> None:
    """The items of plan 1, area 1, with ids 1.. in the order given."""
    _insert(
        db,
        PlanItemRow,
        [
            {"id": n + 1, "plan_id": 1, "area_id": 1, "key": s.key, "title": s.title}
            | {"spec": item_to_json(s), "description": "", "position": n}
            for n, s in enumerate(specs)
        ],
    )


def _insert_plan(db: Database, period: tuple[date, date]) -> None:
    """Plan 1 of unit 1 over `period`, with its one area."""
    plan = {"id": 1, "key": "p", "unit_id": 1, "title": "P", "language": "sv", "settings": {}}
    plan |= {"source": "", "period_start": period[0], "period_end": period[1]}
    _insert(db, PlanRow, [plan])
    _insert(db, AreaRow, [{"id": 1, "plan_id": 1, "key": "a", "title": "A", "position": 0}])


def _insert_stewards(db: Database, count: int, unit_of: Callable[[int], int]) -> None:
    """`count` stewards with ids 1.., in two time zones, steward n in unit `unit_of(n)`."""
    person = {"name": "P", "locale": "sv", "roles": "steward", "active": True}
    person |= {"locale_chosen": False}
    _insert(
        db,
        PersonRow,
        [{"id": n + 1, "key": f"p{n}", "timezone": ZONES[n % 2]} | person for n in range(count)],
    )
    _insert(db, PersonUnitRow, [{"person_id": n + 1, "unit_id": unit_of(n)} for n in range(count)])


def _move_sequences(db: Database) -> None:
    """On PostgreSQL, each seeded table's id sequence past the ids written outright."""
    if not db.is_postgres:
        return
    with db.engine.begin() as conn:
        for table in ("unit", "plan", "area", "plan_item", "person"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )


def seed(
    db: Database,
    people: int,
    items: int,
    schedule: Schedule,
    period: tuple[date, date] = (date(2025, 1, 1), date(2025, 12, 31)),
) -> None:
    """One unit and plan; `people` stewards in two time zones; `items` items for stewards."""
    _insert(db, UnitRow, [{"id": 1, "key": "u", "name": "U", "kind": "sektion", "parent_id": None}])
    _insert_plan(db, period)
    owner = Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="u")
    specs = [
        ItemSpec(key=f"i{n}", title=f"Item {n}", schedule=schedule, owners=(owner,))
        for n in range(items)
    ]
    _insert_items(db, specs)
    _insert_stewards(db, people, lambda _n: 1)
    _move_sequences(db)


def seed_wave(db: Database, checkins: int, items: int = 10) -> None:
    """One due check-in per person, spread over `items` items, after WARM_UP earlier ones."""
    seed(db, checkins + WARM_UP, items, Schedule(Kind.RECURRING, every=Frequency.WEEKLY))
    row: dict[str, object] = {"occurrence": "2025-03-03", "prompt": "ask", "state": "scheduled"}
    row |= {"sends": 0, "followups_sent": 0}
    _insert(
        db,
        CheckinRow,
        [
            {"plan_item_id": n % items + 1, "person_id": n + 1}
            | {"due_at": START - timedelta(minutes=2 if n < WARM_UP else 1)}
            | {"next_send_at": START - timedelta(minutes=2 if n < WARM_UP else 1)}
            | row
            for n in range(checkins + WARM_UP)
        ],
    )


def seed_wave_materialised(db: Database, checkins: int, items: int = 10) -> int:
    """The wave of seed_wave, made by materialise as a running service makes it: WARM_UP +
    `checkins` stewards in `items` units, each unit's stewards owning one item, an event the
    day before START whose one check-in ("ask") is due at START. Returns the rows created."""
    _insert(db, UnitRow, [{"id": 1, "key": "u", "name": "U", "kind": "sektion", "parent_id": None}])
    _insert(
        db,
        UnitRow,
        [
            {"id": n + 2, "key": f"u{n}", "name": f"U{n}", "kind": "klubb", "parent_id": 1}
            for n in range(items)
        ],
    )
    _insert_plan(db, (date(2025, 1, 1), date(2025, 12, 31)))
    event = Schedule(Kind.EVENT, start=(START - timedelta(days=1)).date())
    specs = [
        ItemSpec(
            key=f"i{n}",
            title=f"Item {n}",
            schedule=event,
            owners=(Owner(OwnerKind.ROLE, role=Role.STEWARD, unit=f"u{n}"),),
        )
        for n in range(items)
    ]
    _insert_items(db, specs)
    people = checkins + WARM_UP
    _insert_stewards(db, people, lambda n: n % items + 2)
    _move_sequences(db)
    policy = SchedulingPolicy()
    store, clock = SqlSchedulingStore(db), FrozenClock(START)
    created = asyncio.run(materialise(store, clock, policy.horizon_days, policy=policy))
    if created != people:
        raise RuntimeError(f"materialise made {created} check-ins, not {people}")
    return created


class _ServerCpu:
    """CPU seconds of the PostgreSQL backends serving this engine, when the server runs on
    this machine (read from /proc); None elsewhere and on SQLite."""

    def __init__(self, db: Database) -> None:
        self.pids: set[int] = set()
        if db.is_postgres:
            db.engine.dispose()  # the seeding's connections: every later one is seen
            event.listen(db.engine, "connect", self._connected)

    def _connected(self, dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.pids.add(int(cursor.fetchone()[0]))
        dbapi_connection.rollback()

    def seconds(self) -> float | None:
        total = 0
        for pid in self.pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return None
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        return total / os.sysconf("SC_CLK_TCK") if self.pids else None


async def _dispatch_all(db: Database) -> dict[str, Any]:
    server = _ServerCpu(db)
    store = SqlSchedulingStore(db)
    transport = MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: transport}
    clock, policy = FrozenClock(START), SchedulingPolicy()
    warm = SchedulingPolicy(batch_size=WARM_UP)
    await dispatch(store, transports, clock, owner="b", policy=warm)
    transport.transcript.clear()
    server_began = server.seconds()
    began, cpu, sent, passes = time.perf_counter(), time.process_time(), 0, 0
    # One drain: each pass resumes after the last row the pass before it claimed.
    after: ClaimKey | None = None
    while (
        report := await dispatch(store, transports, clock, owner="b", policy=policy, after=after)
    ).claimed:
        sent += report.sent
        passes += 1
        after = report.last_key
    took, cpu = time.perf_counter() - began, time.process_time() - cpu
    server_ended = server.seconds()
    server_cpu = (
        None if server_began is None or server_ended is None else server_ended - server_began
    )
    chats = [e.to.chat_id for e in transport.transcript if isinstance(e, Sent)]
    return {"checkins": sent, "seconds": took, "passes": passes, "messages": len(chats)} | {
        "distinct": len(set(chats)),
        "cpu_seconds": cpu,
        "server_cpu_seconds": server_cpu,
    }


async def _materialise_twice(db: Database, trace: bool) -> dict[str, Any]:
    store, clock, policy = SqlSchedulingStore(db), FrozenClock(START), SchedulingPolicy()
    figures: dict[str, Any] = {}
    for step in ("first", "again"):
        if trace:
            tracemalloc.start()
        began, cpu = time.perf_counter(), time.process_time()
        created = await materialise(store, clock, policy.horizon_days, policy=policy)
        figures[f"{step}_s"] = time.perf_counter() - began
        figures[f"{step}_cpu_s"] = time.process_time() - cpu
        figures["created" if step == "first" else "again"] = created
        if trace:
            figures[f"{step}_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    return figures


@contextmanager
def _old_snapshot(db: Database, hold: bool) -> Iterator[None]:
    """Another session holding one snapshot from before the wave to its end, as a long
    report or a backup does: PostgreSQL can then clean none of the wave's dead row versions."""
    if not (hold and db.is_postgres):
        yield
        return
    with db.engine.connect() as conn:
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        conn.execute(text("SELECT count(*) FROM checkin")).all()
        yield
        conn.rollback()


def _claim_passes(db: Database, samples: int = 7) -> dict[str, Any]:
    """Seconds of single claim passes (a batch of 200, rolled back) with the whole wave due."""
    took = []
    for _ in range(samples):
        with db.engine.connect() as conn, Session(bind=conn) as session:
            began = time.perf_counter()
            claim_ids(
                session,
                now=START,
                owner="b",
                lease_until=START + timedelta(minutes=2),
                limit=SchedulingPolicy().batch_size,
                platforms=(Platform.CONSOLE,),
                only_person_ids=None,
            )
            took.append(time.perf_counter() - began)
            session.rollback()
    return {"claim_s": took}


def run_one(argv: list[str]) -> dict[str, Any]:
    """argv: dispatch|claim DIALECT PG SIZE | materialise DIALECT PG PEOPLE ITEMS [trace]."""
    what, dialect, pg, size = argv[0], argv[1], argv[2], int(argv[3])
    with scratch(dialect, pg) as db:
        if what == "dispatch" and os.environ.get(SEED_ENV, "materialise") == "materialise":
            seed_wave_materialised(db, size)
        elif what in ("dispatch", "claim"):
            seed_wave(db, size)
        if what in ("dispatch", "claim"):
            # The claim bench always, the dispatch bench on request: planner statistics as a
            # running server has them (autovacuum analyses a table after its changes), not
            # the none a freshly loaded table has until autovacuum comes round.
            analyze = what == "claim" or os.environ.get(ANALYZE_ENV) == "1"
            if analyze and dialect == "postgresql":
                with db.engine.begin() as conn:
                    conn.execute(text("ANALYZE"))
            if what == "claim":
                return _claim_passes(db)
            with _old_snapshot(db, os.environ.get(SNAPSHOT_ENV) == "1"):
                return asyncio.run(_dispatch_all(db))
        monthly = Schedule(Kind.RECURRING, every=Frequency.MONTHLY)
        seed(db, size, int(argv[4]), monthly)
        seeded = _rss_mb()
        figures = asyncio.run(_materialise_twice(db, trace=argv[5:] == ["trace"]))
        maxrss = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        return figures | {"seeded_rss_mb": seeded, "maxrss_mb": maxrss}
