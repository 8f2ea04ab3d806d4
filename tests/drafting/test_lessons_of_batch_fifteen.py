"""Classes of error that batch 15 showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk. Each rule quotes, in a comment, the few
words of the page that showed it, and names the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.drafting.lessons import draft, whens

# A range written in numbers ---------------------------------------------------------------------
# (Tehy's election of 2017: "Valet hålls 11.-28.9.2017", "sitt konstituerande möte
# 13.-15.11.2017", "under tiden 15.8.–6.9.2017", each read as its last day only)

NUMBERED_RANGES = {
    "sv": "Verksamhetsplan 2026\n\nVi ska:\n- hålla kurs för nya ombud 13.-15.11.2026\n- hålla "
    "medlemsmöte 30.11.–1.12.2026\n",
    "nb": "Handlingsplan 2026\n\nVi skal:\n- holde kurs for nye tillitsvalgte 13.-15.11.2026\n- "
    "holde medlemsmøte 30.11.–1.12.2026\n",
    "nn": "Handlingsplan 2026\n\nVi skal:\n- halde kurs for nye tillitsvalde 13.-15.11.2026\n- "
    "halde medlemsmøte 30.11.–1.12.2026\n",
}


@pytest.mark.parametrize("language", sorted(NUMBERED_RANGES))
def test_a_range_in_numbers_is_every_day_of_it(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, NUMBERED_RANGES[language])
    assert list(whens(plan).values()) == [
        {"dates": {"from": "2026-11-13", "to": "2026-11-15"}},
        {"dates": {"from": "2026-11-30", "to": "2026-12-01"}},
    ]


# Days marked on a fixed day that no calendar of holidays has --------------------------------------
# (LO-facken i Uppsala, 2007: "Utåtriktad aktivitet för ungdomar på Lucia.")

FIXED_DAYS = {
    "sv": (
        "Verksamhetsplan 2026\n\nVi ska:\n- ordna en aktivitet för unga på Lucia\n- "
        "dela ut flygblad till Valborg\n",
        ["2026-12-13", "2026-04-30"],
    ),
    "nb": (
        "Handlingsplan 2026\n\nVi skal:\n- arrangere grillfest på sankthansaften\n- "
        "dele ut løpesedler før jonsok\n",
        ["2026-06-23", "2026-06-24"],
    ),
    "nn": (
        "Handlingsplan 2026\n\nVi skal:\n- skipa grillfest på sankthansaften\n- "
        "dela ut løpesetlar før jonsok\n",
        ["2026-06-23", "2026-06-24"],
    ),
}


@pytest.mark.parametrize("language", sorted(FIXED_DAYS))
def test_a_day_marked_every_year_is_dated(tmp_path: Path, language: str) -> None:
    text, days = FIXED_DAYS[language]
    assert list(whens(draft(tmp_path, text)).values()) == [{"date": day} for day in days]


def test_a_name_is_no_day(tmp_path: Path) -> None:
    text = "Verksamhetsplan 2026\n\nVi ska:\n- bjuda in Lucia Berg att tala på årsmötet i mars\n"
    assert list(whens(draft(tmp_path, text)).values()) == [{"window": "march"}]


# A sentence that only says when the one before happens ------------------------------------------
# (NOF's national meeting of 2018: "Det er videre Landsstyret som til slutt skal ta stilling til de
# innkomne forslag … Dette vil skje i starten av juni", drafted as an item of its own)

WHEN_SAID_AFTER = {
    "sv": "Årsplan 2026\n\nStyrelsen ska gå igenom alla motioner. Detta kommer att ske i maj.\n",
    "nb": "Årsplan 2026\n\nStyret skal gå gjennom alle forslagene. Dette vil skje i mai.\n",
    "nn": "Årsplan 2026\n\nStyret skal gå gjennom alle framlegga. Dette vil skje i mai.\n",
}


@pytest.mark.parametrize("language", sorted(WHEN_SAID_AFTER))
def test_the_time_said_after_belongs_to_the_sentence_before(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, WHEN_SAID_AFTER[language])
    assert [(item.title.split()[0], item.when) for item in plan.items] == [
        ("Styrelsen" if language == "sv" else "Styret", {"window": "may"})
    ]


# What would have happened, and did not ----------------------------------------------------------
# (NOF, 2018: "Og tradisjonen tro skulle landsmøtet da vært avholdt i oktober i år.")

WOULD_HAVE = {
    "sv": "Kongress 2026\n\nEnligt traditionen skulle kongressen ha hållits i oktober. Kongressen "
    "hålls i stället den 20 november 2026.\n",
    "nb": "Landsmøte 2026\n\nTradisjonen tro skulle landsmøtet vært avholdt i oktober. Landsmøtet "
    "holdes i stedet 20. november 2026.\n",
    "nn": "Landsmøte 2026\n\nEtter tradisjonen skulle landsmøtet ha vore halde i oktober. "
    "Landsmøtet vert i staden halde 20. november 2026.\n",
}


@pytest.mark.parametrize("language", sorted(WOULD_HAVE))
def test_what_would_have_happened_is_no_item(tmp_path: Path, language: str) -> None:
    assert list(whens(draft(tmp_path, WOULD_HAVE[language])).values()) == [{"date": "2026-11-20"}]
