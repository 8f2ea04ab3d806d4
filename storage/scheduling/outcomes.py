"""Recording what a send did to check-ins, identities and the delivery log."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, bindparam, case, insert, literal, null, or_, update
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import Session, col

from bot.core.model import CheckinState
from bot.core.scheduling import (
    Attempt,
    Claim,
    SentMessage,
)
from storage.scheduling.rows import now_utc
from storage.tables import (
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
)
from storage.types import UTCDateTime

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
    if rows:  # a Core executemany: no ORM bookkeeping per attempt
        session.connection().execute(insert(DeliveryAttemptRow), rows)


# Conditions on a row at write time, against the claim it was sent under: a tap, a snooze or
# another worker's record that landed in between is newer than this write and must stand.
_CLAIM_STATE: BindParameter[str] = bindparam("claim_state", type_=String())
_CLAIM_NEXT = bindparam("claim_next", type_=UTCDateTime)
_CLAIM_OWNER: BindParameter[str] = bindparam("claim_owner", type_=String())
_CLAIM_LEASE = bindparam("claim_lease", type_=UTCDateTime)
_LEASE_IS_OURS = and_(
    col(CheckinRow.lease_owner) == _CLAIM_OWNER, col(CheckinRow.lease_until) == _CLAIM_LEASE
)
_STILL_CLAIMED = and_(
    _LEASE_IS_OURS,
    col(CheckinRow.state) == _CLAIM_STATE,
    col(CheckinRow.next_send_at) == _CLAIM_NEXT,
)


def _claim_params(claim: Claim) -> dict[str, Any]:
    return {
        "cid": claim.checkin_id,
        "claim_state": claim.state.value,
        "claim_next": claim.next_send_at,
        "claim_owner": claim.owner,
        "claim_lease": claim.lease_until,
    }


def _if_claimed(value: Any, otherwise: Any) -> Any:
    return case((_STILL_CLAIMED, value), else_=otherwise)


def _lease_cleared() -> dict[str, Any]:
    return {
        "lease_owner": case((_LEASE_IS_OURS, null()), else_=col(CheckinRow.lease_owner)),
        "lease_until": case((_LEASE_IS_OURS, null()), else_=col(CheckinRow.lease_until)),
    }


# The delivery (message reference, send count) is always recorded; state, next send and the
# follow-up count only while the row is as the claim left it. SET sees the row before the
# update, so every CASE tests the same old values.
_MARK_SENT = (
    update(CheckinRow)
    .where(col(CheckinRow.id) == bindparam("cid"))
    .values(
        state=_if_claimed(bindparam("new_state"), col(CheckinRow.state)),
        next_send_at=_if_claimed(
            bindparam("next_at", type_=UTCDateTime), col(CheckinRow.next_send_at)
        ),
        sends=col(CheckinRow.sends) + 1,
        followups_sent=col(CheckinRow.followups_sent)
        + _if_claimed(bindparam("followup_step"), literal(0)),
        last_sent_at=bindparam("sent_at", type_=UTCDateTime),
        message_platform=bindparam("platform"),
        message_chat_id=bindparam("chat"),
        message_id=bindparam("message"),
        last_error=None,
        updated_at=bindparam("sent_at", type_=UTCDateTime),
        **_lease_cleared(),
    )
)


def record_sent(session: Session, messages: Sequence[SentMessage]) -> None:
    """One executemany UPDATE for every check-in of the messages, one INSERT of attempts."""
    params = [
        {
            **_claim_params(o.claim),
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


def _release_claimed(
    session: Session, claims: Collection[Claim], values: Mapping[str, Any]
) -> None:
    """Apply `values` to rows still as claimed; elsewhere only give back a lease still ours."""
    if not claims:
        return
    params = [_claim_params(c) for c in claims]
    by_id = col(CheckinRow.id) == bindparam("cid")
    changed = {k: _if_claimed(v, col(getattr(CheckinRow, k))) for k, v in values.items()}
    stmt = update(CheckinRow).where(by_id).values(**changed, **_lease_cleared())
    session.connection().execute(stmt, params)


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
    claims: Collection[Claim],
    *,
    next_send_at: datetime | None,
    state: CheckinState | None,
    unreachable_identity_id: int | None,
) -> None:
    values: dict[str, Any] = {
        "last_error": (attempt.code or attempt.outcome)[:64],
        "updated_at": attempt.at,
        "next_send_at": next_send_at,
    }
    if state is not None:
        values["state"] = state.value
    _release_claimed(session, claims, _literals(values))
    if unreachable_identity_id is not None:
        session.execute(
            update(ChatIdentityRow)
            .where(col(ChatIdentityRow.id) == unreachable_identity_id)
            .values(unreachable_at=attempt.at, unreachable_code=(attempt.code or "")[:64] or None)
        )
    attempt_rows(session, [attempt])


def release(
    session: Session,
    claims: Collection[Claim],
    *,
    next_send_at: datetime | None,
    state: CheckinState | None = None,
    reason: str | None = None,
) -> None:
    values: dict[str, Any] = {"next_send_at": next_send_at, "updated_at": now_utc()}
    if state is not None:
        values["state"] = state.value
    if reason is not None:
        values["last_error"] = reason[:64]
    _release_claimed(session, claims, _literals(values))


_TYPES: dict[str, Any] = {"next_send_at": UTCDateTime, "updated_at": UTCDateTime}


def _literals(values: Mapping[str, Any]) -> dict[str, Any]:
    """Plain values as typed SQL literals, so they can sit inside a CASE."""
    return {k: null() if v is None else literal(v, type_=_TYPES.get(k)) for k, v in values.items()}
