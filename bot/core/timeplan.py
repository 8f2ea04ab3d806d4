"""Time planning: a schedule's occurrences, their prompts, and the UTC instant each is sent."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.model import Frequency, Schedule, ScheduleKind

ASK = "ask"
NOTICE_PREFIX = "notice-"
DEFAULT_SEND_TIME = time(9, 0)
_COUNTRY_BY_TIMEZONE: Mapping[str, str] = {
    "Europe/Stockholm": "SE",
    "Europe/Oslo": "NO",
    "Arctic/Longyearbyen": "NO",
    "Atlantic/Jan_Mayen": "NO",
}
# Sweden's midsummer eve, Christmas eve and New Year's eve are days off in practice; the
# holidays library files them under "de_facto" rather than "public".
_HOLIDAY_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "SE": ("public", "de_facto"),
    "NO": ("public",),
}
_MAX_SHIFT_DAYS = 400


@dataclass(frozen=True)
class Occurrence:
    """One time a plan item happens: its first and last day; its key is the start date."""

    start: date
    end: date

    @property
    def key(self) -> str:
        return self.start.isoformat()


@dataclass(frozen=True)
class PlannedPrompt:
    """A prompt of one occurrence on a local calendar day, before holidays and send times."""

    occurrence: Occurrence
    prompt: str  # "ask" or "notice-N"
    local_date: date

    @property
    def is_notice(self) -> bool:
        return self.prompt.startswith(NOTICE_PREFIX)


@dataclass(frozen=True)
class DateSpan:
    """A closed range of days, e.g. a plan's "no reminders between" summer window."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def notice_prompt(days_before: int) -> str:
    return f"{NOTICE_PREFIX}{days_before}"


def notice_days(prompt: str) -> int | None:
    """The N of "notice-N", or None for an ask or a malformed value."""
    if not prompt.startswith(NOTICE_PREFIX):
        return None
    rest = prompt[len(NOTICE_PREFIX) :]
    return int(rest) if rest.isdigit() else None


# --- occurrences -----------------------------------------------------------------------


def occurrences(schedule: Schedule, period_start: date, period_end: date) -> list[Occurrence]:
    """Every occurrence of a schedule within a plan period, in date order."""
    match schedule.kind:
        case ScheduleKind.EVENT | ScheduleKind.WINDOW:
            return _single(schedule.start, schedule.end or schedule.start)
        case ScheduleKind.DEADLINE:
            deadline = schedule.end or schedule.start or period_end
            first = schedule.start if schedule.start and schedule.start < deadline else None
            return _single(min(first or period_start, deadline), deadline)
        case ScheduleKind.RECURRING | ScheduleKind.CONTINUOUS:
            lower = max(schedule.start or period_start, period_start)
            upper = min(schedule.end or period_end, period_end)
            return _recurring(schedule, lower, upper)


def _single(start: date | None, end: date | None) -> list[Occurrence]:
    if start is None or end is None or end < start:
        return []
    return [Occurrence(start, end)]


def _recurring(schedule: Schedule, lower: date, upper: date) -> list[Occurrence]:
    every = schedule.every or Frequency.MONTHLY
    day = schedule.day if schedule.kind is ScheduleKind.RECURRING else None
    found: list[Occurrence] = []
    for start, end in _periods(every, lower, upper):
        if day is not None:
            on = _day_in_period(every, start, end, day, schedule.months)
            in_months = on is not None and (not schedule.months or on.month in schedule.months)
            if on is not None and in_months and lower <= on <= upper:
                found.append(Occurrence(on, on))
        elif not schedule.months or _touches_months(start, end, schedule.months):
            found.append(Occurrence(max(start, lower), min(end, upper)))
    return found


def _periods(every: Frequency, lower: date, upper: date) -> Iterable[tuple[date, date]]:
    """The whole calendar periods (weeks from Monday, months, quarters, years) over a range."""
    if every is Frequency.WEEKLY:
        start = lower - timedelta(days=lower.weekday())
        while start <= upper:
            yield start, start + timedelta(days=6)
            start += timedelta(days=7)
        return
    months = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}[every]
    first_month = ((lower.month - 1) // months) * months + 1
    start = date(lower.year, first_month, 1)
    while start <= upper:
        following = _add_months(start, months)
        yield start, following - timedelta(days=1)
        start = following


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def _touches_months(start: date, end: date, months: tuple[int, ...]) -> bool:
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        if cursor.month in months:
            return True
        cursor = _add_months(cursor, 1)
    return False


def _day_in_period(
    every: Frequency, start: date, end: date, day: int, months: tuple[int, ...]
) -> date | None:
    """The one day of a period a recurring item with `day` happens on (clamped to the month)."""
    if every is Frequency.WEEKLY:
        return start + timedelta(days=day - 1) if 1 <= day <= 7 else None
    month_start = start
    if every is not Frequency.MONTHLY and months:
        candidates = [m for m in _month_starts(start, end) if m.month in months]
        month_start = candidates[0] if candidates else start
    last = calendar.monthrange(month_start.year, month_start.month)[1]
    if day < 1:
        return None
    return month_start.replace(day=min(day, last))


def _month_starts(start: date, end: date) -> list[date]:
    found, cursor = [], date(start.year, start.month, 1)
    while cursor <= end:
        found.append(cursor)
        cursor = _add_months(cursor, 1)
    return found


# --- prompts ---------------------------------------------------------------------------


def prompts(schedule: Schedule, occurrence: Occurrence) -> list[PlannedPrompt]:
    """Heads-up notices before an occurrence, and the request to report on it."""
    anchor = occurrence.end if schedule.kind is ScheduleKind.DEADLINE else occurrence.start
    found = [
        PlannedPrompt(occurrence, notice_prompt(days), anchor - timedelta(days=days))
        for days in sorted(set(schedule.remind_days_before), reverse=True)
        if days > 0
    ]
    found.append(PlannedPrompt(occurrence, ASK, _ask_date(schedule, occurrence)))
    return found


def _ask_date(schedule: Schedule, occurrence: Occurrence) -> date:
    single_day_recurring = (
        schedule.kind is ScheduleKind.RECURRING
        and schedule.day is not None
        and occurrence.start == occurrence.end
    )
    if schedule.kind is ScheduleKind.EVENT or single_day_recurring:
        return occurrence.end + timedelta(days=max(schedule.ask_days_after, 0))
    return occurrence.end


# --- calendars and send instants -------------------------------------------------------


def country_for_timezone(timezone: str) -> str | None:
    """SE or NO from a person's timezone; None where we keep no holiday calendar."""
    return _COUNTRY_BY_TIMEZONE.get(timezone)


@lru_cache(maxsize=64)
def _holiday_days(country: str, year: int) -> frozenset[date]:
    import holidays  # imported on first use: its calendars are large and most runs need none

    found = holidays.country_holidays(
        country, years=year, categories=_HOLIDAY_CATEGORIES.get(country, ("public",))
    )
    return frozenset(found.keys())


class WorkCalendar:
    """Working days for one country: no weekends, no public holidays, no blackout spans."""

    def __init__(self, country: str | None, blackouts: tuple[DateSpan, ...] = ()) -> None:
        self.country = country
        self.blackouts = blackouts

    def is_holiday(self, day: date) -> bool:
        return self.country is not None and day in _holiday_days(self.country, day.year)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def next_sending_day(self, day: date) -> date:
        """The day itself if reminders may go out then, else the next day they may."""
        for _ in range(_MAX_SHIFT_DAYS):
            span = next((s for s in self.blackouts if day in s), None)
            if span is not None:
                day = span.end + timedelta(days=1)
            elif not self.is_working_day(day):
                day += timedelta(days=1)
            else:
                return day
        return day


@dataclass(frozen=True)
class QuietHours:
    """Local hours in which nothing is sent; the span may cross midnight (20:00-08:00)."""

    start: time = time(20, 0)
    end: time = time(8, 0)

    def contains(self, at: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end


def resolve_send_time(*candidates: time | None, default: time = DEFAULT_SEND_TIME) -> time:
    """The first time given: the item's, then the person's, then the plan's, then the default."""
    return next((c for c in candidates if c is not None), default)


def send_instant(
    local_day: date, send_time: time, timezone: str, work: WorkCalendar, quiet: QuietHours
) -> datetime:
    """The UTC instant a prompt planned for a local day goes out, off weekends and quiet hours."""
    day = work.next_sending_day(local_day)
    at = send_time
    if quiet.contains(at):
        if quiet.start > quiet.end and at >= quiet.start:
            day = work.next_sending_day(day + timedelta(days=1))
        at = quiet.end
    local = datetime.combine(day, at, tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC)


def local_date(instant: datetime, timezone: str) -> date:
    return instant.astimezone(ZoneInfo(timezone)).date()


# --- the per-plan summer window --------------------------------------------------------


def blackouts_from_json(value: Any, years: Iterable[int]) -> tuple[DateSpan, ...]:
    """Parse plan.settings["no_reminders"]: a list of {"from", "to"} as ISO dates or MM-DD.

    Month-day spans repeat each year given (a span like 12-20..01-06 runs over New Year).
    Raises ValueError on anything else, so an importer can show the problem.
    """
    if value in (None, []):
        return ()
    if not isinstance(value, list):
        raise ValueError("no_reminders must be a list of {from, to}")
    spans: list[DateSpan] = []
    for entry in value:
        if not isinstance(entry, dict) or not {"from", "to"} <= entry.keys():
            raise ValueError("each no_reminders entry needs from and to")
        spans.extend(_spans(str(entry["from"]), str(entry["to"]), tuple(years)))
    return tuple(spans)


def _spans(first: str, last: str, years: tuple[int, ...]) -> list[DateSpan]:
    if len(first) == 10 and len(last) == 10:
        start, end = date.fromisoformat(first), date.fromisoformat(last)
        if end < start:
            raise ValueError("no_reminders: to is before from")
        return [DateSpan(start, end)]
    if len(first) != 5 or len(last) != 5:
        raise ValueError("no_reminders: use YYYY-MM-DD or MM-DD")
    spans = []
    for year in years:
        start = date.fromisoformat(f"{year}-{first}")
        end = date.fromisoformat(f"{year}-{last}")
        if end < start:
            end = date.fromisoformat(f"{year + 1}-{last}")
        spans.append(DateSpan(start, end))
    return spans
