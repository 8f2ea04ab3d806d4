"""Plan files: every form of `when`, and each kind of mistake named by line and field."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from bot.commands.common import format_problem
from bot.core.errors import InputFileError, Problem
from bot.core.i18n import Translator
from bot.core.model import Frequency, OwnerKind, ScheduleKind, TargetKind
from bot.planfile import load_plan, parse_plan

HEAD = """\
plan:
  id: p1
  title: Plan
  unit: sek
  period: 2025
  language: sv
areas:
  - id: "1"
    title: Area
    items:
"""


def items(body: str) -> str:
    """A plan whose single area holds the given item lines (indented by six spaces)."""
    return HEAD + "".join(f"      {line}\n" for line in body.strip("\n").splitlines())


def problems_of(text: str, **kwargs: str) -> list[Problem]:
    with pytest.raises(InputFileError) as caught:
        parse_plan(text, "plan.yaml", **kwargs)
    return caught.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_every_when_form_becomes_a_schedule() -> None:
    text = items("""
- id: a
  title: A
  when: {date: 2025-03-12}
- id: b
  title: B
  when: {dates: {from: "2025-11-03", to: "2025-11-09"}}
- id: c
  title: C
  when: {window: hösten}
- id: d
  title: D
  when: {by: 2025-06-30}
- id: e
  title: E
  when: {every: monthly, months: [3, 5], day: 10}
- id: f
  title: F
  when: {continuous: quarterly}
- id: g
  title: G
- id: h
  title: H
  when: {window: q2}
""")
    spec = parse_plan(text, "plan.yaml")
    by_key = {item.key: item.schedule for item in spec.areas[0].items}
    assert (by_key["a"].kind, by_key["a"].start, by_key["a"].ask_days_after) == (
        ScheduleKind.EVENT,
        date(2025, 3, 12),
        1,
    )
    assert (by_key["b"].start, by_key["b"].end) == (date(2025, 11, 3), date(2025, 11, 9))
    assert (by_key["c"].kind, by_key["c"].start, by_key["c"].end) == (
        ScheduleKind.WINDOW,
        date(2025, 9, 1),
        date(2025, 12, 31),
    )
    assert (by_key["d"].kind, by_key["d"].end, by_key["d"].ask_days_after) == (
        ScheduleKind.DEADLINE,
        date(2025, 6, 30),
        0,
    )
    assert (by_key["e"].every, by_key["e"].months, by_key["e"].day) == (
        Frequency.MONTHLY,
        (3, 4, 5),
        10,
    )
    assert (by_key["f"].kind, by_key["f"].every) == (ScheduleKind.CONTINUOUS, Frequency.QUARTERLY)
    assert (by_key["g"].kind, by_key["g"].end) == (ScheduleKind.DEADLINE, date(2025, 12, 31))
    assert (by_key["h"].start, by_key["h"].end) == (date(2025, 4, 1), date(2025, 6, 30))


def test_the_documented_example_parses(tmp_path: Path) -> None:
    doc = Path(__file__).parents[2] / "docs" / "plan-format.md"
    block = doc.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    spec = parse_plan(block, "doc.yaml")
    item = spec.areas[0].items[1]
    assert item.owners[0].kind is OwnerKind.ROLE
    assert item.owners[0].include_subunits
    assert item.target is not None
    assert item.target.kind is TargetKind.SUM
    assert item.target.scope == "ort"
    assert item.review == "Datum ej bekräftat"
    assert spec.send_time == time(9, 0)
    assert spec.context


def test_owners_default_to_the_board_of_the_plans_unit() -> None:
    spec = parse_plan(items("- {id: a, title: A}"), "plan.yaml")
    owner = spec.areas[0].items[0].owners[0]
    assert (owner.kind, owner.unit) == (OwnerKind.BOARD, "sek")


def test_unit_may_come_from_the_importer() -> None:
    text = items("- {id: a, title: A}").replace("  unit: sek\n", "")
    assert parse_plan(text, "plan.yaml", unit="other").unit == "other"
    problem = only(problems_of(text))
    assert problem.field == "plan.unit"


def test_unit_in_file_and_importer_must_agree() -> None:
    problem = only(problems_of(items("- {id: a, title: A}"), unit="other"))
    assert (problem.line, problem.field) == (4, "plan.unit")


def test_yaml_syntax_error_gives_the_line() -> None:
    text = items("- id: a\n  title: [A\n- id: b")
    problem = only(problems_of(text))
    assert problem.line is not None
    assert problem.line >= 12
    assert problem.params["reason"]


def test_unknown_field_suggests_the_nearest() -> None:
    problem = only(problems_of(items("- id: a\n  title: A\n  owner:\n    - person: x")))
    assert (problem.line, problem.field) == (13, "areas[1].items[1].owner")
    assert problem.params["suggestion"] == "owners"


def test_impossible_date_is_named() -> None:
    problem = only(problems_of(items("- id: a\n  title: A\n  when:\n    date: 2025-02-30")))
    assert (problem.line, problem.field) == (14, "areas[1].items[1].when.date")
    assert problem.params == {"value": "2025-02-30"}


def test_quoted_impossible_date_is_named_too() -> None:
    problem = only(problems_of(items('- id: a\n  title: A\n  when: {by: "2025-13-01"}')))
    assert problem.field == "areas[1].items[1].when.by"


def test_duplicate_item_id_names_both_lines() -> None:
    problem = only(problems_of(items("- {id: a, title: A}\n- {id: a, title: B}")))
    assert (problem.line, problem.params["other"]) == (12, 11)


def test_two_when_forms_are_refused() -> None:
    problem = only(
        problems_of(items("- id: a\n  title: A\n  when: {date: 2025-03-01, by: 2025-04-01}"))
    )
    assert problem.field == "areas[1].items[1].when"
    assert problem.params["forms"] == "date, by"


def test_window_outside_the_period() -> None:
    text = items("- id: a\n  title: A\n  when:\n    window: {from: 2025-12-01, to: 2026-01-31}")
    problem = only(problems_of(text))
    assert problem.field == "areas[1].items[1].when.window.to"


def test_named_window_in_a_two_year_plan_needs_the_year() -> None:
    text = items("- id: a\n  title: A\n  when: {window: november}").replace(
        "2025\n", "2024-2025\n", 1
    )
    problem = only(problems_of(text))
    assert problem.params["value"] == "november"
    fixed = text.replace("window: november", "window: november 2024")
    schedule = parse_plan(fixed, "plan.yaml").areas[0].items[0].schedule
    assert (schedule.start, schedule.end) == (date(2024, 11, 1), date(2024, 11, 30))


def test_negative_remind_days_are_refused() -> None:
    problem = only(problems_of(items("- id: a\n  title: A\n  remind: [7, -2]")))
    assert problem.field == "areas[1].items[1].remind[2]"


@pytest.mark.parametrize(
    ("owner", "field"),
    [
        ("{role: chief, unit: sek}", "areas[1].items[1].owners[1].role"),
        ("{role: steward}", "areas[1].items[1].owners[1].unit"),
        ("{person: a, board: sek}", "areas[1].items[1].owners[1]"),
        ("{person: a, subunits: true}", "areas[1].items[1].owners[1].subunits"),
        ("just-a-name", "areas[1].items[1].owners[1]"),
        ("{person: 'two words'}", "areas[1].items[1].owners[1].person"),
    ],
)
def test_bad_owners(owner: str, field: str) -> None:
    problem = only(problems_of(items(f"- id: a\n  title: A\n  owners: [{owner}]")))
    assert problem.field == field


def test_target_sum_must_name_an_asked_metric() -> None:
    text = items("- id: a\n  title: A\n  target: {sum: 5, metric: members}")
    assert only(problems_of(text)).params == {"value": "members"}


def test_targets_in_every_form() -> None:
    text = items("""
- id: a
  title: A
  ask:
    metrics: [{id: n, label: N}]
    comment: false
  target: {direction: increase, metric: n}
- id: b
  title: B
  ask: {metrics: [{id: share, label: Share}]}
  target: {sum: 80, metric: share, unit: percent, per: klubb}
""")
    first, second = parse_plan(text, "plan.yaml").areas[0].items
    assert first.target is not None
    assert first.target.value is None
    assert first.target.direction == "increase"
    assert first.comment_prompt == ""
    assert second.target is not None
    assert (second.target.unit, second.target.scope) == (
        "percent",
        "klubb",
    )


def test_every_problem_is_reported_at_once() -> None:
    text = items("- {id: a, title: A, when: {date: 2025-02-30}}\n- {id: b, colour: red}")
    fields = {p.field for p in problems_of(text)}
    assert fields == {
        "areas[1].items[1].when.date",
        "areas[1].items[2].colour",
        "areas[1].items[2].title",
    }


@pytest.mark.parametrize(
    "text",
    ["", "just text", "- a\n- b", "plan: 3\nareas: []", "plan:\n  id: x\n"],
)
def test_things_that_are_not_plans(text: str) -> None:
    assert problems_of(text)


def test_aliases_cannot_blow_up() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    assert problems_of(bomb + "plan: {}\n")


def test_load_plan_reports_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        load_plan(tmp_path / "missing.yaml")
    assert caught.value.problems[0].file.endswith("missing.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("plan:\n  title: Värvning\n".encode("latin-1"))
    with pytest.raises(InputFileError):
        load_plan(latin1)


def test_a_recurring_item_with_fewer_occurrences_than_its_count_is_refused() -> None:
    # Quarterly in 2025: four occurrences, so six can never be reported.
    text = items("- id: a\n  title: A\n  when: {every: quarterly}\n  target:\n    count: 6")
    problem = only(problems_of(text))
    assert (problem.line, problem.field) == (15, "areas[1].items[1].target.count")
    assert problem.params == {"occurrences": 4, "count": 6}
    message = format_problem(problem, Translator("en"))
    assert message.startswith("plan.yaml:15: areas[1].items[1].target.count: ")
    assert "ask once" in message


@pytest.mark.parametrize(
    "when",
    [
        "{every: quarterly}",  # four occurrences, count 4: each Yes counts 1
        "{every: yearly}",  # one occurrence: asked once, the steward says how many times
        "{date: 2025-05-01}",
        "{window: {from: 2025-03-01, to: 2025-11-30}}",
    ],
)
def test_a_count_that_can_be_met_is_accepted(when: str) -> None:
    text = items(f"- id: a\n  title: A\n  when: {when}\n  target: {{count: 4}}")
    (item,) = parse_plan(text, "plan.yaml").areas[0].items
    assert item.target is not None
    assert item.target.value == 4
