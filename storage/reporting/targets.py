"""Progress towards plan targets: occurrences done and metric sums, plan-wide or per unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from bot.core.counting import counts_occurrences, counts_times, times_reported
from bot.core.model import (
    ItemSpec,
    Target,
    TargetKind,
)
from bot.core.reporting import (
    TargetFacts,
    UnitNode,
)
from storage.reporting.aggregates import created_before, current_yes, metric_value
from storage.reporting.units import (
    exec_columns,
    load_units,
    plan_by_key,
    plan_items,
    subtree_ids,
)
from storage.tables import (
    AnswerRow,
    CheckinRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
)


def metric_sums(
    session: Session,
    metrics_by_item: Mapping[int, Sequence[str]],
    until: datetime | None = None,
) -> dict[tuple[int, str], int]:
    """(item id, metric) -> the metric summed over current Yes answers; one query per metric."""
    items_by_metric: dict[str, list[int]] = defaultdict(list)
    for item_id, keys in metrics_by_item.items():
        for key in keys:
            items_by_metric[key].append(item_id)
    sums: dict[tuple[int, str], int] = {}
    for key, item_ids in items_by_metric.items():
        stmt = (
            select(col(AnswerRow.plan_item_id), func.coalesce(func.sum(metric_value(key)), 0))
            .where(current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), created_before(until))
            .group_by(col(AnswerRow.plan_item_id))
        )
        for item_id, total in exec_columns(session, stmt).all():
            sums[(item_id, key)] = int(total)
    return sums


def _latest_values(
    session: Session, metric_of: Mapping[int, str], until: datetime | None
) -> dict[int, int]:
    """item -> its metric in the newest current Yes that gives it (a share is not summed)."""
    latest: dict[int, tuple[datetime, int, int]] = {}
    for item_id, key in metric_of.items():
        stmt = (
            select(col(AnswerRow.created_at), col(AnswerRow.id), metric_value(key))
            .where(current_yes(), col(AnswerRow.plan_item_id) == item_id, created_before(until))
            .where(metric_value(key).is_not(None))
        )
        for at, answer_id, value in exec_columns(session, stmt).all():
            if item_id not in latest or (at, answer_id) > latest[item_id][:2]:
                latest[item_id] = (at, answer_id, int(value))
    return {item_id: value for item_id, (_at, _id, value) in latest.items()}


def _unit_sums(
    session: Session, item_metric: dict[int, str], unit_ids: set[int], until: datetime | None
) -> dict[int, dict[int, int]]:
    """item -> unit -> the item's metric summed over its members' Yes answers (one query each)."""
    items_by_metric: dict[str, list[int]] = defaultdict(list)
    for item_id, key in item_metric.items():
        items_by_metric[key].append(item_id)
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for key, item_ids in items_by_metric.items():
        # Sum per person first: the join to units then touches thousands of rows, not all.
        per_person = (
            select(
                col(AnswerRow.plan_item_id).label("item_id"),
                col(AnswerRow.person_id).label("person_id"),
                func.sum(metric_value(key)).label("total"),
            )
            .where(current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), created_before(until))
            .group_by(col(AnswerRow.plan_item_id), col(AnswerRow.person_id))
            .subquery()
        )
        stmt = (
            select(
                per_person.c.item_id,
                col(PersonUnitRow.unit_id),
                func.coalesce(func.sum(per_person.c.total), 0),
            )
            .join(PersonUnitRow, col(PersonUnitRow.person_id) == per_person.c.person_id)
            .where(col(PersonUnitRow.unit_id).in_(unit_ids))
            .group_by(per_person.c.item_id, col(PersonUnitRow.unit_id))
        )
        for item_id, unit_id, total in exec_columns(session, stmt).all():
            out[item_id][unit_id] = int(total)
    return out


def _unit_occurrences(
    session: Session, item_ids: list[int], unit_ids: set[int], until: datetime | None
) -> dict[int, dict[int, frozenset[str]]]:
    stmt = (
        select(col(AnswerRow.plan_item_id), col(PersonUnitRow.unit_id), col(CheckinRow.occurrence))
        .distinct()
        .select_from(AnswerRow)
        .join(CheckinRow, col(CheckinRow.id) == col(AnswerRow.checkin_id))
        .join(PersonUnitRow, col(PersonUnitRow.person_id) == col(AnswerRow.person_id))
        .where(current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), created_before(until))
        .where(col(PersonUnitRow.unit_id).in_(unit_ids))
    )
    found: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item_id, unit_id, occurrence in exec_columns(session, stmt).all():
        found[item_id][unit_id].add(occurrence)
    return {i: {u: frozenset(o) for u, o in units.items()} for i, units in found.items()}


def _summed_metric(target: Target) -> str | None:
    """The metric a target adds up (SUM, or a direction naming a metric); None: it counts."""
    summed = target.kind is TargetKind.SUM or target.value is None
    return target.metric if summed and target.metric else None


def _is_percent(spec: ItemSpec) -> bool:
    return spec.target is not None and (spec.target.unit or "").lower() == "percent"


def _occurrences_done(
    session: Session, item_ids: list[int], until: datetime | None
) -> dict[int, int]:
    stmt = (
        select(col(AnswerRow.plan_item_id), func.count(func.distinct(col(CheckinRow.occurrence))))
        .join(CheckinRow, col(CheckinRow.id) == col(AnswerRow.checkin_id))
        .where(current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), created_before(until))
        .group_by(col(AnswerRow.plan_item_id))
    )
    return {item_id: int(n) for item_id, n in exec_columns(session, stmt).all()}


def _times_items(session: Session, targeted: list[tuple[int, ItemSpec]]) -> set[int]:
    """The items asked once whose count target counts the times stewards report."""
    spec_of = {i: s for i, s in targeted if s.target and counts_occurrences(s.target)}
    if not spec_of:
        return set()
    stmt = (
        select(col(PlanItemRow.id), col(PlanRow.period_start), col(PlanRow.period_end))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .where(col(PlanItemRow.id).in_(list(spec_of)))
    )
    rows = exec_columns(session, stmt).all()
    return {i for i, start, end in rows if counts_times(spec_of[i], start, end)}


def _times_done(
    session: Session, item_ids: list[int], unit_ids: set[int], until: datetime | None
) -> tuple[dict[int, int], dict[int, dict[int, int]]]:
    """Reported times per item, and per item and unit of the person who reported.

    Several owners reporting on the same occurrence report the same activity: the largest
    number counts, as an occurrence counts once however many owners answered Yes.
    """
    stmt = (
        select(
            col(AnswerRow.plan_item_id),
            col(AnswerRow.person_id),
            col(CheckinRow.occurrence),
            col(AnswerRow.numbers),
        )
        .join(CheckinRow, col(CheckinRow.id) == col(AnswerRow.checkin_id))
        .where(current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), created_before(until))
    )
    answers = exec_columns(session, stmt).all()
    people = {person for _i, person, _o, _n in answers}
    units_of: dict[int, set[int]] = defaultdict(set)
    if people and unit_ids:
        member_stmt = select(col(PersonUnitRow.person_id), col(PersonUnitRow.unit_id)).where(
            col(PersonUnitRow.person_id).in_(people), col(PersonUnitRow.unit_id).in_(unit_ids)
        )
        for person, unit in exec_columns(session, member_stmt).all():
            units_of[person].add(unit)
    best: dict[tuple[int, str], int] = defaultdict(int)
    unit_best: dict[tuple[int, int, str], int] = defaultdict(int)
    for item_id, person, occurrence, numbers in answers:
        times = times_reported(numbers or {})
        best[(item_id, occurrence)] = max(best[(item_id, occurrence)], times)
        for unit in units_of[person]:
            key = (item_id, unit, occurrence)
            unit_best[key] = max(unit_best[key], times)
    done: dict[int, int] = defaultdict(int)
    for (item_id, _occurrence), times in best.items():
        done[item_id] += times
    per_unit: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (item_id, unit, _occurrence), times in unit_best.items():
        per_unit[item_id][unit] += times
    return dict(done), {i: dict(u) for i, u in per_unit.items()}


def target_facts(
    session: Session,
    items: Sequence[tuple[int, int, ItemSpec]],
    unit_ids: set[int],
    until: datetime | None,
) -> list[TargetFacts]:
    """Aggregates for every item with a target.

    Plan-wide targets get occurrences done (COUNT) or the metric's sum (SUM, directions);
    scoped targets get the same per unit instead, which is all their progress needs.
    """
    targeted = [(item_id, spec) for item_id, _area, spec in items if spec.target is not None]
    spec_of = dict(targeted)
    metric_of = {i: m for i, s in targeted if s.target and (m := _summed_metric(s.target))}
    scoped = {i for i, s in targeted if s.target and s.target.scope}
    counted = [i for i, _s in targeted if i not in metric_of and i not in scoped]
    done = _occurrences_done(session, counted, until) if counted else {}
    shares = {i: m for i, m in metric_of.items() if i not in scoped and _is_percent(spec_of[i])}
    latest = _latest_values(session, shares, until) if shares else {}
    plain_sums = {i: [m] for i, m in metric_of.items() if i not in scoped and i not in shares}
    sums = metric_sums(session, plain_sums, until)
    scoped_sums = {i: m for i, m in metric_of.items() if i in scoped}
    unit_sums = _unit_sums(session, scoped_sums, unit_ids, until) if scoped_sums else {}
    scoped_counts = [i for i in scoped if i not in scoped_sums]
    unit_occ = _unit_occurrences(session, scoped_counts, unit_ids, until) if scoped_counts else {}
    times_items = _times_items(session, targeted)
    times_done, unit_times = (
        _times_done(session, list(times_items), unit_ids, until) if times_items else ({}, {})
    )
    facts = []
    for item_id, spec in targeted:
        assert spec.target is not None
        facts.append(
            TargetFacts(
                item_id=item_id,
                item_key=spec.key,
                title=spec.title,
                target=spec.target,
                occurrences_done=(
                    times_done.get(item_id, 0) if item_id in times_items else done.get(item_id, 0)
                ),
                metric_sum=sums.get((item_id, metric_of.get(item_id, "")), 0),
                unit_occurrences=unit_occ.get(item_id, {}),
                unit_sums=unit_sums.get(item_id, {}),
                counts_times=item_id in times_items,
                unit_times=unit_times.get(item_id, {}),
                latest=latest.get(item_id),
            )
        )
    return facts


def plan_target_facts(session: Session, plan_key: str) -> tuple[list[TargetFacts], list[UnitNode]]:
    """A plan's targets over its whole life, with the units their scopes count in."""
    plan = plan_by_key(session, plan_key)
    assert plan.id is not None
    units = load_units(session)
    unit_ids = subtree_ids(units, plan.unit_id)
    items = plan_items(session, [plan.id])
    facts = target_facts(session, items, unit_ids, None)
    return facts, [u for u in units if u.id in unit_ids]
