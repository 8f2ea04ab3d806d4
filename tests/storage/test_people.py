"""Roster import: upserts all or nothing, references checked against file and database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.core.errors import InputFileError
from bot.core.model import PersonSpec, Role, UnitSpec
from bot.core.plans import ImportResult, Roster
from bot.planfile import load_roster
from storage.engine import Database
from storage.people import import_roster, list_people
from storage.tables import AuditRow, BoardMemberRow, PersonRow, UnitRow

EXAMPLES = Path(__file__).parents[2] / "examples"
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def person(key: str, units: tuple[str, ...] = (), locale: str = "sv") -> PersonSpec:
    return PersonSpec(
        key, key.title(), locale, "Europe/Stockholm", frozenset({Role.STEWARD}), units
    )


def run_import(db: Database, roster: Roster) -> ImportResult:
    return db.run_sync(lambda s: import_roster(s, roster, actor="test", now=NOW))


def test_examples_import_and_reimport_unchanged(db: Database) -> None:
    for name in ("roster-sv.yaml", "roster-nb.yaml", "roster.csv"):
        first = run_import(db, load_roster(EXAMPLES / name))
        assert first.created > 0
    again = run_import(db, load_roster(EXAMPLES / "roster-sv.yaml"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 16)
    people = {p.key: p for p in db.run_sync(list_people)}
    assert people["olof"].units == ("demo-avd-norr", "demo-sektion-nord")
    assert people["anders"].units == ("ort-kiruna", "ort-umea")
    with db.session() as session:
        audits = session.exec(select(AuditRow)).all()
        assert len(audits) == 4
        assert all("Olof" not in str(a.detail) for a in audits)


def test_units_may_already_be_in_the_database(db: Database) -> None:
    run_import(db, Roster(units=(UnitSpec("avd", "Avdelning", "avdelning"),)))
    result = run_import(
        db,
        Roster(
            units=(UnitSpec("sek", "Sektion", "sektion", parent="avd"),),
            people=(person("anna", ("sek", "avd")),),
        ),
    )
    assert result.created == 2
    with db.session() as session:
        sek = session.exec(select(UnitRow).where(UnitRow.key == "sek")).one()
        avd = session.exec(select(UnitRow).where(UnitRow.key == "avd")).one()
        assert sek.parent_id == avd.id


def test_unknown_references_write_nothing(db: Database) -> None:
    roster = load_roster(EXAMPLES / "roster-sv.yaml")
    bad = Roster(
        roster.units, roster.boards, (*roster.people, person("zed", ("nowhere",))), "roster.yaml"
    )
    with pytest.raises(InputFileError) as caught:
        run_import(db, bad)
    assert [(p.field, p.params["value"]) for p in caught.value.problems] == [("units", "nowhere")]
    with db.session() as session:
        assert session.exec(select(PersonRow)).all() == []
        assert session.exec(select(UnitRow)).all() == []


def test_a_cycle_through_the_database_is_refused(db: Database) -> None:
    run_import(
        db,
        Roster(units=(UnitSpec("a", "A", "avdelning"), UnitSpec("b", "B", "sektion", parent="a"))),
    )
    with pytest.raises(InputFileError) as caught:
        run_import(db, Roster(units=(UnitSpec("a", "A", "avdelning", parent="b"),)))
    assert caught.value.problems[0].params == {"value": "a"}


def test_people_missing_from_a_roster_are_kept_and_links_replaced(db: Database) -> None:
    run_import(
        db,
        Roster(
            units=(UnitSpec("x", "X", "ort"), UnitSpec("y", "Y", "ort")),
            people=(person("anna", ("x",)), person("bo", ("x",))),
        ),
    )
    result = run_import(db, Roster(people=(person("anna", ("y",)),)))
    assert (result.created, result.updated) == (0, 1)
    people = {p.key: p for p in db.run_sync(list_people)}
    assert set(people) == {"anna", "bo"}
    assert people["anna"].units == ("y",)


def test_a_language_the_person_chose_is_kept(db: Database) -> None:
    run_import(db, Roster(people=(person("anna"),)))
    with db.session() as session:
        row = session.exec(select(PersonRow)).one()
        row.locale, row.locale_chosen = "nn", True
        session.add(row)
    run_import(db, Roster(people=(person("anna", locale="sv"),)))
    assert db.run_sync(list_people)[0].locale == "nn"


def test_board_members_are_set_from_the_roster(db: Database) -> None:
    run_import(db, load_roster(EXAMPLES / "roster-sv.yaml"))

    def members(session: Session) -> int:
        return len(session.exec(select(BoardMemberRow)).all())

    assert db.run_sync(members) == 4
    roster = load_roster(EXAMPLES / "roster-sv.yaml")
    fewer = replace(roster, boards=tuple(replace(b, members=()) for b in roster.boards))
    run_import(db, fewer)
    assert db.run_sync(members) == 0
