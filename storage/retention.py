"""Keeping less with time: free text after the plan's period, delivery records after months."""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, delete, func, or_, update
from sqlmodel import Session, col, select

from bot.core.model import OPEN_STATES
from storage.engine import Database
from storage.privacy.disk import settle_erasure
from storage.privacy.export import exec_core
from storage.tables import AnswerRow, CheckinRow, DeliveryAttemptRow, PlanItemRow, PlanRow

log = logging.getLogger(__name__)

OPEN = [s.value for s in OPEN_STATES]
TOUCHED_TABLES = ("answer", "delivery_attempt")
SETTLE_WAIT_S = 2.0


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class PruneCounts:
    """What a prune removed (or, in a dry run, would remove)."""

    texts: int  # comment and blocker texts
    answers: int  # answers that held them
    deliveries: int
    text_plans: tuple[str, ...]  # plans whose texts were due
    delivery_cutoff: date


def text_plans(session: Session, today: date, months: int) -> list[PlanRow]:
    """Plans whose period ended more than `months` ago: on the day after, their text goes."""
    return [p for p in session.exec(select(PlanRow)) if add_months(p.period_end, months) < today]


def prune(session: Session, *, today: date, text_months: int, delivery_months: int) -> PruneCounts:
    """Remove what is past its keeping time, in the caller's one transaction."""
    plans = text_plans(session, today, text_months)
    plan_ids = [p.id for p in plans if p.id is not None]
    items = select(col(PlanItemRow.id)).where(col(PlanItemRow.plan_id).in_(plan_ids))
    has_text = or_(col(AnswerRow.comment).is_not(None), col(AnswerRow.blocker).is_not(None))
    where = and_(col(AnswerRow.plan_item_id).in_(items), has_text)
    counted = exec_core(
        session,
        select(
            func.count(),
            func.count(col(AnswerRow.comment)),
            func.count(col(AnswerRow.blocker)),
        ).where(where),
    ).one()
    exec_core(session, update(AnswerRow).where(where).values(comment=None, blocker=None))
    cutoff = add_months(today, -delivery_months)
    deliveries = _prune_deliveries(session, datetime.combine(cutoff, time(0), tzinfo=UTC))
    counts = PruneCounts(
        texts=int(counted[1]) + int(counted[2]),
        answers=int(counted[0]),
        deliveries=deliveries,
        text_plans=tuple(sorted(p.key for p in plans)),
        delivery_cutoff=cutoff,
    )
    log.info(
        "retention: %d texts in %d answers, %d delivery records",
        counts.texts,
        counts.answers,
        counts.deliveries,
    )
    return counts


def _prune_deliveries(session: Session, before: datetime) -> int:
    """Records older than the cutoff, except those an open check-in still counts on."""
    open_ids = select(col(CheckinRow.id)).where(col(CheckinRow.state).in_(OPEN))
    stmt = delete(DeliveryAttemptRow).where(
        col(DeliveryAttemptRow.at) < before,
        or_(
            col(DeliveryAttemptRow.checkin_id).is_(None),
            col(DeliveryAttemptRow.checkin_id).not_in(open_ids),
        ),
    )
    return int(exec_core(session, stmt).rowcount)


def run_retention(
    db: Database, *, today: date, text_months: int, delivery_months: int, dry_run: bool = False
) -> PruneCounts:
    """One prune in its own transaction, then pushed through to the files; a dry run rolls back."""

    def work(session: Session) -> PruneCounts:
        return prune(session, today=today, text_months=text_months, delivery_months=delivery_months)

    if dry_run:
        return db.run_sync(lambda s: _rolled_back(s, work))
    counts = db.run_sync(work)
    if counts.texts or counts.deliveries:
        settle_erasure(db, TOUCHED_TABLES, wait_s=SETTLE_WAIT_S)
    return counts


def _rolled_back(session: Session, work: Callable[[Session], PruneCounts]) -> PruneCounts:
    """Count inside a savepoint that is then undone, so a dry run writes nothing."""
    nested = session.begin_nested()
    try:
        return work(session)
    finally:
        nested.rollback()
