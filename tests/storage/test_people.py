"""Roster import: upserts all or nothing, references checked against file and database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.core.errors import InputFileError
from bot.core.messages import Sender
from bot.core.model import PersonSpec, Platform, Role, UnitSpec
from bot.core.plans import ImportResult, Roster
from bot.planfile import load_roster
from handlers.onboarding import create_person_invite, redeem_person_code
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.people import import_roster, list_people
from storage.tables import AuditRow, BoardMemberRow, ChatIdentityRow, PersonRow, UnitRow

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


def named(key: str, locale: str, *, explicit: bool = True) -> PersonSpec:
    """A person whose roster row names a locale (explicit) or takes the default (not)."""
    return replace(person(key, locale=locale), locale_explicit=explicit)


def language_of(db: Database, key: str) -> tuple[str, bool]:
    with db.session() as session:
        row = session.exec(select(PersonRow).where(PersonRow.key == key)).one()
        return row.locale, row.locale_chosen


def link_chat(db: Database, key: str, user_id: str = "7001") -> None:
    with db.session() as session:
        row = session.exec(select(PersonRow).where(PersonRow.key == key)).one()
        assert row.id is not None
        session.add(ChatIdentityRow(person_id=row.id, platform="telegram", user_id=user_id))


def set_language(db: Database, key: str, locale: str, *, chosen: bool) -> None:
    """What the chat does: the person picks a language (chosen) or the platform hints one."""
    with db.session() as session:
        row = session.exec(select(PersonRow).where(PersonRow.key == key)).one()
        row.locale, row.locale_chosen = locale, chosen
        session.add(row)


def test_a_locale_named_in_the_roster_is_fixed_and_a_default_is_not(db: Database) -> None:
    run_import(db, Roster(people=(named("anna", "nn"), named("bo", "sv", explicit=False))))
    assert language_of(db, "anna") == ("nn", True)
    assert language_of(db, "bo") == ("sv", False)


def test_the_persons_own_later_choice_survives_every_re_import(db: Database) -> None:
    run_import(db, Roster(people=(named("anna", "nb"),)))
    link_chat(db, "anna")
    set_language(db, "anna", "nn", chosen=True)
    result = run_import(db, Roster(people=(named("anna", "nb"),)))
    assert language_of(db, "anna") == ("nn", True)
    assert result.unchanged == 1
    run_import(db, Roster(people=(named("anna", "sv", explicit=False),)))
    assert language_of(db, "anna") == ("nn", True)


def test_a_roster_locale_is_corrected_for_someone_not_yet_in_the_chat(db: Database) -> None:
    run_import(db, Roster(people=(named("anna", "sv"),)))
    result = run_import(db, Roster(people=(named("anna", "nb"),)))
    assert language_of(db, "anna") == ("nb", True)
    assert result.updated == 1


def test_a_roster_locale_replaces_a_platform_guess(db: Database) -> None:
    run_import(db, Roster(people=(named("anna", "sv", explicit=False),)))
    link_chat(db, "anna")
    set_language(db, "anna", "en", chosen=False)
    run_import(db, Roster(people=(named("anna", "nb"),)))
    assert language_of(db, "anna") == ("nb", True)


def test_a_default_locale_leaves_a_platform_guess_alone(db: Database) -> None:
    run_import(db, Roster(people=(named("anna", "sv", explicit=False),)))
    link_chat(db, "anna")
    set_language(db, "anna", "nb", chosen=False)
    run_import(db, Roster(people=(named("anna", "sv", explicit=False),)))
    assert language_of(db, "anna") == ("nb", False)


def test_a_default_locale_still_changes_for_someone_not_yet_in_the_chat(db: Database) -> None:
    run_import(db, Roster(people=(named("anna", "sv", explicit=False),)))
    run_import(db, Roster(people=(named("anna", "nb", explicit=False),)))
    assert language_of(db, "anna") == ("nb", False)


@pytest.mark.parametrize(
    ("locale_line", "expected"),
    [("    locale: nn\n", ("nn", True)), ("", ("nb", False))],
)
def test_linking_a_chat_account_guesses_only_where_the_roster_named_no_locale(
    db: Database, tmp_path: Path, locale_line: str, expected: tuple[str, bool]
) -> None:
    text = f"people:\n  - id: anna\n    name: Anna\n{locale_line}"
    path = tmp_path / "roster.yaml"
    path.write_text(text, encoding="utf-8")
    run_import(db, load_roster(path))
    store = SqlConversationStore(db)
    code = store.run_sync(lambda tx: create_person_invite(tx, "anna", Platform.TELEGRAM, NOW, 14))
    sender = Sender(Platform.TELEGRAM, user_id="7001", chat_id="7001", language_code="nb-NO")
    replies = store.run_sync(lambda tx: redeem_person_code(tx, sender, code, NOW, "sv"))
    assert replies
    assert language_of(db, "anna") == expected
