"""What a drafted item asks: participants only of a gathering held, never of a deadline.

A deadline is asked whether it was met. A gathering only named as what something is sent to,
done before or after ("Forslag til årsmøtet", "referat fra styremøtet") is no gathering of the
item. Every sentence here is our own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.core.i18n import Translator
from bot.drafting.amounts import read_amounts
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftItem
from bot.drafting.writer import write_plan

TODAY = date(2026, 3, 1)


def _item(tmp_path: Path, line: str) -> DraftItem:
    path = tmp_path / "plan.txt"
    path.write_text(f"Handlingsplan 2026\n\nÅrsmøte\n- {line}\n", encoding="utf-8")
    [item] = draft_document(path, today=TODAY).items
    return item


def _asked(text: str, language: str = "nb") -> list[str]:
    return [key for key, _label in read_amounts(text.lower(), language).metrics]


def test_a_deadline_for_motions_asks_no_participants(tmp_path: Path) -> None:
    item = _item(tmp_path, "Forslag til årsmøtet må være sendt styret senest 14. januar.")
    assert item.when == {"by": "2026-01-14"}
    assert item.metrics == []
    assert all(note.msgid != "asks for {metric}" for note in item.found)


def test_the_draft_of_a_deadline_has_no_ask(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "Handlingsplan 2026\n\nÅrsmøte\n"
        "- Forslag til årsmøtet må være sendt styret senest 14. januar.\n"
        "- Årsmøtet holdes 10. februar.\n",
        encoding="utf-8",
    )
    text = write_plan(draft_document(path, today=TODAY), Translator("nb"))
    deadline, meeting = text.split("\n\n")[1:3]
    assert "senest 14. januar" in deadline
    assert "ask:" not in deadline
    assert "holdes 10. februar" in meeting
    assert "{id: participants, label: Antall deltakere}" in meeting


@pytest.mark.parametrize(
    "line",
    [
        "Årsmøtet skal holdes innen 1. mars.",
        "Alle klubber skal ha gjennomført medlemsmøte innen 30. april.",
        "Påmelding til kurset innen 15. august.",
    ],
)
def test_a_deadline_is_asked_whether_it_was_met(tmp_path: Path, line: str) -> None:
    item = _item(tmp_path, line)
    assert item.when is not None
    assert "by" in item.when
    assert item.metrics == []


def test_a_deadline_that_counts_participants_asks_them(tmp_path: Path) -> None:
    item = _item(tmp_path, "Minst 30 deltakere på medlemsmøtet innen 1. juni.")
    assert item.when == {"by": "2026-06-01"}
    assert item.target == {"sum": 30, "metric": "participants"}
    assert [key for key, _label in item.metrics] == ["participants"]


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("Årsmøtet holdes 10. februar.", {"date": "2026-02-10"}),
        ("Medlemsmøte i mars.", {"window": "march"}),
    ],
)
def test_a_gathering_on_a_day_or_in_a_month_asks_participants(
    tmp_path: Path, line: str, when: dict[str, str]
) -> None:
    item = _item(tmp_path, line)
    assert item.when == when
    assert [key for key, _label in item.metrics] == ["participants"]


@pytest.mark.parametrize(
    ("text", "language", "asked"),
    [
        # a gathering held, invited to or gathered at
        ("Årsmøtet holdes i Bodø", "nb", ["participants"]),
        ("Bjuda in till medlemsmöte", "sv", ["participants"]),
        ("Styret kaller inn til årsmøte", "nb", ["participants"]),
        ("Varje år samlas medlemmarna till årsmöte", "sv", ["participants"]),
        ("Legge til rette for kurs for tillitsvalgte", "nb", ["participants"]),
        ("Utbildningsdag för skyddsombud", "sv", ["participants"]),
        ("Kurshelg for nye tillitsvalgte", "nb", ["participants"]),
        ("Tillitsvalgte deltar på kurs om arbeidsmiljø", "nb", ["participants"]),
        # a gathering only named as what something is for, before or after
        ("Forslag til årsmøtet sendes styret", "nb", []),
        ("Sakspapirene til årsmøtet legges ut på nettsiden", "nb", []),
        ("Motioner till årsmötet lämnas till styrelsen", "sv", []),
        ("Referat fra styremøtet sendes medlemmene", "nb", []),
        ("Dagsorden sendes ut før det ordinære årsmøtet", "nb", []),
        # a gathering's name as the first part of a compound, or the genitive
        ("Det ska finnas en utbildningsplan", "sv", []),
        ("I landsmøteperioden skal vi prioritere lønn", "nb", []),
        ("Årsmötets protokoll justeras", "sv", []),
        # words that only hold a gathering's letters
        ("Ledamöter väljs för två år", "sv", []),
        ("Hjelp til medlemmer i en konkurs", "nb", []),
    ],
)
def test_participants_are_asked_of_a_gathering_held(
    text: str, language: str, asked: list[str]
) -> None:
    assert _asked(text, language) == asked


def test_members_sent_to_a_course_are_its_participants() -> None:
    # "til kurs" names no gathering of the item's own for the ask, but a target that counts
    # people going to a course counts them as its participants, and they are asked
    amounts = read_amounts("sende 12 medlemmer til kurs", "nb")
    assert amounts.target == {"sum": 12, "metric": "participants"}
    assert [key for key, _label in amounts.metrics] == ["participants"]
