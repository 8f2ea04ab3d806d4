"""Reading what people type: counts, skip words, yes/no, dates and command words.

Counts are strict on purpose: a whole number from 0 to MAX_COUNT, digits only, with
optional spaces between groups of three ("1 000"). Words ("fem"), signs ("-3"),
decimals ("12.5", "12,5") and exponents ("1e9") are refused so the person is asked again
instead of a wrong figure reaching the board's digest.

Dates accept "2025-03-15", "15.3", "15.3.2025", "15/3", "15 mars", "15. mars 2025",
"march 15". Without a year the next such day on or after today is meant.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bot.core.command_words import fold_word

MAX_COUNT = 1_000_000


class ParseError(ValueError):
    """The text is not what was asked for; `reason` is a short machine-readable code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_GROUPED = re.compile(r"^\d{1,3}( \d{3})+$")

SKIP_WORDS = frozenset(
    {"hoppa över", "hoppa over", "hoppa", "skippa", "hopp over", "hopp", "skip", "pass", "-"}
)
YES_WORDS = frozenset({"ja", "j", "jo", "japp", "yes", "y", "ok", "gärna", "gjerne", "gjerna"})
NO_WORDS = frozenset({"nej", "nei", "n", "no", "nä", "nope", "nej tack", "nei takk", "no thanks"})
NO_DATE_WORDS = frozenset({"nej", "nei", "no", "inget", "ingen", "inga", "ikke", "ikkje", "none"})

_COMMAND_WORDS = {
    "plan": "plan",
    "planen": "plan",
    "rapport": "rapport",
    "rapportera": "rapport",
    "rapporter": "rapport",
    "report": "report",
    "hjalp": "hjalp",
    "hjelp": "hjelp",
    "help": "help",
    "sprak": "sprak",
    "language": "language",
}

_MONTHS = {
    "januari": 1, "january": 1, "januar": 1, "jan": 1,
    "februari": 2, "february": 2, "februar": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "maj": 5, "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augusti": 8, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "desember": 12, "des": 12, "dec": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\.?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.?\s+([a-zåäöø]+)\.?(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$")


def normalise(text: str) -> str:
    """Lower-case, single spaces, no surrounding punctuation that chat apps add."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).strip().casefold()
    return text.rstrip("!.?") or text


def is_skip(text: str) -> bool:
    return normalise(text) in SKIP_WORDS or text.strip() in {"-", "–", "—"}


def parse_yes_no(text: str) -> bool | None:
    word = normalise(text)
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def parse_count(text: str) -> int:
    """A whole number from 0 to MAX_COUNT; raises ParseError("not_a_number"/"too_large")."""
    cleaned = _SPACES.sub(" ", text).strip()
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(" ", "")
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 12:
        raise ParseError("not_a_number")
    value = int(cleaned)
    if value > MAX_COUNT:
        raise ParseError("too_large")
    return value


def command_word(text: str) -> str | None:
    """The command a single typed word means ("hjälp", "/språk", "Plan"), or None."""
    word = normalise(text)
    if " " in word:
        return None
    return _COMMAND_WORDS.get(fold_word(word))


def _build(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError("impossible_date") from None


def _without_year(month: int, day: int, today: date) -> date:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ParseError("impossible_date")
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February outside a leap year
        if candidate >= today:
            return candidate
    raise ParseError("impossible_date")


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def parse_date(text: str, today: date) -> date:
    """A date as people write it in sv/nb/nn/en; raises ParseError("not_a_date"/...)."""
    word = normalise(text)
    if len(word) > 40:
        raise ParseError("not_a_date")
    if m := _ISO.match(word):
        return _build(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.match(word):
        day, month, year = int(m[1]), int(m[2]), _year(m[3])
    elif (m := _DAY_MONTH.match(word)) and m[2] in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2]], _year(m[3])
    elif (m := _MONTH_DAY.match(word)) and m[1] in _MONTHS:
        day, month, year = int(m[2]), _MONTHS[m[1]], _year(m[3])
    else:
        raise ParseError("not_a_date")
    if year is None:
        return _without_year(month, day, today)
    return _build(year, month, day)
