"""The union of the scenario: units, boards, people and the two plans, in our own words.

`roster_yaml` and `plan_yaml` are what an administrator would import; the Python tables
below them (`PEOPLE`, `ITEMS`) are the same facts as the oracle reads them, so the oracle
never asks the code under test what the plan means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

YEAR = 2025
TEAM_ID = "T0UNION"


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    locale: str
    timezone: str
    unit: str
    platform: str  # console, telegram or slack
    board: str | None = None  # the board this person sits on (then not a steward)

    @property
    def telegram_id(self) -> int:
        return 7000 + int(self.key[-2:]) + (100 if self.key.startswith("n") else 0)

    @property
    def slack_id(self) -> str:
        return "U" + self.key.upper().replace("-", "")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Side:
    """One board's half of the union: its unit, sub-units, language and plan."""

    board_unit: str
    board_name: str
    unit_kind: str
    sub_kind: str
    subunits: tuple[str, str]
    timezone: str
    plan_key: str
    plan_title: str
    language: str
    areas: tuple[str, str]


SV = Side(
    "avd-sv",
    "Avdelningsstyrelsen Mälardalen",
    "avdelning",
    "ort",
    ("ort-nord", "ort-syd"),
    "Europe/Stockholm",
    "vp-sv-2025",
    "Verksamhetsplan 2025 Mälardalen",
    "sv",
    ("Organisering och möten", "Arbetsmiljö och värvning"),
)
NO = Side(
    "avd-no",
    "Avdelingsstyret Vestland",
    "avdeling",
    "klubb",
    ("klubb-vest", "klubb-ost"),
    "Europe/Oslo",
    "hp-no-2025",
    "Handlingsplan 2025 Vestland",
    "nb",
    ("Organisering og møter", "Arbeidsmiljø og verving"),
)
SIDES = (SV, NO)

_FIRST = ("Alva", "Bertil", "Cecilia", "Dag", "Ebba", "Frans", "Greta", "Hugo", "Ines", "Jon")
_LAST_SV = ("Nordin", "Sundberg")
_LAST_NO = ("Vestre", "Østby")
_PLATFORMS = ("telegram", "slack", "console", "console", "console")


def _stewards(side: Side, prefix: str, lasts: tuple[str, str]) -> list[Person]:
    people = []
    for n in range(20):
        unit = side.subunits[n // 10]
        locale = "sv" if side is SV else ("nb" if n < 10 else "nn")
        name = f"{_FIRST[n % 10]} {lasts[n // 10]}"
        people.append(
            Person(f"{prefix}{n:02d}", name, locale, side.timezone, unit, _PLATFORMS[n % 5])
        )
    return people


STEWARDS: tuple[Person, ...] = (*_stewards(SV, "s", _LAST_SV), *_stewards(NO, "n", _LAST_NO))
BOARD_MEMBERS: tuple[Person, ...] = (
    Person("bs90", "Karin Styrman", "sv", SV.timezone, SV.board_unit, "console", SV.board_unit),
    Person("bs91", "Olof Styrman", "sv", SV.timezone, SV.board_unit, "telegram", SV.board_unit),
    Person("bn90", "Hilde Styresen", "nb", NO.timezone, NO.board_unit, "slack", NO.board_unit),
    Person("bn91", "Ragnhild Styresen", "nn", NO.timezone, NO.board_unit, "console", NO.board_unit),
)
PEOPLE: tuple[Person, ...] = (*STEWARDS, *BOARD_MEMBERS)
BY_KEY = {p.key: p for p in PEOPLE}


def side_of(person: Person) -> Side:
    return SV if person.timezone == SV.timezone else NO


# --- special people of the script ------------------------------------------------------

ERASED = "s07"  # erased mid-year through the service function
ERASED_AT = datetime(YEAR, 8, 12, 12, 0, tzinfo=ZoneInfo("UTC"))
BLOCKER = "n05"  # a Telegram steward who blocks the bot
BLOCKED_FROM = date(YEAR, 5, 26)
WEEKLY_OWNERS = {SV: ("s01", "s02", "s03"), NO: ("n01", "n02", "n13")}


# --- the plan items, as the oracle reads them -----------------------------------------


@dataclass(frozen=True)
class Item:
    key: str
    area: int  # 0 or 1: index into Side.areas
    titles: tuple[str, str]  # sv, nb
    when: str  # event, window, monthly, weekly, deadline, named-window
    occurrences: tuple[tuple[date, date], ...]  # (start, end) of each occurrence
    ask_after: int
    metric: str | None = None
    target: str | None = None  # count-recurring, count-once, sum, direction, per-unit
    target_value: int | None = None
    weekly_only: bool = False  # owned by a few named people instead of all stewards
    notices: tuple[int, ...] = ()

    def title(self, side: Side) -> str:
        return self.titles[0 if side is SV else 1]


def _month_ends(first: int, last: int) -> tuple[tuple[date, date], ...]:
    spans = []
    for month in range(first, last + 1):
        start = date(YEAR, month, 1)
        end = date(YEAR + (month == 12), month % 12 + 1, 1).replace(day=1)
        spans.append((start, date.fromordinal(end.toordinal() - 1)))
    return tuple(spans)


def _weeks(first: date, last: date) -> tuple[tuple[date, date], ...]:
    monday = date.fromordinal(first.toordinal() - first.weekday())
    spans = []
    while monday <= last:
        spans.append((monday, date.fromordinal(monday.toordinal() + 6)))
        monday = date.fromordinal(monday.toordinal() + 7)
    return tuple(spans)


ITEMS: tuple[Item, ...] = (
    Item(
        "A1",
        0,
        ("Månadsträff på arbetsplatsen", "Månedlig klubbmøte på arbeidsplassen"),
        "monthly",
        _month_ends(2, 11),
        0,
        metric="deltagare",
        target="count-recurring",
        target_value=6,
    ),
    Item(
        "A2",
        0,
        ("Medlemsmöten under hösten", "Medlemsmøter i høst"),
        "window",
        ((date(YEAR, 9, 1), date(YEAR, 10, 31)),),
        0,
        target="count-once",
        target_value=4,
    ),
    Item(
        "A3",
        0,
        ("Skyddsrond dokumenterad", "Vernerunde dokumentert"),
        "deadline",
        ((date(YEAR, 6, 13), date(YEAR, 6, 13)),),
        0,
        target="per-unit",
        target_value=1,
        notices=(5,),
    ),
    Item(
        "B1",
        1,
        ("Värvardag på arbetsplatsen", "Vervedag på arbeidsplassen"),
        "event",
        ((date(YEAR, 4, 23), date(YEAR, 4, 23)),),
        1,
        metric="nya",
        target="sum",
        target_value=60,
        notices=(14, 2),
    ),
    Item(
        "B2",
        1,
        ("Veckobesök hos nyanställda", "Ukentlige besøk hos nyansatte"),
        "weekly",
        _weeks(date(YEAR, 9, 1), date(YEAR, 10, 31)),
        0,
        metric="besok",
        target="direction",
        weekly_only=True,
    ),
    Item(
        "B3",
        1,
        ("Enkät om arbetstider i maj", "Undersøkelse om arbeidstid i mai"),
        "named-window",
        ((date(YEAR, 5, 1), date(YEAR, 5, 31)),),
        0,
    ),
)
BY_ITEM = {item.key: item for item in ITEMS}
METRIC_LABELS = {
    "deltagare": ("Deltagare", "Deltakere"),
    "nya": ("Nya medlemmar", "Nye medlemmer"),
    "besok": ("Besök", "Besøk"),
}

SEND_TIME = time(9, 0)
FOLLOWUP_DAYS = (3, 7)
GIVE_UP_DAYS = 14


def owners_of(item: Item, side: Side) -> list[Person]:
    if item.weekly_only:
        return [BY_KEY[k] for k in WEEKLY_OWNERS[side]]
    return [p for p in STEWARDS if side_of(p) is side]
