"""Claiming due check-ins with leases, and what dispatch needs to send them."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, exists, false, literal_column, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot.core.messages import ChatAddress
from bot.core.model import CheckinState, FollowupPolicy, ItemSpec, Platform
from bot.core.scheduling import (
    Destination,
    DueCheckin,
    SendCounts,
)
from bot.core.specjson import followups_from_json
from storage.away import away_at, resume_returned
from storage.scheduling.rows import OK, OPEN, spec_from
from storage.tables import (
    AreaRow,
    AwayPeriodRow,
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
    PersonRow,
    PlanItemRow,
    PlanRow,
)

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
) -> list[int]:
    """Lease up to `limit` due rows in one statement; two workers never get the same row."""
    resume_returned(session, now)  # people back from an away period are asked once, first
    sqlite = session.get_bind().dialect.name == "sqlite"
    candidates = (
        select(CheckinRow.id)
        .where(*_due_filter(now, platforms, only_person_ids, sqlite=sqlite))
        # A person's rows due together land in one batch, so they are gathered in one message.
        # This is the order of ix_checkin_claim: the walk stops after `limit` rows.
        .order_by(col(CheckinRow.next_send_at), col(CheckinRow.person_id), col(CheckinRow.id))
        .limit(limit)
    )
    if not sqlite:
        # Rows another worker is leasing right now are stepped over, not waited for.
        candidates = candidates.with_for_update(skip_locked=True)
    # On SQLite the one statement also takes the write lock (needs SQLite >= 3.35).
    stmt = (
        update(CheckinRow)
        .where(col(CheckinRow.id).in_(candidates.scalar_subquery()))
        .values(lease_owner=owner, lease_until=lease_until)
        .returning(col(CheckinRow.id))
    )
    return sorted(int(i) for i in session.connection().execute(stmt).scalars().all() if i)


_DUE_COLUMNS = tuple(
    col(c)
    for c in (
        CheckinRow.id,
        CheckinRow.plan_item_id,
        CheckinRow.person_id,
        CheckinRow.occurrence,
        CheckinRow.occurrence_end,
        CheckinRow.prompt,
        CheckinRow.state,
        CheckinRow.due_at,
        CheckinRow.next_send_at,
        CheckinRow.sends,
        CheckinRow.followups_sent,
        CheckinRow.last_sent_at,
        CheckinRow.lease_owner,
        CheckinRow.lease_until,
    )
)


@dataclass(frozen=True)
class _Item:
    """What every due row of one item shares, read and parsed once per pass."""

    title: str
    area_title: str
    spec: ItemSpec | None
    followups: FollowupPolicy
    plan_settings: Mapping[str, Any]


def _items(session: Session, item_ids: Collection[int]) -> dict[int, _Item]:
    conn = session.connection()
    rows = conn.execute(
        sa_select(
            col(PlanItemRow.id),
            col(PlanItemRow.key),
            col(PlanItemRow.title),
            col(PlanItemRow.description),
            col(PlanItemRow.spec),
            col(AreaRow.title),
            col(PlanRow.id),
            col(PlanRow.settings),
        )
        .join(AreaRow, col(AreaRow.id) == col(PlanItemRow.area_id))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .where(col(PlanItemRow.id).in_(sorted(item_ids)))
    ).all()
    plans: dict[int, tuple[FollowupPolicy, Mapping[str, Any]]] = {}
    found = {}
    for item_id, key, title, description, data, area_title, plan_id, settings in rows:
        if plan_id not in plans:
            plans[plan_id] = (followups_from_json(settings.get("followups")), dict(settings))
        followups, plan_settings = plans[plan_id]
        spec = spec_from(item_id, key, title, description, data)
        found[item_id] = _Item(title, area_title, spec, followups, plan_settings)
    return found


def due_checkins(session: Session, ids: Sequence[int]) -> list[DueCheckin]:
    """The claimed rows as plain values: columns, not ORM objects, and each item parsed once."""
    if not ids:
        return []
    conn = session.connection()
    rows = conn.execute(
        sa_select(*_DUE_COLUMNS)
        .where(col(CheckinRow.id).in_(ids))
        .order_by(col(CheckinRow.next_send_at), col(CheckinRow.id))
    ).all()
    items = _items(session, {r.plan_item_id for r in rows})
    people = {
        p.id: p
        for p in conn.execute(
            sa_select(
                col(PersonRow.id),
                col(PersonRow.key),
                col(PersonRow.locale),
                col(PersonRow.timezone),
            ).where(col(PersonRow.id).in_(sorted({r.person_id for r in rows})))
        )
    }
    firsts, failures = _attempt_facts(session, ids)
    found = []
    unreadable: list[int] = []
    for r in rows:
        item, person = items.get(r.plan_item_id), people.get(r.person_id)
        if item is None or person is None:
            continue
        if item.spec is None:
            unreadable.append(r.id)
            continue
        found.append(
            DueCheckin(
                id=r.id,
                plan_item_id=r.plan_item_id,
                person_id=r.person_id,
                occurrence=r.occurrence,
                occurrence_end=r.occurrence_end,
                prompt=r.prompt,
                state=CheckinState(r.state),
                due_at=r.due_at,
                next_send_at=r.next_send_at or r.due_at,
                sends=r.sends,
                followups_sent=r.followups_sent,
                first_sent_at=firsts.get(r.id),
                last_sent_at=r.last_sent_at,
                failures=failures.get(r.id, 0),
                item_title=item.title,
                area_title=item.area_title,
                spec=item.spec,
                followups=item.followups,
                locale=person.locale,
                timezone=person.timezone,
                person_key=person.key,
                plan_settings=item.plan_settings,
                lease_owner=r.lease_owner or "",
                lease_until=r.lease_until,
            )
        )
    if unreadable:  # an item we cannot read is not sent, and not claimed over and over
        session.execute(
            update(CheckinRow)
            .where(col(CheckinRow.id).in_(unreadable))
            .values(state=CheckinState.ARCHIVED.value, lease_owner=None, lease_until=None)
        )
    return found


def _attempt_facts(
    session: Session, ids: Sequence[int]
) -> tuple[dict[int, datetime], dict[int, int]]:
    """Per check-in: the first successful send, and failures since the last success."""
    firsts: dict[int, datetime] = {}
    failures: dict[int, int] = {}
    attempts = session.connection().execute(
        sa_select(
            col(DeliveryAttemptRow.checkin_id),
            col(DeliveryAttemptRow.outcome),
            col(DeliveryAttemptRow.at),
        )
        .where(col(DeliveryAttemptRow.checkin_id).in_(ids))
        .order_by(col(DeliveryAttemptRow.at), col(DeliveryAttemptRow.id))
    )
    for checkin_id, outcome, at in attempts:
        if checkin_id is None:
            continue
        if outcome == OK:
            firsts.setdefault(checkin_id, at)
            failures[checkin_id] = 0
        else:
            failures[checkin_id] = failures.get(checkin_id, 0) + 1
    return firsts, failures


def destinations(
    session: Session, person_ids: Collection[int], platforms: Collection[Platform]
) -> dict[int, Destination]:
    """The most recently linked reachable identity; else the console, when it is offered."""
    found: dict[int, Destination] = {}
    identities = session.exec(
        select(ChatIdentityRow)
        .where(
            col(ChatIdentityRow.person_id).in_(list(person_ids)),
            col(ChatIdentityRow.platform).in_([p.value for p in platforms]),
            col(ChatIdentityRow.unreachable_at).is_(None),
        )
        .order_by(col(ChatIdentityRow.linked_at).desc(), col(ChatIdentityRow.id).desc())
    ).all()
    for ident in identities:
        if ident.person_id in found or ident.id is None:
            continue
        address = ChatAddress(
            Platform(ident.platform), ident.chat_id or ident.user_id, ident.workspace, ident.user_id
        )
        found[ident.person_id] = Destination(address, ident.id)
    if Platform.CONSOLE in platforms:
        missing = [p for p in person_ids if p not in found]
        for person in session.exec(select(PersonRow).where(col(PersonRow.id).in_(missing))).all():
            if person.id is not None:
                address = ChatAddress(Platform.CONSOLE, chat_id=person.key, user_id=person.key)
                found[person.id] = Destination(address, None)
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
