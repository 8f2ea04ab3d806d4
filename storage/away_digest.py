"""The digest's people section from the database: who was away, what is uncovered, what moved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.core.away import AwayPerson, HandoverLine, RosterDigest, UncoveredItem, last_day_of
from bot.core.model import CheckinState
from bot.core.reporting import DigestWindow
from storage.away import ASK, overlapping
from storage.tables import (
    AwayPeriodRow,
    CheckinRow,
    HandoverRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
)

LIST_LIMIT = 50
_Span = tuple[datetime, datetime | None]


def roster_digest(
    session: Session,
    unit_ids: Collection[int],
    item_ids: Sequence[int],
    window: DigestWindow,
    timezone: str,
) -> RosterDigest:
    """Everything the digest says about people: the week's away periods, gaps, handovers."""
    return RosterDigest(
        away=tuple(_away_people(session, unit_ids, window, timezone)),
        uncovered=tuple(_uncovered(session, item_ids, window, timezone)),
        handovers=tuple(_handovers(session, item_ids, window)),
    )


def _away_people(
    session: Session, unit_ids: Collection[int], window: DigestWindow, timezone: str
) -> list[AwayPerson]:
    in_units = select(col(PersonUnitRow.person_id)).where(col(PersonUnitRow.unit_id).in_(unit_ids))
    rows = session.exec(
        select(PersonRow.name, AwayPeriodRow.ends_at)
        .join(AwayPeriodRow, col(AwayPeriodRow.person_id) == col(PersonRow.id))
        .where(col(PersonRow.id).in_(in_units), col(PersonRow.active))
        .where(overlapping(window.period_start, window.period_end))
        .order_by(col(PersonRow.name), col(AwayPeriodRow.starts_at))
        .limit(LIST_LIMIT)
    ).all()
    found: dict[str, AwayPerson] = {}
    for name, ends_at in rows:
        last = last_day_of(ends_at, timezone) if ends_at is not None else None
        found[name] = AwayPerson(name, last)  # the latest period of the week wins
    return list(found.values())


def _spans(session: Session, person_ids: Collection[int]) -> dict[int, list[_Span]]:
    spans: dict[int, list[_Span]] = defaultdict(list)
    rows = session.exec(
        select(AwayPeriodRow).where(col(AwayPeriodRow.person_id).in_(list(person_ids)))
    ).all()
    for row in rows:
        spans[row.person_id].append((row.starts_at, row.ends_at))
    return spans


def _covers(spans: list[_Span], start: datetime, end: datetime) -> bool:
    return any(s <= start and (e is None or e >= end) for s, e in spans)


def _uncovered(
    session: Session, item_ids: Sequence[int], window: DigestWindow, timezone: str
) -> list[UncoveredItem]:
    """Occurrences from the look-back to the weeks ahead whose every owner is away throughout.

    An occurrence's window is its days (the event, the window, the deadline's day), whole,
    from local midnight to local midnight in the board's time zone.
    """
    rows = session.exec(
        select(CheckinRow, PlanItemRow.title, PersonRow.name)
        .join(PlanItemRow, col(PlanItemRow.id) == col(CheckinRow.plan_item_id))
        .join(PersonRow, col(PersonRow.id) == col(CheckinRow.person_id))
        .where(col(CheckinRow.plan_item_id).in_(item_ids), col(CheckinRow.prompt) == ASK)
        .where(col(CheckinRow.state) != CheckinState.ARCHIVED.value)
        .where(col(CheckinRow.due_at) >= window.lookback_start)
        .where(col(CheckinRow.due_at) < window.upcoming_end)
    ).all()
    spans = _spans(session, {c.person_id for c, *_ in rows})
    zone = ZoneInfo(timezone)
    groups: dict[tuple[int, str], list[tuple[bool, str, str]]] = defaultdict(list)
    for checkin, title, name in rows:
        first = date.fromisoformat(checkin.occurrence)
        last = checkin.occurrence_end or first
        start = datetime.combine(first, time(0), tzinfo=zone)
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)
        away = _covers(spans[checkin.person_id], start, end)
        groups[(checkin.plan_item_id, checkin.occurrence)].append((away, title, name))
    found = [
        UncoveredItem(owners[0][1], date.fromisoformat(occurrence), tuple(n for *_, n in owners))
        for (_item, occurrence), owners in groups.items()
        if all(away for away, *_ in owners)
    ]
    return sorted(found, key=lambda u: (u.on, u.title))[:LIST_LIMIT]


def _handovers(
    session: Session, item_ids: Sequence[int], window: DigestWindow
) -> list[HandoverLine]:
    giver, taker = aliased(PersonRow), aliased(PersonRow)
    rows = session.exec(
        select(PlanItemRow.title, giver.name, taker.name)
        .select_from(HandoverRow)
        .join(PlanItemRow, col(PlanItemRow.id) == col(HandoverRow.plan_item_id))
        .join(giver, col(giver.id) == col(HandoverRow.from_person_id))
        .outerjoin(taker, col(taker.id) == col(HandoverRow.to_person_id))
        .where(col(HandoverRow.plan_item_id).in_(item_ids))
        .where(col(HandoverRow.at) >= window.period_start, col(HandoverRow.at) < window.period_end)
        .order_by(col(HandoverRow.at), col(HandoverRow.id))
        .limit(LIST_LIMIT)
    ).all()
    return [HandoverLine(title, from_name, to_name) for title, from_name, to_name in rows]
