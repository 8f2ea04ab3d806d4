"""A board's weekly digest: answers of the week per area, who did not answer, what comes up."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from bot.core.model import (
    CheckinState,
    Choice,
    ItemSpec,
)
from bot.core.reporting import (
    AreaDigest,
    BoardInfo,
    DigestData,
    DigestWindow,
    IsoWeek,
    PersonCount,
    UpcomingItem,
)
from storage.away import away_during
from storage.away_digest import roster_digest
from storage.reporting.aggregates import ASK, LIST_LIMIT, UNANSWERED, answer_comments, is_current
from storage.reporting.targets import target_facts
from storage.reporting.units import (
    exec_columns,
    live_plans,
    load_units,
    occurrence_date,
    plan_items,
    subtree_ids,
)
from storage.tables import (
    AnswerRow,
    AreaRow,
    ChatIdentityRow,
    CheckinRow,
    DigestRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
)

UPCOMING_PER_AREA = 8


def _area_choice_counts(
    session: Session, item_ids: list[int], window: DigestWindow
) -> dict[tuple[int, str], int]:
    stmt = (
        select(col(PlanItemRow.area_id), col(AnswerRow.choice), func.count())
        .select_from(AnswerRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
        .where(is_current(), col(AnswerRow.plan_item_id).in_(item_ids))
        .where(col(AnswerRow.created_at) >= window.period_start)
        .where(col(AnswerRow.created_at) < window.period_end)
        .group_by(col(PlanItemRow.area_id), col(AnswerRow.choice))
    )
    return {(area, choice): int(n) for area, choice, n in exec_columns(session, stmt).all()}


def _unanswered(item_ids: list[int], window: DigestWindow) -> ColumnElement[bool]:
    return and_(
        col(CheckinRow.plan_item_id).in_(item_ids),
        col(CheckinRow.prompt) == ASK,
        col(CheckinRow.state).in_(UNANSWERED),
        col(CheckinRow.due_at) >= window.lookback_start,
        col(CheckinRow.due_at) < window.period_end,
        # Someone away during the week is listed as away, not as a non-responder.
        col(CheckinRow.person_id).not_in(away_during(window.period_start, window.period_end)),
    )


def _not_sent(item_ids: list[int], window: DigestWindow) -> ColumnElement[bool]:
    """Requests that fell due in the look-back and that no chat ever delivered.

    They are not "not answered" (nobody was asked), and a board must not read their silence
    as everyone having answered: the digest counts them on their own.
    """
    return and_(
        col(CheckinRow.plan_item_id).in_(item_ids),
        col(CheckinRow.prompt) == ASK,
        col(CheckinRow.state) == CheckinState.SCHEDULED.value,
        col(CheckinRow.due_at) >= window.lookback_start,
        col(CheckinRow.due_at) < window.period_end,
        col(CheckinRow.person_id).not_in(away_during(window.period_start, window.period_end)),
    )


def _area_checkins(session: Session, where: ColumnElement[bool]) -> dict[int, int]:
    stmt = (
        select(col(PlanItemRow.area_id), func.count())
        .select_from(CheckinRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(CheckinRow.plan_item_id))
        .where(where)
        .group_by(col(PlanItemRow.area_id))
    )
    return {area: int(n) for area, n in exec_columns(session, stmt).all()}


def _people_counts(session: Session, where: ColumnElement[bool]) -> list[PersonCount]:
    stmt = (
        select(col(PersonRow.name), func.count())
        .select_from(CheckinRow)
        .join(PersonRow, col(PersonRow.id) == col(CheckinRow.person_id))
        .where(where)
        .group_by(col(PersonRow.id), col(PersonRow.name))
        .order_by(func.count().desc(), col(PersonRow.name))
        .limit(LIST_LIMIT)
    )
    return [PersonCount(name, int(n)) for name, n in exec_columns(session, stmt).all()]


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
    names = {name for (name,) in exec_columns(session, by_identity.union(by_checkin)).all()}
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
    return [(item, occ, due) for item, occ, due in exec_columns(session, stmt).all()]


def _upcoming_by_area(
    session: Session,
    items: list[tuple[int, int, ItemSpec]],
    window: DigestWindow,
    not_before: date,
) -> dict[int, list[UpcomingItem]]:
    """Occurrences that start on or after `not_before` (local), by area.

    A check-in due ahead may be about an occurrence that already began (asked afterwards);
    that one is not coming up.
    """
    spec_of = {item_id: (area_id, spec) for item_id, area_id, spec in items}
    upcoming: dict[int, list[UpcomingItem]] = defaultdict(list)
    for item_id, occurrence, due in _upcoming(session, list(spec_of), window):
        area_id, spec = spec_of[item_id]
        on = occurrence_date(occurrence, due.date())
        if on >= not_before and len(upcoming[area_id]) < UPCOMING_PER_AREA:
            upcoming[area_id].append(UpcomingItem(spec.title, on))
    return upcoming


def _area_digests(
    session: Session,
    plans: list[PlanRow],
    items: list[tuple[int, int, ItemSpec]],
    window: DigestWindow,
    not_before: date,
) -> list[AreaDigest]:
    item_ids = [item_id for item_id, _a, _s in items]
    counts = _area_choice_counts(session, item_ids, window)
    unanswered = _area_checkins(session, _unanswered(item_ids, window))
    not_sent = _area_checkins(session, _not_sent(item_ids, window))
    upcoming = _upcoming_by_area(session, items, window, not_before)
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
                not_relevant=counts.get((row.id, Choice.NOT_RELEVANT.value), 0),
                not_sent=not_sent.get(row.id, 0),
            )
        )
    return areas


def _covering(plans: list[PlanRow], monday: date) -> list[int]:
    """The plans whose period covers the week reported (the one before `monday`).

    A later year's plan of the same unit has no targets in this week, not even at zero. The
    week's answers, requests and comments still come from every live plan: an item of last
    year's plan asked about in January is answered in a week its plan no longer covers.
    """
    first, last = monday - timedelta(days=7), monday - timedelta(days=1)
    return [
        p.id for p in plans if p.id is not None and p.period_start <= last and p.period_end >= first
    ]


def digest_data(
    session: Session, board: BoardInfo, week: IsoWeek, window: DigestWindow
) -> DigestData:
    """Everything one board's digest shows, for its unit and all units below it."""
    units = load_units(session)
    unit_ids = subtree_ids(units, board.unit_id)
    plans = live_plans(session, unit_ids)
    items = plan_items(session, [p.id for p in plans if p.id is not None])
    item_ids = [item_id for item_id, _a, _s in items]
    monday = week.monday()
    target_items = plan_items(session, _covering(plans, monday))
    in_period = and_(
        col(AnswerRow.plan_item_id).in_(item_ids),
        col(AnswerRow.created_at) >= window.period_start,
        col(AnswerRow.created_at) < window.period_end,
    )
    return DigestData(
        board=board,
        week=week,
        period_start=monday - timedelta(days=7),
        period_end=monday,
        areas=tuple(_area_digests(session, plans, items, window, monday)),
        targets=tuple(target_facts(session, target_items, unit_ids, window.period_end)),
        units=tuple(u for u in units if u.id in unit_ids),
        comments=tuple(answer_comments(session, in_period)),
        not_answered=tuple(_people_counts(session, _unanswered(item_ids, window))),
        not_sent=tuple(_people_counts(session, _not_sent(item_ids, window))),
        unreachable=tuple(_unreachable_people(session, unit_ids, item_ids, window)),
        roster=roster_digest(session, unit_ids, item_ids, window, board.timezone),
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
