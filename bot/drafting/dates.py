"""Dates, windows and recurrence read from an item's text; nothing the text does not say."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

from bot.core.i18n import N_
from bot.drafting.lexicon import (
    AFTER_WORDS,
    BEFORE_WORDS,
    MONTH_NAMES_EN,
    MONTH_PATTERN,
    MONTHS,
    NAMED_DAYS,
    NAMED_WEEK,
    ORDINALS,
    RECURRENCE,
    SEASONS,
    WEEKDAYS,
)
from bot.drafting.model import Note, PlanValue
from bot.drafting.rhythm import apply_rhythm, read_frequency, read_rhythm, several_dates

# Deadlines also end "till och med 3 oktober", "t.o.m. 3. oktober".
_BEFORE = "|".join(
    (*BEFORE_WORDS, r"till och med", r"til og med", r"t\.o\.m\.?", r"fram til", r"frem til")
)
# Months as calendars shorten them after a day: "5 nov", "2. des.", "11 sept".
_SHORT_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "oct": 10, "nov": 11, "dec": 12, "des": 12,
}  # fmt: skip
_DAY_MONTH = rf"(?:{MONTH_PATTERN}|(?:{'|'.join(_SHORT_MONTHS)})\b\.?)"
# "den 15:e mars", "1:a oktober": a Swedish ordinal ending on the day.
_FULL_DATE = re.compile(
    rf"\b(?:den\s+)?(\d{{1,2}})(?:\.|:[ae])?\s*({_DAY_MONTH})(?![\wåäöæø])(?:\s+(\d{{4}}))?"
)
_DAY_RANGE = re.compile(
    rf"\b(\d{{1,2}})(?:\.|:[ae])?\s*(?:[-–]|til og med|till och med|t\.o\.m\.?|till|til)\s*"
    # "20.–22.november": the month may follow the second day's point without a space
    rf"(?:(?:{'|'.join(WEEKDAYS)})\s+)?(\d{{1,2}})(?:\.\s*|(?::[ae])?\s+)({_DAY_MONTH})"
    r"(?![\wåäöæø])"
)
# "mandag 3.11", "den 3.11.": a day and a month by number after a weekday or "den".
_NUMBERED_DAY = re.compile(
    rf"\b(?:den|(?:{'|'.join(WEEKDAYS)})(?:en)?)\s+(\d{{1,2}})\.(\d{{1,2}})\.?(?![\d.])"
)
# "etter 1. september", "per 1. september": a bound or a reference day, not the day it happens.
_BOUND = re.compile(
    r"\b(?:etter|efter|fra og med|från och med|frå og med|per|pr\.|tidigast|tidligst|tidlegast"
    r"|fr\.o\.m\.?|f\.o\.m\.?)\s*$"
)
_ISO_DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
# "31.12.2020", and "31.12.20" with the year in two digits ("Høringsfristen er 31.12.20."), read
# only when that year is one of the plan's: "1.2.10" may number a section.
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(20\d\d|\d\d)(?!\d|\.\d)")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(20\d\d|\d\d))?(?![\d/])(?!\s+av\b)")
_MONTH_RANGE = re.compile(
    # "mai–juni", "maj till juni", "Mai/juni": one window over the months
    rf"\b(?:från\s+|fra\s+|frå\s+)?({MONTH_PATTERN})\s*(?:[-–/]|till|til)\s*({MONTH_PATTERN})\b"
)
_MONTH = re.compile(rf"\b({MONTH_PATTERN})\b")
_QUARTER = re.compile(
    r"\b(första|första|første|fyrste|andra|andre|tredje|fjärde|fjerde|[1-4]\.?)\s+kvartal\w*"
    r"|\bkvartal\s+([1-4])\b|\bq([1-4])\b",
    re.IGNORECASE,
)
_HALF_YEAR = re.compile(r"\b(första|første|fyrste|andra|andre)\s+halv(?:året|åre|år)\b")
_WEEK = re.compile(r"\b(?:vecka|veckorna|uke|veke|v\.?)\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\b")
_DEADLINE = re.compile(rf"\b(?:{_BEFORE})(?:\s+(?:den|{'|'.join(WEEKDAYS)}))*\s*$")
# "senast fem månader – 2018-12-27 – före förbundsmötet": the span before a meeting, then the day
# it gives, set off by dashes: a deadline.
_SPAN_UNITS = r"(?:dagar|dager|dagars|veckor|uker|veker|månader|måneder|månadar)"
_DEADLINE_SPAN = re.compile(rf"\b(?:{_BEFORE})\s+[\wåäöæø]+\s+{_SPAN_UNITS}\s*[–-]\s*$")
_SPAN_THEN_BEFORE = re.compile(rf"\b[\wåäöæø]+\s+{_SPAN_UNITS}\s*[–-]\s*$")
# "dvs.", "d.v.s.", "det vil si", "alltså": the day that follows restates what came before.
_THAT_IS = re.compile(
    r"(?:\bdvs\.?|\bd\.v\.s\.?|\bdet\s+vil\s+si|\bdet\s+vill\s+säga|\balltså)\s*$"
)
_SPAN_DEADLINE = re.compile(
    rf"\b(?:{_BEFORE})\s+\w+\.?\s+{_SPAN_UNITS[:-1]}|uker|uke|veke|vecka|måned|månad)\s+"
    r"(?:før|före|innan|forut\s+for)\b"
)
_BEFORE_AFTER_DASH = re.compile(r"^\s*[–-]\s*(?:före|før|innan|forut\s+for)\b")
# "Frist for å nominere … er 22. januar", "Sista datum för att lämna … är 10 oktober",
# "Sista anmälningsdag 12 juni", "sista anmälningsdatum": the sentence is about a deadline, so
# its day is one.
# "Motionsstopp", "Nomineringsstopp": the last day for what the compound names.
_STOP = r"\w+stopp(?:et)?"
# "Siste frist for å spille inn landsmøtesaker til hovedstyret er 21. september": the same.
_DEADLINE_SUBJECT = re.compile(
    # "Og fristen for … er 21. oktober": after a conjunction that joins it to the sentence before
    rf"^\W*(?:(?:og|och|men|samt)\s+)?(?:\w*frist(?:en)?|{_STOP}|(?:siste|sista|senaste|seinaste)\s+\w*(?:dag|datum|dato)(?:en|et|a)?"
    r"|(?:siste|sista|senaste|seinaste)\s+\w*frist(?:en)?)\b"
)
# "9 april  sista dag för nominering", "3. mai: frist for påmelding": a calendar line whose day
# is followed by the word for a deadline gives that deadline.
# "1. mai er siste frist for …", "24. april kl. 23.30: Frist for …": the same, with a verb or a
# time of day between.
_DEADLINE_AFTER = re.compile(
    r"^\s*(?:(?:kl\.?|klockan|klokka|klokken)\s*\d{1,2}[.:]\d{2}\s*)?(?:[-–:]\s*)?"
    r"(?:(?:er|är|blir|blei)\s+(?:den\s+)?)?"
    rf"(?:\w*frist(?:en)?|{_STOP}|(?:siste|sista|senaste|seinaste)\s+(?:\w*(?:dag|datum|dato)(?:en|et|a)?|frist))\b"
)
# "… og fristen er 1. mars", "deadline för motioner är 1 mars": a deadline named just before.
_DEADLINE_NOUN = re.compile(
    rf"\b(?:\w*frist(?:en)?|deadline|{_STOP}|(?:siste|sista|senaste|seinaste)\s+\w*(?:dag|datum|dato)(?:en|et|a)?)\b"
    r"[^.;!?\d]{0,50}$"
)
# "31 mars - Kretsarnas årsmöten ska vara avklarade", "1. mars: Planen skal være ferdig": a
# state to be reached by the day that opens the line is a deadline.
_DONE_BY = re.compile(
    r"^\s*[-–:]?\s*[^.;!?\d]{0,60}\b(?:ska|skall|skal|må|måste)\s+(?:vara|være|vere|vera)\s+"
    r"(?:\w+(?:ade|ad|at|et|ts|tt|te|de|da|ne|en)|klar\w*|ferdig\w*|inne|slutf\w+)\b"
)
# "innan juni månads utgång", "før juni er slutt": by the month's last day.
_MONTH_END_AFTER = re.compile(
    r"\s*(?:månads|måneds|månadens|månedens|månads)?\s*(?:utgång|utgang|slut|slutt)\b"
)
# "før utgangen av februar 2020", "innen utløpet av april": by the month's last day, a day the
# text does give.
_END_OF = re.compile(
    rf"\b(?:{_BEFORE})\s+(?:utgangen|utgången|slutten|slutet|utløpet|utløpe|utlöpet)\s+(?:av\s+)?$"
)
# "senast i december månad", "seinast i mars": by the month's last day.
_LATEST_IN = re.compile(r"\b(?:senast|senest|seinast)\s+(?:i|under)\s+$")
# "innen utgangen av 2026", "före slutet av 2027": by the last day of that year.
_END_OF_YEAR = re.compile(
    rf"\b(?:{_BEFORE})\s+(?:utgangen|utgången|slutten|slutet|utløpet|utløpe)\s+(?:av\s+)?(20\d\d)\b"
)
# "innen nyttår", "innan årsskiftet", "før utgangen av året": by the last day of the year the text
# is in, a day it gives without writing it (its year assumed and marked in a plan of several).
_TURN_OF_THE_YEAR = re.compile(
    rf"\b(?:{_BEFORE})\s+(?:nyttår|nyttåret|nyår|nyåret|årsskiftet|årsskiftet|årsskifte"
    r"|(?:utgangen|utgången|slutten|slutet|utløpet)\s+(?:av\s+)?(?:året|dette\s+året|detta\s+år))"
    r"(?!\s*(?:19|20)\d\d)\b"
)
_FROM_PART = re.compile(
    r"\b(?:från|fra|frå)\s+(?:slutet|slutten|början|begynnelsen|midten|mitten)\s+av\s+$"
)
# The summer holidays name the summer: "før sommarferien", "efter semestern".
_SEASON_NAMES = {
    **SEASONS,
    **dict.fromkeys(
        ("sommarferien", "sommerferien", "sumarferien", "sommarlovet", "sommaruppehållet",
         "sommaruppehållet", "fellesferien", "semestern", "industrisemestern", "semesteren"),
        "summer",
    ),
}  # fmt: skip
_SEASON = re.compile(r"\b(" + "|".join(sorted(_SEASON_NAMES, key=len, reverse=True)) + r")\b")
# "före", "fram till", "innen" just before a season: a bound, not the season.
_BEFORE_SEASON = re.compile(rf"\b(?:{_BEFORE})\s*$")
# Words that make a clause a thought, not a plan: "vil bli vurdert", "kanske", "eventuellt".
_HEDGE = re.compile(
    r"\b(?:vurdert|vurderes|vurderast|vurdere|övervägs|överväga|övervägas|kanske|kanskje"
    r"|eventuellt|eventuelt|muligens|moglegvis|möjligen|ev\.|evt\.)"
)
# What ends a clause for `_hedged`: punctuation and the words that join two clauses.
_CLAUSE_MARKS = (",", ";", ".", " og ", " och ", " men ", " samt ", " - ", " – ")
_FOLLOWING_YEAR = re.compile(r"\s*,?\s*(20\d\d)\b")
_JOINED_YEARS = re.compile(r"\b(20\d\d)\s*(?:,|og|och|and)\s*(20\d\d)\b")
_YEAR = re.compile(r"\b(?:under|i|för|for|in|inom|innan|hele|heile|året|år)\s+(20\d\d)\b")
_NAMED_YEAR = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)(?![\d\-/]|\.\d)")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)


@dataclass
class Reading:
    """What one text said about time, and the character spans that said it."""

    when: PlanValue | None = None
    found: list[Note] = field(default_factory=list)
    review: list[Note] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


def _year(reading: Reading, period: Period, part_year: int | None, explicit: str | None) -> int:
    if explicit:
        return int(explicit) if len(explicit) == 4 else 2000 + int(explicit)
    if part_year is not None:
        return part_year
    if period.start.year != period.end.year:
        reading.review.append(
            Note(N_("The year is not stated; {year} is assumed."), {"year": period.start.year})
        )
    return period.start.year


def _year_after(text: str, end: int) -> str | None:
    """A year written right after a week, month or quarter: "vecka 38 2025", "juni 2026"."""
    match = _FOLLOWING_YEAR.match(text, end)
    return match.group(1) if match else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _deadline_before(text: str, start: int) -> bool:
    return (
        _DEADLINE.search(text[max(0, start - 30) : start]) is not None
        or _DEADLINE_SPAN.search(text[max(0, start - 40) : start]) is not None
        or _DEADLINE_SUBJECT.match(text) is not None
        or _DEADLINE_NOUN.search(text[max(0, start - 70) : start]) is not None
    )


def _month_number(word: str) -> int:
    return MONTHS.get(word) or _SHORT_MONTHS[word.rstrip(".")]


def _said_again_as_deadline(text: str, span: tuple[int, int]) -> bool:
    """ "30. juni: Valgene skal være gjennomført innen 30. juni": the day is written again after
    a deadline word, so it is a deadline."""
    written = re.escape(text[span[0] : span[1]].strip())
    again = re.compile(rf"\b(?:{_BEFORE})\s+(?:den\s+)?{written}(?!\d)")
    return again.search(text, span[1]) is not None


def _set_date(reading: Reading, text: str, span: tuple[int, int], value: date) -> None:
    deadline = (
        _deadline_before(text, span[0])
        or _DEADLINE_AFTER.match(text[span[1] :])
        or _said_again_as_deadline(text, span)
        or (span[0] <= 5 and _DONE_BY.match(text[span[1] :]) is not None)
        # "senest 4 uker før årsmøtet, dvs. 15. januar": the day that span gives
        or (
            _THAT_IS.search(text[max(0, span[0] - 20) : span[0]]) is not None
            and _SPAN_DEADLINE.search(text[max(0, span[0] - 70) : span[0]]) is not None
        )
        # "fyra månader – 2019-01-27 – före förbundsmötet": a day so long before a meeting
        or (
            _SPAN_THEN_BEFORE.search(text[max(0, span[0] - 30) : span[0]]) is not None
            and _BEFORE_AFTER_DASH.match(text[span[1] :]) is not None
        )
    )
    form = "by" if deadline else "date"
    reading.when = {form: value.isoformat()}
    reading.spans.append(span)
    note = N_("deadline {date}") if form == "by" else N_("date {date}")
    reading.found.append(Note(note, {"date": value.isoformat()}))


# "Motioner till årsmötet 20 mars ska vara inne senast 1 februari": the first day belongs to the
# event the sentence names after a preposition; the sentence's own day is the deadline.
_NAMED_EVENT_BEFORE = re.compile(
    r"\b(?:till|til|for|för|inför|før|foran|om|on)\s+[\wåäöæø-]+\s+(?:den\s+|\w+dag(?:en)?\s+)?$"
)


def _deadline_of_an_event(
    text: str, reading: Reading, period: Period, part_year: int | None
) -> bool:
    mentions = _day_mentions(text, period, part_year)
    if len(mentions) < 2:
        return False
    first_start = mentions[0][0]
    if not _NAMED_EVENT_BEFORE.search(text[max(0, first_start - 40) : first_start]):
        return False
    first_end = mentions[0][1]
    if _deadline_before(text, first_start):
        return False
    if not any(_deadline_before(text, start) for start, _end, _day in mentions[1:]):
        return False
    # Read the text again without the event's day: the deadline is then its first day.
    without_event = text[:first_start] + " " * (first_end - first_start) + text[first_end:]
    return _exact_dates(without_event, reading, period, part_year)


def _exact_dates(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    match = _DAY_RANGE.search(text)
    if match:
        month = _month_number(match.group(3))
        year = _year(reading, period, part_year, _year_after(text, match.end()))
        first = _safe_date(year, month, int(match.group(1)))
        last = _safe_date(year, month, int(match.group(2)))
        if first and last and first <= last:
            reading.when = {"dates": {"from": first.isoformat(), "to": last.isoformat()}}
            reading.spans.append(match.span())
            reading.found.append(Note(N_("dates {start} to {end}"), {"start": first, "end": last}))
            return True
    if _deadline_of_an_event(text, reading, period, part_year):
        return True
    for pattern, order in ((_ISO_DATE, "ymd"), (_DOTTED_DATE, "dmy"), (_FULL_DATE, "dMy")):
        match = pattern.search(text)
        if match is None:
            continue
        parts = match.groups()
        if order == "ymd":
            value = _safe_date(int(parts[0]), int(parts[1]), int(parts[2]))
        elif order == "dmy":
            if len(parts[2]) == 2 and 2000 + int(parts[2]) not in period.years:
                continue
            value = _safe_date(
                _year(reading, period, part_year, parts[2]), int(parts[1]), int(parts[0])
            )
        else:
            year = _year(reading, period, part_year, parts[2])
            value = _safe_date(year, _month_number(parts[1]), int(parts[0]))
        if value is not None and _BOUND.search(text[max(0, match.start() - 15) : match.start()]):
            reading.spans.append(match.span())
            reading.review.append(
                Note(
                    N_("Only a bound (after or as of {date}) is given: confirm when it is asked."),
                    {"date": value.isoformat()},
                )
            )
        elif value is not None:
            _set_date(reading, text, match.span(), value)
        else:
            reading.spans.append(match.span())
            reading.review.append(
                Note(
                    N_("The text gives a date that does not exist: {text}."),
                    {"text": match.group(0)},
                )
            )
        return True
    return _slash_date(text, reading, period, part_year)


def _slash_date(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    match = _SLASH_DATE.search(text) or _NUMBERED_DAY.search(text)
    if match is None:
        return False
    day, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return False
    explicit = match.group(3) if match.re is _SLASH_DATE else None
    value = _safe_date(_year(reading, period, part_year, explicit), month, day)
    if value is None:
        return False
    _set_date(reading, text, match.span(), value)
    return True


# "1:a advent", "första advent", "første søndag i advent": the fourth Sunday before Christmas.
_FIRST_ADVENT = re.compile(
    r"\b(?:1:a|1\.|första|første|fyrste)\s+(?:söndag(?:en)?\s+i\s+|søndag(?:en)?\s+i\s+"
    r"|sundag(?:en)?\s+i\s+)?advent(?:ssöndag|ssøndag)?\b"
)


def _first_advent(year: int) -> date:
    christmas = date(year, 12, 25)
    last_sunday = christmas - timedelta(days=(christmas.weekday() + 1) % 7 or 7)
    return last_sunday - timedelta(weeks=3)


# Days that unions mark on a fixed day of the year, though no calendar of holidays has them:
# "aktivitet för ungdomar på Lucia" (13 December), "Valborg" (30 April), "sankthansaften".
_FIXED_NAMED_DAYS = {
    "lucia": (12, 13),
    "luciadagen": (12, 13),
    "valborg": (4, 30),
    "valborgsmässoafton": (4, 30),
    "sankthansaften": (6, 23),
    "jonsok": (6, 24),
    "jonsokaftan": (6, 23),
}
_FIXED_NAMED_DAY = re.compile(
    rf"\b(?:på|till?|under|inför|före|før|fram mot|kring|rundt)\s+"
    rf"({'|'.join(sorted(_FIXED_NAMED_DAYS, key=len, reverse=True))})(?![\wåäöæø])"
)


def _named_day(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    advent = _FIRST_ADVENT.search(text)
    if advent is not None:
        _set_date(
            reading, text, advent.span(), _first_advent(_year(reading, period, part_year, None))
        )
        return True
    fixed = _FIXED_NAMED_DAY.search(text)
    if fixed is not None:
        month, day_of_month = _FIXED_NAMED_DAYS[fixed.group(1)]
        found = _safe_date(_year(reading, period, part_year, None), month, day_of_month)
        if found is not None:
            _set_date(reading, text, fixed.span(), found)
            return True
    for words, (country, name) in NAMED_DAYS.items():
        position = text.find(words)
        if position < 0:
            continue
        year = _year(reading, period, part_year, None)
        calendar_days = holidays.country_holidays(
            country, years=year, language="sv" if country == "SE" else "no"
        )
        for day, day_name in calendar_days.items():
            if day_name == name:
                _set_date(reading, text, (position, position + len(words)), day)
                return True
    return False


# The months a season covers, as the plan file places `window: spring` and the like.
SEASON_MONTHS: dict[str, tuple[int, int]] = {"spring": (1, 6), "summer": (6, 8), "autumn": (9, 12)}


def named_window_span(name: str, year: int) -> tuple[date, date] | None:
    """The days a named window ("march", "autumn", "q3") covers in `year`."""
    if name in MONTH_NAMES_EN[1:]:
        first = last = MONTH_NAMES_EN.index(name)
    elif name in SEASON_MONTHS:
        first, last = SEASON_MONTHS[name]
    elif re.fullmatch(r"q[1-4]", name):
        first = 3 * int(name[1]) - 2
        last = first + 2
    else:
        return None
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _month_window(first: int, last: int, year: int) -> PlanValue:
    end = date(year, last, calendar.monthrange(year, last)[1])
    return {"window": {"from": date(year, first, 1).isoformat(), "to": end.isoformat()}}


# "vecka 10 och vecka 40", "uke 12 og 13": more weeks after the first.
_MORE_WEEKS = re.compile(r"\s*(?:,|og|och)\s*(?:(?:vecka|uke|veke|v\.?)\s*)?(\d{1,2})\b")


def _several_weeks(
    text: str, first: re.Match[str], reading: Reading, period: Period, part_year: int | None
) -> bool:
    """Weeks listed for one item: next to each other one window, apart one in each month."""
    if first.group(2):
        return False  # "uke 40-41": a span, read as one window
    weeks = [int(first.group(1))]
    end = first.end()
    while (more := _MORE_WEEKS.match(text, end)) is not None:
        weeks.append(int(more.group(1)))
        end = more.end()
    if len(weeks) < 2:
        return False
    year = _year(reading, period, part_year, _year_after(text, end))
    try:
        starts = sorted(date.fromisocalendar(year, week, 1) for week in set(weeks))
        last = date.fromisocalendar(year, max(weeks), 7)
    except ValueError:
        return False
    reading.spans.append((first.start(), end))
    reading.found.append(Note(N_("week {number}"), {"number": ", ".join(map(str, weeks))}))
    if sorted(set(weeks)) == list(range(min(weeks), max(weeks) + 1)):
        reading.when = {"window": {"from": starts[0].isoformat(), "to": last.isoformat()}}
        return True
    # Each week is asked at the end of the month it ends in.
    months = sorted({(start + timedelta(days=6)).month for start in starts})
    if len(months) == 1:
        reading.when = _month_window(months[0], months[0], year)
    else:
        reading.when = {"every": "monthly", "months": months[::-1] if len(months) == 2 else months}
    listed = ", ".join(start.isoformat() for start in starts)
    reading.review.append(
        Note(
            N_("Several dates ({dates}): asked at the end of each of those months."),
            {"dates": listed},
        )
    )
    return True


def _windows(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    multi_year = period.start.year != period.end.year and part_year is None
    match = _WEEK.search(text)
    if match and _several_weeks(text, match, reading, period, part_year):
        return True
    if match:
        year = _year(reading, period, part_year, _year_after(text, match.end()))
        first_week = int(match.group(1))
        last_week = int(match.group(2) or first_week)
        try:
            start = date.fromisocalendar(year, first_week, 1)
            end = date.fromisocalendar(year, last_week, 7)
        except ValueError:
            return False
        reading.when = {"window": {"from": start.isoformat(), "to": end.isoformat()}}
        reading.spans.append(match.span())
        reading.found.append(Note(N_("week {number}"), {"number": first_week}))
        return True
    match = _MONTH_RANGE.search(text)
    if match:
        first, last = MONTHS[match.group(1)], MONTHS[match.group(2)]
        if first <= last:
            reading.when = _month_window(first, last, _year(reading, period, part_year, None))
            reading.spans.append(match.span())
            reading.found.append(
                Note(N_("months {first} to {last}"), {"first": first, "last": last})
            )
            return True
    match = _MONTH.search(text)
    other = _OTHER_MONTH.match(text, match.end()) if match else None
    if match and other:
        # "i oktober eller november hvert år": a choice of months, none of them the item's
        reading.spans.append((match.start(), other.end()))
        return False
    if match:
        month = MONTHS[match.group(1)]
        explicit = _year_after(text, match.end())
        if _FROM_PART.search(text[max(0, match.start() - 30) : match.start()]):
            return False  # "tillgängliga från slutet av juni": from then on, no window
        ends_month = _MONTH_END_AFTER.match(text, match.end()) is not None and _deadline_before(
            text, match.start()
        )
        before = text[max(0, match.start() - 40) : match.start()]
        if ends_month or _END_OF.search(before) or _LATEST_IN.search(before):
            year = _year(reading, period, part_year, explicit)
            month_end = date(year, month, calendar.monthrange(year, month)[1])
            reading.when = {"by": month_end.isoformat()}
            reading.spans.append(match.span())
            reading.found.append(Note(N_("deadline {date}"), {"date": month_end.isoformat()}))
            return True
        # "i mai 2023" in a plan of 2023: the year is the plan's own, so the month is written by
        # its name, as the plan format writes a month of a one-year plan
        own_year = explicit is not None and not multi_year and int(explicit) == period.start.year
        if multi_year or part_year is not None or (explicit and not own_year):
            year = _year(reading, period, part_year, explicit)
            reading.when = _month_window(month, month, year)
        else:
            reading.when = {"window": MONTH_NAMES_EN[month]}
        _mark_deadline(text, match.start(), reading)
        reading.spans.append(match.span())
        reading.found.append(Note(N_("month {month}"), {"month": month}))
        return True
    return _quarter_or_half(text, reading, period, part_year)


_OTHER_MONTH = re.compile(rf"\s+(?:eller|alternativt)\s+(?:i\s+)?(?:{MONTH_PATTERN})\b")


def _mark_deadline(text: str, start: int, reading: Reading) -> None:
    if _deadline_before(text, start):
        reading.review.append(Note(N_("A deadline without a day: confirm the date.")))


def _quarter_or_half(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    match = _QUARTER.search(text)
    if match:
        word = next(group for group in match.groups() if group).rstrip(".").lower()
        quarter = ORDINALS[word]
        explicit = _year_after(text, match.end())
        if _END_OF.search(text[max(0, match.start() - 40) : match.start()]):
            # "innen utgangen av første kvartal": by the quarter's last day
            year = _year(reading, period, part_year, explicit)
            last = date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])
            reading.when = {"by": last.isoformat()}
            reading.spans.append(match.span())
            reading.found.append(Note(N_("deadline {date}"), {"date": last.isoformat()}))
            return True
        if part_year is None and explicit is None and period.start.year == period.end.year:
            reading.when = {"window": f"q{quarter}"}
        else:
            year = _year(reading, period, part_year, explicit)
            reading.when = _month_window(3 * quarter - 2, 3 * quarter, year)
        reading.spans.append(match.span())
        reading.found.append(Note(N_("quarter {number}"), {"number": quarter}))
        return True
    match = _HALF_YEAR.search(text)
    if match:
        half = ORDINALS[match.group(1)]
        year = _year(reading, period, part_year, _year_after(text, match.end()))
        reading.when = _month_window(1, 6, year) if half == 1 else _month_window(7, 12, year)
        reading.spans.append(match.span())
        reading.found.append(Note(N_("half year {number}"), {"number": half}))
        return True
    return _season(text, reading, period, part_year)


# "i vår" is this spring only where no noun follows ("i vår förening" is "in our union").
_THIS_SPRING = re.compile(
    r"\bi vår\b(?=\s*(?:[,.;:!?)]|$|(?:ska|skal|skall|kommer|vil|blir|har|och|og|igen|igjen"
    r"|också|også|med|innan|før|före)\b))"
)


def _hedged(text: str, start: int) -> bool:
    """Whether the clause around `start` only considers something ("vil bli vurdert")."""
    left = max(text.rfind(mark, 0, start) for mark in _CLAUSE_MARKS)
    rights = [found for mark in _CLAUSE_MARKS if (found := text.find(mark, start)) >= 0]
    clause = text[left + 1 : min(rights, default=len(text))]
    return _HEDGE.search(clause) is not None


def _season(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    spring = _THIS_SPRING.search(text)
    named = list(_SEASON.finditer(text))
    if len(named) > 1:
        # "fire kurs i høst, og kurset vil bli vurdert til våren": a season only considered
        # is no second time for the item.
        named = [found for found in named if not _hedged(text, found.start())] or named
    match = named[0] if named else spring
    if match is None:
        return False
    seasons = {_SEASON_NAMES[found.group(1)] for found in named} | ({"spring"} if spring else set())
    if len(seasons) > 1 and _several_seasons(text, seasons, reading, match):
        return True
    season = _SEASON_NAMES[match.group(1)] if named else "spring"
    before = text[max(0, match.start() - 12) : match.start()].strip().split(" ")[-1:]
    bounded = _BEFORE_SEASON.search(text[max(0, match.start() - 20) : match.start()]) is not None
    if bounded and season == "summer":
        season = "spring"
        reading.review.append(Note(N_('"Before the summer": confirm the deadline.')))
    elif before and before[0] in AFTER_WORDS and season == "summer":
        season = "autumn"
        reading.review.append(Note(N_('"After the summer": confirm the window.')))
    explicit = _year_after(text, match.end())
    if explicit is not None or period.start.year != period.end.year:
        # "hösten 2026", or any season in a plan over several years: a window with its year
        # (an assumed year is marked for review).
        first, last = SEASON_MONTHS[season]
        reading.when = _month_window(first, last, _year(reading, period, part_year, explicit))
    else:
        reading.when = {"window": season}
    reading.spans.append(match.span())
    reading.found.append(Note(N_("season {season}"), {"season": season}))
    return True


def _several_seasons(text: str, seasons: set[str], reading: Reading, match: re.Match[str]) -> bool:
    """ "i vår och i höst": asked at the end of each season named."""
    before = text[max(0, match.start() - 12) : match.start()].split()[-1:]
    if before and before[0] in (*BEFORE_WORDS, *AFTER_WORDS):
        return False  # "före sommaren … i höst": one bound and one season
    months = sorted({SEASON_MONTHS[season][1] for season in seasons}, reverse=True)
    reading.when = {"every": "monthly", "months": months if len(months) == 2 else months[::-1]}
    reading.spans.extend(found.span() for found in _SEASON.finditer(text))
    named = ", ".join(sorted(seasons))
    reading.found.append(Note(N_("seasons {seasons}"), {"seasons": named}))
    reading.review.append(Note(N_("Several seasons: asked at the end of each of them.")))
    return True


def _year_window(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    turn = _TURN_OF_THE_YEAR.search(text)
    if turn is not None and _END_OF_YEAR.search(text) is None:
        last_day = date(_year(reading, period, part_year, None), 12, 31)
        reading.when = {"by": last_day.isoformat()}
        reading.spans.append(turn.span())
        reading.found.append(Note(N_("deadline {date}"), {"date": last_day.isoformat()}))
        return True
    end_of_year = _END_OF_YEAR.search(text)
    if end_of_year is not None:
        last_day = date(int(end_of_year.group(1)), 12, 31)
        reading.when = {"by": last_day.isoformat()}
        reading.spans.append(end_of_year.span())
        reading.found.append(Note(N_("deadline {date}"), {"date": last_day.isoformat()}))
        return True
    joined = {int(year) for pair in _JOINED_YEARS.findall(text) for year in pair}
    if len(period.years) > 1 and joined >= set(period.years):
        # "i 2022 og 2023" in a plan for 2022-2023: every year of the plan.
        reading.when = {"every": "yearly"}
        reading.found.append(Note(N_("recurrence {rhythm}"), {"rhythm": "every: yearly"}))
        return True
    if len(set(_YEAR.findall(text))) > 1:
        return False  # one thing in one year and another in the next: no single window
    match = _YEAR.search(text)
    year = int(match.group(1)) if match else part_year
    if year is None or period.start.year == period.end.year or year not in period.years:
        return False
    reading.when = {"window": {"from": f"{year}-01-01", "to": f"{year}-12-31"}}
    if match:
        reading.spans.append(match.span())
    reading.found.append(Note(N_("the year {year}"), {"year": year}))
    return True


def _frequency(text: str, reading: Reading) -> tuple[str, str, tuple[int, int]] | None:
    """A rhythm the shared word list does not hold ("hver mandag", "kvar termin")."""
    found = read_frequency(text)
    if found is None:
        return None
    if found.kind == "half":
        # Each half year, asked at its end: June and December (latest first: not a range).
        reading.when = {"every": "monthly", "months": [12, 6]}
        reading.spans.append(found.span)
        reading.found.append(Note(N_("recurrence {rhythm}"), {"rhythm": "every half year"}))
        reading.review.append(Note(N_("Every half year: asked at the end of June and December.")))
        return None
    if found.kind in ("continuous", "ongoing"):
        return "continuous", "quarterly" if found.kind == "continuous" else "monthly", found.span
    return "every", found.kind, found.span


def _span_start(when: PlanValue) -> date | None:
    for form in ("date", "by"):
        if isinstance(when.get(form), str):
            return date.fromisoformat(when[form])
    dates = when.get("dates")
    return date.fromisoformat(dates["from"]) if isinstance(dates, dict) else None


def _whole_month(window: dict[str, object]) -> str | None:
    """The month's name when the window is one whole month, else None."""
    first, last = window.get("from"), window.get("to")
    if not (isinstance(first, str) and isinstance(last, str)):
        return None
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    whole = start.day == 1 and (end + timedelta(days=1)).month != end.month
    return MONTH_NAMES_EN[start.month] if whole and start.month == end.month else None


def _recurrence(text: str, reading: Reading, period: Period) -> None:
    rhythms = [
        (form, value, match.span("rhythm") if "rhythm" in match.re.groupindex else match.span())
        for pattern, form, value in RECURRENCE
        if (match := re.search(pattern, text)) is not None
    ][:1] or [found for found in [_frequency(text, reading)] if found is not None]
    for form, value, span in rhythms:
        dated = reading.when is not None and not {"date", "dates", "by"}.isdisjoint(reading.when)
        if dated and (form, value) == ("every", "yearly") and len(period.years) == 1:
            return  # "hvert år innen 15. mai" in a one-year plan: the day says it all
        if (
            reading.when is not None
            and "window" in reading.when
            and (form, value) == ("every", "yearly")
            and len(period.years) == 1
        ):
            return  # "hålls varje år i maj" in a one-year plan: May of that year, no rhythm
        month = reading.when.get("window") if reading.when else None
        if isinstance(month, dict) and (form, value) == ("every", "yearly"):
            # "i mars varje år" over several years: the month of the window the year was
            # assumed for, each year
            month = _whole_month(month)
            assumed = "The year is not stated; {year} is assumed."
            reading.review = [note for note in reading.review if note.msgid != assumed]
        if dated and reading.when is not None and (form, value) == ("every", "yearly"):
            # "innen 1. mai hvert år" over several years: each year, in that day's month
            day = _span_start(reading.when)
            month = MONTH_NAMES_EN[day.month] if day is not None else None
            assumed = "The year is not stated; {year} is assumed."
            reading.review = [note for note in reading.review if note.msgid != assumed]
        reading.when = {form: value}
        if (
            form == "every"
            and value == "yearly"
            and isinstance(month, str)
            and month in MONTH_NAMES_EN
        ):
            reading.when["months"] = [MONTH_NAMES_EN.index(month)]
        reading.spans.append(span)
        reading.found.append(Note(N_("recurrence {rhythm}"), {"rhythm": f"{form}: {value}"}))
        return


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _several(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    several = several_dates(text, part_year or period.start.year)
    if several is None:
        return False
    if any(
        _deadline_before(text, start) for start, _end, _day in _day_mentions(text, period, None)
    ):
        return (
            False  # "medlemsmøte 1. mars, påmelding innen 20. februar": an event and its deadline
        )
    reading.when, days, spans = several
    _year(reading, period, part_year, None)
    reading.spans.extend(spans)
    listed = ", ".join(day.isoformat() for day in days)
    reading.found.append(Note(N_("dates {dates}"), {"dates": listed}))
    reading.review.append(
        Note(
            N_("Several dates ({dates}): asked at the end of each of those months."),
            {"dates": listed},
        )
    )
    return True


# Two days that bound one event: "30 oktober – 2 november", "14. og 15. november",
# "öppnar 7/10 … avslutas den 20 oktober". The days between are part of it.
_WEEKDAY = rf"(?:(?:{'|'.join(WEEKDAYS)})(?:en)?\s+)?"
_TO = r"(?:-|–|—|til|till|to|t\.o\.m\.?|til og med|till och med)"
_CROSS_RANGE = re.compile(
    rf"\b(\d{{1,2}})\.?\s*({_DAY_MONTH})(?:\s*,?\s*(20\d\d))?\s*{_TO}\s*{_WEEKDAY}"
    rf"(?:den\s+)?(\d{{1,2}})\.?\s*({_DAY_MONTH})(?![\wåäöæø])(?:\s*,?\s*(20\d\d))?"
)
_DAY_PAIR = re.compile(
    rf"\b(\d{{1,2}})(?:\.|:[ae])?\s+(?:og|och|&)\s+{_WEEKDAY}(\d{{1,2}})(?:\.|:[ae])?\s+"
    rf"({_DAY_MONTH})(?![\wåäöæø])"
    r"(?:\s*,?\s*(20\d\d))?"
)
# A word that ends an event between its first and its last day.
_END_WORD = re.compile(
    r"\b(?:avslutas|avslutar|avsluttes|avsluttar|avsluttast|avslutta|slutar|slutter|sluttar"
    r"|varar|varer|pågår|held fram|fram till|till och med|til og med|t\.o\.m)\b"
)
_LONGEST_EVENT_DAYS = 62


def _range_year(
    reading: Reading, period: Period, part_year: int | None, explicit: str | None, wraps: bool
) -> tuple[int, int]:
    """The years of a range's two days; a range over New Year starts the year before."""
    last = _year(reading, period, part_year, explicit)
    return (last - 1 if wraps else last), last


def _set_range(reading: Reading, span: tuple[int, int], first: date, last: date) -> bool:
    if not first < last:
        return False
    if (last - first).days > _LONGEST_EVENT_DAYS:
        # "i tidsrommet 1. september – 30. november": a time within which it happens, a window,
        # not an event of every day between nor each of the two months
        reading.when = {"window": {"from": first.isoformat(), "to": last.isoformat()}}
        reading.spans.append(span)
        reading.found.append(Note(N_("dates {start} to {end}"), {"start": first, "end": last}))
        return True
    reading.when = {"dates": {"from": first.isoformat(), "to": last.isoformat()}}
    reading.spans.append(span)
    reading.found.append(Note(N_("dates {start} to {end}"), {"start": first, "end": last}))
    return True


# "11.-28.9.2017", "13.–15.11.2017", "15.8.–6.9.2017": a range written in numbers, as Finnish
# and some Norwegian pages write it; the first day's month is the last day's unless it has its own.
_DOTTED_RANGE = re.compile(
    r"(?<![\d.])(\d{1,2})\.(?:(\d{1,2})\.)?\s*(?:-|–|—)\s*(\d{1,2})\.(\d{1,2})\.(20\d\d)(?!\d)"
)


def _dotted_range(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    match = _DOTTED_RANGE.search(text)
    if match is None:
        return False
    day1, month1, day2, month2, year = match.groups()
    last_month = int(month2)
    first_month = int(month1) if month1 else last_month
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12):
        return False
    last_year = _year(reading, period, part_year, year)
    first_year = last_year - 1 if first_month > last_month else last_year
    first = _safe_date(first_year, first_month, int(day1))
    last = _safe_date(last_year, last_month, int(day2))
    return bool(first and last and _set_range(reading, match.span(), first, last))


def _cross_range(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    if _dotted_range(text, reading, period, part_year):
        return True
    match = _CROSS_RANGE.search(text)
    if match is not None:
        day1, month1, year1, day2, month2, year2 = match.groups()
        first_month, last_month = _month_number(month1), _month_number(month2)
        years = _range_year(reading, period, part_year, year2, first_month > last_month)
        start_year = int(year1) if year1 else years[0]
        first = _safe_date(start_year, first_month, int(day1))
        last = _safe_date(years[1], last_month, int(day2))
        if first and last and _set_range(reading, match.span(), first, last):
            return True
    pair = _DAY_PAIR.search(text)
    if pair is not None:
        year = _year(reading, period, part_year, pair.group(4))
        month = _month_number(pair.group(3))
        first = _safe_date(year, month, int(pair.group(1)))
        last = _safe_date(year, month, int(pair.group(2)))
        if first and last and (last - first).days == 1:
            return _set_range(reading, pair.span(), first, last)
        if first and last and first < last:
            # "3 och 10 mars": two days of one month, asked at the month's end.
            one_year = len(period.years) == 1 and pair.group(4) is None
            reading.when = (
                {"window": MONTH_NAMES_EN[month]} if one_year else _month_window(month, month, year)
            )
            reading.spans.append(pair.span())
            listed = f"{first.isoformat()}, {last.isoformat()}"
            reading.found.append(Note(N_("dates {dates}"), {"dates": listed}))
            reading.review.append(
                Note(
                    N_("Several dates ({dates}): asked at the end of each of those months."),
                    {"dates": listed},
                )
            )
            return True
    return _opens_and_ends(text, reading, period, part_year)


def _day_mentions(text: str, period: Period, part_year: int | None) -> list[tuple[int, int, date]]:
    """Every day written in full or as 7/10, in order, each with its year."""
    year = part_year or period.start.year
    found: list[tuple[int, int, date]] = []
    for match in _FULL_DATE.finditer(text):
        day = _safe_date(
            int(match.group(3) or year), _month_number(match.group(2)), int(match.group(1))
        )
        if day:
            found.append((match.start(), match.end(), day))
    for match in _SLASH_DATE.finditer(text):
        explicit = match.group(3)
        value = int(explicit) if explicit and len(explicit) == 4 else year
        day = _safe_date(value, int(match.group(2)), int(match.group(1)))
        if day and 1 <= int(match.group(2)) <= 12:
            found.append((match.start(), match.end(), day))
    return sorted(found)


# "mellan 1 februari och 15 mars", "mellom 10. april og 20. mai": from the one day to the other.
_BETWEEN = re.compile(r"\b(?:mellan|mellom)\s+(?:den\s+)?$")
_AND = re.compile(r"\s*(?:och|og)\s+(?:den\s+)?")


def _opens_and_ends(text: str, reading: Reading, period: Period, part_year: int | None) -> bool:
    """ "öppnar 7/10 … och avslutas den 20 oktober", "mellan 1 mars och 15 april": from the
    first day to the last."""
    mentions = _day_mentions(text, period, part_year)
    if len(mentions) != 2:
        return False
    (start1, end1, first), (start2, end2, last) = mentions
    between = _BETWEEN.search(text[:start1]) is not None and _AND.fullmatch(text[end1:start2])
    if _END_WORD.search(text[end1:start2]) is None and not between:
        return False
    if _deadline_before(text, start1) or _deadline_before(text, start2):
        return False
    if part_year is None and len(period.years) > 1:
        _year(reading, period, part_year, None)  # the year is assumed: marked for review
    opening = _OPENING_DAYS.search(text[:start1])
    if opening is not None and (last - first).days > LONGEST_EVENT_DAYS:
        # "Kongressen inleds den 28-29 mars och avslutas den 21 maj": a meeting in sittings, whose
        # opening has days of its own; the sentence dates its opening, not the weeks between
        day = _safe_date(first.year, first.month, int(opening.group(1)))
        if day is not None and day < first:
            return _set_range(reading, (start1 - len(opening.group(0)), end1), day, first)
    return _set_range(reading, (start1, end2), first, last)


# "28-" before "29 mars": the first day of a span of days that opens a meeting
_OPENING_DAYS = re.compile(r"\b(\d{1,2})\.?\s*[-–]\s*$")


# Days an event lasts at most; a longer span of days ("15 februari till 31 mars") is a period in
# which something is done, a window.
LONGEST_EVENT_DAYS = 14


def _long_span_is_window(reading: Reading) -> None:
    span = reading.when.get("dates") if reading.when else None
    if not isinstance(span, dict):
        return
    first, last = date.fromisoformat(span["from"]), date.fromisoformat(span["to"])
    if (last - first).days > LONGEST_EVENT_DAYS:
        reading.when = {"window": dict(span)}


# "tirsdag 29. august 2017: sak 1) lo-kongressen 8. – 12. mai 2017 …", "12 mars – medlemsmöte
# om avtalet från 3 februari": a calendar line that opens with its day, then says what happens.
_OPENING_DAY = re.compile(
    rf"^\s*{_WEEKDAY}(?:den\s+)?\d{{1,2}}(?:\.|:[ae])?\s*{_DAY_MONTH}(?![\wåäöæø])"
    r"(?:\s*,?\s*(?:19|20)\d\d)?(?:\s*,?\s*(?:kl\.?|klokka|klockan)?\s*\d{1,2}(?:[.:]\d\d)?)?"
    r"\s*(?::|–|—|-\s|\|)"
)


def _opening_day(text: str, period: Period, part_year: int | None) -> Reading | None:
    """The reading of a line that opens with its day and names other days after it: the event
    is on the opening day, and the days after it belong to what the event is about (a congress
    to follow up, a deadline for the next one), never months of a rhythm of its own."""
    opening = _OPENING_DAY.match(text)
    if opening is None:
        return None
    rest = _day_mentions(text[opening.end() :], period, part_year)
    if not rest:
        return None
    reading = read_when(text[: opening.end()], period, part_year)
    if reading.when is None or _span_start(reading.when) in {day for _, _, day in rest}:
        # "30. juni: Valg … skal være gjennomført innen 30. juni": the line says its day again,
        # and how (a deadline): the whole line is read
        return None
    # The later days are no counts or targets either.
    reading.spans.extend((opening.end() + start, opening.end() + end) for start, end, _ in rest)
    return reading


def read_when(text: str, period: Period, part_year: int | None = None) -> Reading:
    """Everything the text says about when; `text` is lower-case."""
    opened = _opening_day(text, period, part_year)
    if opened is not None:
        return opened
    reading = Reading()
    if part_year is None and len(period.years) > 1:
        # "Landsrådet 2021 arrangeres 23.–24. mars": in a plan over several years, a day without
        # a year of its own is in the one year of the plan that its sentence names
        named = {int(year) for year in _NAMED_YEAR.findall(text)} & set(period.years)
        part_year = named.pop() if len(named) == 1 else None
    rhythm = read_rhythm(text)
    reading.spans.extend(rhythm.spans)
    text = _blank(text, rhythm.spans)
    ranged = _cross_range(text, reading, period, part_year)
    if not ranged and _several(text, reading, period, part_year):
        return reading
    found = (
        ranged
        or _exact_dates(text, reading, period, part_year)
        or _named_day(text, reading, period, part_year)
        or _windows(text, reading, period, part_year)
    )
    _long_span_is_window(reading)
    _recurrence(text, reading, period)
    reading.when = apply_rhythm(rhythm, reading.when, reading.review)
    if rhythm.times is not None and reading.when is None and len(period.years) > 1:
        # "fyra gånger under året" in a plan over several years: so many times each year.
        reading.when = {"every": "yearly"}
        reading.found.append(Note(N_("recurrence {rhythm}"), {"rhythm": "every: yearly"}))
    if not found and reading.when is None:
        week = re.search(NAMED_WEEK, text)
        if week:
            reading.spans.append(week.span())
            reading.review.append(
                Note(N_('"{name}" is a named week: add its dates.'), {"name": week.group(0)})
            )
            return reading
        _year_window(text, reading, period, part_year)
    return reading
