"""Check-ins that fell due longer ago than the catch-up window and that no claim will take.

Dispatch marks a claimed row missed when it was never sent and is older than the catch-up
window (handlers/scheduling/dispatch.py). A row of a person no configured platform reaches
(not linked yet, or no platform at all) is never claimed, so it stayed due for ever: shown
as "next due" a year later and counted nowhere. This closes those rows the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, or_, update
from sqlmodel import Session, col

from bot.core.model import CheckinState
from storage.away import away_at
from storage.scheduling.rows import OPEN, now_utc
from storage.tables import AwayPeriodRow, CheckinRow, PersonRow, PlanItemRow


def close_stale(session: Session, *, now: datetime, oldest: datetime) -> int:
    """Mark missed every open, never-sent row due before `oldest`; returns how many.

    Rows leased by a worker, of people away at `now` (asked once on their return), of
    retired people and of archived items are left alone, as the claim leaves them.
    """
    active_person = exists().where(
        col(PersonRow.id) == col(CheckinRow.person_id), col(PersonRow.active)
    )
    live_item = exists().where(
        col(PlanItemRow.id) == col(CheckinRow.plan_item_id), col(PlanItemRow.archived_at).is_(None)
    )
    away = away_at(now).where(col(AwayPeriodRow.person_id) == col(CheckinRow.person_id))
    stmt = (
        update(CheckinRow)
        .where(
            col(CheckinRow.state).in_(OPEN),
            col(CheckinRow.sends) == 0,
            col(CheckinRow.next_send_at) < oldest,
            or_(col(CheckinRow.lease_until).is_(None), col(CheckinRow.lease_until) < now),
            active_person,
            live_item,
            ~away.exists(),
        )
        .values(
            state=CheckinState.MISSED.value,
            next_send_at=None,
            lease_owner=None,
            lease_until=None,
            updated_at=now_utc(),
        )
    )
    return int(session.connection().execute(stmt).rowcount or 0)
