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


# A document host's transcript numbers its pages ---------------------------------------------
# (a branch's papers for its annual meeting as a document host stores them: "Transkript", then
# "1 Norsk Fysioterapeutforbund avdeling Finnmark ÅRSMØTE …")

TRANSCRIPT = {
    "sv": "Kallelse till årsmöte\n\nTranskript\n\n1 Avdelning Norr ÅRSMÖTE 2026 Avdelningen "
    "håller årsmöte fredag 13 mars 2026 i Folkets hus.\n\n2 Dagordning: Punkt 1. Val av "
    "ordförande\n",
    "nb": "Innkalling til årsmøte\n\nTranskript\n\n1 Avdeling Nord ÅRSMØTE 2026 Avdelingen "
    "avholder årsmøte fredag 13. mars 2026 på Folkets hus.\n\n2 Saksliste: Sak 1. Valg av "
    "ordstyrer\n",
    "nn": "Innkalling til årsmøte\n\nTranskript\n\n1 Avdeling Nord ÅRSMØTE 2026 Avdelinga "
    "held årsmøte fredag 13. mars 2026 på Folkets hus.\n\n2 Saksliste: Sak 1. Val av "
    "møteleiar\n",
}


@pytest.mark.parametrize("language", sorted(TRANSCRIPT))
def test_a_transcripts_page_number_counts_nothing(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, TRANSCRIPT[language])
    dated = [item for item in plan.items if item.when == {"date": "2026-03-13"}]
    assert len(dated) == 1
    assert dated[0].target is None
    assert not dated[0].title.startswith("1 ")


def test_a_number_that_does_not_follow_the_pages_stays(tmp_path: Path) -> None:
    text = "Plan 2026\n\nTranskript\n\n1 Handlingsplan\n\n5 medlemsmöten ska hållas under året.\n"
    plan = draft(tmp_path, text)
    assert [item.target for item in plan.items] == [{"count": 5}]
