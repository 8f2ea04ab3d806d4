"""Reporting queries on SQLite and PostgreSQL: a seeded union's digest data, number by number."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.core.reporting import BoardInfo, ExportFilter, IsoWeek, SummaryDue, UnknownKeyError
from handlers.digest import digest_window
from storage.engine import Database
from storage.reporting import (
    SqlReportingStore,
    annual_data,
    digest_data,
    export_rows,
    get_board,
    subtree_ids,
)
from tests.reports.seed import Union, build_union

W12 = IsoWeek(2025, 12)


@pytest.fixture
def union(db: Database) -> Union:
    return db.run_sync(build_union)


def _board(db: Database) -> BoardInfo:
    return db.run_sync(lambda s: get_board(s, "styrelsen"))


def test_digest_data_counts_the_period_per_area(db: Database, union: Union) -> None:
    board = _board(db)
    data = db.run_sync(lambda s: digest_data(s, board, W12, digest_window(board, W12)))
    assert data.period_start == date(2025, 3, 10)
    assert data.period_end == date(2025, 3, 17)
    org, env = data.areas
    assert (org.area_title, org.done, org.not_done, org.no_answer) == ("Organisering", 4, 1, 1)
    assert (env.area_title, env.done, env.not_done, env.no_answer) == ("Arbetsmiljö", 1, 0, 1)
    assert org.upcoming == ()
    assert [(i.title, i.on) for i in env.upcoming] == [("Skyddsrond", date(2025, 4, 1))]


def test_digest_data_lists_comments_people_and_targets(db: Database, union: Union) -> None:
    board = _board(db)
    data = db.run_sync(lambda s: digest_data(s, board, W12, digest_window(board, W12)))
    assert [(c.person_name, c.needs_help, c.blocker) for c in data.comments] == [
        ("Bo Lind", True, None),
        ("Cilla Berg", False, "Ingen tid"),
        ("Anna Ek", False, None),
    ]
    assert [(p.name, p.count) for p in data.not_answered] == [("Bo Lind", 1), ("Dag Holm", 1)]
    assert data.unreachable == ("Cilla Berg",)
    facts = {f.item_key: f for f in data.targets}
    assert facts["8.1"].occurrences_done == 2
    assert dict(facts["8.2"].unit_sums) == {union["klubb"]: 6, union["ort_b"]: 12}


def test_the_roll_up_reaches_two_levels_down(db: Database, union: Union) -> None:
    from storage.reporting import load_units

    units = db.run_sync(load_units)
    below = subtree_ids(units, union["avd"])
    assert union["klubb"] in below
    assert union["ort_a"] in below
    assert union["other"] not in below


def test_a_board_of_a_sub_unit_sees_only_its_part(db: Database, union: Union) -> None:
    from tests.reports.seed import Seed

    db.run_sync(lambda s: Seed(s).board("ort-b-styrelse", union["ort_b"]))
    board = db.run_sync(lambda s: get_board(s, "ort-b-styrelse"))
    data = db.run_sync(lambda s: digest_data(s, board, W12, digest_window(board, W12)))
    assert data.areas == ()  # the plan belongs to the sektion, above ort B
    assert data.unreachable == ()


def test_the_same_week_is_claimed_once(db: Database, union: Union) -> None:
    import asyncio

    store = SqlReportingStore(db)
    now = datetime(2025, 3, 17, 8, tzinfo=UTC)
    first = asyncio.run(store.claim_digest(union["board"], W12, now))
    second = asyncio.run(store.claim_digest(union["board"], W12, now))
    assert (first, second) == (True, False)


def test_export_filters_by_unit_with_sub_units_and_period(db: Database, union: Union) -> None:
    rows = db.run_sync(lambda s: export_rows(s, ExportFilter(unit="ort-a")))
    assert {r.person for r in rows} == {"Anna Ek"}
    assert {r.unit for r in rows} == {"Klubb A1"}
    rows = db.run_sync(
        lambda s: export_rows(s, ExportFilter(plan="vp-2025", since=date(2025, 3, 14)))
    )
    assert sorted((r.person, r.item_key) for r in rows) == [
        ("Anna Ek", "9.1"),
        ("Bo Lind", "8.2"),
        ("Cilla Berg", "8.2"),
        ("Cilla Berg", "9.1"),
        ("Dag Holm", "9.1"),
    ]
    rows = db.run_sync(lambda s: export_rows(s, ExportFilter(person="erik", area="1")))
    assert [(r.plan, r.comment, r.choice) for r in rows] == [("Annan plan", "Annat", "yes")]


@pytest.mark.parametrize("field", ["plan", "unit", "person"])
def test_export_names_an_unknown_key(db: Database, union: Union, field: str) -> None:
    unknown: dict[str, Any] = {field: "nope"}
    with pytest.raises(UnknownKeyError) as caught:
        db.run_sync(lambda s: export_rows(s, ExportFilter(**unknown)))
    assert caught.value.params == {"key": "nope"}


def test_annual_data_counts_the_whole_plan(db: Database, union: Union) -> None:
    now = datetime(2025, 12, 31, tzinfo=UTC)
    data = db.run_sync(lambda s: annual_data(s, "vp-2025", now))
    assert (data.plan_title, data.unit_name) == ("Verksamhetsplan 2025", "Sektion Väst")
    items = {i.key: i for a in data.areas for i in a.items}
    assert (items["8.1"].done, items["8.1"].no_answer) == (3, 1)
    assert items["8.1"].sums == (("Participants", 16),)
    assert (items["8.2"].done, items["8.2"].not_done, items["8.2"].no_answer) == (2, 1, 1)
    assert items["8.2"].sums == (("New members", 18),)
    nine = items["9.1"]
    assert (nine.done, nine.not_done, nine.not_relevant, nine.no_answer) == (2, 0, 1, 1)
    assert [c.text for c in items["8.2"].comments] == ["Behöver hjälp med lokal", ""]


def test_annual_data_of_an_unknown_plan(db: Database) -> None:
    with pytest.raises(UnknownKeyError):
        db.run_sync(lambda s: annual_data(s, "nope", datetime(2025, 1, 1, tzinfo=UTC)))


def test_summary_is_due_once_every_request_closed(db: Database, union: Union) -> None:
    from storage.reporting import claim_summary, due_summaries

    now = datetime(2025, 3, 20, tzinfo=UTC)
    due = db.run_sync(lambda s: due_summaries(s, now))
    # 8.2 (an event) still has Dag's open request until the follow-up period ends;
    # 8.1 and 9.1 recur and are left to the digest.
    assert due == [SummaryDue(union["i4"], "2025-03-01")]
    later = datetime(2025, 3, 29, tzinfo=UTC)
    due = db.run_sync(lambda s: due_summaries(s, later))
    assert due == [SummaryDue(union["i2"], "2025-03-03"), SummaryDue(union["i4"], "2025-03-01")]
    db.run_sync(lambda s: claim_summary(s, due[0], later))
    assert db.run_sync(lambda s: due_summaries(s, later)) == [due[1]]
