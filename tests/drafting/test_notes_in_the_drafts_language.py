"""Every note a draft writes is in the reader's language: no plan-file English in a comment.

The sentences are our own, written so that each kind of note appears: a rhythm, a half year, a
season and two seasons, a month read from a heading, a metric, a sum, a count, a percentage and a
change.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.core.i18n import Translator
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftPlan
from bot.drafting.writer import write_plan
from tests.drafting.conftest import DOCUMENTS, document_names

TODAY = date(2026, 3, 1)

NB_PLAN = """Handlingsplan 2026

Verving
- Vi skal verve 20 nye medlemmer i hver klubb.
- Klubbene skal ha medlemsmøte minst én gang per halvår.
- Ti prosent flere medlemmer deltar på tariffkonferansen.
- Vi skal kontinuerlig jobbe med verving.
- Styret skal rekruttere flere tillitsvalgte.
- Vi holder kurs for tillitsvalgte i vår og i høst.
- Temamøte om pensjon til høsten.
- Nyhetsbrev sendes ut hver uke.
- Styremøte hvert kvartal.

Mars
- Medlemsmøte om lønnsoppgjøret.
"""

# Plan-file keys and values, and English words for times, that a reader of a Swedish or
# Norwegian draft must not meet in its comments.
ENGLISH = {
    "every", "weekly", "monthly", "quarterly", "yearly", "continuous", "half", "year", "count",
    "sum", "metric", "direction", "increase", "decrease", "participants", "new_members",
    "members", "stewards", "issues", "visits", "spring", "summer", "autumn", "winter",
    "percent", "recurrence", "target", "season", "seasons", "asks", "january", "february",
    "march", "may", "june", "july", "october", "december",
}  # fmt: skip
# The comment that quotes the document's own line, in any of the languages.
QUOTE = re.compile(r"^\s*# (?:line|linje|rad|line) \d+: ")


def _draft(tmp_path: Path, text: str) -> DraftPlan:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return draft_document(path, today=TODAY)


def _notes(text: str) -> list[str]:
    """The comments and review fields the drafter wrote, without the quoted source lines."""
    notes = [
        line
        for line in text.splitlines()
        if line.lstrip().startswith("#") and not QUOTE.match(line)
    ]
    notes += [line for line in text.splitlines() if line.lstrip().startswith("review: ")]
    return notes


def _english(notes: list[str]) -> list[str]:
    return [line for line in notes if ENGLISH & set(re.findall(r"[a-z_]+", line.lower()))]


@pytest.mark.parametrize("name", document_names())
def test_the_notes_on_our_documents_are_in_their_language(name: str) -> None:
    plan = draft_document(DOCUMENTS / name)
    assert _english(_notes(write_plan(plan, Translator(plan.language)))) == []


def test_every_kind_of_note_is_in_bokmal(tmp_path: Path) -> None:
    plan = _draft(tmp_path, NB_PLAN)
    assert plan.language == "nb"
    notes = _notes(write_plan(plan, Translator("nb")))
    assert len(notes) > len(plan.items)  # every item has a note: the test reads something
    assert _english(notes) == []


def test_the_same_notes_in_english_name_their_words() -> None:
    # The list of English words finds them when the reader is English: the test above can fail.
    plan = draft_document(DOCUMENTS / "nb_klubb.txt")
    assert _english(_notes(write_plan(plan, Translator("en")))) != []


@pytest.mark.parametrize(
    ("language", "wanted"),
    [
        ("nb", "gjentas hvert halvår, spørres i juni og desember"),
        ("sv", "återkommer varje halvår, frågas i juni och december"),
        ("nn", "gjentek seg kvart halvår, vert spurt i juni og desember"),
        ("en", "recurrence every half year, asked in June and December"),
    ],
)
def test_a_half_year_says_it_is_asked_in_june_and_december(
    tmp_path: Path, language: str, wanted: str
) -> None:
    plan = _draft(tmp_path, NB_PLAN)
    [item] = [item for item in plan.items if "halvår" in item.title]
    assert item.when == {"every": "monthly", "months": [12, 6]}
    assert wanted in write_plan(plan, Translator(language))


@pytest.mark.parametrize(
    ("words", "wanted"),
    [
        ("20 nye medlemmer", "mål nye medlemmer: 20 totalt; per klubb"),
        ("flere tillitsvalgte", "mål antall tillitsvalgte: flere"),
        ("Ti prosent", "mål 10 %"),
        ("per halvår", "mål gjennomført minst 1 gang"),
        ("Nyhetsbrev", "gjentas hver uke; spør etter antall utgaver"),
        ("kontinuerlig", "gjentas løpende, spørres hver måned"),
        ("i vår og i høst", "årstider høst og vår"),
        ("lønnsoppgjøret", "Måneden er lest fra overskriften mars over"),
    ],
)
def test_what_was_read_is_said_in_words(tmp_path: Path, words: str, wanted: str) -> None:
    text = write_plan(_draft(tmp_path, NB_PLAN), Translator("nb"))
    [block] = [block for block in text.split("\n\n") if words in block]
    assert wanted in block
