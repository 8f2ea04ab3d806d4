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
    """A handle belongs to one person: not twice in the file, and not to an active person
    the file leaves out (a retired person's handle, a shared address, may move on)."""
    problems: list[Problem] = []
    given: dict[HandleKey, str] = {}
    lines = {spec.key: spec.line for spec in roster.people}
    for spec in roster.people:
        for handle in spec.handles:
            first = given.setdefault(_key(handle), spec.key)
            if first != spec.key:
                params = {"value": handle.value, "other": first}
                problems.append(
                    Problem(roster.source, spec.line, handle.field, MSG_HANDLE_TAKEN, params)
                )
    for row, holder, active in _held(session, given):
        key = (row.platform, row.kind, row.value)
        if active and holder not in lines:
            params = {"value": row.value, "other": holder}
            field = f"{row.platform}_{row.kind}"
            problems.append(
                Problem(roster.source, lines[given[key]], field, MSG_HANDLE_TAKEN, params)
            )
    return problems


def _held(session: Session, wanted: Iterable[HandleKey]) -> list[tuple[PersonHandleRow, str, bool]]:
    """The stored rows of these handles, with their holder's key and whether they are active."""
    keys = set(wanted)
    if not keys:
        return []
    query = (
        select(PersonHandleRow, col(PersonRow.key), col(PersonRow.active))
        .join(PersonRow, col(PersonRow.id) == col(PersonHandleRow.person_id))
        .where(col(PersonHandleRow.value).in_(sorted({value for _, _, value in keys})))
    )
    return [
        (row, key, active)
        for row, key, active in session.exec(query)
        if (row.platform, row.kind, row.value) in keys
    ]


def release_handles(
    session: Session, specs: Iterable[PersonSpec], rows: Mapping[str, PersonRow]
) -> dict[int, set[HandleKey]]:
    """Free the handles the roster moves: those its people no longer have, and those it
    gives that a person outside it still holds. Returns what the roster's people had."""
    wanted = {spec.key: {_key(h) for h in spec.handles} for spec in specs}
    ids = {row.id: key for key, row in rows.items() if row.id is not None and key in wanted}
    before = handles_of(session, ids)
    gone = [
        (person_id, handle)
        for person_id, held in before.items()
        for handle in held - wanted[ids[person_id]]
    ]
    all_wanted = set().union(*wanted.values()) if wanted else set()
    outside = [
        (row.person_id, (row.platform, row.kind, row.value))
        for row, _, _ in _held(session, all_wanted)
        if row.person_id not in ids
    ]
    for person_id, (platform, kind, value) in gone + outside:
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


def set_handles(
    session: Session, person_id: int, spec: PersonSpec, before: Mapping[int, set[HandleKey]]
) -> None:
    """Add the handles the roster gives the person that they did not have already."""
    for platform, kind, value in sorted(
        {_key(h) for h in spec.handles} - before.get(person_id, set())
    ):
        session.add(PersonHandleRow(person_id=person_id, platform=platform, kind=kind, value=value))
    session.flush()
