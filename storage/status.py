"""What `ombud status` shows an administrator: read-only counts and ids, never message text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func
from sqlmodel import Session, col, select

from storage.away import away_at
from storage.tables import (
    AwayPeriodRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
    DigestRow,
    PersonRow,
    PlanItemRow,
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
    """The service's state at `now`.

    `next_due` and `due_in_window` are after `now`; what fell due at or before `now` and is
    still open is `overdue`, the oldest of it due at `oldest_overdue`. `unlinked` are the
    active people whom none of the configured platforms reaches (all of them with none).
    """

    now: datetime
    next_due: datetime | None
    due_in_window: int
    sent: int
    failures: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    unreachable: list[Unreachable] = field(default_factory=list)
    digests: list[LastDigest] = field(default_factory=list)
    overdue: int = 0
    oldest_overdue: datetime | None = None
    unlinked: list[str] = field(default_factory=list)


def waiting_filter(now: datetime) -> list[ColumnElement[bool]]:
    """Open check-ins with a next send, of active people not away at `now`, on live items:
    the rows a tick would send to someone it reaches."""
    active_person = exists().where(
        col(PersonRow.id) == col(CheckinRow.person_id), col(PersonRow.active)
    )
    live_item = exists().where(
        col(PlanItemRow.id) == col(CheckinRow.plan_item_id), col(PlanItemRow.archived_at).is_(None)
    )
    away = away_at(now).where(col(AwayPeriodRow.person_id) == col(CheckinRow.person_id))
    return [
        col(CheckinRow.state).in_(WAITING_STATES),
        col(CheckinRow.next_send_at).is_not(None),
        active_person,
        live_item,
        ~away.exists(),
    ]


def due_count(session: Session, now: datetime) -> int:
    """How many waiting check-ins are due at `now` (see waiting_filter)."""
    overdue = and_(*waiting_filter(now), col(CheckinRow.next_send_at) <= now)
    return int(session.exec(select(func.count()).where(overdue)).one())


def read_status(session: Session, now: datetime, platforms: Collection[str] = ()) -> Status:
    since = now - WINDOW
    waiting = and_(*waiting_filter(now))
    ahead = and_(waiting, col(CheckinRow.next_send_at) > now)
    behind = and_(waiting, col(CheckinRow.next_send_at) <= now)
    next_due = session.exec(select(func.min(CheckinRow.next_send_at)).where(ahead)).one()
    due_soon = session.exec(
        select(func.count()).where(ahead, col(CheckinRow.next_send_at) <= now + WINDOW)
    ).one()
    overdue, oldest = session.exec(
        select(func.count(), func.min(CheckinRow.next_send_at)).where(behind)
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
        overdue=int(overdue),
        oldest_overdue=oldest,
        unlinked=unlinked_people(session, platforms),
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


def unlinked_people(session: Session, platforms: Collection[str]) -> list[str]:
    """Active people with no chat account on these platforms that is reachable."""
    reached = exists().where(
        col(ChatIdentityRow.person_id) == col(PersonRow.id),
        col(ChatIdentityRow.platform).in_(sorted(platforms)),
        col(ChatIdentityRow.unreachable_at).is_(None),
    )
    rows = session.exec(
        select(PersonRow.key).where(col(PersonRow.active), ~reached).order_by(col(PersonRow.key))
    ).all()
    return list(rows)


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
