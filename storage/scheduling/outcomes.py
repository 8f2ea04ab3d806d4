"""Recording what a send did to check-ins, identities and the delivery log."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, and_, bindparam, case, insert, literal, null, or_, text, update
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
    """One UPDATE for every check-in of the messages, one INSERT of attempts.

    On PostgreSQL the outcomes travel as arrays in one set-based statement: an executemany
    would run one UPDATE per check-in on the server. SQLite runs in the process, where an
    executemany costs no round trips.
    """
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
    postgres = session.get_bind().dialect.name == "postgresql"
    if params and postgres:
        session.connection().execute(_MARK_SENT_PG, _as_arrays(params, _MARK_SENT_PG_COLUMNS))
    elif params:
        session.connection().execute(_MARK_SENT, params)
    _remember_chats(session, messages, postgres=postgres)
    attempt_rows(session, [m.attempt for m in messages])


def _naive_utc(value: datetime | None) -> datetime | None:
    """As the UTC columns store it (see storage.types.UTCDateTime): naive UTC."""
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _as_arrays(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> dict[str, Any]:
    """Rows of parameters as one array per column, timestamps as the columns store them."""
    arrays: dict[str, Any] = {}
    for name, sql_type in columns.items():
        values = [row[name] for row in rows]
        arrays[name] = [_naive_utc(v) for v in values] if sql_type == "timestamp" else values
    return arrays


# The same writes as _MARK_SENT, for many check-ins in one statement: each outcome is a row
# of `s`, built from one array per column.
_MARK_SENT_PG_COLUMNS = {
    "cid": "integer",
    "claim_state": "text",
    "claim_next": "timestamp",
    "claim_owner": "text",
    "claim_lease": "timestamp",
    "new_state": "text",
    "next_at": "timestamp",
    "followup_step": "integer",
    "sent_at": "timestamp",
    "platform": "text",
    "chat": "text",
    "message": "text",
}


def _unnest(columns: Mapping[str, str]) -> str:
    arrays = ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in columns.items())
    return f"unnest({arrays}) AS s({', '.join(columns)})"


_OURS_PG = "c.lease_owner = s.claim_owner AND c.lease_until = s.claim_lease"
_CLAIMED_PG = f"{_OURS_PG} AND c.state = s.claim_state AND c.next_send_at = s.claim_next"
_MARK_SENT_PG = text(
    f"""
    UPDATE checkin AS c SET
        state = CASE WHEN {_CLAIMED_PG} THEN s.new_state ELSE c.state END,
        next_send_at = CASE WHEN {_CLAIMED_PG} THEN s.next_at ELSE c.next_send_at END,
        sends = c.sends + 1,
        followups_sent = c.followups_sent
            + CASE WHEN {_CLAIMED_PG} THEN s.followup_step ELSE 0 END,
        last_sent_at = s.sent_at,
        message_platform = s.platform,
        message_chat_id = s.chat,
        message_id = s.message,
        last_error = NULL,
        updated_at = s.sent_at,
        lease_owner = CASE WHEN {_OURS_PG} THEN NULL ELSE c.lease_owner END,
        lease_until = CASE WHEN {_OURS_PG} THEN NULL ELSE c.lease_until END
    FROM {_unnest(_MARK_SENT_PG_COLUMNS)}
    WHERE c.id = s.cid
    """
)


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


_REMEMBER_CHAT_PG_COLUMNS = {"pid": "integer", "on_platform": "text", "opened": "text"}
_REMEMBER_CHAT_PG = text(
    f"""
    UPDATE chat_identity AS i SET chat_id = s.opened
    FROM {_unnest(_REMEMBER_CHAT_PG_COLUMNS)}
    WHERE i.person_id = s.pid AND i.platform = s.on_platform AND i.user_id <> s.opened
      AND (i.chat_id IS NULL OR i.chat_id = i.user_id)
    """
)


def _remember_chats(
    session: Session, messages: Sequence[SentMessage], *, postgres: bool = False
) -> None:
    """Store the direct chat a platform opened for a send (a Slack DM channel), so later
    passes post to it without asking the platform again."""
    unique: dict[tuple[int, str], str] = {}
    for m in messages:
        if m.ref.chat_id:  # the first chat opened for a person stands, as row by row
            unique.setdefault((m.attempt.person_id, m.ref.platform.value), m.ref.chat_id)
    params = [
        {"pid": pid, "on_platform": platform, "opened": opened}
        for (pid, platform), opened in unique.items()
    ]
    if params and postgres:
        session.connection().execute(
            _REMEMBER_CHAT_PG, _as_arrays(params, _REMEMBER_CHAT_PG_COLUMNS)
        )
    elif params:
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
