"""The year-end report: a plan's whole year per item, counted and summed in SQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, select
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from bot.core.model import (
    CheckinState,
    Choice,
    ItemSpec,
)
from bot.core.reporting import (
    AnnualData,
    AreaReport,
    ItemReport,
    ReportComment,
)
from storage.reporting.aggregates import (
    ASK,
    NOT_REPORTED,
    comment_columns,
    comment_of,
    has_comment,
    is_current,
    metric_value,
)
from storage.reporting.targets import target_facts
from storage.reporting.units import exec_columns, load_units, plan_by_key, plan_items, subtree_ids
from storage.tables import (
    AnswerRow,
    AreaRow,
    CheckinRow,
    PersonRow,
    PlanItemRow,
    UnitRow,
)

COMMENTS_PER_ITEM = 25


def _item_totals(
    session: Session, items: Sequence[tuple[int, int, ItemSpec]]
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str], int]]:
    """Answers per (item, choice) and metric sums over Yes per (item, metric), in one pass."""
    ids = [item_id for item_id, _a, _s in items]
    keys = sorted({metric.key for _i, _a, spec in items for metric in spec.metrics})
    is_yes = col(AnswerRow.choice) == Choice.YES.value
    stmt = (
        select(
            col(AnswerRow.plan_item_id),
            col(AnswerRow.choice),
            func.count(),
            *(func.sum(case((is_yes, metric_value(key)), else_=0)) for key in keys),
        )
        .where(is_current(), col(AnswerRow.plan_item_id).in_(ids))
        .group_by(col(AnswerRow.plan_item_id), col(AnswerRow.choice))
    )
    counts: dict[tuple[int, str], int] = {}
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for item_id, choice, n, *totals in exec_columns(session, stmt).all():
        counts[(item_id, choice)] = int(n)
        for key, total in zip(keys, totals, strict=True):
            sums[(item_id, key)] += int(total or 0)
    return counts, sums


def _item_requests(
    session: Session, item_ids: list[int], now: datetime
) -> dict[int, dict[str, int]]:
    """item -> check-in state -> requests that fell due by `now` (archived ones left out)."""
    stmt = (
        select(col(CheckinRow.plan_item_id), col(CheckinRow.state), func.count())
        .where(col(CheckinRow.plan_item_id).in_(item_ids), col(CheckinRow.prompt) == ASK)
        .where(col(CheckinRow.state) != CheckinState.ARCHIVED.value)
        .where(col(CheckinRow.due_at) <= now)
        .group_by(col(CheckinRow.plan_item_id), col(CheckinRow.state))
    )
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for item, state, n in exec_columns(session, stmt).all():
        out[item][state] = int(n)
    return out


def _item_comments(session: Session, item_ids: list[int]) -> dict[int, list[ReportComment]]:
    """The newest comments of each item (at most COMMENTS_PER_ITEM), oldest first."""
    rank = (
        func.row_number()
        .over(
            partition_by=col(AnswerRow.plan_item_id),
            order_by=(col(AnswerRow.created_at).desc(), col(AnswerRow.id).desc()),
        )
        .label("rank")
    )
    ranked = (
        select(col(AnswerRow.id).label("answer_id"), rank)
        .where(is_current(), col(AnswerRow.plan_item_id).in_(item_ids))
        .where(has_comment())
        .subquery()
    )
    stmt = (
        select(col(AnswerRow.plan_item_id), *comment_columns())
        .select_from(AnswerRow)
        .join(ranked, ranked.c.answer_id == col(AnswerRow.id))
        .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
        .join(PersonRow, col(PersonRow.id) == col(AnswerRow.person_id))
        .where(ranked.c.rank <= COMMENTS_PER_ITEM)
        .order_by(col(AnswerRow.created_at), col(AnswerRow.id))
    )
    out: dict[int, list[ReportComment]] = defaultdict(list)
    for item_id, *rest in exec_columns(session, stmt).all():
        out[item_id].append(comment_of(rest))
    return out


def annual_data(session: Session, plan_key: str, now: datetime) -> AnnualData:
    """A plan's whole year: per item the answers counted, numbers summed, comments quoted."""
    plan = plan_by_key(session, plan_key)
    assert plan.id is not None
    unit = session.get(UnitRow, plan.unit_id)
    units = load_units(session)
    unit_ids = subtree_ids(units, plan.unit_id)
    items = plan_items(session, [plan.id])
    ids = [item_id for item_id, _a, _s in items]
    counts, sums = _item_totals(session, items)
    requests = _item_requests(session, ids, now)
    comments = _item_comments(session, ids)
    by_area: dict[int, list[ItemReport]] = defaultdict(list)
    for item_id, area_id, spec in items:
        states = requests.get(item_id, {})
        by_area[area_id].append(
            ItemReport(
                key=spec.key,
                title=spec.title,
                done=counts.get((item_id, Choice.YES.value), 0),
                not_done=counts.get((item_id, Choice.NO.value), 0),
                not_relevant=counts.get((item_id, Choice.NOT_RELEVANT.value), 0),
                no_answer=sum(n for state, n in states.items() if state in NOT_REPORTED),
                sums=tuple((m.label, sums.get((item_id, m.key), 0)) for m in spec.metrics),
                comments=tuple(comments.get(item_id, ())),
                asked=sum(states.values()),
                not_sent=states.get(CheckinState.SCHEDULED.value, 0),
            )
        )
    areas = session.exec(
        select_rows(AreaRow)
        .where(col(AreaRow.plan_id) == plan.id, col(AreaRow.archived_at).is_(None))
        .order_by(col(AreaRow.position), col(AreaRow.id))
    )
    return AnnualData(
        plan_key=plan.key,
        plan_title=plan.title,
        unit_name=unit.name if unit else "",
        period_start=plan.period_start,
        period_end=plan.period_end,
        areas=tuple(AreaReport(a.title, tuple(by_area.get(a.id or 0, ()))) for a in areas),
        targets=tuple(target_facts(session, items, unit_ids, None)),
        units=tuple(u for u in units if u.id in unit_ids),
        language=plan.language,
    )
