"""Claiming due check-ins with leases, and what dispatch needs to send them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, false, or_, update
from sqlmodel import Session, col, select

from bot.core.messages import ChatAddress
from bot.core.model import CheckinState, Platform
from bot.core.scheduling import (
    Destination,
    DueCheckin,
    SendCounts,
)
from bot.core.specjson import followups_from_json
from storage.scheduling.rows import OK, OPEN, spec_of
from storage.tables import (
    AreaRow,
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
    PersonRow,
    PlanItemRow,
    PlanRow,
)

# --- claiming due check-ins --------------------------------------------------------------


def _due_filter(
    now: datetime, platforms: Collection[Platform], only_person_ids: frozenset[int] | None
) -> list[ColumnElement[bool]]:
    active_people = select(PersonRow.id).where(col(PersonRow.active))
    live_items = select(PlanItemRow.id).where(col(PlanItemRow.archived_at).is_(None))
    where = [
        col(CheckinRow.state).in_(OPEN),
        col(CheckinRow.next_send_at) <= now,
        or_(col(CheckinRow.lease_until).is_(None), col(CheckinRow.lease_until) < now),
        col(CheckinRow.person_id).in_(active_people),
        col(CheckinRow.plan_item_id).in_(live_items),
    ]
    if Platform.CONSOLE not in platforms:
        # Rows of people we cannot reach are not claimed at all, so they cannot spin.
        reachable = select(ChatIdentityRow.person_id).where(
            col(ChatIdentityRow.platform).in_([p.value for p in platforms]),
            col(ChatIdentityRow.unreachable_at).is_(None),
        )
        where.append(col(CheckinRow.person_id).in_(reachable))
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
    """Lease up to `limit` due rows; two workers never get the same row."""
    candidates = (
        select(CheckinRow.id)
        .where(*_due_filter(now, platforms, only_person_ids))
        # A person's rows due together land in one batch, so they are gathered in one message.
        .order_by(col(CheckinRow.next_send_at), col(CheckinRow.person_id), col(CheckinRow.id))
        .limit(limit)
    )
    lease = {"lease_owner": owner, "lease_until": lease_until}
    if session.get_bind().dialect.name == "postgresql":
        ids = [i for i in session.exec(candidates.with_for_update(skip_locked=True)).all() if i]
        if ids:
            session.execute(update(CheckinRow).where(col(CheckinRow.id).in_(ids)).values(lease))
        return ids
    # SQLite: one statement takes the write lock, picks and leases (needs SQLite >= 3.35).
    stmt = (
        update(CheckinRow)
        .where(col(CheckinRow.id).in_(candidates.scalar_subquery()))
        .values(lease)
        .returning(col(CheckinRow.id))
    )
    return sorted(int(i) for i in session.execute(stmt).scalars().all())


def due_checkins(session: Session, ids: Sequence[int]) -> list[DueCheckin]:
    if not ids:
        return []
    rows = session.exec(
        select(CheckinRow, PlanItemRow, AreaRow, PlanRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(CheckinRow.plan_item_id))
        .join(AreaRow, col(AreaRow.id) == col(PlanItemRow.area_id))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .where(col(CheckinRow.id).in_(ids))
        .order_by(col(CheckinRow.next_send_at), col(CheckinRow.id))
    ).all()
    person_ids = sorted({c.person_id for c, *_ in rows})
    people = {
        p.id: p for p in session.exec(select(PersonRow).where(col(PersonRow.id).in_(person_ids)))
    }
    firsts, failures = _attempt_facts(session, ids)
    found = []
    unreadable: list[int] = []
    for checkin, item, area, plan in rows:
        spec = spec_of(item)
        person = people.get(checkin.person_id)
        if checkin.id is None or person is None:
            continue
        if spec is None:
            unreadable.append(checkin.id)
            continue
        found.append(
            DueCheckin(
                id=checkin.id,
                plan_item_id=checkin.plan_item_id,
                person_id=checkin.person_id,
                occurrence=checkin.occurrence,
                occurrence_end=checkin.occurrence_end,
                prompt=checkin.prompt,
                state=CheckinState(checkin.state),
                due_at=checkin.due_at,
                next_send_at=checkin.next_send_at or checkin.due_at,
                sends=checkin.sends,
                followups_sent=checkin.followups_sent,
                first_sent_at=firsts.get(checkin.id),
                last_sent_at=checkin.last_sent_at,
                failures=failures.get(checkin.id, 0),
                item_title=item.title,
                area_title=area.title,
                spec=spec,
                followups=followups_from_json(plan.settings.get("followups")),
                locale=person.locale,
                timezone=person.timezone,
                person_key=person.key,
                plan_settings=dict(plan.settings),
                lease_owner=checkin.lease_owner or "",
                lease_until=checkin.lease_until,
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
    attempts = session.exec(
        select(DeliveryAttemptRow)
        .where(col(DeliveryAttemptRow.checkin_id).in_(ids))
        .order_by(col(DeliveryAttemptRow.at), col(DeliveryAttemptRow.id))
    ).all()
    for a in attempts:
        if a.checkin_id is None:
            continue
        if a.outcome == OK:
            firsts.setdefault(a.checkin_id, a.at)
            failures[a.checkin_id] = 0
        else:
            failures[a.checkin_id] = failures.get(a.checkin_id, 0) + 1
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
