"""Rosters in the database: units, boards and people upserted all or nothing; listing people."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from bot.core.errors import InputFileError, Problem
from bot.core.i18n import N_
from bot.core.model import BoardSpec, PersonSpec, Role, UnitSpec
from bot.core.plans import ImportResult, PersonSummary, Roster
from storage import audit, away
from storage.handles import check_handles, handles_changed, release_handles, set_handles
from storage.tables import (
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    PersonRow,
    PersonUnitRow,
    UnitRow,
)

MSG_UNKNOWN_UNIT = N_("There is no unit “{value}” in this roster or in the database.")
MSG_UNKNOWN_MEMBER = N_("There is no person “{value}” in this roster or in the database.")
MSG_CYCLE = N_("The unit “{value}” would end up as its own parent.")


class _Counts:
    def __init__(self) -> None:
        self.created = self.updated = self.unchanged = 0

    def record(self, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1


def import_roster(session: Session, roster: Roster, *, actor: str, now: datetime) -> ImportResult:
    """Upsert the roster's units, boards and people; people not in it are left as they are."""
    units = {row.key: row for row in session.exec(select(UnitRow))}
    _check(session, roster, units)
    counts = _Counts()
    _upsert_units(session, roster.units, units, counts)
    people = _upsert_people(session, roster.people, units, now, counts)
    _upsert_boards(session, roster.boards, units, people, counts)
    detail = {
        "units": len(roster.units),
        "boards": len(roster.boards),
        "people": len(roster.people),
        "created": counts.created,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
    }
    audit.record(
        session,
        actor=actor,
        action="roster.import",
        entity="roster",
        entity_key=None,
        detail=detail,
        now=now,
    )
    return ImportResult(
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        counts={
            "units": len(roster.units),
            "boards": len(roster.boards),
            "people": len(roster.people),
        },
    )


def _check(session: Session, roster: Roster, units: dict[str, UnitRow]) -> None:
    """Every unit and member named must exist in the file or the database; no cycles."""
    known_units = set(units) | {unit.key for unit in roster.units}
    known_people = set(session.exec(select(PersonRow.key))) | {p.key for p in roster.people}
    problems: list[Problem] = []

    def missing(line: int | None, field: str, msgid: str, value: str) -> None:
        problems.append(Problem(roster.source, line, field, msgid, {"value": value}))

    for unit in roster.units:
        if unit.parent and unit.parent not in known_units:
            missing(unit.line, "parent", MSG_UNKNOWN_UNIT, unit.parent)
    for person in roster.people:
        for key in person.units:
            if key not in known_units:
                missing(person.line, "units", MSG_UNKNOWN_UNIT, key)
    for board in roster.boards:
        if board.unit not in known_units:
            missing(board.line, "unit", MSG_UNKNOWN_UNIT, board.unit)
        for key in board.members:
            if key not in known_people:
                missing(board.line, "members", MSG_UNKNOWN_MEMBER, key)
    problems.extend(_cycles(roster, units))
    problems.extend(check_handles(session, roster))
    if problems:
        raise InputFileError(problems)


def _cycles(roster: Roster, units: dict[str, UnitRow]) -> list[Problem]:
    """Cycles in the unit tree as it would be after the import (file over database)."""
    by_id = {row.id: key for key, row in units.items()}
    parents = {key: by_id.get(row.parent_id) for key, row in units.items()}
    parents.update({unit.key: unit.parent for unit in roster.units})
    found = []
    for unit in roster.units:
        seen = {unit.key}
        current = parents.get(unit.key)
        while current is not None and current not in seen:
            seen.add(current)
            current = parents.get(current)
        if current == unit.key:
            params = {"value": unit.key}
            found.append(Problem(roster.source, unit.line, "parent", MSG_CYCLE, params))
    return found


def _upsert_units(
    session: Session, specs: tuple[UnitSpec, ...], units: dict[str, UnitRow], counts: _Counts
) -> None:
    changed: dict[str, bool] = {}
    created: set[str] = set()
    for spec in specs:
        row = units.get(spec.key)
        if row is None:
            created.add(spec.key)
            row = UnitRow(key=spec.key, name=spec.name, kind=spec.kind)
        changed[spec.key] = (row.name, row.kind) != (spec.name, spec.kind)
        row.name, row.kind = spec.name[:200], spec.kind[:50]
        units[spec.key] = row
        session.add(row)
    session.flush()
    for spec in specs:
        row = units[spec.key]
        parent_id = units[spec.parent].id if spec.parent else None
        if row.parent_id != parent_id:
            row.parent_id = parent_id
            changed[spec.key] = True
            session.add(row)
        counts.record(created=spec.key in created, changed=changed[spec.key])
    session.flush()


def _person_values(spec: PersonSpec) -> dict[str, Any]:
    return {
        "name": spec.name[:200],
        "email": spec.email,
        "timezone": spec.timezone,
        "roles": ",".join(sorted(role.value for role in spec.roles)),
        "reminder_time": spec.reminder_time.strftime("%H:%M") if spec.reminder_time else None,
    }


def _upsert_people(
    session: Session,
    specs: tuple[PersonSpec, ...],
    units: dict[str, UnitRow],
    now: datetime,
    counts: _Counts,
) -> dict[str, PersonRow]:
    keys = [spec.key for spec in specs]
    rows = {r.key: r for r in session.exec(select(PersonRow).where(col(PersonRow.key).in_(keys)))}
    linked = _linked_person_ids(session, [row.id for row in rows.values() if row.id is not None])
    # Handles a person no longer has go first, so one can move to another person in the file.
    before = release_handles(session, specs, rows)
    for spec in specs:
        row = rows.get(spec.key)
        created = row is None
        row = row or PersonRow(
            key=spec.key, name=spec.name, locale=spec.locale, timezone=spec.timezone, created_at=now
        )
        values = {**_person_values(spec), **_locale_values(spec, row, row.id in linked)}
        changed = any(getattr(row, k) != v for k, v in values.items())
        for name, value in values.items():
            setattr(row, name, value)
        if created or changed:
            row.updated_at = now
        rows[spec.key] = row
        session.add(row)
        session.flush()
        links_changed = _link_units(session, row, spec, units)
        links_changed |= handles_changed(before, row.id, spec)
        set_handles(session, row.id or 0, spec, before)
        away.apply_roster(session, row.id or 0, spec.away_until, spec.timezone, now)
        counts.record(created=created, changed=changed or links_changed)
    return rows


def _linked_person_ids(session: Session, person_ids: list[int]) -> set[int]:
    """Who of these people has a chat account: only they can have picked a language in chat."""
    if not person_ids:
        return set()
    query = select(ChatIdentityRow.person_id).where(col(ChatIdentityRow.person_id).in_(person_ids))
    return set(session.exec(query))


def _locale_values(spec: PersonSpec, row: PersonRow, linked: bool) -> dict[str, Any]:
    """The roster's language for a person, unless their own choice or a platform hint wins.

    A locale named for the person in the roster is marked chosen, so a platform's language
    hint never replaces it. Only someone with a chat account can have picked a language in
    the chat, so for everyone else the roster's locale always applies. A locale from the
    roster's defaults fills in only where nothing better is known.
    """
    if spec.locale_explicit:
        if row.locale_chosen and linked:
            return {}
        return {"locale": spec.locale, "locale_chosen": True}
    if row.locale_chosen or linked:
        return {}
    return {"locale": spec.locale}


def _link_units(
    session: Session, row: PersonRow, spec: PersonSpec, units: dict[str, UnitRow]
) -> bool:
    assert row.id is not None
    wanted = {units[key].id for key in spec.units if units[key].id is not None}
    current = set(
        session.exec(select(PersonUnitRow.unit_id).where(PersonUnitRow.person_id == row.id))
    )
    if wanted == current:
        return False
    session.exec(delete(PersonUnitRow).where(col(PersonUnitRow.person_id) == row.id))
    for unit_id in sorted(u for u in wanted if u is not None):
        session.add(PersonUnitRow(person_id=row.id, unit_id=unit_id))
    session.flush()
    return True


def _upsert_boards(
    session: Session,
    specs: tuple[BoardSpec, ...],
    units: dict[str, UnitRow],
    people: dict[str, PersonRow],
    counts: _Counts,
) -> None:
    for spec in specs:
        row = session.exec(select(BoardRow).where(BoardRow.key == spec.key)).first()
        created = row is None
        unit_id = units[spec.unit].id
        assert unit_id is not None
        row = row or BoardRow(key=spec.key, unit_id=unit_id, name=spec.name)
        values: dict[str, Any] = {
            "unit_id": unit_id,
            "name": spec.name[:200],
            "locale": spec.locale,
            "timezone": spec.timezone,
            "digest_weekday": spec.digest_weekday,
            "digest_time": spec.digest_time.strftime("%H:%M"),
            "digest_to_members": spec.digest_to_members,
        }
        changed = any(getattr(row, k) != v for k, v in values.items())
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
        session.flush()
        members_changed = _set_members(session, row, spec.members, people)
        counts.record(created=created, changed=changed or members_changed)


def _set_members(
    session: Session, board: BoardRow, keys: tuple[str, ...], people: dict[str, PersonRow]
) -> bool:
    assert board.id is not None
    missing = [key for key in keys if key not in people]
    if missing:
        found = session.exec(select(PersonRow).where(col(PersonRow.key).in_(missing)))
        people = {**people, **{row.key: row for row in found}}
    wanted = {people[key].id for key in keys}
    query = select(BoardMemberRow.person_id).where(BoardMemberRow.board_id == board.id)
    if wanted == set(session.exec(query)):
        return False
    session.exec(delete(BoardMemberRow).where(col(BoardMemberRow.board_id) == board.id))
    for person_id in sorted(p for p in wanted if p is not None):
        session.add(BoardMemberRow(board_id=board.id, person_id=person_id))
    session.flush()
    return True


def list_people(session: Session) -> list[PersonSummary]:
    """Everyone in the database, by key, with units and linked chat platforms."""
    unit_keys = {row.id: row.key for row in session.exec(select(UnitRow))}
    units: dict[int, list[str]] = {}
    for link in session.exec(select(PersonUnitRow)):
        units.setdefault(link.person_id, []).append(unit_keys.get(link.unit_id, ""))
    platforms: dict[int, set[str]] = {}
    for identity in session.exec(select(ChatIdentityRow)):
        platforms.setdefault(identity.person_id, set()).add(identity.platform)
    return [
        PersonSummary(
            row.key,
            row.name,
            row.locale,
            row.timezone,
            frozenset(Role(r) for r in row.roles.split(",") if r in Role.__members__.values()),
            tuple(sorted(units.get(row.id or 0, []))),
            tuple(sorted(platforms.get(row.id or 0, set()))),
            row.active,
        )
        for row in session.exec(select(PersonRow).order_by(col(PersonRow.key)))
    ]
