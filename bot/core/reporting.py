"""Reporting types: what storage hands to digests, summaries, exports and the year-end report.

Definitions used throughout: the digest sent during ISO week W reports on week W-1 and is
named after it ("week W-1", Monday to Sunday); `DigestData.week` is the week it is sent in
(the key that makes it go out once), `DigestData.reported_week` the week it is about.

- *period*: the seven local days before the sending week, Monday 00:00 to Monday 00:00 in the
  board's time zone, i.e. the reported week. "Done" and "not done" count report requests
  (ask check-ins) whose current answer is Yes or No and was given in the period.
- *no answer*: ask check-ins due in the look-back window (four weeks up to the period's end)
  that are in state no_answer, or still awaiting/snoozed with no current answer.
- *coming up*: (item, occurrence) pairs with a check-in due in the next N weeks.
- *target progress* runs over the whole plan up to the period's end; see handlers/progress.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol

from bot.core.away import RosterDigest
from bot.core.errors import NotFoundError, UserFacingError
from bot.core.i18n import N_, Translator
from bot.core.messages import ChatAddress
from bot.core.model import Target

_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MAX_WEEK_TEXT = 16


class UnknownKeyError(NotFoundError, UserFacingError):
    """A plan, board, unit or person key given on the command line does not exist."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """'2025-W12' -> IsoWeek(2025, 12); anything else is a UserFacingError."""
        match = _ISO_WEEK.match(text.strip()[:MAX_WEEK_TEXT])
        if match is None:
            raise UserFacingError(N_("Not an ISO week: use the form 2025-W12."))
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise UserFacingError(
                N_("Week {week} does not exist in {year}."), week=week, year=year
            ) from None
        return cls(year, week)

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


@dataclass(frozen=True)
class BoardInfo:
    id: int
    key: str
    name: str
    unit_id: int
    locale: str
    timezone: str
    digest_weekday: int = 0
    digest_time: time = time(8, 0)
    digest_to_members: bool = False


@dataclass(frozen=True)
class Recipient:
    """Where one copy of a message goes, and in which language."""

    address: ChatAddress
    locale: str
    person_id: int | None = None


@dataclass(frozen=True)
class DigestWindow:
    """The instants (UTC) a digest looks at."""

    period_start: datetime
    period_end: datetime
    lookback_start: datetime
    upcoming_end: datetime


@dataclass(frozen=True)
class UpcomingItem:
    title: str
    on: date


@dataclass(frozen=True)
class AreaDigest:
    plan_title: str
    area_title: str
    done: int
    not_done: int
    no_answer: int
    upcoming: tuple[UpcomingItem, ...] = ()
    not_relevant: int = 0
    not_sent: int = 0  # requests due in the look-back that no chat ever delivered


@dataclass(frozen=True)
class UnitNode:
    id: int
    kind: str
    parent_id: int | None


@dataclass(frozen=True)
class TargetFacts:
    """Raw aggregates for one item with a target; handlers/progress.py turns them into progress.

    A plan-wide target carries occurrences_done (COUNT) or metric_sum (SUM or a direction with
    a metric); a scoped target carries unit_occurrences or unit_sums instead (the others are 0).
    """

    item_id: int
    item_key: str
    title: str
    target: Target
    occurrences_done: int
    metric_sum: int
    unit_occurrences: Mapping[int, frozenset[str]] = field(default_factory=dict)
    unit_sums: Mapping[int, int] = field(default_factory=dict)
    # Asked once (bot/core/counting.py): occurrences_done and unit_times hold reported times.
    counts_times: bool = False
    unit_times: Mapping[int, int] = field(default_factory=dict)
    # A percentage target: the newest reported figure (a share is not summed), None before any.
    latest: int | None = None


@dataclass(frozen=True)
class TargetProgress:
    item_key: str
    label: str
    achieved: int  # occurrences done (COUNT) or the metric's sum (SUM)
    goal: int | None  # None: a direction without a number
    scope: str | None = None  # unit kind
    units_reached: int = 0
    units_total: int = 0
    percent: bool = False  # achieved and goal are percentages ("62 % of 80 %")
    measured: bool = True  # False: nothing reported yet to compare (a percentage before any)

    @property
    def fraction(self) -> float | None:
        """Share of the target reached (0..), or None when there is nothing to compare with."""
        if not self.measured:
            return None
        if self.scope is not None:
            return self.units_reached / self.units_total if self.units_total else None
        if self.goal:
            return self.achieved / self.goal
        return None

    @property
    def reached(self) -> bool:
        fraction = self.fraction
        return fraction is not None and fraction >= 1


@dataclass(frozen=True)
class ReportComment:
    item_title: str
    person_name: str
    text: str
    blocker: str | None
    needs_help: bool
    at: datetime
    new_date: date | None = None  # the steward's new date after a No


@dataclass(frozen=True)
class PersonCount:
    name: str
    count: int


@dataclass(frozen=True)
class DigestData:
    board: BoardInfo
    week: IsoWeek
    period_start: date  # local, inclusive
    period_end: date  # local, exclusive
    areas: tuple[AreaDigest, ...]
    targets: tuple[TargetFacts, ...]
    units: tuple[UnitNode, ...]
    comments: tuple[ReportComment, ...]
    not_answered: tuple[PersonCount, ...]
    unreachable: tuple[str, ...]
    roster: RosterDigest = field(default_factory=RosterDigest)  # away, uncovered, handed over
    not_sent: tuple[PersonCount, ...] = ()  # people whose due requests were never delivered

    @property
    def reported_week(self) -> IsoWeek:
        """The week the digest is about (its period), which names it."""
        return IsoWeek.of(self.period_start)


@dataclass(frozen=True)
class SummaryDue:
    """A dated item's occurrence that has closed and has not been summarised yet."""

    item_id: int
    occurrence: str


@dataclass(frozen=True)
class ItemSummaryData:
    item_id: int
    item_title: str
    occurrence: date
    done: int
    not_done: int
    no_answer: int
    sums: tuple[tuple[str, int], ...]  # (metric label, sum)
    comments: tuple[ReportComment, ...]
    recipients: tuple[Recipient, ...]
    not_relevant: int = 0


@dataclass(frozen=True)
class ItemReport:
    key: str
    title: str
    done: int
    not_done: int
    not_relevant: int
    no_answer: int
    sums: tuple[tuple[str, int], ...]
    comments: tuple[ReportComment, ...]
    asked: int = 1  # requests that fell due (0: never asked yet)
    not_sent: int = 0  # of those, requests no chat ever delivered


@dataclass(frozen=True)
class AreaReport:
    title: str
    items: tuple[ItemReport, ...]


@dataclass(frozen=True)
class AnnualData:
    plan_key: str
    plan_title: str
    unit_name: str
    period_start: date
    period_end: date
    areas: tuple[AreaReport, ...]
    targets: tuple[TargetFacts, ...]
    units: tuple[UnitNode, ...]
    language: str = "en"  # the plan's language: the report's default


@dataclass(frozen=True)
class ExportFilter:
    plan: str | None = None
    unit: str | None = None  # with its sub-units
    area: str | None = None
    person: str | None = None
    since: date | None = None  # answers given on or after (UTC date)
    until: date | None = None  # answers given on or before (UTC date)


@dataclass(frozen=True)
class ExportRow:
    plan: str
    area: str
    item_key: str
    item_title: str
    occurrence: str
    person: str
    unit: str
    state: str
    choice: str
    numbers: Mapping[str, int]
    comment: str
    blocker: str
    needs_help: bool
    answered_at: datetime
    new_date: date | None = None
    # The item's metric ids and the labels the plan gives them, for headers people read.
    metric_labels: Mapping[str, str] = field(default_factory=dict)


KindWords = Callable[[Translator, int, str], str]

# Unit kinds as rosters name them, with the words for "N of M <kind>" in every language.
_KIND_WORDS: Mapping[str, KindWords] = {
    "ort": lambda tr, n, r: tr.ngettext(
        "{reached} of {n} location", "{reached} of {n} locations", n, reached=r
    ),
    "klubb": lambda tr, n, r: tr.ngettext(
        "{reached} of {n} club", "{reached} of {n} clubs", n, reached=r
    ),
    "sektion": lambda tr, n, r: tr.ngettext(
        "{reached} of {n} section", "{reached} of {n} sections", n, reached=r
    ),
    "avdelning": lambda tr, n, r: tr.ngettext(
        "{reached} of {n} branch", "{reached} of {n} branches", n, reached=r
    ),
    "arbetsplats": lambda tr, n, r: tr.ngettext(
        "{reached} of {n} workplace", "{reached} of {n} workplaces", n, reached=r
    ),
}
_KIND_ALIASES: Mapping[str, str] = {
    "seksjon": "sektion",
    "avdeling": "avdelning",
    "arbeidsplass": "arbetsplats",
    "sted": "ort",
    "stad": "ort",
}


def units_reached_text(tr: Translator, reached: int, total: int, kind: str) -> str:
    """'4 av 7 orter' / '4 av 7 steder' / '4 of 7 locations'; unknown kinds as written."""
    words = _KIND_WORDS.get(_KIND_ALIASES.get(kind.lower(), kind.lower()))
    if words is not None:
        return words(tr, total, tr.number(reached))
    return tr.gettext(
        "{reached} of {n} {kind}", reached=tr.number(reached), n=tr.number(total), kind=kind
    )


class ReportingStore(Protocol):
    """What digests and summaries need from storage (storage/reporting/ implements it)."""

    async def boards(self) -> Sequence[BoardInfo]: ...

    async def board(self, key: str) -> BoardInfo:
        """The board with this key; NotFoundError when there is none."""
        ...

    async def digest_data(
        self, board: BoardInfo, week: IsoWeek, window: DigestWindow
    ) -> DigestData: ...

    async def claim_digest(self, board_id: int, week: IsoWeek, at: datetime) -> bool:
        """Insert the digest row; False when it exists already (someone else sends it)."""
        ...

    async def finish_digest(
        self, board_id: int, week: IsoWeek, state: str, at: datetime
    ) -> None: ...

    async def board_recipients(self, board: BoardInfo) -> Sequence[Recipient]:
        """The board's destinations, and its members' DMs when it sends to members."""
        ...

    async def due_summaries(self, now: datetime) -> Sequence[SummaryDue]: ...

    async def claim_summary(self, due: SummaryDue, at: datetime) -> bool: ...

    async def summary_data(self, due: SummaryDue) -> ItemSummaryData: ...
