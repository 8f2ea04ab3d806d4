"""Item summaries: which dated occurrences have closed, and what their answers add up to."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from bot.core.errors import NotFoundError
from bot.core.model import (
    CheckinState,
    Choice,
    ScheduleKind,
)
from bot.core.reporting import (
    ItemSummaryData,
    Recipient,
    SummaryDue,
)
from bot.core.specjson import followups_from_json, item_from_json
from storage.reporting.aggregates import (
    ASK,
    NOT_REPORTED,
    answer_comments,
    current_yes,
    is_current,
    metric_value,
)
from storage.reporting.recipients import board_destinations, person_recipients
from storage.reporting.units import board_info, exec_columns, occurrence_date
from storage.tables import (
    AnswerRow,
    BoardRow,
    CheckinRow,
    ItemSummaryRow,
    PlanItemRow,
    PlanRow,
)

OPEN = [s.value for s in (CheckinState.SCHEDULED, CheckinState.AWAITING, CheckinState.SNOOZED)]
SUMMARY_MAX_AGE = timedelta(days=60)
DATED_KINDS = frozenset({ScheduleKind.EVENT, ScheduleKind.WINDOW, ScheduleKind.DEADLINE})


def due_summaries(session: Session, now: datetime) -> list[SummaryDue]:
    """Occurrences of dated items whose report requests have all closed (or given up)."""
    open_count = func.sum(case((col(CheckinRow.state).in_(OPEN), 1), else_=0))
    last_due = func.max(col(CheckinRow.due_at))
    summarised = (
        select(col(ItemSummaryRow.id))
        .where(col(ItemSummaryRow.plan_item_id) == col(CheckinRow.plan_item_id))
        .where(col(ItemSummaryRow.occurrence) == col(CheckinRow.occurrence))
        .exists()
    )
    stmt = (
        select(col(CheckinRow.plan_item_id), col(CheckinRow.occurrence), last_due, open_count)
        .join(PlanItemRow, col(PlanItemRow.id) == col(CheckinRow.plan_item_id))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .where(col(CheckinRow.prompt) == ASK, ~summarised)
        .where(col(PlanItemRow.archived_at).is_(None), col(PlanRow.archived_at).is_(None))
        .group_by(col(CheckinRow.plan_item_id), col(CheckinRow.occurrence))
        .having(last_due <= now, last_due >= now - SUMMARY_MAX_AGE)
        .order_by(col(CheckinRow.plan_item_id), col(CheckinRow.occurrence))
    )
    groups = exec_columns(session, stmt).all()
    rules = _summary_rules(session, {item_id for item_id, *_rest in groups})
    due = []
    for item_id, occurrence, last, still_open in groups:
        kind, give_up = rules[item_id]
        if kind in DATED_KINDS and (not still_open or last + give_up <= now):
            due.append(SummaryDue(item_id, occurrence))
    return due


def _summary_rules(
    session: Session, item_ids: set[int]
) -> dict[int, tuple[ScheduleKind, timedelta]]:
    stmt = (
        select(PlanItemRow, col(PlanRow.settings))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .where(col(PlanItemRow.id).in_(list(item_ids)))
    )
    rules = {}
    for item, settings in exec_columns(session, stmt).all():
        assert item.id is not None
        spec = item_from_json(item.key, item.title, item.description, item.spec)
        policy = followups_from_json((settings or {}).get("followups"))
        rules[item.id] = (spec.schedule.kind, timedelta(days=policy.give_up_after_days))
    return rules


def claim_summary(session: Session, due: SummaryDue, at: datetime) -> None:
    session.add(ItemSummaryRow(plan_item_id=due.item_id, occurrence=due.occurrence, sent_at=at))
    session.flush()


def _occurrence_checkins(due: SummaryDue) -> Any:
    return select(col(CheckinRow.id)).where(
        col(CheckinRow.plan_item_id) == due.item_id,
        col(CheckinRow.occurrence) == due.occurrence,
        col(CheckinRow.prompt) == ASK,
    )


def summary_data(session: Session, due: SummaryDue) -> ItemSummaryData:
    item = session.get(PlanItemRow, due.item_id)
    if item is None:
        raise NotFoundError(f"plan item {due.item_id}")
    plan = session.get(PlanRow, item.plan_id)
    assert plan is not None
    spec = item_from_json(item.key, item.title, item.description, item.spec)
    in_occurrence = col(AnswerRow.checkin_id).in_(_occurrence_checkins(due))
    choices = dict(
        exec_columns(
            session,
            select(col(AnswerRow.choice), func.count())
            .where(is_current(), in_occurrence)
            .group_by(col(AnswerRow.choice)),
        ).all()
    )
    sums = []
    for metric in spec.metrics:
        total = exec_columns(
            session,
            select(func.coalesce(func.sum(metric_value(metric.key)), 0)).where(
                current_yes(), in_occurrence
            ),
        ).one()[0]
        sums.append((metric.label, int(total)))
    asked = exec_columns(
        session,
        select(col(CheckinRow.person_id), col(CheckinRow.state)).where(
            col(CheckinRow.id).in_(_occurrence_checkins(due))
        ),
    ).all()
    return ItemSummaryData(
        item_id=due.item_id,
        item_title=spec.title,
        occurrence=occurrence_date(due.occurrence, plan.period_end),
        done=int(choices.get(Choice.YES.value, 0)),
        not_done=int(choices.get(Choice.NO.value, 0)),
        no_answer=sum(1 for _pid, state in asked if state in NOT_REPORTED),
        not_relevant=int(choices.get(Choice.NOT_RELEVANT.value, 0)),
        sums=tuple(sums),
        comments=tuple(
            answer_comments(session, col(AnswerRow.plan_item_id) == due.item_id, in_occurrence)
        ),
        recipients=tuple(_summary_recipients(session, plan, {pid for pid, _s in asked})),
    )


def _summary_recipients(session: Session, plan: PlanRow, owners: set[int]) -> list[Recipient]:
    recipients = person_recipients(session, owners)
    boards = session.exec(select_rows(BoardRow).where(col(BoardRow.unit_id) == plan.unit_id))
    for board in boards:
        recipients += board_destinations(session, board_info(board))
    return recipients
