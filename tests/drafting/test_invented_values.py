"""Values a draft must not invent: a season only thought of, the size of a gathering.

Every sentence here is our own, written for the rule it tests, in Swedish, Bokmål and Nynorsk.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.drafting.amounts import read_amounts
from bot.drafting.dates import Period, read_when

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
