"""What `ombud status` shows an administrator: read-only counts and ids, never message text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.tables import (
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
    DigestRow,
    PersonRow,
)

WAITING_STATES = ("scheduled", "awaiting", "snoozed")
WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Unreachable:
    person: str
    platform: str
    code: str
    since: datetime | None


@dataclass(frozen=True)
class LastDigest:
    board: str
    iso_week: str | None
    state: str | None
    sent_at: datetime | None


@dataclass(frozen=True)
class Status:
    """The service's state at `now`."""

    now: datetime
    next_due: datetime | None
    due_in_window: int
    sent: int
    failures: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    unreachable: list[Unreachable] = field(default_factory=list)
    digests: list[LastDigest] = field(default_factory=list)


def read_status(session: Session, now: datetime) -> Status:
    since = now - WINDOW
    waiting = col(CheckinRow.state).in_(WAITING_STATES) & col(CheckinRow.next_send_at).is_not(None)
    next_due = session.exec(select(func.min(CheckinRow.next_send_at)).where(waiting)).one()
    due_soon = session.exec(
        select(func.count()).where(waiting, col(CheckinRow.next_send_at) <= now + WINDOW)
    ).one()
    attempts = session.exec(
        select(
            DeliveryAttemptRow.platform, DeliveryAttemptRow.outcome, DeliveryAttemptRow.code
        ).where(col(DeliveryAttemptRow.at) >= since)
    ).all()
    failures = Counter((p, o, c or "") for p, o, c in attempts if o != "ok")
    return Status(
        now=now,
        next_due=next_due,
        due_in_window=int(due_soon),
        sent=sum(1 for _p, o, _c in attempts if o == "ok"),
        failures=failures,
        unreachable=unreachable_people(session),
        digests=last_digests(session),
    )


def recent_outcomes(session: Session, since: datetime) -> Counter[tuple[str, str, str]]:
    """Delivery attempts since `since` by (platform, outcome, code); outcome "ok" is success."""
    rows = session.exec(
        select(
            DeliveryAttemptRow.platform, DeliveryAttemptRow.outcome, DeliveryAttemptRow.code
        ).where(col(DeliveryAttemptRow.at) >= since)
    ).all()
    return Counter((p, o, c or "") for p, o, c in rows)


def unreachable_people(session: Session) -> list[Unreachable]:
    rows = session.exec(
        select(PersonRow.key, ChatIdentityRow)
        .join(ChatIdentityRow, col(ChatIdentityRow.person_id) == col(PersonRow.id))
        .where(col(ChatIdentityRow.unreachable_at).is_not(None))
        .order_by(col(PersonRow.key), col(ChatIdentityRow.platform))
    ).all()
    return [
        Unreachable(
            key, identity.platform, identity.unreachable_code or "", identity.unreachable_at
        )
        for key, identity in rows
    ]


def last_digests(session: Session) -> list[LastDigest]:
    """Each board with its most recently claimed digest (or none yet)."""
    boards = session.exec(select(BoardRow).order_by(col(BoardRow.key))).all()
    found: list[LastDigest] = []
    for board in boards:
        last = session.exec(
            select(DigestRow)
            .where(col(DigestRow.board_id) == board.id)
            .order_by(col(DigestRow.claimed_at).desc(), col(DigestRow.id).desc())
            .limit(1)
        ).first()
        found.append(
            LastDigest(
                board.key,
                last.iso_week if last else None,
                last.state if last else None,
                last.sent_at if last else None,
            )
        )
    return found
