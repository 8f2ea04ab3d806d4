"""Units, boards and plans as reports read them: the unit tree, boards, live plan items."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, time
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.sql import Executable
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from bot.core.i18n import N_
from bot.core.model import (
    ItemSpec,
)
from bot.core.reporting import (
    BoardInfo,
    UnitNode,
    UnknownKeyError,
)
from bot.core.specjson import item_from_json
from storage.tables import (
    BoardRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)


def exec_columns(session: Session, stmt: Executable) -> Any:
    """Run a Core select of columns (sqlmodel's `exec` types only its own select)."""
    return session.exec(cast(Any, stmt))


def load_units(session: Session) -> list[UnitNode]:
    rows = exec_columns(
        session, select(col(UnitRow.id), col(UnitRow.kind), col(UnitRow.parent_id))
    ).all()
    return [UnitNode(int(uid), kind, parent) for uid, kind, parent in rows]


def subtree_ids(units: Iterable[UnitNode], root_id: int) -> set[int]:
    """The unit and every unit below it, over any depth (cycles are ignored)."""
    children: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.id)
    seen, stack = {root_id}, [root_id]
    while stack:
        for child in children[stack.pop()]:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


def board_info(row: BoardRow) -> BoardInfo:
    assert row.id is not None
    return BoardInfo(
        id=row.id,
        key=row.key,
        name=row.name,
        unit_id=row.unit_id,
        locale=row.locale,
        timezone=row.timezone,
        digest_weekday=row.digest_weekday,
        digest_time=time.fromisoformat(row.digest_time),
        digest_to_members=row.digest_to_members,
    )


def list_boards(session: Session) -> list[BoardInfo]:
    return [
        board_info(row) for row in session.exec(select_rows(BoardRow).order_by(col(BoardRow.id)))
    ]


def get_board(session: Session, key: str) -> BoardInfo:
    row = session.exec(select_rows(BoardRow).where(col(BoardRow.key) == key)).first()
    if row is None:
        raise UnknownKeyError(N_("There is no board with the key {key}."), key=key)
    return board_info(row)


def plan_items(session: Session, plan_ids: Sequence[int]) -> list[tuple[int, int, ItemSpec]]:
    """(item id, area id, spec) of the live items of these plans, in plan order."""
    stmt = (
        select_rows(PlanItemRow)
        .where(col(PlanItemRow.plan_id).in_(plan_ids), col(PlanItemRow.archived_at).is_(None))
        .order_by(col(PlanItemRow.plan_id), col(PlanItemRow.position), col(PlanItemRow.id))
    )
    out = []
    for row in session.exec(stmt):
        assert row.id is not None
        spec = item_from_json(row.key, row.title, row.description, row.spec)
        out.append((row.id, row.area_id, spec))
    return out


def live_plans(session: Session, unit_ids: Iterable[int]) -> list[PlanRow]:
    stmt = (
        select_rows(PlanRow)
        .where(col(PlanRow.unit_id).in_(list(unit_ids)), col(PlanRow.archived_at).is_(None))
        .order_by(col(PlanRow.period_start), col(PlanRow.id))
    )
    return list(session.exec(stmt))


def plan_by_key(session: Session, key: str) -> PlanRow:
    plan = session.exec(select_rows(PlanRow).where(col(PlanRow.key) == key)).first()
    if plan is None:
        raise UnknownKeyError(N_("There is no plan with the key {key}."), key=key)
    return plan


def unit_by_key(session: Session, key: str) -> UnitRow:
    unit = session.exec(select_rows(UnitRow).where(col(UnitRow.key) == key)).first()
    if unit is None:
        raise UnknownKeyError(N_("There is no unit with the key {key}."), key=key)
    return unit


def occurrence_date(occurrence: str, fallback: date) -> date:
    try:
        return date.fromisoformat(occurrence[:10])
    except ValueError:
        return fallback
