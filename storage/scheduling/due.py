"""What dispatch needs of claimed check-ins: plain values, each item read and parsed once."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from bot.core.away import after_away
from bot.core.model import CheckinState, FollowupPolicy, ItemSpec
from bot.core.scheduling import DueCheckin
from bot.core.specjson import followups_from_json
from storage.scheduling.rows import OK, spec_from
from storage.tables import (
    AreaRow,
    AwayPeriodRow,
    CheckinRow,
    DeliveryAttemptRow,
    PersonRow,
    PlanItemRow,
    PlanRow,
)

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
# What a claim's UPDATE returns: the due columns, and whether the row may have attempts.
CLAIMED_COLUMNS = (*_DUE_COLUMNS, col(CheckinRow.last_error))


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
    rows = (
        session.connection()
        .execute(sa_select(*CLAIMED_COLUMNS).where(col(CheckinRow.id).in_(ids)))
        .all()
    )
    return claimed_checkins(session, rows)


def claimed_checkins(
    session: Session, claimed: Sequence[Row[*tuple[Any, ...]]]
) -> list[DueCheckin]:
    """Rows of CLAIMED_COLUMNS as DueCheckins, in claim order, with their items and people."""
    if not claimed:
        return []
    rows = sorted(claimed, key=lambda r: (r.next_send_at is None, r.next_send_at or r.due_at, r.id))
    conn = session.connection()
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
    # A row never sent and never failed has no attempts (a send counts in `sends`, a failure
    # leaves `last_error`), so a fresh wave asks nothing of the delivery log.
    tried = [r.id for r in rows if r.sends or r.last_error is not None]
    firsts, failures = _attempt_facts(session, tried)
    returned = _returned(session, rows)
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
                after_away=after_away(r.due_at, r.last_sent_at, returned.get(r.person_id, ())),
            )
        )
    if unreadable:  # an item we cannot read is not sent, and not claimed over and over
        session.execute(
            update(CheckinRow)
            .where(col(CheckinRow.id).in_(unreadable))
            .values(state=CheckinState.ARCHIVED.value, lease_owner=None, lease_until=None)
        )
    return found


def _returned(
    session: Session, rows: Sequence[Row[*tuple[Any, ...]]]
) -> dict[int, list[tuple[datetime, datetime]]]:
    """Per person of the rows: (start, resumption) of their away periods that have resumed
    since the earliest of the rows fell due."""
    if not rows:
        return {}
    found = session.connection().execute(
        sa_select(
            col(AwayPeriodRow.person_id),
            col(AwayPeriodRow.starts_at),
            col(AwayPeriodRow.resumed_at),
        ).where(
            col(AwayPeriodRow.person_id).in_(sorted({r.person_id for r in rows})),
            col(AwayPeriodRow.resumed_at) >= min(r.due_at for r in rows),
        )
    )
    periods: dict[int, list[tuple[datetime, datetime]]] = {}
    for person_id, starts_at, resumed_at in found:
        if resumed_at is not None:
            periods.setdefault(person_id, []).append((starts_at, resumed_at))
    return periods


def _attempt_facts(
    session: Session, ids: Sequence[int]
) -> tuple[dict[int, datetime], dict[int, int]]:
    """Per check-in: the first successful send, and failures since the last success."""
    firsts: dict[int, datetime] = {}
    failures: dict[int, int] = {}
    if not ids:
        return firsts, failures
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
