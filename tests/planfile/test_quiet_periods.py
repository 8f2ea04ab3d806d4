"""plan.quiet_periods: the summer holidays and Christmas as spans with no reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.errors import InputFileError, Problem
from bot.core.model import MonthDay, QuietPeriod
from bot.core.specjson import quiet_periods_to_json
from bot.core.timeplan import DateSpan, blackouts_from_json
from bot.planfile import parse_plan
from bot.planfile.quiet import MAX_QUIET_DAYS

PLAN = """\
plan:
  id: p1
  title: Plan
  unit: sek
  period: {period}
  language: sv
{quiet}
areas:
  - id: "1"
    title: Area
    items:
      - id: a
        title: A
"""


def plan_with(quiet: str, period: str = "2025") -> str:
    """A plan whose head carries the given quiet_periods lines (indented by two spaces)."""
    body = "".join(f"  {line}\n" for line in quiet.strip("\n").splitlines())
    return PLAN.format(period=period, quiet=body.rstrip("\n"))


def periods(quiet: str, period: str = "2025") -> tuple[QuietPeriod, ...]:
    return parse_plan(plan_with(quiet, period), "plan.yaml").quiet_periods


def problems_of(quiet: str, period: str = "2025") -> list[Problem]:
    with pytest.raises(InputFileError) as caught:
        parse_plan(plan_with(quiet, period), "plan.yaml")
    return caught.value.problems


def only(found: list[Problem]) -> Problem:
    assert len(found) == 1, found
    return found[0]


def test_without_quiet_periods_there_are_none() -> None:
    assert periods("send_time: '09:00'") == ()


def test_month_days_and_dates_are_read_in_order_with_their_lines() -> None:
    found = periods("""
quiet_periods:
  - {from: "07-01", to: "08-10"}
  - {from: 2025-12-22, to: 2026-01-02}
""")
    assert found == (
        QuietPeriod(MonthDay(7, 1), MonthDay(8, 10)),
        QuietPeriod(date(2025, 12, 22), date(2026, 1, 2)),
    )
    assert [p.line for p in found] == [8, 9]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("07-01", "08-10"),
        ("7-1", "8-10"),
        ("1 juli", "10 augusti"),
        ("1. juli", "10. august"),
        ("1 July", "10 August"),
        ("juli 1", "aug 10"),
    ],
)
def test_a_month_day_may_be_written_with_digits_or_a_month_name(start: str, end: str) -> None:
    found = periods(f'quiet_periods:\n  - {{from: "{start}", to: "{end}"}}')
    assert found == (QuietPeriod(MonthDay(7, 1), MonthDay(8, 10)),)


def test_a_single_period_may_be_written_without_a_list() -> None:
    found = periods("quiet_periods: {from: 07-15, to: 08-05}")
    assert found == (QuietPeriod(MonthDay(7, 15), MonthDay(8, 5)),)


def test_month_days_may_run_over_new_year() -> None:
    found = periods('quiet_periods:\n  - {from: "12-22", to: "01-02"}')
    assert found == (QuietPeriod(MonthDay(12, 22), MonthDay(1, 2)),)


def test_stored_json_is_what_the_scheduler_reads() -> None:
    found = periods("""
quiet_periods:
  - {from: "07-01", to: "08-10"}
  - {from: "12-22", to: "01-02"}
  - {from: 2025-10-13, to: 2025-10-17}
""")
    stored = quiet_periods_to_json(found)
    assert stored == [
        {"from": "07-01", "to": "08-10"},
        {"from": "12-22", "to": "01-02"},
        {"from": "2025-10-13", "to": "2025-10-17"},
    ]
    spans = blackouts_from_json(stored, [2025])
    assert spans == (
        DateSpan(date(2025, 7, 1), date(2025, 8, 10)),
        DateSpan(date(2025, 12, 22), date(2026, 1, 2)),
        DateSpan(date(2025, 10, 13), date(2025, 10, 17)),
    )


@pytest.mark.parametrize(
    ("value", "msgid_start"),
    [
        ('"13-01"', "The date"),
        ('"02-30"', "The date"),
        ('"02-29"', "29 February"),
        ('"1 juliett"', "Write a day of the year"),
        ('"July"', "Write a day of the year"),
        ('"01.07"', "Write a day of the year"),
        ("2025-02-30", "The date"),
        ("[07-01]", "Write a day of the year"),
    ],
)
def test_a_bad_day_is_named_by_line_and_field(value: str, msgid_start: str) -> None:
    problem = only(problems_of(f"quiet_periods:\n  - from: {value}\n    to: 08-10"))
    assert problem.line == 8
    assert problem.field == "plan.quiet_periods[1].from"
    assert problem.msgid.startswith(msgid_start)


def test_dates_that_end_before_they_start_are_refused() -> None:
    problem = only(problems_of("quiet_periods:\n  - {from: 2025-08-10, to: 2025-07-01}"))
    assert (problem.line, problem.field) == (8, "plan.quiet_periods[1]")
    assert problem.params == {"start": "2025-08-10", "end": "2025-07-01"}


def test_a_month_day_and_a_date_cannot_be_mixed() -> None:
    problem = only(problems_of('quiet_periods:\n  - {from: "07-01", to: 2025-08-10}'))
    assert problem.field == "plan.quiet_periods[1]"
    assert problem.msgid.startswith("Write both ends the same way")


def test_a_day_written_before_its_month_is_caught_by_the_length() -> None:
    # "01-07" to "10-08" meant 1 July to 10 August, but reads as 7 January to 8 October.
    problem = only(problems_of('quiet_periods:\n  - {from: "01-07", to: "10-08"}'))
    assert problem.params == {"maximum": MAX_QUIET_DAYS, "days": 275}


def test_the_longest_allowed_period_passes_and_one_day_more_does_not() -> None:
    longest = date(2025, 6, 1) + timedelta(days=MAX_QUIET_DAYS - 1)
    assert periods(f"quiet_periods: {{from: 2025-06-01, to: {longest.isoformat()}}}")
    too_long = longest + timedelta(days=1)
    problem = only(problems_of(f"quiet_periods: {{from: 2025-06-01, to: {too_long}}}"))
    assert problem.params["days"] == MAX_QUIET_DAYS + 1


def test_dates_outside_the_plan_period_are_refused() -> None:
    problem = only(problems_of("quiet_periods:\n  - {from: 2024-07-01, to: 2024-08-10}"))
    assert problem.field == "plan.quiet_periods[1]"
    assert problem.params == {"start": "2024-07-01", "end": "2024-08-10"}


def test_missing_ends_and_unknown_fields_are_each_named() -> None:
    found = problems_of("""
quiet_periods:
  - {from: "07-01"}
  - {to: "08-10", until: "08-12"}
  - "july"
""")
    assert [(p.line, p.field) for p in found] == [
        (8, "plan.quiet_periods[1].to"),
        (9, "plan.quiet_periods[2].from"),
        (9, "plan.quiet_periods[2].until"),
        (10, "plan.quiet_periods[3]"),
    ]


def test_a_misspelt_field_name_gets_a_suggestion() -> None:
    problem = only(problems_of('quiet_period:\n  - {from: "07-01", to: "08-10"}'))
    assert problem.params["suggestion"] == "quiet_periods"
