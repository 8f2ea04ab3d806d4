"""What plan and roster imports take and give back: rosters, results and read-only views."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from bot.core.errors import Problem
from bot.core.model import BoardSpec, ItemSpec, PersonSpec, Role, UnitSpec


@dataclass(frozen=True)
class Roster:
    """Units, boards and people from one roster file; a roster may be partial."""

    units: tuple[UnitSpec, ...] = ()
    boards: tuple[BoardSpec, ...] = ()
    people: tuple[PersonSpec, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class ImportResult:
    """What an import did. Plans count items; rosters count units, boards and people."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    deleted: int = 0
    unarchived: int = 0
    warnings: tuple[Problem, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)  # rosters: per kind, e.g. "people"


@dataclass(frozen=True)
class PlanSummary:
    key: str
    title: str
    unit: str
    period_start: date
    period_end: date
    language: str
    items: int  # active items
    archived_items: int
    imported_at: datetime | None
    archived: bool


@dataclass(frozen=True)
class ItemDetail:
    key: str
    spec: ItemSpec  # schedule, owners, metrics, target, review note
    archived: bool


@dataclass(frozen=True)
class AreaDetail:
    key: str
    title: str
    context: tuple[str, ...]
    archived: bool
    items: tuple[ItemDetail, ...]


@dataclass(frozen=True)
class PlanDetail:
    key: str
    title: str
    unit: str
    period_start: date
    period_end: date
    language: str
    send_time: time | None
    context: tuple[str, ...]
    areas: tuple[AreaDetail, ...]
    source: str
    imported_at: datetime | None


@dataclass(frozen=True)
class PersonSummary:
    key: str
    name: str
    locale: str
    timezone: str
    roles: frozenset[Role]
    units: tuple[str, ...]
    platforms: tuple[str, ...]  # the chat platforms the person has linked
    active: bool
