"""Values and items a draft must not invent: a season only thought of, the size of a gathering,
several events merged into one, a page of suggestions drafted as a plan.

Every sentence here is our own, written for the rule it tests, in Swedish, Bokmål and Nynorsk.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from bot.core.i18n import Translator
from bot.drafting.amounts import read_amounts
from bot.drafting.dates import Period, read_when
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftPlan
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan

TODAY = date(2026, 3, 1)
YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # A season in a clause that only considers something is no second time for the item.
        (
            "vi har planlagt tre samlinger for tillitsvalgte i høst, og samlingene vil kanskje "
            "bli gjentatt til våren",
            {"window": "autumn"},
        ),
        (
            "avdelningen ordnar två kurser för ombud under våren och eventuellt en till i höst",
            {"window": "spring"},
        ),
        (
            "laget held to kurs for styra i haust, og eit kurs til våren vert vurdert",
            {"window": "autumn"},
        ),
    ],
)
def test_a_season_only_considered_is_no_second_time(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    "text",
    [
        "vi held eit kurs i mars og eit i oktober, og eit kurs i haust",
        "klubben har medlemsmöte i vår och i höst",
    ],
)
def test_seasons_both_planned_are_still_both_asked(text: str) -> None:
    when = read_when(text, YEAR_2026).when
    assert isinstance(when, dict)
    assert when.get("every") == "monthly"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("den 3–4 juni samlas 120 medlemmar för att välja styrelse", "sv"),
        ("i november møtes 60 tillitsvalgte for å vedta budsjettet", "nb"),
        ("på årsmøtet samlast 45 medlemer frå heile fylket", "nn"),
        ("på mötet deltog 21 medlemmar", "sv"),
    ],
)
def test_how_many_meet_is_no_target(text: str, language: str) -> None:
    assert read_amounts(text, language).target is None


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("vi ska samla 120 medlemmar till medlemsmötet", "sv", 120),
        ("vi skal verve 60 nye medlemmer i løpet av året", "nb", 60),
    ],
)
def test_a_number_the_board_sets_out_to_reach_is_still_a_target(
    text: str, language: str, value: int
) -> None:
    target = read_amounts(text, language).target
    assert isinstance(target, dict)
    assert target.get("sum") == value


def draft(tmp_path: Path, text: str) -> DraftPlan:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    plan = draft_document(path, today=TODAY)
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")  # imports as is
    return plan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Klubbens planer 2026\n\nStyret skal møtes jevnlig.\n\n"
            "Møter i 2026: Årsmøte 4. mars på Hamar, medlemsmøte 6. mai i Elverum og "
            "julemøte 9. desember på Hamar.\n",
            {"årsmøte": "2026-03-04", "medlemsmøte": "2026-05-06", "julemøte": "2026-12-09"},
        ),
        (
            "Verksamhetsplan 2026\n\nStyrelsen ska träffas varje månad.\n\n"
            "Träffar 2026, Vårträff 14 april i Luleå, sommarfest 20 juni i Piteå och "
            "höstträff 8 oktober i Boden.\n",
            {"vårträff": "2026-04-14", "sommarfest": "2026-06-20", "höstträff": "2026-10-08"},
        ),
    ],
)
def test_events_listed_each_with_its_own_day_are_items_of_their_own(
    tmp_path: Path, text: str, expected: dict[str, str]
) -> None:
    plan = draft(tmp_path, text)
    found = {
        word: [entry.when for entry in plan.items if entry.title.lower().startswith(word)]
        for word in expected
    }
    assert found == {word: [{"date": day}] for word, day in expected.items()}


def test_one_meeting_on_several_days_stays_one_item(tmp_path: Path) -> None:
    text = (
        "Handlingsplan 2026\n\nVi skal ha medlemsmøte 4. mars, medlemsmøte 6. mai og "
        "medlemsmøte 9. september.\n"
    )
    plan = draft(tmp_path, text)
    assert len([entry for entry in plan.items if "medlemsmøte" in entry.title]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Lag en årsplan\n\nDet lønner seg å planlegge året i klubben.\n\n"
        "Forslag til innhold i årsplanen\n\n  • Årsmøte\n  • Styremøter\n  • Lønnsforhandlinger\n\n"
        "Fyll på med aktiviteter for medlemmene, for eksempel:\n\n"
        "  • Informasjon før lønnssamtalene\n  • Verve nye medlemmer\n",
        "Gör en årsplan\n\nDet är bra att planera året i klubben.\n\n"
        "Fyll på med aktiviteter, till exempel:\n\n  • Medlemsmöte\n  • Värva nya medlemmar\n"
        "  • Utbildning för ombud\n",
    ],
)
def test_a_list_of_suggestions_or_examples_commits_no_one(tmp_path: Path, text: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError):
        draft_document(path, today=TODAY)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("9 april sista dag för nominering till styrelsen", {"by": "2026-04-09"}),
        ("3. mai: frist for påmelding til kurset", {"by": "2026-05-03"}),
        ("12. juni siste dag for å melde inn saker", {"by": "2026-06-12"}),
        ("14 mars medlemsmöte i folkets hus", {"date": "2026-03-14"}),
    ],
)
def test_a_day_followed_by_the_word_for_a_deadline_is_a_deadline(
    text: str, when: dict[str, str]
) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("sista datumet för att anmäla ombud är den 2 mars", {"by": "2026-03-02"}),
        ("siste dagen for å sende inn forslag er 15. april", {"by": "2026-04-15"}),
    ],
)
def test_the_definite_form_of_the_last_day_names_a_deadline(
    text: str, when: dict[str, str]
) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Verksamhetsplan 2026\n\nVi ska träffas två gånger under våren, och vi ska även "
            "hålla en studiedag för ombuden den 3 september.\n",
            {"träffas": {"window": "spring"}, "studiedag": {"date": "2026-09-03"}},
        ),
        (
            "Handlingsplan 2026\n\nStyret skal møtes i januar, og vi skal arrangere "
            "medlemsmøte 10. mars.\n",
            {"møtes": {"window": "january"}, "medlemsmøte": {"date": "2026-03-10"}},
        ),
    ],
)
def test_two_commitments_joined_in_one_sentence_are_two_items(
    tmp_path: Path, text: str, expected: dict[str, dict[str, str]]
) -> None:
    plan = draft(tmp_path, text)
    found = {
        word: [entry.when for entry in plan.items if word in entry.title.lower()]
        for word in expected
    }
    assert found == {word: [when] for word, when in expected.items()}


@pytest.mark.parametrize(
    ("text", "past"),
    [
        (
            "Verksamhetsplan 2026\n\nAktiviteter\n\n"
            "Under 2025 ordnade vi ingen studieresa för medlemmarna.\n\n"
            "  • Medlemsmöte i maj\n  • Studiecirkel i oktober\n",
            "studieresa",
        ),
        (
            "Handlingsplan 2026\n\nTiltak\n\nI fjor ble kurset for tillitsvalgte avlyst.\n\n"
            "  • Medlemsmøte i mai\n  • Kurs for tillitsvalgte i oktober\n",
            "avlyst",
        ),
    ],
)
def test_a_plain_line_about_the_past_among_the_plans_lines_is_background(
    tmp_path: Path, text: str, past: str
) -> None:
    plan = draft(tmp_path, text)
    assert not [entry for entry in plan.items if past in entry.title]
    assert len(plan.items) == 2
