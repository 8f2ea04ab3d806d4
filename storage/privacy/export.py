"""Everything stored about one person, gathered for an export (GDPR art. 15)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.core.privacy import (
    AnswerExport,
    AwayExport,
    BoardExport,
    ChatAccountExport,
    CheckinExport,
    ConversationExport,
    HandleExport,
    InviteExport,
    PersonExport,
    ProfileExport,
    UnitExport,
    UnknownPersonError,
)
from storage.tables import (
    AnswerRow,
    AwayPeriodRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    ConversationRow,
    DeliveryAttemptRow,
    InviteCodeRow,
    PersonHandleRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)


def exec_core(session: Session, stmt: Any) -> Any:
    """Run a Core statement (sqlmodel's `exec` types only its own select)."""
    return session.exec(cast(Any, stmt))


def find_person(session: Session, person_key: str) -> PersonRow:
    """The person with this key, or a clear error naming the key."""
    row = session.exec(select(PersonRow).where(col(PersonRow.key) == person_key)).first()
    if row is None or row.id is None:
        raise UnknownPersonError(person_key)
    return row


def export_person(session: Session, person_key: str, *, now: datetime) -> PersonExport:
    """Everything stored about one person, read in the caller's transaction."""
    person = find_person(session, person_key)
    pid = cast(int, person.id)
    return PersonExport(
        profile=_profile(session, person),
        units=_units(session, pid),
        chat_accounts=_chat_accounts(session, pid),
        boards=_boards(session, pid),
        checkins=_checkins(session, pid),
        answers=_answers(session, pid),
        delivery_attempts=_count(session, DeliveryAttemptRow, DeliveryAttemptRow.person_id, pid),
        conversation=_conversation(session, pid),
        invites=_invites(session, pid),
        exported_at=now,
        away_periods=_away_periods(session, pid),
    )


def _away_periods(session: Session, pid: int) -> tuple[AwayExport, ...]:
    rows = session.exec(
        select(AwayPeriodRow)
        .where(col(AwayPeriodRow.person_id) == pid)
        .order_by(col(AwayPeriodRow.starts_at))
    )
    return tuple(AwayExport(r.starts_at, r.ends_at, r.source) for r in rows)


def _profile(session: Session, row: PersonRow) -> ProfileExport:
    handles = session.exec(
        select(PersonHandleRow)
        .where(col(PersonHandleRow.person_id) == row.id)
        .order_by(col(PersonHandleRow.platform), col(PersonHandleRow.kind), col(PersonHandleRow.id))
    )
    return ProfileExport(
        key=row.key,
        name=row.name,
        email=row.email,
        locale=row.locale,
        locale_chosen=row.locale_chosen,
        timezone=row.timezone,
        roles=tuple(sorted(r for r in row.roles.split(",") if r.strip())),
        reminder_time=row.reminder_time,
        handles=tuple(HandleExport(h.platform, h.kind, h.value) for h in handles),
        active=row.active,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _units(session: Session, pid: int) -> tuple[UnitExport, ...]:
    stmt = (
        select(UnitRow)
        .join(PersonUnitRow, col(PersonUnitRow.unit_id) == col(UnitRow.id))
        .where(col(PersonUnitRow.person_id) == pid)
        .order_by(col(UnitRow.key))
    )
    return tuple(UnitExport(u.key, u.name, u.kind) for u in session.exec(stmt))


def _chat_accounts(session: Session, pid: int) -> tuple[ChatAccountExport, ...]:
    stmt = (
        select(ChatIdentityRow)
        .where(col(ChatIdentityRow.person_id) == pid)
        .order_by(col(ChatIdentityRow.id))
    )
    return tuple(
        ChatAccountExport(
            i.platform, i.workspace, i.user_id, i.username, i.linked_at, i.unreachable_at
        )
        for i in session.exec(stmt)
    )


def _boards(session: Session, pid: int) -> tuple[BoardExport, ...]:
    stmt = (
        select(col(BoardRow.key), col(BoardRow.name), col(UnitRow.key))
        .join(BoardMemberRow, col(BoardMemberRow.board_id) == col(BoardRow.id))
        .join(UnitRow, col(UnitRow.id) == col(BoardRow.unit_id))
        .where(col(BoardMemberRow.person_id) == pid)
        .order_by(col(BoardRow.key))
    )
    return tuple(BoardExport(key, name, unit) for key, name, unit in exec_core(session, stmt))


def _item_names(session: Session, item_ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """item id -> (plan key, item key, item title)."""
    if not item_ids:
        return {}
    stmt = (
        select(col(PlanItemRow.id), col(PlanRow.key), col(PlanItemRow.key), col(PlanItemRow.title))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .where(col(PlanItemRow.id).in_(item_ids))
    )
    return {iid: (plan, key, title) for iid, plan, key, title in exec_core(session, stmt)}


def _checkins(session: Session, pid: int) -> tuple[CheckinExport, ...]:
    stmt = (
        select(CheckinRow)
        .where(col(CheckinRow.person_id) == pid)
        .order_by(col(CheckinRow.due_at), col(CheckinRow.id))
    )
    rows = list(session.exec(stmt))
    names = _item_names(session, {r.plan_item_id for r in rows})
    return tuple(
        CheckinExport(
            id=cast(int, r.id),
            plan=names[r.plan_item_id][0],
            item=names[r.plan_item_id][1],
            item_title=names[r.plan_item_id][2],
            occurrence=r.occurrence,
            prompt=r.prompt,
            state=r.state,
            due_at=r.due_at,
            last_sent_at=r.last_sent_at,
            sends=r.sends,
            followups_sent=r.followups_sent,
            answered_at=r.answered_at,
        )
        for r in rows
    )


def _answers(session: Session, pid: int) -> tuple[AnswerExport, ...]:
    stmt = (
        select(AnswerRow)
        .where(col(AnswerRow.person_id) == pid)
        .order_by(col(AnswerRow.checkin_id), col(AnswerRow.revision))
    )
    rows = list(session.exec(stmt))
    names = _item_names(session, {r.plan_item_id for r in rows})
    return tuple(
        AnswerExport(
            checkin_id=r.checkin_id,
            plan=names[r.plan_item_id][0],
            item=names[r.plan_item_id][1],
            revision=r.revision,
            current=r.current,
            choice=r.choice,
            numbers=dict(r.numbers),
            comment=r.comment,
            blocker=r.blocker,
            needs_help=r.needs_help,
            new_date=r.new_date,
            via=r.via,
            at=r.created_at,
        )
        for r in rows
    )


def _count(session: Session, table: Any, column: Any, pid: int) -> int:
    stmt = select(func.count()).select_from(table).where(col(column) == pid)
    return int(session.exec(stmt).one())


def _conversation(session: Session, pid: int) -> ConversationExport | None:
    row = session.get(ConversationRow, pid)
    if row is None:
        return None
    return ConversationExport(
        row.step, tuple(row.pending), row.platform, row.checkin_id, row.updated_at
    )


def _invites(session: Session, pid: int) -> tuple[InviteExport, ...]:
    stmt = (
        select(InviteCodeRow)
        .where(col(InviteCodeRow.person_id) == pid)
        .order_by(col(InviteCodeRow.created_at))
    )
    return tuple(
        InviteExport(i.purpose, i.platform, i.created_at, i.expires_at, i.used_at)
        for i in session.exec(stmt)
    )
