"""A plan's quiet periods: spans of days (the summer holidays, Christmas) with no reminders."""

from __future__ import annotations

import re
from datetime import date

from bot.core.i18n import N_
from bot.core.model import MonthDay, QuietPeriod
from bot.planfile.fields import MSG_IMPOSSIBLE_DATE, Fields
from bot.planfile.problems import index_path, join_path
from bot.planfile.windows import month_number
from bot.planfile.yamltree import Map, Node, Scalar

# Long enough for July and August together; short enough to catch a day written before its
# month ("01-07" for the first of July reads as 7 January).
MAX_QUIET_DAYS = 92
# Month-day spans are measured in a year without 29 February, as they must fit every year.
_PLAIN_YEAR = 2023

MSG_QUIET_DAY = N_(
    "Write a day of the year as month-day (07-01), as day and month (1 July) "
    "or as a date (2025-07-01)."
)
MSG_QUIET_LEAP_DAY = N_("29 February is not in every year; use 02-28 or 03-01.")
MSG_QUIET_MIXED = N_(
    "Write both ends the same way: two month-days (07-01) come back every year, "
    "two dates (2025-12-22) happen once."
)
MSG_QUIET_BACKWARDS = N_("The period ends on {end}, before it starts on {start}.")
MSG_QUIET_TOO_LONG = N_(
    "A quiet period can be at most {maximum} days long; this one has {days}. "
    "Month-days are written month first: 07-01 is 1 July."
)
MSG_QUIET_OUTSIDE = N_("The period {start} to {end} lies outside the plan's period.")

_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_FULL_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_DAY_AND_MONTH = re.compile(r"^(\d{1,2})\.?\s*([^\d\s.]+)\.?$")
_MONTH_AND_DAY = re.compile(r"^([^\d\s.]+)\.?\s*(\d{1,2})\.?$")

Day = date | MonthDay


class QuietPeriodReader:
    """Reads plan.quiet_periods: a list of {from, to}, each end a month-day or a date."""

    def __init__(self, fields: Fields, period_start: date, period_end: date) -> None:
        self.fields = fields
        self.problems = fields.problems
        self.period = (period_start, period_end)

    def read(self, head: Map, path: str) -> tuple[QuietPeriod, ...]:
        name = "quiet_periods"
        if name not in head.values:
            return ()
        field = join_path(path, name)
        node = head.values[name]
        # One period may stand on its own, without the list around it.
        entries = [node] if isinstance(node, Map) else self.fields.sequence(node, field, node.line)
        found = (self._period(node, index_path(field, i)) for i, node in enumerate(entries))
        return tuple(period for period in found if period is not None)

    def _period(self, node: Node, path: str) -> QuietPeriod | None:
        entry = self.fields.mapping(node, path, node.line)
        if entry is None:
            return None
        self.fields.check_keys(entry, path, ("from", "to"))
        ends = [self._end(entry, key, path) for key in ("from", "to")]
        start, end = ends
        if start is None or end is None:
            return None
        if isinstance(start, MonthDay) != isinstance(end, MonthDay):
            self.problems.add(entry.line, path, MSG_QUIET_MIXED)
            return None
        if not self._fits(start, end, entry.line, path):
            return None
        return QuietPeriod(start, end, line=entry.line)

    def _end(self, entry: Map, key: str, path: str) -> Day | None:
        node = entry.get(key)
        field = join_path(path, key)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            self.fields.text(entry, key, path, required=True)
            return None
        if isinstance(node, Scalar) and _FULL_DATE.match(node.text.strip()):
            return self.fields.date(node, field)
        if not isinstance(node, Scalar):
            self.problems.add(node.line, field, MSG_QUIET_DAY)
            return None
        return self._month_day(node, field)

    def _month_day(self, node: Scalar, field: str) -> MonthDay | None:
        text = node.text.strip()
        parts = _month_day_parts(text)
        if parts is None:
            self.problems.add(node.line, field, MSG_QUIET_DAY)
            return None
        month, day = parts
        if (month, day) == (2, 29):
            self.problems.add(node.line, field, MSG_QUIET_LEAP_DAY)
            return None
        try:
            date(_PLAIN_YEAR, month, day)
        except ValueError:
            self.problems.add(node.line, field, MSG_IMPOSSIBLE_DATE, value=text)
            return None
        return MonthDay(month, day)

    def _fits(self, start: Day, end: Day, line: int, path: str) -> bool:
        first, last = _as_dates(start, end)
        if isinstance(start, date) and last < first:
            self.problems.add(
                line, path, MSG_QUIET_BACKWARDS, start=start.isoformat(), end=end.isoformat()
            )
            return False
        days = (last - first).days + 1
        if days > MAX_QUIET_DAYS:
            self.problems.add(line, path, MSG_QUIET_TOO_LONG, maximum=MAX_QUIET_DAYS, days=days)
            return False
        if isinstance(start, date) and (last < self.period[0] or first > self.period[1]):
            self.problems.add(
                line, path, MSG_QUIET_OUTSIDE, start=start.isoformat(), end=end.isoformat()
            )
            return False
        return True


def _month_day_parts(text: str) -> tuple[int, int] | None:
    """(month, day) from "07-01", "1 juli", "1. juli" or "juli 1"; None when it is neither."""
    numeric = _MONTH_DAY.match(text)
    if numeric:
        return int(numeric.group(1)), int(numeric.group(2))
    named = _DAY_AND_MONTH.match(text)
    if named:
        month = month_number(named.group(2))
        return (month, int(named.group(1))) if month else None
    named = _MONTH_AND_DAY.match(text)
    if named:
        month = month_number(named.group(1))
        return (month, int(named.group(2))) if month else None
    return None


def _as_dates(start: Day, end: Day) -> tuple[date, date]:
    """Both ends as dates; month-days in a plain year, an end before the start in the next."""
    if isinstance(start, date) and isinstance(end, date):
        return start, end
    assert isinstance(start, MonthDay)
    assert isinstance(end, MonthDay)
    first = date(_PLAIN_YEAR, start.month, start.day)
    last = date(_PLAIN_YEAR, end.month, end.day)
    if last < first:
        last = date(_PLAIN_YEAR + 1, end.month, end.day)
    return first, last
