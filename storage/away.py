"""Away periods in the database: set, end, who is away, and what to ask again on return."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.core.away import back_at
from bot.core.model import OPEN_STATES, CheckinState
from bot.core.specjson import followups_from_json
from bot.core.timeplan import local_date
from storage import audit
from storage.privacy.export import find_person
from storage.tables import AwayPeriodRow, CheckinRow, PlanItemRow, PlanRow

log = logging.getLogger(__name__)

ASK = "ask"
ROSTER = "roster"
OPEN = [s.value for s in OPEN_STATES]


def overlapping(start: datetime, end: datetime) -> ColumnElement[bool]:
    """Periods that cover any instant in [start, end)."""
    return and_(
        col(AwayPeriodRow.starts_at) < end,
        or_(col(AwayPeriodRow.ends_at).is_(None), col(AwayPeriodRow.ends_at) > start),
    )


def away_at(now: datetime) -> SelectOfScalar[int]:
    """The ids of people away at `now` (a subquery for the claim)."""
    return select(col(AwayPeriodRow.person_id)).where(
        overlapping(now, now + timedelta(microseconds=1))
    )


def away_during(start: datetime, end: datetime) -> SelectOfScalar[int]:
    return select(col(AwayPeriodRow.person_id)).where(overlapping(start, end))


def current(session: Session, person_id: int, now: datetime) -> AwayPeriodRow | None:
    """The period the person is in at `now`, or the next one set, if any."""
    stmt = (
        select(AwayPeriodRow)
        .where(col(AwayPeriodRow.person_id) == person_id)
        .where(or_(col(AwayPeriodRow.ends_at).is_(None), col(AwayPeriodRow.ends_at) > now))
        .order_by(col(AwayPeriodRow.starts_at))
    )
    return session.exec(stmt).first()


def set_away(
    session: Session,
    person_id: int,
    *,
    ends_at: datetime | None,
    source: str,
    now: datetime,
) -> AwayPeriodRow:
    """Away from now until `ends_at` (None: until further notice); a running period is moved."""
    row = current(session, person_id, now)
    if row is None or row.starts_at > now:
        row = AwayPeriodRow(person_id=person_id, starts_at=now, source=source, created_at=now)
    row.ends_at, row.source, row.resumed_at = ends_at, source, None
    session.add(row)
    session.flush()
    return row


def end_away(session: Session, person_id: int, now: datetime, source: str | None = None) -> bool:
    """End the running or planned period now; with `source`, only one set from there."""
    row = current(session, person_id, now)
    if row is None or (source is not None and row.source != source):
        return False
    if row.starts_at > now:
        session.delete(row)
    else:
        row.ends_at = now
        session.add(row)
    session.flush()
    return True


def resume_returned(session: Session, now: datetime) -> int:
    """Put what fell due during ended periods to the person once; returns the rows put again.

    Each period is taken with a conditional update, so two workers never both resume it.
    """
    ended = select(AwayPeriodRow).where(
        col(AwayPeriodRow.resumed_at).is_(None),
        col(AwayPeriodRow.ends_at).is_not(None),
        col(AwayPeriodRow.ends_at) <= now,
    )
    put_again = 0
    for period in session.exec(ended).all():
        taken = session.execute(
            update(AwayPeriodRow)
            .where(col(AwayPeriodRow.id) == period.id, col(AwayPeriodRow.resumed_at).is_(None))
            .values(resumed_at=now)
        )
        away_still = session.exec(
            away_at(now).where(col(AwayPeriodRow.person_id) == period.person_id)
        )
        if getattr(taken, "rowcount", 0) == 1 and away_still.first() is None:
            put_again += _ask_again(session, period.person_id, now)
    return put_again


def _ask_again(session: Session, person_id: int, now: datetime) -> int:
    """Due rows still worth asking go out together now; notices and stale asks close."""
    rows = session.exec(
        select(CheckinRow, PlanRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(CheckinRow.plan_item_id))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .where(col(CheckinRow.person_id) == person_id)
        .where(col(CheckinRow.state).in_(OPEN), col(CheckinRow.next_send_at) <= now)
    ).all()
    asked = 0
    for checkin, plan in rows:
        report_by = checkin.due_at + timedelta(
            days=followups_from_json(plan.settings.get("followups")).give_up_after_days
        )
        if checkin.prompt == ASK and now < report_by:
            checkin.next_send_at = now  # one instant: dispatch gathers them in one message
            asked += 1
        else:
            checkin.state, checkin.next_send_at = CheckinState.MISSED.value, None
        checkin.updated_at = now
        session.add(checkin)
    session.flush()
    log.info("away: person %s back, %d asked again, %d closed", person_id, asked, len(rows) - asked)
    return asked


class AwayQueries:
    """The away periods part of SqlConversationTx: a person sets or ends their own."""

    s: Session

    def set_away(self, person_id: int, ends_at: datetime | None, at: datetime) -> None:
        set_away(self.s, person_id, ends_at=ends_at, source="chat", now=at)

    def end_away(self, person_id: int, at: datetime) -> bool:
        return end_away(self.s, person_id, at)


def apply_roster(
    session: Session, person_id: int, last_day: date | None, timezone: str, now: datetime
) -> None:
    """A roster's `away_until`: set or move the period; without it, end one the roster set."""
    if last_day is not None and last_day >= local_date(now, timezone):
        set_away(session, person_id, ends_at=back_at(last_day, timezone), source=ROSTER, now=now)
    elif last_day is None:
        end_away(session, person_id, now, source=ROSTER)


@dataclass(frozen=True)
class AwayChange:
    """What `set_away_for` did; `past` means nothing was written."""

    last_day: date | None
    ended: bool = False
    not_away: bool = False
    past: bool = False


def set_away_for(
    session: Session, key: str, last_day: date | None, *, end: bool, actor: str, now: datetime
) -> AwayChange:
    """An administrator sets or ends a person's away period, by key; audited."""
    person = find_person(session, key)
    pid = person.id or 0
    if end:
        ended = end_away(session, pid, now)
        change = AwayChange(None, ended=ended, not_away=not ended)
    elif last_day is not None and last_day < local_date(now, person.timezone):
        return AwayChange(last_day, past=True)
    else:
        ends_at = back_at(last_day, person.timezone) if last_day else None
        set_away(session, pid, ends_at=ends_at, source="cli", now=now)
        change = AwayChange(last_day)
    detail = {"until": last_day.isoformat() if last_day else None, "end": end}
    audit.record(
        session,
        actor=actor,
        action="person.away",
        entity="person",
        entity_key=key,
        detail=detail,
        now=now,
    )
    return change
