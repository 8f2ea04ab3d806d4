"""Rosters in YAML and CSV: the examples load, and bad values are named by line and column."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.core.errors import InputFileError, Problem
from bot.core.model import Handle, HandleKind, Role
from bot.planfile import load_roster

EXAMPLES = Path(__file__).parents[2] / "examples"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(InputFileError) as caught:
        load_roster(path)
    return caught.value.problems


PERSON = """\
people:
  - id: anna
    name: Anna
    locale: {locale}
    timezone: {timezone}
"""


@pytest.mark.parametrize("name", ["roster-sv.yaml", "roster-nb.yaml", "roster.csv"])
def test_examples_load(name: str) -> None:
    roster = load_roster(EXAMPLES / name)
    assert roster.people
    assert all(p.locale in {"sv", "nb", "nn"} for p in roster.people)


def test_yaml_roster_reads_units_boards_and_people() -> None:
    roster = load_roster(EXAMPLES / "roster-sv.yaml")
    units = {u.key: u for u in roster.units}
    assert units["ort-lulea"].parent == "demo-sektion-nord"
    board = next(b for b in roster.boards if b.unit == "demo-sektion-nord")
    assert board.members == ("karin", "olof", "amira")
    assert board.digest_time == time(8, 0)
    amira = next(p for p in roster.people if p.key == "amira")
    assert amira.roles == frozenset({Role.BOARD, Role.STEWARD})
    assert amira.reminder_time == time(8, 30)
    assert amira.timezone == "Europe/Stockholm"


def test_norwegian_locale_tags_are_mapped(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", PERSON.format(locale="nb-NO", timezone="Europe/Oslo"))
    assert load_roster(path).people[0].locale == "nb"
    path = write(tmp_path, "r.yaml", PERSON.format(locale="no", timezone="Europe/Oslo"))
    assert load_roster(path).people[0].locale == "nb"


def test_bad_locale_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", PERSON.format(locale="xx", timezone="Europe/Oslo"))
    (problem,) = problems_of(path)
    assert (problem.line, problem.field, problem.params["value"]) == (4, "people[1].locale", "xx")


def test_bad_timezone_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", PERSON.format(locale="sv", timezone="Europe/Lund"))
    (problem,) = problems_of(path)
    assert (problem.line, problem.field) == (5, "people[1].timezone")


def test_duplicate_ids_unknown_role_and_bad_time(tmp_path: Path) -> None:
    text = """\
people:
  - {id: a, name: A, roles: [steward, chief]}
  - {id: b, name: B, reminder_time: "25:00"}
  - {id: b, name: C}
"""
    found = {(p.line, p.field) for p in problems_of(write(tmp_path, "r.yaml", text))}
    assert found == {(2, "people[1].roles"), (3, "people[2].reminder_time"), (4, "people.id")}


def test_unit_cycle_is_refused(tmp_path: Path) -> None:
    text = """\
units:
  - {id: a, name: A, kind: sektion, parent: b}
  - {id: b, name: B, kind: avdelning, parent: a}
  - {id: c, name: C, kind: ort, parent: c}
"""
    problems = problems_of(write(tmp_path, "r.yaml", text))
    assert {p.params["value"] for p in problems} == {"a", "c"}


def test_unknown_roster_field_suggests(tmp_path: Path) -> None:
    text = "people:\n  - {id: a, name: A, timezon: Europe/Oslo}\n"
    (problem,) = problems_of(write(tmp_path, "r.yaml", text))
    assert problem.params["suggestion"] == "timezone"


def test_csv_problems_name_line_and_column(tmp_path: Path) -> None:
    text = (
        "id,name,locale,timezone,units,roles,reminder_time\n"
        "a,Anna,sv,Europe/Stockholm,x;y,steward,09:00\n"
        "b,Bo,xx,Europe/Stockholm,x,,\n"
        '"c","Cecilia\nwith a line break",sv,Mars/Olympus,x,,\n'
        "d,,sv,Europe/Oslo,x,,9.30\n"
    )
    found = {(p.line, p.field) for p in problems_of(write(tmp_path, "r.csv", text))}
    assert found == {(3, "locale"), (4, "timezone"), (6, "name"), (6, "reminder_time")}


def test_csv_reads_lists_and_semicolon_files(tmp_path: Path) -> None:
    text = "id;name;units;roles\na;Anna;x,y;steward\n"
    # a semicolon file cannot also use ';' inside cells; lists there are one value each
    roster = load_roster(write(tmp_path, "r.csv", text))
    assert roster.people[0].units == ("x,y",)
    text = "id,name,units,roles,telegram_username\na,Anna,x; y,steward;board,@anna_x\n"
    person = load_roster(write(tmp_path, "r.csv", text)).people[0]
    assert person.units == ("x", "y")
    assert person.roles == frozenset({Role.STEWARD, Role.BOARD})
    assert person.handles == (Handle("telegram", HandleKind.USERNAME, "anna_x"),)


def test_csv_unknown_and_missing_columns(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, "r.csv", "id,nmae\na,Anna\n"))
    assert {(p.line, p.field) for p in problems} == {(1, "nmae"), (1, "name")}


def test_yaml_marks_a_locale_named_for_the_person_as_explicit(tmp_path: Path) -> None:
    text = """\
defaults:
  locale: nb
people:
  - {id: anna, name: Anna, locale: nn}
  - {id: bo, name: Bo}
  - {id: cia, name: Cia, locale: null}
"""
    roster = load_roster(write(tmp_path, "roster.yaml", text))
    found = {p.key: (p.locale, p.locale_explicit) for p in roster.people}
    assert found == {"anna": ("nn", True), "bo": ("nb", False), "cia": ("nb", False)}


def test_csv_marks_a_filled_locale_cell_as_explicit(tmp_path: Path) -> None:
    text = "id,name,locale\nanna,Anna,no\nbo,Bo,\ncia,Cia,  \n"
    roster = load_roster(write(tmp_path, "people.csv", text))
    found = {p.key: (p.locale, p.locale_explicit) for p in roster.people}
    assert found == {"anna": ("nb", True), "bo": ("sv", False), "cia": ("sv", False)}


def test_csv_without_a_locale_column_names_no_locale(tmp_path: Path) -> None:
    roster = load_roster(write(tmp_path, "people.csv", "id,name\nanna,Anna\n"))
    assert [(p.locale, p.locale_explicit) for p in roster.people] == [("sv", False)]
