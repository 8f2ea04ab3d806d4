"""The `when` forms plans write beyond one date: several dates, exceptions, times a year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from bot.core.i18n import N_
from bot.drafting.lexicon import (
    EVERY_OTHER_WEEK,
    EXCEPT_WORDS,
    MONTH_PATTERN,
    MONTHS,
    NUMBER_WORDS,
    TIMES_WORDS,
    YEAR_PHRASES,
)
from bot.drafting.model import Note, PlanValue

# Words that except months beyond the shared list: Nynorsk, "med undantag för", "dock inte".
_MORE_EXCEPT_WORDS = (
    r"bortsett frå", r"bortsett från", r"med undantag (?:av|för)", r"med unntak av",
    r"utenom", r"utanom", r"dock inte", r"men inte", r"men ikke", r"men ikkje",
)  # fmt: skip
_EXCEPT = re.compile(
    rf"\b(?:{'|'.join((*EXCEPT_WORDS, *_MORE_EXCEPT_WORDS))})\s+(?:i\s+|under\s+)?"
    rf"({MONTH_PATTERN})(?:\s*(?:,|och|og|and)\s*(?:i\s+)?({MONTH_PATTERN}))?\b"
)
# "var fjortonde dag", "hver 14. dag", "kvar andre veke": every other week (or third).
_EVERY_FORTNIGHT = re.compile(
    # "var tredje vecka", "hver tredje uke": every three weeks, asked monthly as well
    r"\b(?:(?:var|hver|kvar)\s+(?:fjortonde|fjortende|fjortande|14\.|14:e|andre|tredje|3\.)\s+"
    r"(?:dag|dagen|vecka|uke|veke)"
    # "hver andre torsdag", "varannan tisdag", "annenhver mandag": every other week too
    r"|(?:(?:hver|kvar)\s+andre|varannan|var\s+annan|annenhver|annakvar)\s+"
    r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|mandag|tirsdag|tysdag|lørdag"
    r"|laurdag|søndag|sundag))\b"
)
_WEEKDAY_NAMES = (
    r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|mandag|tirsdag|lørdag|søndag"
    r"|tysdag|laurdag|sundag)(?:en|ar|er|ane|arna|ene)?"
)
# The units a rhythm counts in, and what the plan file asks for each.
_UNITS: tuple[tuple[str, str], ...] = (
    ("weekly", rf"vecka|veckan|uke|uka|uken|veke|veka|{_WEEKDAY_NAMES}"),
    ("monthly", r"månad|månaden|måned|måneden"),
    ("quarterly", r"kvartal|kvartalet"),
    ("half", r"halvår|halvåret|halvåre|termin|terminen|semester|semesteret"),
    ("yearly", r"år|året|åre"),
)
_EACH = r"(?:varje|hver|hvert|kvar|kvart|varenda|per|pr\.?)"
_ONCE = r"(?:en|ett|ein|eitt|én|1)\s+(?:gång|gang|gong)\s+(?:i|per|pr\.?|om)"
# "to ganger i måneden", "två gånger per vecka": more than once in each occurrence.
_TIMES_IN = re.compile(
    rf"\b(\d|två|tre|fyra|to|fire|tvo)\s+{TIMES_WORDS}(?=\s+(?:i|per|pr\.?|om)\s+"
    r"(?:vecka|veckan|uke|uka|uken|veke|veka|månad|månaden|måned|måneden)\b)"
)
_ADVERBS: tuple[tuple[str, str], ...] = (
    ("weekly", r"veckovis|vekevis|ukevis|vekentleg\w*|ukentleg\w*"),
    ("monthly", r"mån(?:ads|eds)(?:möte|møte|träff|treff|brev|samling)\w*"),
    # "varje vår och höst", "kvar haust og vår": each half year
    (
        "half",
        r"halvårsvis|halvårlig\w*|halvårleg\w*|(?:varje|hver|hvert|kvar|kvart)\s+"
        r"(?:vår|höst|høst|haust)\s+(?:och|og)\s+(?:vår|höst|høst|haust)\b",
    ),
    ("yearly", r"årligen"),
    ("continuous", r"med\s+(?:jämna\s+mellanrum|jevne\s+mellomrom|jamne\s+mellomrom)"),
    ("ongoing", r"løpande|fortløpande"),
)


@dataclass(frozen=True)
class Repeat:
    """A rhythm the shared word list does not hold: its kind, the span and how many a time."""

    kind: str  # weekly, monthly, quarterly, half, yearly, continuous (quarterly) or ongoing
    span: tuple[int, int]


def read_frequency(text: str) -> Repeat | None:
    """ "hver mandag", "ein gong i veka", "to ganger i måneden", "kvar termin", "halvårsvis"."""
    for kind, unit in _UNITS:
        for frame in (_EACH, _ONCE):
            match = re.search(rf"\b{frame}\s+(?:{unit})\b", text)
            if match is not None:
                return Repeat(kind, match.span())
    for kind, pattern in _ADVERBS:
        match = re.search(rf"\b(?:{pattern})", text)
        if match is not None and _ONE_OF_THEM.search(text[: match.start()]) is None:
            return Repeat(kind, match.span())
    return None


# "i samband med en månadsträff": one of the monthly meetings, not the rhythm of the item.
_ONE_OF_THEM = re.compile(r"\b(?:en|ett|et|ein|eitt|eit|ei|én|nästa|neste|årets)\s+$")


_TIMES = re.compile(rf"\b(\d{{1,2}}|[a-zåäöæø]+)\s+{TIMES_WORDS}\s+({YEAR_PHRASES})")
_DAY_RANGE = re.compile(rf"\b(\d{{1,2}})\.?\s*[-–]\s*\d{{1,2}}\.?\s+({MONTH_PATTERN})\b")
_DAY = re.compile(rf"\b(\d{{1,2}})\.?\s+({MONTH_PATTERN})\b")
# "24/4 och 20/11": days written by number, as calendars do.
_SLASH_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])(?!\s+av\b)")
_MONTH = re.compile(rf"\b({MONTH_PATTERN})\b")
# Two months joined as a span are one window, not two occurrences.
_SPAN = re.compile(
    rf"\b(?:från|fra|frå|mellom|mellan|between)\s+({MONTH_PATTERN})\b"
    rf"|\b({MONTH_PATTERN})\s*(?:[-–]|till|til)\s*({MONTH_PATTERN})\b"
)
# Words that join listed months: "en i mars og ein i oktober", "i mars, därefter i oktober".
_LIST_JOINS = re.compile(
    r"^(?:\s*(?:,|och|og|and|samt|en|ein|ett|eit|ei|én|i|igen|igjen|att|også|också|därefter"
    r"|deretter|sedan|så|den|det|andra|andre|annen|anna))*\s*$"
)


@dataclass
class Rhythm:
    """What the text says about repetition beyond a single rhythm word, and its spans."""

    times: int | None = None  # "fyra gånger under året": asked once, how many times
    times_each: int | None = None  # "to ganger i måneden": more than once each occurrence
    excluded: list[int] = field(default_factory=list)  # months left out: "utom i juli"
    every_other_week: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    for words in NUMBER_WORDS.values():
        if word in words and word not in ("en", "ett", "ein", "eitt", "ei", "én"):
            return words[word]
    return None


# "två gånger på våren och två gånger på hösten": so many times in each half of the year; the
# format holds one season for an item, so it is asked once with how many times in all.
_SEASONS = r"(?:våren|hösten|høsten|hausten|sommaren|sommeren|vintern|vinteren)"
_TIMES_IN_SEASONS = re.compile(
    rf"\b(\w+)\s+{TIMES_WORDS}\s+(?:på|om|i)\s+{_SEASONS}\s+(?:och|og)\s+(\w+)\s+"
    rf"{TIMES_WORDS}\s+(?:på|om|i)\s+{_SEASONS}\b"
)


def times_in_seasons(text: str) -> tuple[int, tuple[int, int]] | None:
    """How many times in all "två gånger på våren och två gånger på hösten" says, and where."""
    found = _TIMES_IN_SEASONS.search(text)
    if found is None:
        return None
    first, second = _number(found.group(1)), _number(found.group(2))
    if first is None or second is None:
        return None
    return first + second, found.span()


def read_rhythm(text: str) -> Rhythm:
    """Times a year, excepted months and "every other week" in lower-case `text`."""
    rhythm = Rhythm()
    seasons = times_in_seasons(text)
    if seasons is not None:
        rhythm.times, span = seasons
        rhythm.spans.append(span)  # no season and no rhythm: asked once, with how many times
    times = _TIMES.search(text)
    if times is not None and (value := _number(times.group(1))) is not None and value >= 2:
        rhythm.times = value
        rhythm.spans.append(times.span(2))  # the year phrase is no yearly rhythm here
    each = _TIMES_IN.search(text)
    if each is not None:
        rhythm.times_each = _number(each.group(1)) or 2
        rhythm.spans.append(each.span())  # the number counts no occurrences
    for match in _EXCEPT.finditer(text):
        rhythm.excluded += [MONTHS[m] for m in match.groups() if m]
        rhythm.spans.append(match.span())
    rhythm.every_other_week = (
        re.search(EVERY_OTHER_WEEK, text) is not None or _EVERY_FORTNIGHT.search(text) is not None
    )
    return rhythm


def apply_rhythm(rhythm: Rhythm, when: PlanValue | None, review: list[Note]) -> PlanValue | None:
    """The `when` with excepted months and "every other week" applied, each marked for review."""
    if rhythm.every_other_week:
        when = {"every": "monthly"}
        review.append(Note(N_("Every other week: it is asked once a month.")))
    if rhythm.excluded and when is not None and when.get("every") == "monthly":
        when["months"] = [m for m in range(1, 13) if m not in rhythm.excluded]
    if rhythm.times_each is not None and when is not None:
        review.append(
            Note(
                N_("{count} times a week or a month: it is asked once a week or a month."),
                {"count": rhythm.times_each},
            )
        )
    if rhythm.times is not None:
        review.append(
            Note(
                N_("{count} times a year without dates: asked once, with how many times."),
                {"count": rhythm.times},
            )
        )
    return when


Several = tuple[PlanValue, list[date], list[tuple[int, int]]]


def several_dates(text: str, year: int) -> Several | None:
    """Dates or months in two or more months for one item: asked in each of those months."""
    found: dict[int, date] = {}
    spans: list[tuple[int, int]] = []
    taken = [m.span() for m in _DAY_RANGE.finditer(text)]
    for ranged in _DAY_RANGE.finditer(text):
        _add(found, year, MONTHS[ranged.group(2)], int(ranged.group(1)))
        spans.append(ranged.span())
    for match in _DAY.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            _add(found, year, MONTHS[match.group(2)], int(match.group(1)))
            spans.append(match.span())
    for match in _SLASH_DAY.finditer(text):
        if 1 <= int(match.group(2)) <= 12:
            _add(found, year, int(match.group(2)), int(match.group(1)))
            spans.append(match.span())
    if len(found) < 2 and not spans and not _SPAN.search(text):
        months = list(_MONTH.finditer(text))
        joined = all(_LIST_JOINS.match(text[a.end() : b.start()]) for a, b in pairwise(months))
        if len(months) >= 2 and joined:
            for match in months:
                _add(found, year, MONTHS[match.group(1)], 1)
                spans.append(match.span())
    months_found = sorted(found)
    if len(months_found) < 2:
        return None
    # Two months in order are a range in the plan format; written the other way they are two.
    listed = months_found if len(months_found) > 2 else months_found[::-1]
    return {"every": "monthly", "months": listed}, sorted(found.values()), spans


def _add(found: dict[int, date], year: int, month: int, day: int) -> None:
    try:
        found.setdefault(month, date(year, month, day))
    except ValueError:
        found.setdefault(month, date(year, month, 1))
