"""Claiming due check-ins with leases, and what dispatch needs to send them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    String,
    exists,
    false,
    literal,
    literal_column,
    or_,
    tuple_,
    update,
)
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot.core.messages import ChatAddress
from bot.core.model import Platform
from bot.core.scheduling import (
    ClaimKey,
    Destination,
    SendCounts,
)
from storage.away import away_at, resume_returned
from storage.scheduling.due import CLAIMED_COLUMNS
from storage.scheduling.rows import OK, OPEN
from storage.tables import (
    AwayPeriodRow,
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
    PersonRow,
    PlanItemRow,
)
from storage.types import UTCDateTime

# --- claiming due check-ins --------------------------------------------------------------


def _due_filter(
    now: datetime,
    platforms: Collection[Platform],
    only_person_ids: frozenset[int] | None,
    *,
    sqlite: bool = False,
) -> list[ColumnElement[bool]]:
    # Every condition on other tables is a correlated EXISTS: it is checked for the rows the
    # index walk meets, a batch's worth, instead of reading every person and item each pass.
    active_person = exists().where(
        col(PersonRow.id) == col(CheckinRow.person_id), col(PersonRow.active)
    )
    live_item = exists().where(
        col(PlanItemRow.id) == col(CheckinRow.plan_item_id), col(PlanItemRow.archived_at).is_(None)
    )
    away = away_at(now).where(col(AwayPeriodRow.person_id) == col(CheckinRow.person_id))
    # Without statistics SQLite would pick ix_checkin_due for the state and sort every due
    # row; a unary plus keeps the state off that index, so it walks ix_checkin_claim.
    state = literal_column("+checkin.state", String) if sqlite else col(CheckinRow.state)
    where: list[ColumnElement[bool]] = [
        state.in_(OPEN),
        col(CheckinRow.next_send_at) <= now,
        or_(col(CheckinRow.lease_until).is_(None), col(CheckinRow.lease_until) < now),
        active_person,
        live_item,
        ~away.exists(),  # away: no reminders, no follow-ups
    ]
    if Platform.CONSOLE not in platforms:
        # Rows of people we cannot reach are not claimed at all, so they cannot spin.
        reachable = exists().where(
            col(ChatIdentityRow.person_id) == col(CheckinRow.person_id),
            col(ChatIdentityRow.platform).in_([p.value for p in platforms]),
            col(ChatIdentityRow.unreachable_at).is_(None),
        )
        where.append(reachable)
    if only_person_ids is not None:
        where.append(
            col(CheckinRow.person_id).in_(sorted(only_person_ids)) if only_person_ids else false()
        )
    return where


def claim_ids(
    session: Session,
    *,
    now: datetime,
    owner: str,
    lease_until: datetime,
    limit: int,
    platforms: Collection[Platform],
    only_person_ids: frozenset[int] | None,
    after: ClaimKey | None = None,
) -> list[int]:
    """Lease up to `limit` due rows in one statement; two workers never get the same row."""
    rows = claim_rows(
        session,
        now=now,
        owner=owner,
        lease_until=lease_until,
        limit=limit,
        platforms=platforms,
        only_person_ids=only_person_ids,
        after=after,
    )
    return sorted(int(r.id) for r in rows)


def claim_rows(
    session: Session,
    *,
    now: datetime,
    owner: str,
    lease_until: datetime,
    limit: int,
    platforms: Collection[Platform],
    only_person_ids: frozenset[int] | None,
    after: ClaimKey | None = None,
) -> list[Row[*tuple[Any, ...]]]:
    """As claim_ids, and the claimed rows' columns come back from the same statement."""
    resume_returned(session, now)  # people back from an away period are asked once, first
    sqlite = session.get_bind().dialect.name == "sqlite"
    where = _due_filter(now, platforms, only_person_ids, sqlite=sqlite)
    if after is not None:
        # Resume after the previous pass's last row, in the index's order: the walk of
        # ix_checkin_claim starts there, not at the first entry. Sent rows leave dead entries
        # at their old place in the index, which PostgreSQL cannot clean while any other
        # session holds an older snapshot; without this every pass of a wave walked over all
        # of them again (a pass cost the rows sent so far, a wave their square).
        where.append(
            tuple_(col(CheckinRow.next_send_at), col(CheckinRow.person_id), col(CheckinRow.id))
            > tuple_(
                # Bound as the columns are stored (naive UTC), so the index can take it.
                literal(after.next_send_at, UTCDateTime()),
                literal(after.person_id, Integer()),
                literal(after.checkin_id, Integer()),
            )
        )
    candidates = (
        select(CheckinRow.id)
        .where(*where)
        # A person's rows due together land in one batch, so they are gathered in one message.
        # This is the order of ix_checkin_claim: the walk stops after `limit` rows.
        .order_by(col(CheckinRow.next_send_at), col(CheckinRow.person_id), col(CheckinRow.id))
        .limit(limit)
    )
    chosen: ColumnElement[bool]
    if sqlite:
        # The one statement also takes the write lock (needs SQLite >= 3.35).
        chosen = col(CheckinRow.id).in_(candidates.scalar_subquery())
    else:
        # Rows another worker is leasing right now are stepped over, not waited for. The ids
        # are picked first (a materialised CTE of at most `limit` rows) and each row is then
        # found by its key: as `IN (subquery)`, PostgreSQL with statistics met the ids with a
        # hash join over the whole check-in table, a pass costing the table's size.
        picked = candidates.with_for_update(skip_locked=True).cte("picked")
        picked = picked.prefix_with("MATERIALIZED")
        chosen = col(CheckinRow.id) == picked.c.id
    stmt = (
        update(CheckinRow)
        .where(chosen)
        .values(lease_owner=owner, lease_until=lease_until)
        .returning(*CLAIMED_COLUMNS)
    )
    return [r for r in session.connection().execute(stmt).all() if r.id is not None]


def destinations(
    session: Session, person_ids: Collection[int], platforms: Collection[Platform]
) -> dict[int, Destination]:
    """The most recently linked reachable identity; else the console, when it is offered."""
    found: dict[int, Destination] = {}
    conn = session.connection()
    identities = conn.execute(
        sa_select(
            col(ChatIdentityRow.id),
            col(ChatIdentityRow.person_id),
            col(ChatIdentityRow.platform),
            col(ChatIdentityRow.chat_id),
            col(ChatIdentityRow.user_id),
            col(ChatIdentityRow.workspace),
        )
        .where(
            col(ChatIdentityRow.person_id).in_(list(person_ids)),
            col(ChatIdentityRow.platform).in_([p.value for p in platforms]),
            col(ChatIdentityRow.unreachable_at).is_(None),
        )
        .order_by(col(ChatIdentityRow.linked_at).desc(), col(ChatIdentityRow.id).desc())
    )
    for ident_id, person_id, platform, chat_id, user_id, workspace in identities:
        if person_id in found:
            continue
        address = ChatAddress(Platform(platform), chat_id or user_id, workspace, user_id)
        found[person_id] = Destination(address, ident_id)
    if Platform.CONSOLE in platforms:
        missing = [p for p in person_ids if p not in found]
        keys = conn.execute(
            sa_select(col(PersonRow.id), col(PersonRow.key)).where(col(PersonRow.id).in_(missing))
        )
        for pid, key in keys:
            if pid is not None:
                address = ChatAddress(Platform.CONSOLE, chat_id=key, user_id=key)
                found[pid] = Destination(address, None)
    return found


def send_counts(
    session: Session, person_ids: Collection[int], day_since: datetime, week_since: datetime
) -> dict[int, SendCounts]:
    """Messages (distinct attempt instants: a gathered message counts once) per person."""
    rows = session.exec(
        select(DeliveryAttemptRow.person_id, DeliveryAttemptRow.at)
        .where(
            col(DeliveryAttemptRow.person_id).in_(list(person_ids)),
            col(DeliveryAttemptRow.outcome) == OK,
            col(DeliveryAttemptRow.at) >= min(day_since, week_since),
        )
        .distinct()
    ).all()
    day: dict[int, int] = {}
    week: dict[int, int] = {}
    for person_id, at in rows:
        if person_id is None:
            continue
        week[person_id] = week.get(person_id, 0) + (1 if at >= week_since else 0)
        day[person_id] = day.get(person_id, 0) + (1 if at >= day_since else 0)
    return {p: SendCounts(day.get(p, 0), week.get(p, 0)) for p in week}
