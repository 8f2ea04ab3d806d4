"""Units where one person is the only steward: their anonymous answers would still point to them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.core.model import Role
from storage.privacy.export import find_person
from storage.tables import PersonRow, PersonUnitRow, UnitRow


def _is_steward(roles: str) -> bool:
    return Role.STEWARD.value in roles.split(",")


def sole_steward_units(session: Session, person_key: str) -> list[str]:
    """Names of the person's units that have no other active steward, sorted."""
    person = find_person(session, person_key)
    if not _is_steward(person.roles):
        return []
    units = session.exec(
        select(UnitRow)
        .join(PersonUnitRow, col(PersonUnitRow.unit_id) == col(UnitRow.id))
        .where(col(PersonUnitRow.person_id) == person.id)
    ).all()
    alone = []
    for unit in units:
        others = session.exec(
            select(PersonRow.roles)
            .join(PersonUnitRow, col(PersonUnitRow.person_id) == col(PersonRow.id))
            .where(col(PersonUnitRow.unit_id) == unit.id, col(PersonRow.id) != person.id)
            .where(col(PersonRow.active))
        ).all()
        if not any(_is_steward(roles) for roles in others):
            alone.append(unit.name)
    return sorted(alone)
