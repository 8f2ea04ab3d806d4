"""What each person does, decided by a seeded hash: the same run every time, on every database.

Everything a person did is written to the `Log`; the oracle reads only that log and the
plan's documented rules.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tests.acceptance.world import BLOCKER, BY_ITEM, ERASED, Person

SEED = "ombud-year-2025"
# behaviour, weight (of 100)
BEHAVIOURS = (
    ("instant", 24),
    ("late", 16),
    ("no_help", 8),
    ("no_plain", 8),
    ("stale", 10),
    ("later", 10),
    ("silent", 16),
    ("late_no", 8),
)
CORRECT_PERCENT = 14
COMMENTS = {
    "sv": ("Bra uppslutning och många frågor", "Lugnt men bra samtal"),
    "nb": ("God oppslutning og mange spørsmål", "Rolig men godt møte"),
    "nn": ("God oppslutnad og mange spørsmål", "Roleg men godt møte"),
}
BLOCKERS = {"sv": "Ingen lokal ledig", "nb": "Ingen ledig lokale", "nn": "Ikkje noko ledig lokale"}
YES_WORD = {"sv": "ja", "nb": "ja", "nn": "ja"}
NO_WORD = {"sv": "nej", "nb": "nei", "nn": "nei"}


def roll(*parts: object) -> int:
    """A number 0..99 from the seed and the parts: deterministic, evenly spread."""
    digest = hashlib.sha256("|".join([SEED, *map(str, parts)]).encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100


def behaviour(person: Person, item: str, occurrence: int) -> str:
    if person.key in (ERASED, BLOCKER):
        return "instant"  # they answer at once, so they never owe anything when they go
    point, total = roll(person.key, item, occurrence), 0
    for name, weight in BEHAVIOURS:
        total += weight
        if point < total:
            chosen = name
            break
    if chosen == "instant" and person.platform == "slack":
        return "late"  # a Slack tap goes through bolt's HTTP endpoint, never inside a send
    return chosen


def corrects(person: Person, item: str, occurrence: int) -> bool:
    if person.key in (ERASED, BLOCKER) or (
        person.platform == "slack" and BY_ITEM[item].when != "monthly"
    ):
        return False
    return roll("correct", person.key, item, occurrence) < CORRECT_PERCENT


@dataclass(frozen=True)
class Answer:
    """One answer as the person gave it."""

    choice: str  # "yes" or "no"
    numbers: dict[str, int] = field(default_factory=dict)
    comment: str | None = None
    blocker: str | None = None
    help: bool | None = None
    new_date: date | None = None


def answer_for(  # noqa: PLR0917 - who, what, which occurrence, which answer, when
    person: Person, item: str, occurrence: int, choice: str, asked: date, revision: int = 0
) -> Answer:
    spec = BY_ITEM[item]
    r = roll("answer", person.key, item, occurrence, revision)
    if choice == "yes":
        numbers = {}
        if spec.metric is not None:
            numbers[spec.metric] = 3 + r % 17
        if spec.target in ("count-once", "per-unit"):  # asked once, with a count target
            numbers["times"] = 1 + r % 4
        comment = COMMENTS[person.locale][r % 2] if r % 3 == 0 else None
        return Answer("yes", numbers, comment)
    wants_help = roll("help", person.key, item, occurrence, revision) < 50
    new_date = asked + timedelta(days=21) if r % 2 == 0 else None
    return Answer("no", {}, None, BLOCKERS[person.locale], wants_help, new_date)


# --- the log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """A report request (first ask or follow-up) reached the person with buttons."""

    at: datetime
    person: str
    item: str
    occurrence: int
    handle: int  # the check-in the buttons are about, as the person's client sees it
    followup: bool
    answered_before: bool  # the person had already answered it when it arrived


@dataclass(frozen=True)
class Answered:
    at: datetime
    person: str
    item: str
    occurrence: int
    answer: Answer
    how: str  # tap, stale-button, rapport, old-button, instant
    correction: bool = False


@dataclass(frozen=True)
class Snoozed:
    at: datetime
    person: str
    item: str
    occurrence: int


@dataclass(frozen=True)
class DigestCopy:
    at: datetime
    board: str
    member: str
    locale: str
    text: str


@dataclass
class Log:
    asked: list[Asked] = field(default_factory=list)
    answered: list[Answered] = field(default_factory=list)
    snoozed: list[Snoozed] = field(default_factory=list)
    notices: list[tuple[datetime, str, str]] = field(default_factory=list)  # at, person, item
    digests: list[DigestCopy] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what the people noticed at once
    erased_at: datetime | None = None
    first_refusal: datetime | None = None  # the first send the blocked person's app refused

    def latest(self, person: str, item: str, occurrence: int, until: datetime) -> Answered | None:
        found = None
        for entry in self.answered:
            if (entry.person, entry.item, entry.occurrence) == (person, item, occurrence) and (
                entry.at <= until
            ):
                found = entry
        return found
