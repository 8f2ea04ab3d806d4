"""People's platform handles (person_handle rows): checked, released and set by a roster."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlmodel import Session, col, delete, select

from bot.core.errors import Problem
from bot.core.i18n import N_
from bot.core.model import Handle, HandleKind, PersonSpec
from bot.core.plans import Roster
from storage.tables import PersonHandleRow, PersonRow

MSG_HANDLE_TAKEN = N_("“{value}” is already given to “{other}”.")

HandleKey = tuple[str, str, str]  # platform, kind, value


def _key(handle: Handle) -> HandleKey:
    return (handle.platform, handle.kind.value, handle.value)


def handles_of(session: Session, person_ids: Iterable[int]) -> dict[int, set[HandleKey]]:
    """Each person's handles as (platform, kind, value)."""
    query = select(PersonHandleRow).where(col(PersonHandleRow.person_id).in_(list(person_ids)))
    found: dict[int, set[HandleKey]] = {}
    for row in session.exec(query):
        found.setdefault(row.person_id, set()).add((row.platform, row.kind, row.value))
    return found


def to_handle(row: PersonHandleRow) -> Handle:
    return Handle(row.platform, HandleKind(row.kind), row.value)


def check_handles(session: Session, roster: Roster) -> list[Problem]:
    """A handle belongs to one person: not twice in the file, not to someone left out of it."""
    problems: list[Problem] = []
    given: dict[HandleKey, str] = {}
    in_file = {spec.key for spec in roster.people}
    for spec in roster.people:
        for handle in spec.handles:
            first = given.setdefault(_key(handle), spec.key)
            if first != spec.key:
                params = {"value": handle.value, "other": first}
                problems.append(
                    Problem(roster.source, spec.line, handle.field, MSG_HANDLE_TAKEN, params)
                )
    if not given:
        return problems
    held = session.exec(
        select(PersonHandleRow, col(PersonRow.key))
        .join(PersonRow, col(PersonRow.id) == col(PersonHandleRow.person_id))
        .where(col(PersonHandleRow.value).in_({value for _, _, value in given}))
    )
    lines = {spec.key: spec.line for spec in roster.people}
    for row, holder in held:
        key = (row.platform, row.kind, row.value)
        if key in given and holder not in in_file:
            params = {"value": row.value, "other": holder}
            field = f"{row.platform}_{row.kind}"
            problems.append(
                Problem(roster.source, lines[given[key]], field, MSG_HANDLE_TAKEN, params)
            )
    return problems


def release_handles(
    session: Session, specs: Iterable[PersonSpec], rows: Mapping[str, PersonRow]
) -> dict[int, set[HandleKey]]:
    """Delete the handles the roster no longer gives its people; returns what they had."""
    wanted = {spec.key: {_key(h) for h in spec.handles} for spec in specs}
    ids = {row.id: key for key, row in rows.items() if row.id is not None and key in wanted}
    before = handles_of(session, ids)
    for person_id, held in before.items():
        for platform, kind, value in held - wanted[ids[person_id]]:
            session.exec(
                delete(PersonHandleRow).where(
                    col(PersonHandleRow.person_id) == person_id,
                    col(PersonHandleRow.platform) == platform,
                    col(PersonHandleRow.kind) == kind,
                    col(PersonHandleRow.value) == value,
                )
            )
    session.flush()
    return before


def handles_changed(
    before: Mapping[int, set[HandleKey]], person_id: int | None, spec: PersonSpec
) -> bool:
    return before.get(person_id or 0, set()) != {_key(h) for h in spec.handles}


def set_handles(session: Session, person_id: int, spec: PersonSpec) -> None:
    """Add the handles the roster gives the person that are not stored yet."""
    held = handles_of(session, [person_id]).get(person_id, set())
    for platform, kind, value in sorted({_key(h) for h in spec.handles} - held):
        session.add(PersonHandleRow(person_id=person_id, platform=platform, kind=kind, value=value))
    session.flush()
