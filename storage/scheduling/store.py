"""Check-in storage for scheduling: plans and roster in, check-ins claimed with leases, out."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, bindparam, false, insert, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.core.messages import ChatAddress
from bot.core.model import CheckinState, ItemSpec, Platform, Role
from bot.core.scheduling import (
    Attempt,
    Destination,
    DueCheckin,
    NewCheckin,
    Recipient,
    Roster,
    SchedulableItem,
    SendCounts,
    SentMessage,
)
from bot.core.specjson import followups_from_json, item_from_json, plan_send_time
from storage.engine import Database
from storage.tables import (
    AreaRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)

log = logging.getLogger(__name__)

OPEN = (CheckinState.SCHEDULED.value, CheckinState.AWAITING.value, CheckinState.SNOOZED.value)
OK = "ok"
_INSERT_CHUNK = 500
_UNIQUE = ["plan_item_id", "person_id", "occurrence", "prompt"]


def _now() -> datetime:
    return datetime.now(UTC)


def _spec(row: PlanItemRow) -> ItemSpec | None:
    try:
        return item_from_json(row.key, row.title, row.description, row.spec)
    except (KeyError, ValueError, TypeError):
        log.warning("plan item %s: unreadable spec, not scheduled", row.id)
        return None


def _hhmm(value: str | None) -> time | None:
    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        return None


def _roles(value: str) -> frozenset[Role]:
    known = {r.value for r in Role}
    return frozenset(Role(v.strip()) for v in value.split(",") if v.strip() in known)


# --- reading plans and roster ------------------------------------------------------------


def schedulable_items(session: Session) -> list[SchedulableItem]:
    rows = session.exec(
        select(PlanItemRow, PlanRow)
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .join(AreaRow, col(AreaRow.id) == col(PlanItemRow.area_id))
        .where(
            col(PlanItemRow.archived_at).is_(None),
            col(PlanRow.archived_at).is_(None),
            col(AreaRow.archived_at).is_(None),
        )
        .order_by(col(PlanItemRow.id))
    ).all()
    found = []
    for item, plan in rows:
        spec = _spec(item)
        if spec is None or item.id is None or plan.id is None:
            continue
        found.append(
            SchedulableItem(
                item_id=item.id,
                plan_id=plan.id,
                plan_unit_id=plan.unit_id,
                spec=spec,
                period_start=plan.period_start,
                period_end=plan.period_end,
                plan_send_time=plan_send_time(plan.settings),
                plan_settings=dict(plan.settings),
            )
        )
    return found


def roster(session: Session) -> Roster:
    units: dict[int, set[int]] = {}
    for link in session.exec(select(PersonUnitRow)).all():
        units.setdefault(link.person_id, set()).add(link.unit_id)
    people = [
        Recipient(
            person_id=p.id,
            key=p.key,
            locale=p.locale,
            timezone=p.timezone,
            reminder_time=_hhmm(p.reminder_time),
            roles=_roles(p.roles),
            unit_ids=frozenset(units.get(p.id, ())),
        )
        for p in session.exec(select(PersonRow).where(col(PersonRow.active))).all()
        if p.id is not None
    ]
    unit_rows = session.exec(select(UnitRow)).all()
    members: dict[int, set[int]] = {}
    for board, member in session.exec(
        select(BoardRow, BoardMemberRow).join(
            BoardMemberRow, col(BoardMemberRow.board_id) == col(BoardRow.id)
        )
    ).all():
        members.setdefault(board.unit_id, set()).add(member.person_id)
    return Roster(
        people=people,
        unit_ids_by_key={u.key: u.id for u in unit_rows if u.id is not None},
        unit_parent={u.id: u.parent_id for u in unit_rows if u.id is not None},
        board_members_by_unit={k: frozenset(v) for k, v in members.items()},
    )


# --- writing new check-ins ---------------------------------------------------------------


def _existing_keys(session: Session, rows: Sequence[NewCheckin]) -> set[tuple[int, int, str, str]]:
    """Keys already stored for these items, from the earliest occurrence in `rows` on."""
    item_ids = sorted({r.plan_item_id for r in rows})
    earliest = min(r.occurrence for r in rows)
    found = session.exec(
        select(
            CheckinRow.plan_item_id, CheckinRow.person_id, CheckinRow.occurrence, CheckinRow.prompt
        ).where(col(CheckinRow.plan_item_id).in_(item_ids), col(CheckinRow.occurrence) >= earliest)
    ).all()
    return {(a, b, c, d) for a, b, c, d in found}


def insert_checkins(session: Session, rows: Sequence[NewCheckin]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING on the unique key; returns the rows really inserted.

    Keys already stored are left out first, so a run that changes nothing writes nothing;
    the ON CONFLICT clause covers another worker inserting the same rows meanwhile.
    """
    if not rows:
        return 0
    existing = _existing_keys(session, rows)
    now = _now()
    values = [
        {
            "plan_item_id": r.plan_item_id,
            "person_id": r.person_id,
            "occurrence": r.occurrence,
            "prompt": r.prompt,
            "state": CheckinState.SCHEDULED.value,
            "due_at": r.due_at,
            "next_send_at": r.due_at,
            "occurrence_end": r.occurrence_end,
            "created_at": now,
            "updated_at": now,
        }
        for r in rows
        if (r.plan_item_id, r.person_id, r.occurrence, r.prompt) not in existing
    ]
    if not values:
        return 0
    dialect = session.get_bind().dialect.name
    insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert_for(CheckinRow)
        .on_conflict_do_nothing(index_elements=_UNIQUE)
        .returning(col(CheckinRow.id))
    )
    created = 0
    for start in range(0, len(values), _INSERT_CHUNK):
        created += len(session.execute(stmt, values[start : start + _INSERT_CHUNK]).all())
    return created


def archive_orphaned(session: Session, at: datetime) -> int:
    gone_items = (
        select(PlanItemRow.id)
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .join(AreaRow, col(AreaRow.id) == col(PlanItemRow.area_id))
        .where(
            or_(
                col(PlanItemRow.archived_at).is_not(None),
                col(PlanRow.archived_at).is_not(None),
                col(AreaRow.archived_at).is_not(None),
            )
        )
    )
    inactive = select(PersonRow.id).where(col(PersonRow.active).is_(False))
    result = session.execute(
        update(CheckinRow)
        .where(
            col(CheckinRow.state).in_(OPEN),
            or_(
                col(CheckinRow.plan_item_id).in_(gone_items),
                col(CheckinRow.person_id).in_(inactive),
            ),
        )
        .values(
            state=CheckinState.ARCHIVED.value,
            next_send_at=None,
            lease_owner=None,
            lease_until=None,
            updated_at=at,
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


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
    for checkin, item, area, plan in rows:
        spec = _spec(item)
        person = people.get(checkin.person_id)
        if spec is None or checkin.id is None or person is None:
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
            )
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


# --- recording outcomes ------------------------------------------------------------------


def _attempt_rows(session: Session, attempts: Sequence[Attempt]) -> None:
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
    _attempt_rows(session, [m.attempt for m in messages])


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
    _attempt_rows(session, [attempt])


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
        "updated_at": _now(),
    }
    if state is not None:
        values["state"] = state.value
    if reason is not None:
        values["last_error"] = reason[:64]
    session.execute(
        update(CheckinRow).where(col(CheckinRow.id).in_(list(checkin_ids))).values(values)
    )


class SqlSchedulingStore:
    """SchedulingStore over a Database: each call is one transaction off the event loop."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def schedulable_items(self) -> Sequence[SchedulableItem]:
        return await self.db.run(schedulable_items)

    async def roster(self) -> Roster:
        return await self.db.run(roster)

    async def insert_checkins(self, rows: Sequence[NewCheckin]) -> int:
        return await self.db.run(lambda s: insert_checkins(s, rows))

    async def archive_orphaned(self, at: datetime) -> int:
        return await self.db.run(lambda s: archive_orphaned(s, at))

    async def claim_due(
        self,
        *,
        now: datetime,
        owner: str,
        lease_until: datetime,
        limit: int,
        platforms: Collection[Platform],
        only_person_ids: frozenset[int] | None,
    ) -> Sequence[DueCheckin]:
        def claim(session: Session) -> list[DueCheckin]:
            ids = claim_ids(
                session,
                now=now,
                owner=owner,
                lease_until=lease_until,
                limit=limit,
                platforms=platforms,
                only_person_ids=only_person_ids,
            )
            return due_checkins(session, ids)

        return await self.db.run(claim)

    async def destinations(
        self, person_ids: Collection[int], platforms: Collection[Platform]
    ) -> Mapping[int, Destination]:
        return await self.db.run(lambda s: destinations(s, person_ids, platforms))

    async def send_counts(
        self, person_ids: Collection[int], day_since: datetime, week_since: datetime
    ) -> Mapping[int, SendCounts]:
        return await self.db.run(lambda s: send_counts(s, person_ids, day_since, week_since))

    async def record_sent(self, messages: Sequence[SentMessage]) -> None:
        await self.db.run(lambda s: record_sent(s, messages))

    async def record_failure(
        self,
        attempt: Attempt,
        next_send_at: datetime | None,
        state: CheckinState | None,
        unreachable_identity_id: int | None,
    ) -> None:
        await self.db.run(
            lambda s: record_failure(s, attempt, next_send_at, state, unreachable_identity_id)
        )

    async def reschedule(
        self, checkin_ids: Collection[int], next_send_at: datetime, reason: str | None
    ) -> None:
        await self.db.run(
            lambda s: release(s, checkin_ids, next_send_at=next_send_at, reason=reason)
        )

    async def close(self, checkin_ids: Collection[int], state: CheckinState) -> None:
        await self.db.run(lambda s: release(s, checkin_ids, next_send_at=None, state=state))
