"""Building blocks of every report: which answers count, and the comments worth quoting."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, case, literal, or_, select
from sqlmodel import Session, col

from bot.core.model import (
    CheckinState,
    Choice,
)
from bot.core.reporting import (
    ReportComment,
)
from storage.reporting.units import exec_columns
from storage.tables import (
    AnswerRow,
    PersonRow,
    PlanItemRow,
)

ASK = "ask"
UNANSWERED = [
    s.value for s in (CheckinState.NO_ANSWER, CheckinState.AWAITING, CheckinState.SNOOZED)
]
NOT_REPORTED = [*UNANSWERED, CheckinState.UNREACHABLE.value, CheckinState.MISSED.value]
LIST_LIMIT = 50


def metric_value(key: str) -> ColumnElement[int]:
    numbers = cast(Any, col(AnswerRow.numbers))
    return cast(ColumnElement[int], numbers[key].as_integer())


def is_current() -> ColumnElement[bool]:
    # "<> false" rather than "is true": SQLite's planner would otherwise read the answers
    # through the index on this boolean (half a million rows) instead of by item and time.
    return col(AnswerRow.current) != False  # noqa: E712


def current_yes() -> ColumnElement[bool]:
    return and_(is_current(), col(AnswerRow.choice) == Choice.YES.value)


def created_before(until: datetime | None) -> ColumnElement[bool]:
    return col(AnswerRow.created_at) < until if until is not None else literal(True)


def has_comment() -> ColumnElement[bool]:
    return or_(
        and_(col(AnswerRow.comment).is_not(None), col(AnswerRow.comment) != ""),
        and_(col(AnswerRow.blocker).is_not(None), col(AnswerRow.blocker) != ""),
        col(AnswerRow.needs_help).is_(True),
        col(AnswerRow.new_date).is_not(None),
    )


def comment_of(row: Any) -> ReportComment:
    title, name, comment, blocker, needs_help, at, new_date = row
    return ReportComment(
        title, name, comment or "", blocker or None, bool(needs_help), at, new_date
    )


def comment_columns() -> tuple[Any, ...]:
    return (
        col(PlanItemRow.title),
        col(PersonRow.name),
        col(AnswerRow.comment),
        col(AnswerRow.blocker),
        col(AnswerRow.needs_help),
        col(AnswerRow.created_at),
        col(AnswerRow.new_date),
    )


def answer_comments(session: Session, *where: ColumnElement[bool]) -> list[ReportComment]:
    """Comments of current answers, those asking for help (or naming a blocker) first."""
    stmt = (
        select(*comment_columns())
        .select_from(AnswerRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
        .join(PersonRow, col(PersonRow.id) == col(AnswerRow.person_id))
        .where(is_current(), has_comment(), *where)
        .order_by(
            col(AnswerRow.needs_help).desc(),
            case((col(AnswerRow.blocker).is_(None), 1), else_=0),
            col(AnswerRow.created_at),
            col(AnswerRow.id),
        )
        .limit(LIST_LIMIT)
    )
    return [comment_of(row) for row in exec_columns(session, stmt).all()]
