"""Recording what a send did to check-ins, identities and the delivery log."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, or_, update
from sqlmodel import Session, col

from bot.core.model import CheckinState
from bot.core.scheduling import (
    Attempt,
    SentMessage,
)
from storage.scheduling.rows import now_utc
from storage.tables import (
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
)

# --- recording outcomes ------------------------------------------------------------------


def attempt_rows(session: Session, attempts: Sequence[Attempt]) -> None:
    rows = [
        {
            "checkin_id": checkin_id,
            "person_id": a.person_id,
            "at": a.at,
            "platform": a.platform.value,
            "outcome": a.outcome,
            "code": a.code,
            "retry_after": a.retry_after,
        }
        for a in attempts
        for checkin_id in a.checkin_ids
    ]
    if rows:
        session.execute(insert(DeliveryAttemptRow), rows)


_MARK_SENT = (
    update(CheckinRow)
    .where(col(CheckinRow.id) == bindparam("cid"))
    .values(
        state=bindparam("new_state"),
        next_send_at=bindparam("next_at"),
        sends=col(CheckinRow.sends) + 1,
        followups_sent=col(CheckinRow.followups_sent) + bindparam("followup_step"),
        last_sent_at=bindparam("sent_at"),
        message_platform=bindparam("platform"),
        message_chat_id=bindparam("chat"),
        message_id=bindparam("message"),
        last_error=None,
        lease_owner=None,
        lease_until=None,
        updated_at=bindparam("sent_at"),
    )
)


def record_sent(session: Session, messages: Sequence[SentMessage]) -> None:
    """One executemany UPDATE for every check-in of the messages, one INSERT of attempts."""
    params = [
        {
            "cid": o.checkin_id,
            "new_state": o.state.value,
            "next_at": o.next_send_at,
            "followup_step": 1 if o.followup else 0,
            "sent_at": m.attempt.at,
            "platform": m.ref.platform.value,
            "chat": m.ref.chat_id,
            "message": m.ref.message_id,
        }
        for m in messages
        for o in m.outcomes
    ]
    if params:
        session.connection().execute(_MARK_SENT, params)
    _remember_chats(session, messages)
    attempt_rows(session, [m.attempt for m in messages])


_REMEMBER_CHAT = (
    update(ChatIdentityRow)
    .where(
        col(ChatIdentityRow.person_id) == bindparam("pid"),
        col(ChatIdentityRow.platform) == bindparam("on_platform"),
        col(ChatIdentityRow.user_id) != bindparam("opened"),
        or_(
            col(ChatIdentityRow.chat_id).is_(None),
            col(ChatIdentityRow.chat_id) == col(ChatIdentityRow.user_id),
        ),
    )
    .values(chat_id=bindparam("opened"))
)


def _remember_chats(session: Session, messages: Sequence[SentMessage]) -> None:
    """Store the direct chat a platform opened for a send (a Slack DM channel), so later
    passes post to it without asking the platform again."""
    params = [
        {"pid": m.attempt.person_id, "on_platform": m.ref.platform.value, "opened": m.ref.chat_id}
        for m in messages
        if m.ref.chat_id
    ]
    if params:
        session.connection().execute(_REMEMBER_CHAT, params)


def record_failure(
    session: Session,
    attempt: Attempt,
    next_send_at: datetime | None,
    state: CheckinState | None,
    unreachable_identity_id: int | None,
) -> None:
    values: dict[str, Any] = {
        "last_error": (attempt.code or attempt.outcome)[:64],
        "lease_owner": None,
        "lease_until": None,
        "updated_at": attempt.at,
        "next_send_at": next_send_at,
    }
    if state is not None:
        values["state"] = state.value
    ids = list(attempt.checkin_ids)
    session.execute(update(CheckinRow).where(col(CheckinRow.id).in_(ids)).values(values))
    if unreachable_identity_id is not None:
        session.execute(
            update(ChatIdentityRow)
            .where(col(ChatIdentityRow.id) == unreachable_identity_id)
            .values(unreachable_at=attempt.at, unreachable_code=(attempt.code or "")[:64] or None)
        )
    attempt_rows(session, [attempt])


def release(
    session: Session,
    checkin_ids: Collection[int],
    *,
    next_send_at: datetime | None,
    state: CheckinState | None = None,
    reason: str | None = None,
) -> None:
    values: dict[str, Any] = {
        "lease_owner": None,
        "lease_until": None,
        "next_send_at": next_send_at,
        "updated_at": now_utc(),
    }
    if state is not None:
        values["state"] = state.value
    if reason is not None:
        values["last_error"] = reason[:64]
    session.execute(
        update(CheckinRow).where(col(CheckinRow.id).in_(list(checkin_ids))).values(values)
    )
