"""What the drafter reads from one line of text, and what it refuses to make up."""

from __future__ import annotations

from datetime import date

import pytest

from bot.drafting.amounts import read_amounts
from bot.drafting.dates import Period, read_when
from bot.drafting.language import detect_language

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
TWO_YEARS = Period(date(2024, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("medlemsmöte den 1 oktober", {"date": "2025-10-01"}),
        ("lönesamtal 1/10", {"date": "2025-10-01"}),
        ("utbildning i mars", {"window": "march"}),
        ("kampanj under hösten", {"window": "autumn"}),
        ("kampanje i løpet av høsten", {"window": "autumn"}),
        ("vervekampanje i uke 38", {"window": {"from": "2025-09-15", "to": "2025-09-21"}}),
        ("värvning vecka 38", {"window": {"from": "2025-09-15", "to": "2025-09-21"}}),
        ("enkät första kvartalet", {"window": "q1"}),
        ("rapport senast 30 juni", {"by": "2025-06-30"}),
        ("tåg på första maj", {"date": "2025-05-01"}),
        ("stand på nationaldagen", {"date": "2025-06-06"}),
        ("tog 17. mai", {"date": "2025-05-17"}),
        ("kurs 3–5 november", {"dates": {"from": "2025-11-03", "to": "2025-11-05"}}),
        ("möte varje år", {"every": "yearly"}),
        ("årlig drøfting", {"every": "yearly"}),
        ("träff per klubb och år", {"every": "yearly"}),
        ("nyhetsbrev varje månad", {"every": "monthly"}),
        ("uppdatera kontinuerligt", {"continuous": "monthly"}),
        ("besök regelbundet", {"continuous": "quarterly"}),
        ("kontakt jevnlig", {"continuous": "quarterly"}),
        # in a plan of one year, "i mars varje år" is March of that year: asked once either way,
        # and no rhythm is written that the year cannot show (as "hvert år innen 15. mai")
        ("årsmöte i mars varje år", {"window": "march"}),
    ],
)
def test_dates_windows_and_rhythms(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2025).when == when


def test_a_month_every_year_over_several_years_is_a_yearly_rhythm_in_that_month() -> None:
    assert read_when("årsmöte i mars varje år", TWO_YEARS).when == {
        "every": "yearly",
        "months": [3],
    }


@pytest.mark.parametrize(
    "text",
    ["genomföra medlemsveckan", "delta i verveuka", "stärka dialogen med arbetsgivaren"],
)
def test_no_date_is_invented(text: str) -> None:
    assert read_when(text, YEAR_2025).when is None


def test_a_named_week_is_a_window_to_confirm() -> None:
    reading = read_when("genomföra medlemsveckan", YEAR_2025)
    assert [note.params["name"] for note in reading.review] == ["medlemsveckan"]


def test_before_the_summer_is_marked_for_review() -> None:
    reading = read_when("klart före sommaren", YEAR_2025)
    assert reading.when == {"window": "spring"}
    assert reading.review


def test_year_is_not_guessed_silently_in_a_two_year_plan() -> None:
    reading = read_when("medlemsmöte den 1 oktober", TWO_YEARS)
    assert reading.when == {"date": "2024-10-01"}
    assert [note.params["year"] for note in reading.review] == [2024]


def test_an_impossible_date_is_not_a_date() -> None:
    impossible = read_when("möte den 31 februari", YEAR_2025)
    assert impossible.when is None
    assert impossible.review
    assert read_when("möte 45/13", YEAR_2025).when is None


@pytest.mark.parametrize(
    ("text", "language", "target"),
    [
        ("organisera minst två digitala träffar", "sv", {"count": 2}),
        ("to faglige kurs", "nb", {"count": 2}),
        ("ge ut fyra nummer av medlemsbladet", "sv", {"count": 4}),
        ("8 tillitsvalgtsamlinger, hvor 2 med overnatting", "nb", {"count": 8}),
        (
            "1 000 medlemmar ska gå introduktionsutbildningen",
            "sv",
            {"sum": 1000, "metric": "participants"},
        ),
        ("ti prosent av lærlingene er medlemmer", "nb", {"count": 10, "unit": "percent"}),
        ("öka antalet medlemmar med 80", "sv", {"sum": 80, "metric": "new_members"}),
        (
            "flere nye medlemmer enn i fjor",
            "nb",
            {"direction": "increase", "metric": "new_members"},
        ),
        ("minst en värvningsaktivitet på varje ort", "sv", {"count": 1, "per": "ort"}),
    ],
)
def test_counts_and_targets(text: str, language: str, target: dict[str, object]) -> None:
    assert read_amounts(text, language).target == target


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ni ska träffa en arbetsgivare", "sv"),  # "ni" is "you", "en" an article
        ("ha en dialog med arbetsgivaren", "sv"),
        ("stärka dialogen i 2025", "sv"),
        ("gi ein god start til nye tilsette", "nn"),
    ],
)
def test_no_number_is_invented(text: str, language: str) -> None:
    assert read_amounts(text, language).target is None


def test_a_change_without_a_measure_is_marked_for_review() -> None:
    amounts = read_amounts("öka branschbevakningen", "sv")
    assert amounts.target is None
    assert amounts.review


@pytest.mark.parametrize(
    ("text", "scope", "stewards"),
    [
        ("möte på varje ort", "ort", False),
        ("studiecirkel i alla klubbar", "klubb", False),
        ("en träff per klubb", "klubb", False),
        ("alle tillitsvalgte skal på kurs", None, True),
        ("alla förtroendevalda bjuds in", None, True),
    ],
)
def test_scope(text: str, scope: str | None, stewards: bool) -> None:
    amounts = read_amounts(text, "sv")
    assert (amounts.scope, amounts.all_stewards) == (scope, stewards)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("medlemsmöte i mars", "participants"),
        ("grunnkurs for tillitsvalgte", "participants"),
        ("värvningskampanj", "new_members"),
        ("verve nye medlemmer", "new_members"),
        ("nyhetsbrev till medlemmarna", "issues"),
        ("skriva remissvar", None),
    ],
)
def test_what_to_ask(text: str, metric: str | None) -> None:
    metrics = read_amounts(text, "sv").metrics
    assert (metrics[0][0] if metrics else None) == metric


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vi ska värva fler medlemmar och det är viktigt att alla förtroendevalda är med.", "sv"),
        ("Vi skal verve flere medlemmer, og det er viktig at ikke noen blir glemt.", "nb"),
        (
            "Vi skal verve fleire medlemer, og eg meiner det er viktig å vere synleg.",
            "nn",
        ),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language([text]) == language
