"""A roster import stores each person's handles: one holder per handle, moved and removed
as the roster says, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from bot.core.errors import InputFileError
from bot.core.model import Handle, HandleKind, PersonSpec, Role
from bot.core.plans import ImportResult, Roster
from storage.engine import Database
from storage.handles import MSG_HANDLE_TAKEN
from storage.people import import_roster
from storage.tables import PersonHandleRow, PersonRow

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
U1 = Handle("slack", HandleKind.USER_ID, "U1")
MATRIX = Handle("matrix", HandleKind.USER_ID, "@anna:example.org")


def person(key: str, *handles: Handle, line: int = 1) -> PersonSpec:
    roles = frozenset({Role.STEWARD})
    return PersonSpec(
        key, key.title(), "sv", "Europe/Stockholm", roles, (), handles=handles, line=line
    )


def run_import(db: Database, *people: PersonSpec) -> ImportResult:
    roster = Roster(people=people, source="people.yaml")
    return db.run_sync(lambda s: import_roster(s, roster, actor="test", now=NOW))


def stored(db: Database) -> set[tuple[str, str, str, str]]:
    def read(session: Session) -> set[tuple[str, str, str, str]]:
        people = {row.id: row.key for row in session.exec(select(PersonRow))}
        return {
            (people[h.person_id], h.platform, h.kind, h.value)
            for h in session.exec(select(PersonHandleRow))
        }

    return db.run_sync(read)


def test_handles_are_stored_moved_and_removed_as_the_roster_says(db: Database) -> None:
    first = run_import(db, person("anna", U1, MATRIX), person("bo"))
    assert first.created == 2
    assert stored(db) == {
        ("anna", "slack", "user_id", "U1"),
        ("anna", "matrix", "user_id", "@anna:example.org"),
    }
    again = run_import(db, person("anna", U1, MATRIX), person("bo"))
    assert (again.updated, again.unchanged) == (0, 2)
    # U1 moves from Anna to Bo in one file; Anna's Matrix handle is left out, so it goes.
    moved = run_import(db, person("anna"), person("bo", U1))
    assert (moved.updated, moved.unchanged) == (2, 0)
    assert stored(db) == {("bo", "slack", "user_id", "U1")}


def test_a_handle_given_twice_in_a_file_is_named_and_nothing_is_written(db: Database) -> None:
    with pytest.raises(InputFileError) as caught:
        run_import(db, person("anna", U1, line=3), person("bo", U1, line=7))
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.msgid) == (7, "slack_user_id", MSG_HANDLE_TAKEN)
    assert problem.params == {"value": "U1", "other": "anna"}
    assert stored(db) == set()
    assert db.run_sync(lambda s: s.exec(select(PersonRow)).all()) == []


def test_a_handle_someone_outside_the_file_holds_is_named(db: Database) -> None:
    run_import(db, person("anna", U1))
    with pytest.raises(InputFileError) as caught:
        run_import(db, person("bo", U1, line=4))
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.params) == (
        4,
        "slack_user_id",
        {"value": "U1", "other": "anna"},
    )
    assert stored(db) == {("anna", "slack", "user_id", "U1")}


def test_a_handle_an_inactive_person_held_moves_to_the_person_the_file_gives_it(
    db: Database,
) -> None:
    shared = Handle("slack", HandleKind.EMAIL, "ordforande@example.org")
    run_import(db, person("anna", shared))

    def retire(session: Session) -> None:
        row = session.exec(select(PersonRow).where(PersonRow.key == "anna")).one()
        row.active = False
        session.add(row)

    db.run_sync(retire)
    run_import(db, person("bo", shared))
    assert stored(db) == {("bo", "slack", "email", "ordforande@example.org")}
