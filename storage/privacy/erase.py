"""Erasure of one person: links removed, free text wiped, numbers kept anonymously (art. 17)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import String, delete, or_, update
from sqlalchemy import cast as sql_cast
from sqlmodel import Session, col, select

from bot.core.errors import UserFacingError
from bot.core.model import OPEN_STATES, CheckinState
from bot.core.privacy import (
    ERASED_KEY_PREFIX,
    ERASED_NAME,
    MSG_ALREADY_ERASED,
    ErasureResult,
    key_hash,
)
from storage import audit
from storage.privacy.export import exec_core, find_person
from storage.tables import (
    AnswerRow,
    AuditRow,
    AwayPeriodRow,
    BoardMemberRow,
    ChatIdentityRow,
    CheckinRow,
    ConversationRow,
    DeliveryAttemptRow,
    HandoverRow,
    InviteCodeRow,
    PersonHandleRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
)

TOMBSTONE_LOCALE = "en"
TOMBSTONE_TIMEZONE = "UTC"


def erase_person(
    session: Session, person_key: str, *, actor: str, now: datetime, keep_numbers: bool = True
) -> ErasureResult:
    """Remove a person and every link to them, in the caller's one transaction.

    With keep_numbers the answers' choices and numbers (never their text) move to a new
    anonymous, inactive person, so the board's targets do not silently drop.
    """
    person = find_person(session, person_key)
    if _is_tombstone(person):
        raise UserFacingError(MSG_ALREADY_ERASED, key=person_key)
    pid = cast(int, person.id)
    owned = select(col(CheckinRow.id)).where(col(CheckinRow.person_id) == pid)
    checkin_ids = [i for i in session.exec(owned) if i is not None]
    removed = _remove_links(session, pid, checkin_ids)
    if keep_numbers:
        result = _keep_numbers(session, person, checkin_ids, removed, now)
    else:
        result = _delete_answers(session, pid, checkin_ids, removed)
    hashed = key_hash(person_key)
    stand_in = result.tombstone_key or ERASED_KEY_PREFIX + hashed[:16]
    naming = _unname_plan_items(session, person_key, stand_in)
    _delete_person_row(session, person)
    _redact_audit(session, person_key, hashed)
    audit.record(
        session,
        actor=actor,
        action="person.erase",
        entity="person",
        entity_key=hashed,
        detail=_audit_detail(result, keep_numbers),
        now=now,
    )
    return replace(result, key_hash=hashed, plan_items_naming_key=naming)


def _is_tombstone(row: PersonRow) -> bool:
    return row.key.startswith(ERASED_KEY_PREFIX) and row.name == ERASED_NAME and not row.active


def _remove_links(session: Session, pid: int, checkin_ids: Sequence[int]) -> dict[str, int]:
    """Rows that only tie the person to chats, boards and units; none of them is kept."""
    by_checkin = col(ConversationRow.checkin_id).in_(checkin_ids)
    attempts = or_(
        col(DeliveryAttemptRow.person_id) == pid,
        col(DeliveryAttemptRow.checkin_id).in_(checkin_ids),
    )
    handovers = or_(col(HandoverRow.from_person_id) == pid, col(HandoverRow.to_person_id) == pid)
    steps: list[tuple[str, Any]] = [
        (
            "conversation",
            delete(ConversationRow).where(or_(col(ConversationRow.person_id) == pid, by_checkin)),
        ),
        ("delivery_attempts", delete(DeliveryAttemptRow).where(attempts)),
        ("invite_codes", delete(InviteCodeRow).where(col(InviteCodeRow.person_id) == pid)),
        ("board_memberships", delete(BoardMemberRow).where(col(BoardMemberRow.person_id) == pid)),
        ("chat_accounts", delete(ChatIdentityRow).where(col(ChatIdentityRow.person_id) == pid)),
        ("handles", delete(PersonHandleRow).where(col(PersonHandleRow.person_id) == pid)),
        ("away_periods", delete(AwayPeriodRow).where(col(AwayPeriodRow.person_id) == pid)),
        ("handovers", delete(HandoverRow).where(handovers)),
    ]
    return {name: int(exec_core(session, stmt).rowcount) for name, stmt in steps}


def _keep_numbers(
    session: Session,
    person: PersonRow,
    checkin_ids: Sequence[int],
    removed: dict[str, int],
    now: datetime,
) -> ErasureResult:
    """Move check-ins and answers to a new anonymous person; wipe their free text."""
    pid = cast(int, person.id)
    tombstone = PersonRow(
        key=ERASED_KEY_PREFIX + secrets.token_hex(8),
        name=ERASED_NAME,
        email=None,
        locale=TOMBSTONE_LOCALE,
        timezone=TOMBSTONE_TIMEZONE,
        roles="",
        active=False,
        created_at=now,
        updated_at=now,
    )
    session.add(tombstone)
    session.flush()
    tid = cast(int, tombstone.id)
    # The units stay with the numbers, so targets kept per unit (per klubb, per ort) hold.
    links = select(col(PersonUnitRow.unit_id)).where(col(PersonUnitRow.person_id) == pid)
    unit_ids = list(session.exec(links))
    session.add_all(PersonUnitRow(person_id=tid, unit_id=u) for u in unit_ids)
    removed["unit_links"] = _delete_unit_links(session, pid)
    exec_core(
        session,
        update(CheckinRow)
        .where(
            col(CheckinRow.person_id) == pid,
            col(CheckinRow.state).in_([s.value for s in OPEN_STATES]),
        )
        .values(state=CheckinState.ARCHIVED.value, next_send_at=None),
    )
    exec_core(
        session,
        update(CheckinRow)
        .where(col(CheckinRow.person_id) == pid)
        .values(
            person_id=tid,
            message_platform=None,
            message_chat_id=None,
            message_id=None,
            lease_owner=None,
            lease_until=None,
            last_error=None,
            updated_at=now,
        ),
    )
    texts = _count_texts(session, pid)
    kept = exec_core(
        session,
        update(AnswerRow)
        .where(col(AnswerRow.person_id) == pid)
        .values(person_id=tid, comment=None, blocker=None),
    ).rowcount
    return ErasureResult(
        key_hash="",
        tombstone_key=tombstone.key,
        answers_kept=int(kept),
        answers_deleted=0,
        texts_removed=texts,
        checkins_kept=len(checkin_ids),
        checkins_deleted=0,
        removed=removed,
    )


def _count_texts(session: Session, pid: int) -> int:
    rows = exec_core(
        session,
        select(col(AnswerRow.comment), col(AnswerRow.blocker)).where(
            col(AnswerRow.person_id) == pid
        ),
    ).all()
    return sum((comment is not None) + (blocker is not None) for comment, blocker in rows)


def _delete_unit_links(session: Session, pid: int) -> int:
    stmt = delete(PersonUnitRow).where(col(PersonUnitRow.person_id) == pid)
    return int(exec_core(session, stmt).rowcount)


def _delete_answers(
    session: Session, pid: int, checkin_ids: Sequence[int], removed: dict[str, int]
) -> ErasureResult:
    """Delete the person's answers and check-ins along with everything else."""
    texts = _count_texts(session, pid)
    answers = or_(col(AnswerRow.person_id) == pid, col(AnswerRow.checkin_id).in_(checkin_ids))
    deleted = exec_core(session, delete(AnswerRow).where(answers)).rowcount
    owned = delete(CheckinRow).where(col(CheckinRow.person_id) == pid)
    checkins = exec_core(session, owned).rowcount
    removed["unit_links"] = _delete_unit_links(session, pid)
    return ErasureResult(
        key_hash="",
        tombstone_key=None,
        answers_kept=0,
        answers_deleted=int(deleted),
        texts_removed=texts,
        checkins_kept=0,
        checkins_deleted=int(checkins),
        removed=removed,
    )


def _delete_person_row(session: Session, person: PersonRow) -> None:
    session.delete(person)
    session.flush()


def _unname_plan_items(session: Session, person_key: str, stand_in: str) -> tuple[str, ...]:
    """Plan items that name the key as owner name the stand-in instead; returns "plan/item"."""
    stmt = (
        select(PlanItemRow, col(PlanRow.key))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .order_by(col(PlanRow.key), col(PlanItemRow.position), col(PlanItemRow.id))
    )
    named = []
    for item, plan_key in session.exec(stmt):
        owners = list((item.spec or {}).get("owners", []))
        if not any(o.get("person") == person_key for o in owners):
            continue
        renamed = [
            {**o, "person": stand_in} if o.get("person") == person_key else o for o in owners
        ]
        item.spec = {**item.spec, "owners": renamed}
        session.add(item)
        named.append(f"{plan_key}/{item.key}")
    session.flush()
    return tuple(named)


def _replace_key(value: Any, person_key: str, hashed: str) -> Any:
    if value == person_key:
        return hashed
    if isinstance(value, dict):
        return {
            _replace_key(k, person_key, hashed): _replace_key(v, person_key, hashed)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_replace_key(v, person_key, hashed) for v in value]
    return value


def _redact_audit(session: Session, person_key: str, hashed: str) -> None:
    """Earlier audit rows that name the key get its hash instead."""
    escaped = json.dumps(person_key)[1:-1]
    detail_text = sql_cast(col(AuditRow.detail), String)
    stmt = select(AuditRow).where(
        or_(
            col(AuditRow.entity_key) == person_key,
            col(AuditRow.actor) == person_key,
            detail_text.contains(person_key, autoescape=True),
            detail_text.contains(escaped, autoescape=True),
        )
    )
    for row in session.exec(stmt):
        row.entity_key = hashed if row.entity_key == person_key else row.entity_key
        row.actor = hashed if row.actor == person_key else row.actor
        row.detail = _replace_key(row.detail, person_key, hashed)
        session.add(row)
    session.flush()


def _audit_detail(result: ErasureResult, keep_numbers: bool) -> dict[str, Any]:
    return {
        "keep_numbers": keep_numbers,
        "answers_kept": result.answers_kept,
        "answers_deleted": result.answers_deleted,
        "texts_removed": result.texts_removed,
        "checkins_kept": result.checkins_kept,
        "checkins_deleted": result.checkins_deleted,
        **{f"removed_{name}": n for name, n in result.removed.items()},
    }
