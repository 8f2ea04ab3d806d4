"""Check-ins that fell due longer ago than the catch-up window and that no claim will take.

Dispatch marks a claimed row missed when it was never sent and is older than the catch-up
window (handlers/scheduling/dispatch.py). A row of a person no configured platform reaches
(not linked yet, or no platform at all) is never claimed, so it stayed due for ever: shown
as "next due" a year later and counted nowhere. This closes those rows the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, update
from sqlmodel import Session, col

from bot.core.model import CheckinState
from storage.scheduling.rows import now_utc
from storage.status import waiting_filter
from storage.tables import CheckinRow


def close_stale(session: Session, *, now: datetime, oldest: datetime) -> int:
    """Mark missed every open, never-sent row due before `oldest`; returns how many.

    Rows leased by a worker, of people away at `now` (asked once on their return), of
    retired people and of archived items are left alone, as the claim leaves them.
    """
    stmt = (
        update(CheckinRow)
        .where(
            # open, with a next send, of an active person not away at `now`, on a live item
            *waiting_filter(now),
            col(CheckinRow.sends) == 0,
            col(CheckinRow.next_send_at) < oldest,
            or_(col(CheckinRow.lease_until).is_(None), col(CheckinRow.lease_until) < now),
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
