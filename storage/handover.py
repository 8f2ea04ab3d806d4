"""Handing over a departing person's open check-ins to the unit's other stewards, or the board."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.model import OPEN_STATES, CheckinState, Role
from storage import audit
from storage.privacy.export import find_person
from storage.tables import (
    BoardMemberRow,
    BoardRow,
    CheckinRow,
    HandoverRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)

ASK = "ask"
OPEN = [s.value for s in OPEN_STATES]


@dataclass(frozen=True)
class Move:
    """One open check-in and who takes it: people by key, or the board by key."""

    item_key: str
    item_title: str
    occurrence: str
    to: tuple[str, ...]  # person keys; empty when it went to a board without members
    board: str | None = None  # set when no other steward was there to take it


@dataclass(frozen=True)
class RetireResult:
    key: str
    moves: tuple[Move, ...] = ()
    closed_notices: int = 0
    already_inactive: bool = False
    items_naming_key: tuple[str, ...] = ()  # "plan/item" whose owners name the person


def _stewards(session: Session, unit_ids: Collection[int], leaving: int) -> list[PersonRow]:
    rows = session.exec(
        select(PersonRow)
        .join(PersonUnitRow, col(PersonUnitRow.person_id) == col(PersonRow.id))
        .where(col(PersonUnitRow.unit_id).in_(list(unit_ids)), col(PersonRow.id) != leaving)
        .where(col(PersonRow.active))
        .order_by(col(PersonRow.key))
    ).all()
    found = {p.key: p for p in rows if Role.STEWARD.value in p.roles.split(",")}
    return list(found.values())


def _board_of(session: Session, unit_ids: Iterable[int]) -> BoardRow | None:
    """The board of the person's unit, or of the nearest unit above it that has one."""
    parents = {u.id: u.parent_id for u in session.exec(select(UnitRow))}
    boards = {b.unit_id: b for b in session.exec(select(BoardRow))}
    for unit_id in sorted(unit_ids):
        current: int | None = unit_id
        seen: set[int] = set()
        while current is not None and current not in seen:
            if current in boards:
                return boards[current]
            seen.add(current)
            current = parents.get(current)
    return None


def _board_members(session: Session, board: BoardRow, leaving: int) -> list[PersonRow]:
    return list(
        session.exec(
            select(PersonRow)
            .join(BoardMemberRow, col(BoardMemberRow.person_id) == col(PersonRow.id))
            .where(col(BoardMemberRow.board_id) == board.id, col(PersonRow.id) != leaving)
            .where(col(PersonRow.active))
            .order_by(col(PersonRow.key))
        ).all()
    )


def retire_person(session: Session, key: str, *, actor: str, now: datetime) -> RetireResult:
    """Mark a person inactive and move their open asks on; answered history stays theirs."""
    person = find_person(session, key)
    pid = person.id or 0
    unit_ids = list(
        session.exec(select(PersonUnitRow.unit_id).where(col(PersonUnitRow.person_id) == pid))
    )
    takers = _stewards(session, unit_ids, pid)
    board = None if takers else _board_of(session, unit_ids)
    if board is not None:
        takers = _board_members(session, board, pid)
    open_rows = session.exec(
        select(CheckinRow, PlanItemRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(CheckinRow.plan_item_id))
        .where(col(CheckinRow.person_id) == pid, col(CheckinRow.state).in_(OPEN))
        .order_by(col(CheckinRow.due_at), col(CheckinRow.id))
    ).all()
    moves, notices = [], 0
    for checkin, item in open_rows:
        if checkin.prompt == ASK:
            moves.append(
                _move(session, checkin, item, takers=takers, board=board, leaving=pid, now=now)
            )
        else:
            notices += 1
        checkin.state, checkin.next_send_at = CheckinState.ARCHIVED.value, None
        checkin.lease_owner = checkin.lease_until = None
        checkin.updated_at = now
        session.add(checkin)
    was_active = person.active
    person.active, person.updated_at = False, now
    session.add(person)
    session.flush()
    naming = _items_naming(session, key)
    result = RetireResult(key, tuple(moves), notices, not was_active, naming)
    audit.record(
        session,
        actor=actor,
        action="person.retire",
        entity="person",
        entity_key=key,
        detail={"moved": len(moves), "to_board": board is not None, "notices_closed": notices},
        now=now,
    )
    return result


def _move(
    session: Session,
    row: CheckinRow,
    item: PlanItemRow,
    *,
    takers: list[PersonRow],
    board: BoardRow | None,
    leaving: int,
    now: datetime,
) -> Move:
    board_id = board.id if board is not None else None
    given: list[str] = []
    for taker in takers:
        taker_id = taker.id or 0
        session.add(
            HandoverRow(
                plan_item_id=row.plan_item_id,
                occurrence=row.occurrence,
                from_person_id=leaving,
                to_person_id=taker_id,
                board_id=board_id,
                at=now,
            )
        )
        given.append(taker.key)
        if _has_row(session, row, taker_id):
            continue  # already asked about the same occurrence: nothing to add
        session.add(
            CheckinRow(
                plan_item_id=row.plan_item_id,
                person_id=taker_id,
                occurrence=row.occurrence,
                prompt=row.prompt,
                state=CheckinState.SCHEDULED.value,
                due_at=row.due_at,
                next_send_at=max(row.next_send_at or row.due_at, now),
                occurrence_end=row.occurrence_end,
                created_at=now,
                updated_at=now,
            )
        )
    if not takers:  # a board with no members, or no board: the digest still says so
        session.add(
            HandoverRow(
                plan_item_id=row.plan_item_id,
                occurrence=row.occurrence,
                from_person_id=leaving,
                board_id=board_id,
                at=now,
            )
        )
    session.flush()
    board_key = board.key if board is not None else None
    return Move(item.key, item.title, row.occurrence, tuple(given), board_key)


def _has_row(session: Session, row: CheckinRow, person_id: int) -> bool:
    stmt = select(CheckinRow.id).where(
        col(CheckinRow.plan_item_id) == row.plan_item_id,
        col(CheckinRow.person_id) == person_id,
        col(CheckinRow.occurrence) == row.occurrence,
        col(CheckinRow.prompt) == row.prompt,
    )
    return session.exec(stmt).first() is not None


def _items_naming(session: Session, key: str) -> tuple[str, ...]:
    """Live plan items that name the person as owner: later occurrences would ask nobody."""
    stmt = (
        select(PlanItemRow, PlanRow.key)
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .where(col(PlanItemRow.archived_at).is_(None), col(PlanRow.archived_at).is_(None))
        .order_by(col(PlanRow.key), col(PlanItemRow.position), col(PlanItemRow.id))
    )
    return tuple(
        f"{plan_key}/{item.key}"
        for item, plan_key in session.exec(stmt)
        if any(o.get("person") == key for o in (item.spec or {}).get("owners", []))
    )


def missing_from(session: Session, keys: Collection[str]) -> list[str]:
    """Active people in the database whom a roster with these keys does not list."""
    stmt = select(PersonRow.key).where(col(PersonRow.active), col(PersonRow.key).not_in(list(keys)))
    return sorted(session.exec(stmt).all())
