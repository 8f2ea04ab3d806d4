"""Away periods, handovers and uncovered items: the facts a digest and a chat reply show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class AwayPerson:
    """Someone away during the digest's week; `last_day` None means until further notice."""

    name: str
    last_day: date | None


@dataclass(frozen=True)
class UncoveredItem:
    """An occurrence whose every owner is away for its whole window."""

    title: str
    on: date
    names: tuple[str, ...]


@dataclass(frozen=True)
class HandoverLine:
    """An open check-in moved from someone who left to a person or to the board."""

    title: str
    from_name: str
    to_name: str | None  # None: handed to the board


@dataclass(frozen=True)
class RosterDigest:
    """The digest's people section: who is away, what is uncovered, what moved."""

    away: tuple[AwayPerson, ...] = ()
    uncovered: tuple[UncoveredItem, ...] = ()
    handovers: tuple[HandoverLine, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.away or self.uncovered or self.handovers)


def back_at(last_day: date, timezone: str) -> datetime:
    """The first instant after the last day away: local midnight of the next day."""
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone))


def last_day_of(ends_at: datetime, timezone: str) -> date:
    """The last local day a period that ends at `ends_at` covers."""
    return (ends_at - timedelta(microseconds=1)).astimezone(ZoneInfo(timezone)).date()


def after_away(
    due_at: datetime,
    last_sent_at: datetime | None,
    resumed: Iterable[tuple[datetime, datetime]],
) -> bool:
    """Whether a check-in's next send is the one on return of what fell due while away.

    `resumed`: (start, resumption) of the person's away periods that have resumed. The
    check-in fell due within one of them and has not been sent since that return: it was put
    to the person again then (or closed, and then it is not sent at all).
    """
    return any(
        starts_at <= due_at <= resumed_at and (last_sent_at is None or last_sent_at < resumed_at)
        for starts_at, resumed_at in resumed
    )
