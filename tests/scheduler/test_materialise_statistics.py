"""A materialise that inserts many check-ins has PostgreSQL analyse the table; a small one not.

Without statistics PostgreSQL plans the claim badly (every due row sorted for each batch), so a
wave right after a large materialise would pay for the whole wave on every pass. What is checked
here is behaviour, not time: the server's own counters of manual ANALYZE runs on the table
(`pg_stat_user_tables.analyze_count`, which autovacuum does not move) and the row count the
planner knows (`pg_class.reltuples`, -1 for a table never analysed).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from bot.core.clock import FrozenClock
from bot.core.model import Owner, OwnerKind, Role
from handlers.scheduling import materialise
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.scheduling.plans import refresh_statistics
from tests.scheduler.seed import add_item, add_person, checkins, event_on, seed_world

HORIZON = 60
START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
PLANNER_STATS = text(
    "SELECT s.analyze_count, c.reltuples FROM pg_stat_user_tables s"
    " JOIN pg_class c ON c.oid = s.relid"
    " WHERE s.schemaname = current_schema() AND s.relname = :table"
)


def seed(db: Database, extra_people: int) -> int:
    """Stewards of the section (anna, bo in its club, and `extra_people` more) own one event
    with a heads-up: two check-ins each within the horizon. Returns the rows to expect."""
    world = seed_world(db)
    for n in range(extra_people):
        add_person(db, world, f"s{n}", units=["sek"])
    owner = Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="sek", include_subunits=True)
    add_item(db, world, "m", event_on(date(2025, 3, 12), 7), [owner])
    return 2 * (2 + extra_people)


def planner_stats(db: Database, table: str = "checkin") -> tuple[int, float]:
    row = db.run_sync(lambda s: s.connection().execute(PLANNER_STATS, {"table": table}).one())
    return int(row[0]), float(row[1])


def threshold(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    monkeypatch.setattr("storage.scheduling.plans.ANALYZE_AFTER", rows)


@pytest.mark.postgres
async def test_a_materialise_of_the_threshold_or_more_analyses_the_table(
    postgres_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = seed(postgres_db, extra_people=3)  # 10 rows
    threshold(monkeypatch, expected)
    assert planner_stats(postgres_db) == (0, -1.0)
    created = await materialise(SqlSchedulingStore(postgres_db), FrozenClock(START), HORIZON)
    assert created == len(checkins(postgres_db)) == expected
    # One ANALYZE, and the planner now knows how many rows there are.
    assert planner_stats(postgres_db) == (1, float(expected))
    # The tables the claim checks each row against were analysed with it: the planner knows
    # the roster's size (anna, bo, cia and the three added) instead of guessing.
    assert planner_stats(postgres_db, "person") == (1, 6.0)
    assert planner_stats(postgres_db, "plan_item")[0] == 1


@pytest.mark.postgres
async def test_a_materialise_below_the_threshold_leaves_the_statistics_alone(
    postgres_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = seed(postgres_db, extra_people=3)
    threshold(monkeypatch, expected + 1)
    created = await materialise(SqlSchedulingStore(postgres_db), FrozenClock(START), HORIZON)
    assert created == expected
    assert planner_stats(postgres_db) == (0, -1.0)


@pytest.mark.postgres
async def test_a_rerun_that_creates_nothing_does_not_analyse_again(
    postgres_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = seed(postgres_db, extra_people=0)  # 4 rows
    threshold(monkeypatch, 1)
    store = SqlSchedulingStore(postgres_db)
    assert await materialise(store, FrozenClock(START), HORIZON) == expected
    assert planner_stats(postgres_db)[0] == 1
    # A day later: the same rows are stored, nothing new falls within the horizon.
    later = FrozenClock(datetime(2025, 3, 4, 8, 0, tzinfo=UTC))
    assert await materialise(store, later, HORIZON) == 0
    assert planner_stats(postgres_db)[0] == 1


async def test_sqlite_is_left_alone_after_a_large_materialise(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's claim does not depend on statistics (see storage/scheduling/claims.py).
    expected = seed(sqlite_db, extra_people=0)
    threshold(monkeypatch, 1)
    assert await materialise(SqlSchedulingStore(sqlite_db), FrozenClock(START), HORIZON) == expected
    assert sqlite_db.run_sync(lambda s: refresh_statistics(s, expected)) is False
    tables = text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
    assert sqlite_db.run_sync(lambda s: s.connection().execute(tables).scalar_one()) == 0
