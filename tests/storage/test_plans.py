"""Plan import: all or nothing, in place on re-import, answers never lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.core.errors import InputFileError, NotFoundError
from bot.core.plans import ImportResult
from bot.planfile import load_plan, load_roster, parse_plan
from storage.engine import Database
from storage.people import import_roster
from storage.plans import import_plan, list_plans, show_plan
from storage.tables import (
    AnswerRow,
    AuditRow,
    BoardMemberRow,
    CheckinRow,
    PersonRow,
    PlanItemRow,
    PlanRow,
)

EXAMPLES = Path(__file__).parents[2] / "examples"
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)

PLAN = """\
plan:
  id: p1
  title: Plan
  unit: demo-sektion-nord
  period: 2025
  language: sv
areas:
  - id: "1"
    title: Area one
    items:
{items}
"""
ITEM = """\
      - id: "{key}"
        title: {title}
        owners: [{owner}]
"""


def plan_text(*items: tuple[str, str], owner: str = "person: karin") -> str:
    body = "".join(ITEM.format(key=k, title=t, owner="{" + owner + "}") for k, t in items)
    return PLAN.format(items=body.rstrip("\n"))


@pytest.fixture
def rostered(db: Database) -> Database:
    roster = load_roster(EXAMPLES / "roster-sv.yaml")
    db.run_sync(lambda s: import_roster(s, roster, actor="test", now=NOW))
    return db


def run_import(db: Database, text: str, now: datetime = NOW) -> ImportResult:
    spec = parse_plan(text, "plan.yaml")
    return db.run_sync(lambda s: import_plan(s, spec, actor="test", now=now))


def item_rows(session: Session) -> dict[str, PlanItemRow]:
    return {row.key: row for row in session.exec(select(PlanItemRow))}


def add_answer(db: Database, item_key: str) -> None:
    """A check-in with an answer for an item, as the conversation would leave it."""
    with db.session() as session:
        item = item_rows(session)[item_key]
        person = session.exec(select(PersonRow).where(PersonRow.key == "karin")).one()
        assert item.id is not None
        assert person.id is not None
        answered = CheckinRow(
            plan_item_id=item.id,
            person_id=person.id,
            occurrence="2025-03-01",
            prompt="ask",
            state="answered",
            due_at=NOW,
        )
        waiting = CheckinRow(
            plan_item_id=item.id,
            person_id=person.id,
            occurrence="2025-06-01",
            prompt="ask",
            state="scheduled",
            due_at=NOW + timedelta(days=90),
        )
        session.add(answered)
        session.add(waiting)
        session.flush()
        assert answered.id is not None
        session.add(
            AnswerRow(
                checkin_id=answered.id,
                person_id=person.id,
                plan_item_id=item.id,
                choice="yes",
                numbers={"participants": 12},
                comment="Bra möte",
                via="console",
                created_at=NOW,
            )
        )


@pytest.mark.parametrize(
    ("roster", "plan"),
    [("roster-sv.yaml", "sv-sektion-2025.yaml"), ("roster-nb.yaml", "nb-avdeling-2025.yaml")],
)
def test_examples_import_cleanly(db: Database, roster: str, plan: str) -> None:
    people = load_roster(EXAMPLES / roster)
    db.run_sync(lambda s: import_roster(s, people, actor="test", now=NOW))
    spec = load_plan(EXAMPLES / "plans" / plan)
    result = db.run_sync(lambda s: import_plan(s, spec, actor="test", now=NOW))
    total = sum(len(area.items) for area in spec.areas)
    assert (result.created, result.warnings) == (total, ())
    again = db.run_sync(lambda s: import_plan(s, spec, actor="test", now=NOW))
    assert (again.created, again.updated, again.unchanged) == (0, 0, total)
    detail = db.run_sync(lambda s: show_plan(s, spec.key))
    shown = {i.key: i.spec for a in detail.areas for i in a.items}
    expected = {i.key: i for a in spec.areas for i in a.items}
    assert {k: (v.schedule, v.target, v.review, v.owners) for k, v in shown.items()} == {
        k: (v.schedule, v.target, v.review, v.owners) for k, v in expected.items()
    }


def test_unknown_owner_names_the_line_and_writes_nothing(rostered: Database) -> None:
    text = plan_text(("1.1", "Good"), ("1.2", "Also good")) + ITEM.format(
        key="1.3", title="Bad", owner="{person: nobody}"
    )
    with pytest.raises(InputFileError) as caught:
        run_import(rostered, text)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.params) == ("plan.yaml", 19, {"value": "nobody"})
    with rostered.session() as session:
        assert session.exec(select(PlanRow)).all() == []
        assert session.exec(select(PlanItemRow)).all() == []


@pytest.mark.parametrize(
    ("owner", "value"),
    [
        ("board: ort-lulea", "ort-lulea"),
        ("role: steward, unit: nowhere", "nowhere"),
        ("board: nowhere", "nowhere"),
    ],
)
def test_unknown_units_and_boards_are_refused(rostered: Database, owner: str, value: str) -> None:
    with pytest.raises(InputFileError) as caught:
        run_import(rostered, plan_text(("1.1", "A"), owner=owner))
    assert caught.value.problems[0].params == {"value": value}


def test_unknown_plan_unit_is_refused(rostered: Database) -> None:
    text = plan_text(("1.1", "A")).replace("unit: demo-sektion-nord", "unit: elsewhere")
    with pytest.raises(InputFileError) as caught:
        run_import(rostered, text.replace("person: karin", "person: olof"))
    assert caught.value.problems[0].field == "plan.unit"


def test_reimport_updates_in_place_and_archives_answered_items(rostered: Database) -> None:
    run_import(rostered, plan_text(("1.1", "Keep"), ("1.2", "Answered"), ("1.3", "Unused")))
    with rostered.session() as session:
        ids_before = {k: r.id for k, r in item_rows(session).items()}
    add_answer(rostered, "1.2")
    later = NOW + timedelta(days=1)
    result = run_import(rostered, plan_text(("1.1", "Keep, renamed")), now=later)
    assert (result.updated, result.archived, result.deleted) == (1, 1, 1)
    with rostered.session() as session:
        rows = item_rows(session)
        assert set(rows) == {"1.1", "1.2"}
        assert rows["1.1"].id == ids_before["1.1"]
        assert rows["1.1"].title == "Keep, renamed"
        assert rows["1.2"].archived_at == later
        answers = session.exec(select(AnswerRow)).all()
        assert [(a.plan_item_id, a.numbers) for a in answers] == [
            (ids_before["1.2"], {"participants": 12})
        ]
        states = sorted(c.state for c in session.exec(select(CheckinRow)))
        assert states == ["answered", "archived"]
        assert (
            len(session.exec(select(AuditRow).where(AuditRow.action == "plan.import")).all()) == 2
        )


def test_an_archived_item_that_returns_is_restored(rostered: Database) -> None:
    run_import(rostered, plan_text(("1.1", "A"), ("1.2", "B")))
    add_answer(rostered, "1.2")
    run_import(rostered, plan_text(("1.1", "A")))
    result = run_import(rostered, plan_text(("1.1", "A"), ("1.2", "B")))
    assert (result.unarchived, result.unchanged) == (1, 1)
    with rostered.session() as session:
        assert item_rows(session)["1.2"].archived_at is None
        assert len(session.exec(select(AnswerRow)).all()) == 1
    detail = rostered.run_sync(lambda s: show_plan(s, "p1"))
    assert [i.archived for i in detail.areas[0].items] == [False, False]


def test_list_and_show(rostered: Database) -> None:
    run_import(rostered, plan_text(("1.1", "A"), ("1.2", "B")))
    add_answer(rostered, "1.2")
    run_import(rostered, plan_text(("1.1", "A")))
    (summary,) = rostered.run_sync(list_plans)
    assert (summary.key, summary.unit, summary.items, summary.archived_items) == (
        "p1",
        "demo-sektion-nord",
        1,
        1,
    )
    with pytest.raises(NotFoundError):
        rostered.run_sync(lambda s: show_plan(s, "missing"))


def test_board_without_members_is_a_warning(rostered: Database) -> None:
    with rostered.session() as session:
        for row in session.exec(select(BoardMemberRow)):
            session.delete(row)
    result = run_import(rostered, plan_text(("1.1", "A"), owner="board: demo-sektion-nord"))
    assert [w.params for w in result.warnings] == [{"value": "demo-sektion-nord"}]


def stored_settings(db: Database) -> dict[str, object]:
    with db.session() as session:
        return dict(session.exec(select(PlanRow)).one().settings)


def test_quiet_periods_are_stored_for_the_scheduler_and_cleared_on_reimport(
    rostered: Database,
) -> None:
    quiet = (
        '  quiet_periods:\n    - {from: "07-01", to: "08-10"}\n'
        "    - {from: 2025-12-22, to: 2026-01-02}\n"
    )
    with_quiet = plan_text(("1.1", "A")).replace("  language: sv\n", f"  language: sv\n{quiet}")
    run_import(rostered, with_quiet)
    assert stored_settings(rostered)["no_reminders"] == [
        {"from": "07-01", "to": "08-10"},
        {"from": "2025-12-22", "to": "2026-01-02"},
    ]
    run_import(rostered, plan_text(("1.1", "A")))
    assert stored_settings(rostered)["no_reminders"] == []


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (
            "sv-sektion-2025.yaml",
            [{"from": "07-07", "to": "08-03"}, {"from": "2025-12-22", "to": "2026-01-06"}],
        ),
        ("nb-avdeling-2025.yaml", [{"from": "07-07", "to": "07-27"}]),
    ],
)
def test_example_plans_carry_their_summer_holidays(
    db: Database, plan: str, expected: list[dict[str, str]]
) -> None:
    roster = "roster-sv.yaml" if plan.startswith("sv") else "roster-nb.yaml"
    people = load_roster(EXAMPLES / roster)
    db.run_sync(lambda s: import_roster(s, people, actor="test", now=NOW))
    spec = load_plan(EXAMPLES / "plans" / plan)
    db.run_sync(lambda s: import_plan(s, spec, actor="test", now=NOW))
    assert stored_settings(db)["no_reminders"] == expected
