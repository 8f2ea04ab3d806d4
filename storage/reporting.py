"""Reporting queries: digests, item summaries, exports, the year-end report; aggregated in SQL.

The definitions (period, no answer, coming up) are documented in bot/core/reporting.py.
Everything that counts answers runs as GROUP BY in the database, so a year of answers for a
thousand stewards never passes through Python row by row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Executable
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from bot.core.errors import NotFoundError
from bot.core.i18n import N_
from bot.core.messages import ChatAddress
from bot.core.model import (
    CheckinState,
    Choice,
    ItemSpec,
    Platform,
    ScheduleKind,
    Target,
    TargetKind,
)
from bot.core.reporting import (
    AnnualData,
    AreaDigest,
    AreaReport,
    BoardInfo,
    DigestData,
    DigestWindow,
    ExportFilter,
    ExportRow,
    IsoWeek,
    ItemReport,
    ItemSummaryData,
    PersonCount,
    Recipient,
    ReportComment,
    SummaryDue,
    TargetFacts,
    UnitNode,
    UnknownKeyError,
    UpcomingItem,
)
from bot.core.specjson import followups_from_json, item_from_json
from storage.engine import Database
from storage.tables import (
    AnswerRow,
    AreaRow,
    BoardDestinationRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    DigestRow,
    ItemSummaryRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)

ASK = "ask"
UNANSWERED = [
    s.value for s in (CheckinState.NO_ANSWER, CheckinState.AWAITING, CheckinState.SNOOZED)
]
NOT_REPORTED = [*UNANSWERED, CheckinState.UNREACHABLE.value, CheckinState.MISSED.value]
OPEN = [s.value for s in (CheckinState.SCHEDULED, CheckinState.AWAITING, CheckinState.SNOOZED)]
LIST_LIMIT = 50
UPCOMING_PER_AREA = 8
COMMENTS_PER_ITEM = 25
SUMMARY_MAX_AGE = timedelta(days=60)
DATED_KINDS = frozenset({ScheduleKind.EVENT, ScheduleKind.WINDOW, ScheduleKind.DEADLINE})


# --- units, boards, plans ---------------------------------------------------


def _exec(session: Session, stmt: Executable) -> Any:
    """Run a Core select of columns (sqlmodel's `exec` types only its own select)."""
    return session.exec(cast(Any, stmt))


def load_units(session: Session) -> list[UnitNode]:
    rows = _exec(session, select(col(UnitRow.id), col(UnitRow.kind), col(UnitRow.parent_id))).all()
    return [UnitNode(int(uid), kind, parent) for uid, kind, parent in rows]


def subtree_ids(units: Iterable[UnitNode], root_id: int) -> set[int]:
    """The unit and every unit below it, over any depth (cycles are ignored)."""
    children: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.id)
    seen, stack = {root_id}, [root_id]
    while stack:
        for child in children[stack.pop()]:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


def _board_info(row: BoardRow) -> BoardInfo:
    assert row.id is not None
    return BoardInfo(
        id=row.id,
        key=row.key,
        name=row.name,
        unit_id=row.unit_id,
        locale=row.locale,
        timezone=row.timezone,
        digest_weekday=row.digest_weekday,
        digest_time=time.fromisoformat(row.digest_time),
        digest_to_members=row.digest_to_members,
    )


def list_boards(session: Session) -> list[BoardInfo]:
    return [
        _board_info(row) for row in session.exec(select_rows(BoardRow).order_by(col(BoardRow.id)))
    ]


def get_board(session: Session, key: str) -> BoardInfo:
    row = session.exec(select_rows(BoardRow).where(col(BoardRow.key) == key)).first()
    if row is None:
        raise UnknownKeyError(N_("There is no board with the key {key}."), key=key)
    return _board_info(row)


def _plan_items(session: Session, plan_ids: Sequence[int]) -> list[tuple[int, int, ItemSpec]]:
    """(item id, area id, spec) of the live items of these plans, in plan order."""
    stmt = (
        select_rows(PlanItemRow)
        .where(col(PlanItemRow.plan_id).in_(plan_ids), col(PlanItemRow.archived_at).is_(None))
        .order_by(col(PlanItemRow.plan_id), col(PlanItemRow.position), col(PlanItemRow.id))
    )
    out = []
    for row in session.exec(stmt):
        assert row.id is not None
        spec = item_from_json(row.key, row.title, row.description, row.spec)
        out.append((row.id, row.area_id, spec))
    return out


def _live_plans(session: Session, unit_ids: Iterable[int]) -> list[PlanRow]:
    stmt = (
        select_rows(PlanRow)
        .where(col(PlanRow.unit_id).in_(list(unit_ids)), col(PlanRow.archived_at).is_(None))
        .order_by(col(PlanRow.period_start), col(PlanRow.id))
    )
    return list(session.exec(stmt))


# --- shared aggregates ------------------------------------------------------


def _metric(key: str) -> ColumnElement[int]:
    numbers = cast(Any, col(AnswerRow.numbers))
    return cast(ColumnElement[int], numbers[key].as_integer())


def _is_current() -> ColumnElement[bool]:
    # "<> false" rather than "is true": SQLite's planner would otherwise read the answers
    # through the index on this boolean (half a million rows) instead of by item and time.
    return col(AnswerRow.current) != False  # noqa: E712


def _current_yes() -> ColumnElement[bool]:
    return and_(_is_current(), col(AnswerRow.choice) == Choice.YES.value)


def _before(until: datetime | None) -> ColumnElement[bool]:
    return col(AnswerRow.created_at) < until if until is not None else literal(True)


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
            select(col(AnswerRow.plan_item_id), func.coalesce(func.sum(_metric(key)), 0))
            .where(_current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), _before(until))
            .group_by(col(AnswerRow.plan_item_id))
        )
        for item_id, total in _exec(session, stmt).all():
            sums[(item_id, key)] = int(total)
    return sums


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
                func.sum(_metric(key)).label("total"),
            )
            .where(_current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), _before(until))
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
        for item_id, unit_id, total in _exec(session, stmt).all():
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
        .where(_current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), _before(until))
        .where(col(PersonUnitRow.unit_id).in_(unit_ids))
    )
    found: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item_id, unit_id, occurrence in _exec(session, stmt).all():
        found[item_id][unit_id].add(occurrence)
    return {i: {u: frozenset(o) for u, o in units.items()} for i, units in found.items()}


def _summed_metric(target: Target) -> str | None:
    """The metric a target adds up (SUM, or a direction naming a metric); None: it counts."""
    summed = target.kind is TargetKind.SUM or target.value is None
    return target.metric if summed and target.metric else None


def _occurrences_done(
    session: Session, item_ids: list[int], until: datetime | None
) -> dict[int, int]:
    stmt = (
        select(col(AnswerRow.plan_item_id), func.count(func.distinct(col(CheckinRow.occurrence))))
        .join(CheckinRow, col(CheckinRow.id) == col(AnswerRow.checkin_id))
        .where(_current_yes(), col(AnswerRow.plan_item_id).in_(item_ids), _before(until))
        .group_by(col(AnswerRow.plan_item_id))
    )
    return {item_id: int(n) for item_id, n in _exec(session, stmt).all()}


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
    metric_of = {i: m for i, s in targeted if s.target and (m := _summed_metric(s.target))}
    scoped = {i for i, s in targeted if s.target and s.target.scope}
    counted = [i for i, _s in targeted if i not in metric_of and i not in scoped]
    done = _occurrences_done(session, counted, until) if counted else {}
    plain_sums = {i: [m] for i, m in metric_of.items() if i not in scoped}
    sums = metric_sums(session, plain_sums, until)
    scoped_sums = {i: m for i, m in metric_of.items() if i in scoped}
    unit_sums = _unit_sums(session, scoped_sums, unit_ids, until) if scoped_sums else {}
    scoped_counts = [i for i in scoped if i not in scoped_sums]
    unit_occ = _unit_occurrences(session, scoped_counts, unit_ids, until) if scoped_counts else {}
    facts = []
    for item_id, spec in targeted:
        assert spec.target is not None
        facts.append(
            TargetFacts(
                item_id=item_id,
                item_key=spec.key,
                title=spec.title,
                target=spec.target,
                occurrences_done=done.get(item_id, 0),
                metric_sum=sums.get((item_id, metric_of.get(item_id, "")), 0),
                unit_occurrences=unit_occ.get(item_id, {}),
                unit_sums=unit_sums.get(item_id, {}),
            )
        )
    return facts


def _comment_filter() -> ColumnElement[bool]:
    return or_(
        and_(col(AnswerRow.comment).is_not(None), col(AnswerRow.comment) != ""),
        and_(col(AnswerRow.blocker).is_not(None), col(AnswerRow.blocker) != ""),
        col(AnswerRow.needs_help).is_(True),
    )


def _comment(row: Any) -> ReportComment:
    title, name, comment, blocker, needs_help, at = row
    return ReportComment(title, name, comment or "", blocker or None, bool(needs_help), at)


def _comment_columns() -> tuple[Any, ...]:
    return (
        col(PlanItemRow.title),
        col(PersonRow.name),
        col(AnswerRow.comment),
        col(AnswerRow.blocker),
        col(AnswerRow.needs_help),
        col(AnswerRow.created_at),
    )


def answer_comments(session: Session, *where: ColumnElement[bool]) -> list[ReportComment]:
    """Comments of current answers, those asking for help (or naming a blocker) first."""
    stmt = (
        select(*_comment_columns())
        .select_from(AnswerRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
        .join(PersonRow, col(PersonRow.id) == col(AnswerRow.person_id))
        .where(_is_current(), _comment_filter(), *where)
        .order_by(
            col(AnswerRow.needs_help).desc(),
            case((col(AnswerRow.blocker).is_(None), 1), else_=0),
            col(AnswerRow.created_at),
            col(AnswerRow.id),
        )
        .limit(LIST_LIMIT)
    )
    return [_comment(row) for row in _exec(session, stmt).all()]


# --- the weekly digest ------------------------------------------------------


def _area_choice_counts(
    session: Session, item_ids: list[int], window: DigestWindow
) -> dict[tuple[int, str], int]:
    stmt = (
        select(col(PlanItemRow.area_id), col(AnswerRow.choice), func.count())
        .select_from(AnswerRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
        .where(_is_current(), col(AnswerRow.plan_item_id).in_(item_ids))
        .where(col(AnswerRow.created_at) >= window.period_start)
        .where(col(AnswerRow.created_at) < window.period_end)
        .group_by(col(PlanItemRow.area_id), col(AnswerRow.choice))
    )
    return {(area, choice): int(n) for area, choice, n in _exec(session, stmt).all()}


def _unanswered(item_ids: list[int], window: DigestWindow) -> ColumnElement[bool]:
    return and_(
        col(CheckinRow.plan_item_id).in_(item_ids),
        col(CheckinRow.prompt) == ASK,
        col(CheckinRow.state).in_(UNANSWERED),
        col(CheckinRow.due_at) >= window.lookback_start,
        col(CheckinRow.due_at) < window.period_end,
    )


def _area_unanswered(session: Session, item_ids: list[int], window: DigestWindow) -> dict[int, int]:
    stmt = (
        select(col(PlanItemRow.area_id), func.count())
        .select_from(CheckinRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(CheckinRow.plan_item_id))
        .where(_unanswered(item_ids, window))
        .group_by(col(PlanItemRow.area_id))
    )
    return {area: int(n) for area, n in _exec(session, stmt).all()}


def _not_answered_people(
    session: Session, item_ids: list[int], window: DigestWindow
) -> list[PersonCount]:
    stmt = (
        select(col(PersonRow.name), func.count())
        .select_from(CheckinRow)
        .join(PersonRow, col(PersonRow.id) == col(CheckinRow.person_id))
        .where(_unanswered(item_ids, window))
        .group_by(col(PersonRow.id), col(PersonRow.name))
        .order_by(func.count().desc(), col(PersonRow.name))
        .limit(LIST_LIMIT)
    )
    return [PersonCount(name, int(n)) for name, n in _exec(session, stmt).all()]


def _unreachable_people(
    session: Session, unit_ids: set[int], item_ids: list[int], window: DigestWindow
) -> list[str]:
    by_identity = (
        select(col(PersonRow.name))
        .join(PersonUnitRow, col(PersonUnitRow.person_id) == col(PersonRow.id))
        .join(ChatIdentityRow, col(ChatIdentityRow.person_id) == col(PersonRow.id))
        .where(col(PersonUnitRow.unit_id).in_(unit_ids), col(PersonRow.active).is_(True))
        .where(col(ChatIdentityRow.unreachable_at).is_not(None))
    )
    by_checkin = (
        select(col(PersonRow.name))
        .join(CheckinRow, col(CheckinRow.person_id) == col(PersonRow.id))
        .where(col(CheckinRow.plan_item_id).in_(item_ids))
        .where(col(CheckinRow.state) == CheckinState.UNREACHABLE.value)
        .where(col(CheckinRow.due_at) >= window.lookback_start)
        .where(col(CheckinRow.due_at) < window.period_end)
    )
    names = {name for (name,) in _exec(session, by_identity.union(by_checkin)).all()}
    return sorted(names)[:LIST_LIMIT]


def _upcoming(
    session: Session, item_ids: list[int], window: DigestWindow
) -> list[tuple[int, str, datetime]]:
    stmt = (
        select(
            col(CheckinRow.plan_item_id),
            col(CheckinRow.occurrence),
            func.min(col(CheckinRow.due_at)),
        )
        .where(col(CheckinRow.plan_item_id).in_(item_ids))
        .where(col(CheckinRow.state) != CheckinState.ARCHIVED.value)
        .where(col(CheckinRow.due_at) >= window.period_end)
        .where(col(CheckinRow.due_at) < window.upcoming_end)
        .group_by(col(CheckinRow.plan_item_id), col(CheckinRow.occurrence))
        .order_by(func.min(col(CheckinRow.due_at)))
    )
    return [(item, occ, due) for item, occ, due in _exec(session, stmt).all()]


def _occurrence_date(occurrence: str, fallback: date) -> date:
    try:
        return date.fromisoformat(occurrence[:10])
    except ValueError:
        return fallback


def _upcoming_by_area(
    session: Session, items: list[tuple[int, int, ItemSpec]], window: DigestWindow
) -> dict[int, list[UpcomingItem]]:
    spec_of = {item_id: (area_id, spec) for item_id, area_id, spec in items}
    upcoming: dict[int, list[UpcomingItem]] = defaultdict(list)
    for item_id, occurrence, due in _upcoming(session, list(spec_of), window):
        area_id, spec = spec_of[item_id]
        if len(upcoming[area_id]) < UPCOMING_PER_AREA:
            on = _occurrence_date(occurrence, due.date())
            upcoming[area_id].append(UpcomingItem(spec.title, on))
    return upcoming


def _area_digests(
    session: Session,
    plans: list[PlanRow],
    items: list[tuple[int, int, ItemSpec]],
    window: DigestWindow,
) -> list[AreaDigest]:
    item_ids = [item_id for item_id, _a, _s in items]
    counts = _area_choice_counts(session, item_ids, window)
    unanswered = _area_unanswered(session, item_ids, window)
    upcoming = _upcoming_by_area(session, items, window)
    plan_title = {p.id: p.title for p in plans}
    area_stmt = (
        select_rows(AreaRow)
        .where(col(AreaRow.plan_id).in_(list(plan_title)), col(AreaRow.archived_at).is_(None))
        .order_by(col(AreaRow.plan_id), col(AreaRow.position), col(AreaRow.id))
    )
    areas = []
    for row in session.exec(area_stmt):
        assert row.id is not None
        areas.append(
            AreaDigest(
                plan_title=plan_title[row.plan_id],
                area_title=row.title,
                done=counts.get((row.id, Choice.YES.value), 0),
                not_done=counts.get((row.id, Choice.NO.value), 0),
                no_answer=unanswered.get(row.id, 0),
                upcoming=tuple(upcoming.get(row.id, ())),
            )
        )
    return areas


def digest_data(
    session: Session, board: BoardInfo, week: IsoWeek, window: DigestWindow
) -> DigestData:
    """Everything one board's digest shows, for its unit and all units below it."""
    units = load_units(session)
    unit_ids = subtree_ids(units, board.unit_id)
    plans = _live_plans(session, unit_ids)
    items = _plan_items(session, [p.id for p in plans if p.id is not None])
    item_ids = [item_id for item_id, _a, _s in items]
    in_period = and_(
        col(AnswerRow.plan_item_id).in_(item_ids),
        col(AnswerRow.created_at) >= window.period_start,
        col(AnswerRow.created_at) < window.period_end,
    )
    monday = week.monday()
    return DigestData(
        board=board,
        week=week,
        period_start=monday - timedelta(days=7),
        period_end=monday,
        areas=tuple(_area_digests(session, plans, items, window)),
        targets=tuple(target_facts(session, items, unit_ids, window.period_end)),
        units=tuple(u for u in units if u.id in unit_ids),
        comments=tuple(answer_comments(session, in_period)),
        not_answered=tuple(_not_answered_people(session, item_ids, window)),
        unreachable=tuple(_unreachable_people(session, unit_ids, item_ids, window)),
    )


def claim_digest(session: Session, board_id: int, week: IsoWeek, at: datetime) -> None:
    """Insert the (board, week) row; the unique constraint raises for the second caller."""
    session.add(DigestRow(board_id=board_id, iso_week=str(week), state="claimed", claimed_at=at))
    session.flush()


def finish_digest(session: Session, board_id: int, week: IsoWeek, state: str, at: datetime) -> None:
    row = session.exec(
        select_rows(DigestRow).where(
            col(DigestRow.board_id) == board_id, col(DigestRow.iso_week) == str(week)
        )
    ).one()
    row.state = state
    row.sent_at = at
    session.add(row)


def _person_recipients(session: Session, person_ids: Iterable[int]) -> list[Recipient]:
    """One reachable DM per person (the first linked identity), in the person's language."""
    stmt = (
        select(ChatIdentityRow, col(PersonRow.locale))
        .join(PersonRow, col(PersonRow.id) == col(ChatIdentityRow.person_id))
        .where(col(ChatIdentityRow.person_id).in_(list(person_ids)))
        .where(col(ChatIdentityRow.unreachable_at).is_(None), col(PersonRow.active).is_(True))
        .where(col(ChatIdentityRow.chat_id).is_not(None))
        .order_by(col(ChatIdentityRow.person_id), col(ChatIdentityRow.id))
    )
    out: dict[int, Recipient] = {}
    for identity, locale in _exec(session, stmt).all():
        if identity.person_id in out or identity.platform not in Platform.__members__.values():
            continue
        address = ChatAddress(
            Platform(identity.platform),
            identity.chat_id or "",
            identity.workspace,
            identity.user_id,
        )
        out[identity.person_id] = Recipient(address, locale, identity.person_id)
    return list(out.values())


def _board_destinations(session: Session, board: BoardInfo) -> list[Recipient]:
    stmt = select_rows(BoardDestinationRow).where(col(BoardDestinationRow.board_id) == board.id)
    return [
        Recipient(ChatAddress(Platform(d.platform), d.chat_id, d.workspace), board.locale)
        for d in session.exec(stmt.order_by(col(BoardDestinationRow.id)))
        if d.platform in Platform.__members__.values()
    ]


def board_recipients(session: Session, board: BoardInfo) -> list[Recipient]:
    recipients = _board_destinations(session, board)
    if board.digest_to_members:
        members = _exec(
            session,
            select(col(BoardMemberRow.person_id)).where(col(BoardMemberRow.board_id) == board.id),
        ).all()
        recipients += _person_recipients(session, [pid for (pid,) in members])
    return recipients


# --- item summaries ---------------------------------------------------------


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
    groups = _exec(session, stmt).all()
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
    for item, settings in _exec(session, stmt).all():
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
        _exec(
            session,
            select(col(AnswerRow.choice), func.count())
            .where(_is_current(), in_occurrence)
            .group_by(col(AnswerRow.choice)),
        ).all()
    )
    sums = []
    for metric in spec.metrics:
        total = _exec(
            session,
            select(func.coalesce(func.sum(_metric(metric.key)), 0)).where(
                _current_yes(), in_occurrence
            ),
        ).one()[0]
        sums.append((metric.label, int(total)))
    asked = _exec(
        session,
        select(col(CheckinRow.person_id), col(CheckinRow.state)).where(
            col(CheckinRow.id).in_(_occurrence_checkins(due))
        ),
    ).all()
    return ItemSummaryData(
        item_id=due.item_id,
        item_title=spec.title,
        occurrence=_occurrence_date(due.occurrence, plan.period_end),
        done=int(choices.get(Choice.YES.value, 0)),
        not_done=int(choices.get(Choice.NO.value, 0)),
        no_answer=sum(1 for _pid, state in asked if state in NOT_REPORTED),
        sums=tuple(sums),
        comments=tuple(
            answer_comments(session, col(AnswerRow.plan_item_id) == due.item_id, in_occurrence)
        ),
        recipients=tuple(_summary_recipients(session, plan, {pid for pid, _s in asked})),
    )


def _summary_recipients(session: Session, plan: PlanRow, owners: set[int]) -> list[Recipient]:
    recipients = _person_recipients(session, owners)
    boards = session.exec(select_rows(BoardRow).where(col(BoardRow.unit_id) == plan.unit_id))
    for board in boards:
        recipients += _board_destinations(session, _board_info(board))
    return recipients


# --- the year-end report ----------------------------------------------------


def _plan_by_key(session: Session, key: str) -> PlanRow:
    plan = session.exec(select_rows(PlanRow).where(col(PlanRow.key) == key)).first()
    if plan is None:
        raise UnknownKeyError(N_("There is no plan with the key {key}."), key=key)
    return plan


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
            *(func.sum(case((is_yes, _metric(key)), else_=0)) for key in keys),
        )
        .where(_is_current(), col(AnswerRow.plan_item_id).in_(ids))
        .group_by(col(AnswerRow.plan_item_id), col(AnswerRow.choice))
    )
    counts: dict[tuple[int, str], int] = {}
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for item_id, choice, n, *totals in _exec(session, stmt).all():
        counts[(item_id, choice)] = int(n)
        for key, total in zip(keys, totals, strict=True):
            sums[(item_id, key)] += int(total or 0)
    return counts, sums


def _item_not_reported(session: Session, item_ids: list[int], now: datetime) -> dict[int, int]:
    stmt = (
        select(col(CheckinRow.plan_item_id), func.count())
        .where(col(CheckinRow.plan_item_id).in_(item_ids), col(CheckinRow.prompt) == ASK)
        .where(col(CheckinRow.state).in_(NOT_REPORTED), col(CheckinRow.due_at) <= now)
        .group_by(col(CheckinRow.plan_item_id))
    )
    return {item: int(n) for item, n in _exec(session, stmt).all()}


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
        .where(_is_current(), col(AnswerRow.plan_item_id).in_(item_ids))
        .where(_comment_filter())
        .subquery()
    )
    stmt = (
        select(col(AnswerRow.plan_item_id), *_comment_columns())
        .select_from(AnswerRow)
        .join(ranked, ranked.c.answer_id == col(AnswerRow.id))
        .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
        .join(PersonRow, col(PersonRow.id) == col(AnswerRow.person_id))
        .where(ranked.c.rank <= COMMENTS_PER_ITEM)
        .order_by(col(AnswerRow.created_at), col(AnswerRow.id))
    )
    out: dict[int, list[ReportComment]] = defaultdict(list)
    for item_id, *rest in _exec(session, stmt).all():
        out[item_id].append(_comment(rest))
    return out


def annual_data(session: Session, plan_key: str, now: datetime) -> AnnualData:
    """A plan's whole year: per item the answers counted, numbers summed, comments quoted."""
    plan = _plan_by_key(session, plan_key)
    assert plan.id is not None
    unit = session.get(UnitRow, plan.unit_id)
    units = load_units(session)
    unit_ids = subtree_ids(units, plan.unit_id)
    items = _plan_items(session, [plan.id])
    ids = [item_id for item_id, _a, _s in items]
    counts, sums = _item_totals(session, items)
    missing = _item_not_reported(session, ids, now)
    comments = _item_comments(session, ids)
    by_area: dict[int, list[ItemReport]] = defaultdict(list)
    for item_id, area_id, spec in items:
        by_area[area_id].append(
            ItemReport(
                key=spec.key,
                title=spec.title,
                done=counts.get((item_id, Choice.YES.value), 0),
                not_done=counts.get((item_id, Choice.NO.value), 0),
                not_relevant=counts.get((item_id, Choice.NOT_RELEVANT.value), 0),
                no_answer=missing.get(item_id, 0),
                sums=tuple((m.label, sums.get((item_id, m.key), 0)) for m in spec.metrics),
                comments=tuple(comments.get(item_id, ())),
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


# --- exports ----------------------------------------------------------------


def _unit_by_key(session: Session, key: str) -> UnitRow:
    unit = session.exec(select_rows(UnitRow).where(col(UnitRow.key) == key)).first()
    if unit is None:
        raise UnknownKeyError(N_("There is no unit with the key {key}."), key=key)
    return unit


def _export_filters(
    session: Session, f: ExportFilter
) -> tuple[list[ColumnElement[bool]], set[int] | None]:
    where: list[ColumnElement[bool]] = [_is_current()]
    unit_ids: set[int] | None = None
    if f.plan is not None:
        where.append(col(PlanRow.id) == _plan_by_key(session, f.plan).id)
    if f.area is not None:
        where.append(col(AreaRow.key) == f.area)
    if f.person is not None:
        person = session.exec(select_rows(PersonRow).where(col(PersonRow.key) == f.person)).first()
        if person is None:
            raise UnknownKeyError(N_("There is no person with the key {key}."), key=f.person)
        where.append(col(AnswerRow.person_id) == person.id)
    if f.unit is not None:
        root = _unit_by_key(session, f.unit)
        assert root.id is not None
        unit_ids = subtree_ids(load_units(session), root.id)
        members = select(col(PersonUnitRow.person_id)).where(
            col(PersonUnitRow.unit_id).in_(unit_ids)
        )
        where.append(col(AnswerRow.person_id).in_(members))
    if f.since is not None:
        where.append(col(AnswerRow.created_at) >= datetime.combine(f.since, time(), UTC))
    if f.until is not None:
        end = datetime.combine(f.until + timedelta(days=1), time(), UTC)
        where.append(col(AnswerRow.created_at) < end)
    return where, unit_ids


def export_rows(session: Session, f: ExportFilter) -> list[ExportRow]:
    """Current answers with their plan, area, item, person, unit, occurrence and check-in state."""
    where, unit_ids = _export_filters(session, f)
    unit_name = (
        select(func.min(col(UnitRow.name)))
        .join(PersonUnitRow, col(PersonUnitRow.unit_id) == col(UnitRow.id))
        .where(col(PersonUnitRow.person_id) == col(AnswerRow.person_id))
    )
    if unit_ids is not None:
        unit_name = unit_name.where(col(UnitRow.id).in_(unit_ids))
    stmt = (
        select(
            col(PlanRow.title),
            col(AreaRow.title),
            col(PlanItemRow.key),
            col(PlanItemRow.title),
            col(CheckinRow.occurrence),
            col(PersonRow.name),
            unit_name.scalar_subquery(),
            col(CheckinRow.state),
            col(AnswerRow.choice),
            col(AnswerRow.numbers),
            col(AnswerRow.comment),
            col(AnswerRow.blocker),
            col(AnswerRow.needs_help),
            col(AnswerRow.created_at),
        )
        .select_from(AnswerRow)
        .join(CheckinRow, col(CheckinRow.id) == col(AnswerRow.checkin_id))
        .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
        .join(AreaRow, col(AreaRow.id) == col(PlanItemRow.area_id))
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .join(PersonRow, col(PersonRow.id) == col(AnswerRow.person_id))
        .where(*where)
        .order_by(col(AnswerRow.created_at), col(AnswerRow.id))
    )
    return [
        ExportRow(
            plan=plan,
            area=area,
            item_key=key,
            item_title=title,
            occurrence=occurrence,
            person=person,
            unit=unit or "",
            state=state,
            choice=choice,
            numbers=dict(numbers or {}),
            comment=comment or "",
            blocker=blocker or "",
            needs_help=bool(needs_help),
            answered_at=at,
        )
        for (
            plan,
            area,
            key,
            title,
            occurrence,
            person,
            unit,
            state,
            choice,
            numbers,
            comment,
            blocker,
            needs_help,
            at,
        ) in _exec(session, stmt).all()
    ]


# --- the store the handlers use ---------------------------------------------


class SqlReportingStore:
    """The ReportingStore port on a Database: each call is one transaction off the loop."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def boards(self) -> Sequence[BoardInfo]:
        return await self.db.run(list_boards)

    async def board(self, key: str) -> BoardInfo:
        return await self.db.run(lambda s: get_board(s, key))

    async def digest_data(
        self, board: BoardInfo, week: IsoWeek, window: DigestWindow
    ) -> DigestData:
        return await self.db.run(lambda s: digest_data(s, board, week, window))

    async def claim_digest(self, board_id: int, week: IsoWeek, at: datetime) -> bool:
        try:
            await self.db.run(lambda s: claim_digest(s, board_id, week, at))
        except IntegrityError:
            return False
        return True

    async def finish_digest(self, board_id: int, week: IsoWeek, state: str, at: datetime) -> None:
        await self.db.run(lambda s: finish_digest(s, board_id, week, state, at))

    async def board_recipients(self, board: BoardInfo) -> Sequence[Recipient]:
        return await self.db.run(lambda s: board_recipients(s, board))

    async def due_summaries(self, now: datetime) -> Sequence[SummaryDue]:
        return await self.db.run(lambda s: due_summaries(s, now))

    async def claim_summary(self, due: SummaryDue, at: datetime) -> bool:
        try:
            await self.db.run(lambda s: claim_summary(s, due, at))
        except IntegrityError:
            return False
        return True

    async def summary_data(self, due: SummaryDue) -> ItemSummaryData:
        return await self.db.run(lambda s: summary_data(s, due))
