"""Answer exports: current answers with their plan, area, item, person and unit, filtered."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from bot.core.i18n import N_
from bot.core.reporting import (
    ExportFilter,
    ExportRow,
    UnknownKeyError,
)
from storage.reporting.aggregates import is_current
from storage.reporting.units import exec_columns, load_units, plan_by_key, subtree_ids, unit_by_key
from storage.tables import (
    AnswerRow,
    AreaRow,
    CheckinRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)


def _export_filters(
    session: Session, f: ExportFilter
) -> tuple[list[ColumnElement[bool]], set[int] | None]:
    where: list[ColumnElement[bool]] = [is_current()]
    unit_ids: set[int] | None = None
    if f.plan is not None:
        where.append(col(PlanRow.id) == plan_by_key(session, f.plan).id)
    if f.area is not None:
        where.append(col(AreaRow.key) == f.area)
    if f.person is not None:
        person = session.exec(select_rows(PersonRow).where(col(PersonRow.key) == f.person)).first()
        if person is None:
            raise UnknownKeyError(N_("There is no person with the key {key}."), key=f.person)
        where.append(col(AnswerRow.person_id) == person.id)
    if f.unit is not None:
        root = unit_by_key(session, f.unit)
        assert root.id is not None
        unit_ids = subtree_ids(load_units(session), root.id)
        members = select(col(PersonUnitRow.person_id)).where(
            col(PersonUnitRow.unit_id).in_(unit_ids)
        )
        where.append(col(AnswerRow.person_id).in_(members))
    if f.since is not None:
        where.append(col(AnswerRow.created_at) >= datetime.combine(f.since, time(), UTC))
    if f.until is not None:
        end = datetime.combine(f.until + timedelta(days=1), time(), UTC)
        where.append(col(AnswerRow.created_at) < end)
    return where, unit_ids


def export_rows(session: Session, f: ExportFilter) -> list[ExportRow]:
    """Current answers with their plan, area, item, person, unit, occurrence and check-in state."""
    where, unit_ids = _export_filters(session, f)
    unit_name = (
        select(func.min(col(UnitRow.name)))
        .join(PersonUnitRow, col(PersonUnitRow.unit_id) == col(UnitRow.id))
        .where(col(PersonUnitRow.person_id) == col(AnswerRow.person_id))
    )
    if unit_ids is not None:
        unit_name = unit_name.where(col(UnitRow.id).in_(unit_ids))
    stmt = (
        select(
            col(PlanRow.title),
            col(AreaRow.title),
            col(PlanItemRow.key),
            col(PlanItemRow.title),
            col(CheckinRow.occurrence),
            col(PersonRow.name),
            unit_name.scalar_subquery(),
            col(CheckinRow.state),
            col(AnswerRow.choice),
            col(AnswerRow.numbers),
            col(AnswerRow.comment),
            col(AnswerRow.blocker),
            col(AnswerRow.needs_help),
            col(AnswerRow.created_at),
            col(AnswerRow.new_date),
        )
        .select_from(AnswerRow)
        .join(CheckinRow, col(CheckinRow.id) == col(AnswerRow.checkin_id))
        .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
        .join(AreaRow, col(AreaRow.id) == col(PlanItemRow.area_id))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .join(PersonRow, col(PersonRow.id) == col(AnswerRow.person_id))
        .where(*where)
        .order_by(col(AnswerRow.created_at), col(AnswerRow.id))
    )
    return [
        ExportRow(
            plan=plan,
            area=area,
            item_key=key,
            item_title=title,
            occurrence=occurrence,
            person=person,
            unit=unit or "",
            state=state,
            choice=choice,
            numbers=dict(numbers or {}),
            comment=comment or "",
            blocker=blocker or "",
            needs_help=bool(needs_help),
            answered_at=at,
            new_date=new_date,
        )
        for (
            plan,
            area,
            key,
            title,
            occurrence,
            person,
            unit,
            state,
            choice,
            numbers,
            comment,
            blocker,
            needs_help,
            at,
            new_date,
        ) in exec_columns(session, stmt).all()
    ]
