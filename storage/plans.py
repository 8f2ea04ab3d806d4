"""Plans in the database: import all or nothing, update in place, list and show."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.core.errors import InputFileError, NotFoundError, Problem
from bot.core.i18n import N_
from bot.core.model import OPEN_STATES, CheckinState, ItemSpec, OwnerKind, PlanSpec
from bot.core.plans import AreaDetail, ImportResult, ItemDetail, PlanDetail, PlanSummary
from bot.core.specjson import item_from_json, item_to_json, plan_send_time, plan_settings_to_json
from storage import audit
from storage.tables import (
    AnswerRow,
    AreaRow,
    BoardMemberRow,
    BoardRow,
    CheckinRow,
    ItemSummaryRow,
    PersonRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)

MSG_UNKNOWN_UNIT = N_("There is no unit “{value}”; import the roster that has it first.")
MSG_UNKNOWN_PERSON = N_("There is no person “{value}” in the roster.")
MSG_NO_BOARD = N_("The unit “{value}” has no board in the roster.")
MSG_NO_DEFAULT_BOARD = N_(
    "The unit “{value}” has no board in the roster, and the items that name no owners are "
    "asked of the plan unit's board. Add a board for “{value}” to the roster (boards:), "
    "import the plan for a unit that has one, or give those items owners."
)
MSG_EMPTY_BOARD = N_("The board of “{value}” has no members yet; nobody will be asked.")


def import_plan(session: Session, spec: PlanSpec, *, actor: str, now: datetime) -> ImportResult:
    """Create or update the plan with spec.key; raises InputFileError and writes nothing."""
    units = _unit_ids(session)
    warnings = _check_references(session, spec, units)
    plan = _upsert_plan(session, spec, units[spec.unit], now)
    area_ids = _upsert_areas(session, plan, spec, now)
    counts = _ItemCounts()
    _upsert_items(session, plan, spec, area_ids, now=now, counts=counts)
    _remove_empty_areas(session, plan, spec, now)
    result = ImportResult(
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        archived=counts.archived,
        deleted=counts.deleted,
        unarchived=counts.unarchived,
        warnings=tuple(warnings),
    )
    audit.record(
        session,
        actor=actor,
        action="plan.import",
        entity="plan",
        entity_key=spec.key,
        now=now,
        detail=counts.as_dict(),
    )
    return result


class _ItemCounts:
    def __init__(self) -> None:
        self.created = self.updated = self.unchanged = 0
        self.archived = self.deleted = self.unarchived = 0

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


def _unit_ids(session: Session) -> dict[str, int]:
    return {row.key: row.id for row in session.exec(select(UnitRow)) if row.id is not None}


def _check_references(session: Session, spec: PlanSpec, units: dict[str, int]) -> list[Problem]:
    """Every owner must name a person, unit or board that exists; collect all before raising."""
    people = set(session.exec(select(PersonRow.key)))
    boards: dict[str, int] = dict(
        session.exec(
            select(UnitRow.key, func.count(col(BoardMemberRow.person_id)))
            .join(BoardRow, col(BoardRow.unit_id) == col(UnitRow.id))
            .outerjoin(BoardMemberRow, col(BoardMemberRow.board_id) == col(BoardRow.id))
            .group_by(col(UnitRow.key))
        ).all()
    )
    problems: list[Problem] = []
    warnings: dict[str, Problem] = {}

    def add(line: int | None, field: str, msgid: str, value: str | None) -> None:
        problems.append(Problem(spec.source, line, field, msgid, {"value": value}))

    if spec.unit not in units:
        add(None, "plan.unit", MSG_UNKNOWN_UNIT, spec.unit)
    implied = [item for area in spec.areas for item in area.items if _board_by_default(item)]
    if spec.unit in units and spec.unit not in boards and implied:
        # One problem at the plan's unit, not one per item at an owners field it lacks.
        params = {"value": spec.unit}
        problems.append(Problem(spec.source, None, "plan.unit", MSG_NO_DEFAULT_BOARD, params))
    for area in spec.areas:
        for item in area.items:
            if item in implied and spec.unit not in boards:
                continue
            for owner in item.owners:
                line = owner.line or item.line
                field = f"{item.key}.owners"
                if owner.kind is OwnerKind.PERSON and owner.person not in people:
                    add(line, field, MSG_UNKNOWN_PERSON, owner.person)
                elif owner.kind is not OwnerKind.PERSON and owner.unit not in units:
                    add(line, field, MSG_UNKNOWN_UNIT, owner.unit)
                elif owner.kind is OwnerKind.BOARD and owner.unit not in boards:
                    add(line, field, MSG_NO_BOARD, owner.unit)
                elif owner.kind is OwnerKind.BOARD and owner.unit and not boards[owner.unit]:
                    params = {"value": owner.unit}
                    warnings[owner.unit] = Problem(
                        spec.source, line, field, MSG_EMPTY_BOARD, params
                    )
    if problems:
        raise InputFileError(problems)
    return list(warnings.values())


def _board_by_default(item: ItemSpec) -> bool:
    """The item names no owners: the plan file reader gave it its unit's board, line-less."""
    return (
        len(item.owners) == 1
        and item.owners[0].kind is OwnerKind.BOARD
        and (item.owners[0].line is None)
    )


def _settings(spec: PlanSpec) -> dict[str, Any]:
    settings = plan_settings_to_json(spec.send_time, spec.followups, spec.quiet_periods)
    settings["context"] = list(spec.context)
    settings["area_context"] = {area.key: list(area.context) for area in spec.areas}
    return settings


def _upsert_plan(session: Session, spec: PlanSpec, unit_id: int, now: datetime) -> PlanRow:
    plan = session.exec(select(PlanRow).where(PlanRow.key == spec.key)).first()
    if plan is None:
        plan = PlanRow(
            key=spec.key,
            unit_id=unit_id,
            title=spec.title,
            period_start=spec.period_start,
            period_end=spec.period_end,
            language=spec.language,
        )
    plan.unit_id = unit_id
    plan.title = spec.title[:300]
    plan.period_start, plan.period_end = spec.period_start, spec.period_end
    plan.language = spec.language
    plan.settings = _settings(spec)
    plan.source = spec.source[-500:]
    plan.imported_at = now
    plan.archived_at = None
    session.add(plan)
    session.flush()
    return plan


def _upsert_areas(session: Session, plan: PlanRow, spec: PlanSpec, now: datetime) -> dict[str, int]:
    assert plan.id is not None
    existing = {a.key: a for a in session.exec(select(AreaRow).where(AreaRow.plan_id == plan.id))}
    for position, area in enumerate(spec.areas):
        row = existing.get(area.key) or AreaRow(plan_id=plan.id, key=area.key, title=area.title)
        row.title, row.position, row.archived_at = area.title[:300], position, None
        existing[area.key] = row
        session.add(row)
    wanted = {area.key for area in spec.areas}
    for key, row in existing.items():
        if key not in wanted and row.archived_at is None:
            row.archived_at = now
            session.add(row)
    session.flush()
    return {key: row.id for key, row in existing.items() if row.id is not None}


def item_json(item: ItemSpec) -> dict[str, Any]:
    """The stored spec."""
    return item_to_json(item)


def item_spec(row: PlanItemRow) -> ItemSpec:
    """An ItemSpec back from a stored row."""
    return item_from_json(row.key, row.title, row.description, row.spec)


def _upsert_items(
    session: Session,
    plan: PlanRow,
    spec: PlanSpec,
    area_ids: dict[str, int],
    *,
    now: datetime,
    counts: _ItemCounts,
) -> None:
    assert plan.id is not None
    rows = session.exec(select(PlanItemRow).where(PlanItemRow.plan_id == plan.id))
    existing = {row.key: row for row in rows}
    for area in spec.areas:
        for position, item in enumerate(area.items):
            row = existing.pop(item.key, None)
            values: dict[str, Any] = {
                "area_id": area_ids[area.key],
                "title": item.title,
                "description": item.description,
                "spec": item_json(item),
                "position": position,
            }
            if row is None:
                session.add(PlanItemRow(plan_id=plan.id, key=item.key, updated_at=now, **values))
                counts.created += 1
                continue
            was_archived = row.archived_at is not None
            if not was_archived and all(getattr(row, k) == v for k, v in values.items()):
                counts.unchanged += 1
                continue
            for name, value in values.items():
                setattr(row, name, value)
            row.archived_at, row.updated_at = None, now
            session.add(row)
            if was_archived:
                counts.unarchived += 1
            else:
                counts.updated += 1
    for row in existing.values():
        _retire_item(session, row, now, counts)
    session.flush()


def _has_history(session: Session, item_id: int) -> bool:
    for table in (CheckinRow, AnswerRow, ItemSummaryRow):
        query = select(table.plan_item_id).where(table.plan_item_id == item_id).limit(1)
        if session.exec(query).first() is not None:
            return True
    return False


def _retire_item(session: Session, row: PlanItemRow, now: datetime, counts: _ItemCounts) -> None:
    """Archive an item with answers or check-ins (they stay); delete one without any."""
    assert row.id is not None
    if not _has_history(session, row.id):
        session.delete(row)
        counts.deleted += 1
        return
    if row.archived_at is not None:
        counts.unchanged += 1
        return
    row.archived_at, row.updated_at = now, now
    session.add(row)
    open_states = [state.value for state in OPEN_STATES]
    checkins = session.exec(
        select(CheckinRow)
        .where(CheckinRow.plan_item_id == row.id)
        .where(col(CheckinRow.state).in_(open_states))
    )
    for checkin in checkins:
        checkin.state = CheckinState.ARCHIVED.value
        checkin.lease_owner, checkin.lease_until = None, None
        checkin.updated_at = now
        session.add(checkin)
    counts.archived += 1


def _remove_empty_areas(session: Session, plan: PlanRow, spec: PlanSpec, now: datetime) -> None:
    """An area gone from the file with no item left is deleted; one with archived items stays."""
    wanted = {area.key for area in spec.areas}
    for area in session.exec(select(AreaRow).where(AreaRow.plan_id == plan.id)):
        if area.key in wanted:
            continue
        items = session.exec(select(PlanItemRow.id).where(PlanItemRow.area_id == area.id))
        if items.first() is None:
            session.delete(area)
    session.flush()


def list_plans(session: Session) -> list[PlanSummary]:
    units = {row.id: row.key for row in session.exec(select(UnitRow))}
    counts: dict[tuple[int, bool], int] = {}
    rows = session.exec(
        select(PlanItemRow.plan_id, col(PlanItemRow.archived_at).is_(None), func.count()).group_by(
            col(PlanItemRow.plan_id), col(PlanItemRow.archived_at).is_(None)
        )
    )
    for plan_id, active, number in rows:
        counts[(plan_id, bool(active))] = counts.get((plan_id, bool(active)), 0) + number
    return [
        PlanSummary(
            plan.key,
            plan.title,
            units.get(plan.unit_id, ""),
            plan.period_start,
            plan.period_end,
            plan.language,
            counts.get((plan.id or 0, True), 0),
            counts.get((plan.id or 0, False), 0),
            plan.imported_at,
            plan.archived_at is not None,
        )
        for plan in session.exec(select(PlanRow).order_by(col(PlanRow.key)))
    ]


def show_plan(session: Session, key: str) -> PlanDetail:
    """A plan with its areas and items; raises NotFoundError for an unknown key."""
    plan = session.exec(select(PlanRow).where(PlanRow.key == key)).first()
    if plan is None:
        raise NotFoundError(key)
    unit = session.get(UnitRow, plan.unit_id)
    area_context: dict[str, list[str]] = plan.settings.get("area_context") or {}
    items = session.exec(
        select(PlanItemRow)
        .where(PlanItemRow.plan_id == plan.id)
        .order_by(col(PlanItemRow.position), col(PlanItemRow.id))
    ).all()
    areas = session.exec(
        select(AreaRow).where(AreaRow.plan_id == plan.id).order_by(col(AreaRow.position))
    )
    details = tuple(
        AreaDetail(
            area.key,
            area.title,
            tuple(area_context.get(area.key, ())),
            area.archived_at is not None,
            tuple(
                ItemDetail(row.key, item_spec(row), row.archived_at is not None)
                for row in items
                if row.area_id == area.id
            ),
        )
        for area in areas
    )
    return PlanDetail(
        plan.key,
        plan.title,
        unit.key if unit else "",
        plan.period_start,
        plan.period_end,
        plan.language,
        plan_send_time(plan.settings),
        tuple(plan.settings.get("context") or ()),
        details,
        plan.source,
        plan.imported_at,
    )
