"""Named periods in a plan: months in four languages, seasons and quarters, within the period."""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("januari", "januar", "january", "jan"),
    2: ("februari", "februar", "february", "feb"),
    3: ("mars", "march", "mar"),
    4: ("april", "apr"),
    5: ("maj", "mai", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("augusti", "august", "aug"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nov"),
    12: ("december", "desember", "dec", "des"),
}
MONTH_NAMES: dict[str, int] = {name: month for month, names in _MONTHS.items() for name in names}

# Seasons as unions plan them: the spring term, the summer holidays, the autumn term.
_SEASONS: dict[str, tuple[int, int]] = {
    "spring": (1, 6),
    "summer": (6, 8),
    "autumn": (9, 12),
}
_SEASON_NAMES: dict[str, str] = {
    "spring": "spring",
    "vår": "spring",
    "våren": "spring",
    "vårterminen": "spring",
    "vårhalvåret": "spring",
    "summer": "summer",
    "sommar": "summer",
    "sommaren": "summer",
    "sommer": "summer",
    "sommeren": "summer",
    "autumn": "autumn",
    "fall": "autumn",
    "höst": "autumn",
    "hösten": "autumn",
    "höstterminen": "autumn",
    "høst": "autumn",
    "høsten": "autumn",
    "haust": "autumn",
    "hausten": "autumn",
}
_QUARTER = re.compile(r"^(?:q|k|kv)([1-4])$")
_WITH_YEAR = re.compile(r"^(.*?)\s+(\d{4})$")


def month_number(name: str) -> int | None:
    return MONTH_NAMES.get(name.strip().lower())


def _month_span(name: str) -> tuple[int, int] | None:
    """The first and last month a name covers, or None for a name we do not know."""
    key = name.strip().lower()
    if key in MONTH_NAMES:
        month = MONTH_NAMES[key]
        return (month, month)
    if key in _SEASON_NAMES:
        return _SEASONS[_SEASON_NAMES[key]]
    quarter = _QUARTER.match(key)
    if quarter:
        first = (int(quarter.group(1)) - 1) * 3 + 1
        return (first, first + 2)
    return None


def _span_in_year(span: tuple[int, int], year: int) -> tuple[date, date]:
    last_day = calendar.monthrange(year, span[1])[1]
    return date(year, span[0], 1), date(year, span[1], last_day)


class WindowNameError(ValueError):
    """Why a named window cannot be placed: 'unknown', 'outside' or 'ambiguous'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def named_window(name: str, period_start: date, period_end: date) -> tuple[date, date]:
    """'november', 'hösten 2025', 'q3' as dates inside the plan's period."""
    text = name.strip().lower()
    year: int | None = None
    with_year = _WITH_YEAR.match(text)
    if with_year:
        text, year = with_year.group(1), int(with_year.group(2))
    span = _month_span(text)
    if span is None:
        raise WindowNameError("unknown")
    years = [year] if year else list(range(period_start.year, period_end.year + 1))
    fits = [
        _span_in_year(span, y)
        for y in years
        if _span_in_year(span, y)[0] <= period_end and _span_in_year(span, y)[1] >= period_start
    ]
    if not fits:
        raise WindowNameError("outside")
    if len(fits) > 1:
        raise WindowNameError("ambiguous")
    start, end = fits[0]
    return max(start, period_start), min(end, period_end)
