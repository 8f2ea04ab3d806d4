"""Rows written straight into the tables, shared by the handler, scheduler and report seeds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.core.model import ItemSpec
from bot.core.specjson import item_to_json
from storage.tables import PersonRow, PersonUnitRow, PlanItemRow, PlanRow

PLAN_TITLE = "Verksamhetsplan 2025"


def insert_row(session: Session, row: object) -> int:
    """Add a row and flush, so the database gives it its id; returns the id."""
    session.add(row)
    session.flush()
    ident = getattr(row, "id", None)
    assert isinstance(ident, int)
    return ident


def insert_person(
    session: Session,
    key: str,
    name: str,
    unit_ids: Iterable[int] = (),
    *,
    locale: str = "sv",
    timezone: str = "Europe/Stockholm",
    roles: str = "steward",
    active: bool = True,
    created_at: datetime | None = None,
) -> int:
    """A person and their units; returns the person's id."""
    person = PersonRow(
        key=key,
        name=name,
        locale=locale,
        timezone=timezone,
        roles=roles,
        active=active,
        created_at=created_at,
    )
    person_id = insert_row(session, person)
    for unit_id in unit_ids:
        session.add(PersonUnitRow(person_id=person_id, unit_id=unit_id))
    session.flush()
    return person_id


def insert_plan(
    session: Session,
    key: str,
    unit_id: int,
    *,
    title: str = PLAN_TITLE,
    settings: Mapping[str, Any] | None = None,
) -> int:
    """A Swedish plan for the calendar year 2025; returns its id."""
    plan = PlanRow(
        key=key,
        unit_id=unit_id,
        title=title,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        language="sv",
        settings=dict(settings or {}),
    )
    return insert_row(session, plan)


def insert_item(
    session: Session, plan_id: int, area_id: int, spec: ItemSpec, *, position: int = 0
) -> int:
    """A plan item stored with its full spec; returns its id."""
    row = PlanItemRow(
        plan_id=plan_id,
        area_id=area_id,
        key=spec.key,
        title=spec.title,
        spec=item_to_json(spec),
        position=position,
    )
    return insert_row(session, row)
