"""Classes of error that the ninth batch of unseen pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page. Where
a test needs a page's exact words, they are a few, and the page is named beside them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.drafting.lessons import draft, whens

# A month with the plan's own year -------------------------------------------------------------
# (a county branch's page: "Neste fylkesårsmøte er i mai 2023"; a branch's call for motions:
# "som äger rum i april 2018")

OWN_YEAR_MONTH = {
    "sv": "Verksamhetsplan 2026\n\nDistriktets årsmöte hålls i maj 2026.\n",
    "nb": "Handlingsplan 2026\n\nNeste fylkesårsmøte er i mai 2026.\n",
    "nn": "Handlingsplan 2026\n\nNeste fylkesårsmøte er i mai 2026.\n",
}


@pytest.mark.parametrize("language", sorted(OWN_YEAR_MONTH))
def test_a_month_of_the_plans_own_year_is_written_by_its_name(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, OWN_YEAR_MONTH[language])
    assert list(whens(plan).values()) == [{"window": "may"}]


def test_in_a_plan_over_two_years_the_month_keeps_its_year(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Verksamhetsplan 2026-2027\n\nDistriktets årsmöte hålls i maj 2027.\n")
    assert list(whens(plan).values()) == [{"window": {"from": "2027-05-01", "to": "2027-05-31"}}]
