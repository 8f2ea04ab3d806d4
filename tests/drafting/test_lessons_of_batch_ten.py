"""Classes of error that the tenth batch of unseen pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page. Where
a test needs a page's exact words, they are a few, and the page is named beside them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from bot.drafting.drafter import draft_document
from tests.drafting.lessons import draft, titles, whens

# The statutes name what a meeting treats: an agenda, not tasks ------------------------------
# (a union's page on its national meeting: "Blant sakene som vedtektene pålegger landsmøtet å
# behandle er:", then the matters as bullets)

STATUTES_AGENDA = {
    "sv": "Kongressen 2026\n\nKongressen hålls den 12 oktober 2026.\n\nBland de ärenden som "
    "stadgarna ålägger kongressen att behandla är:\n\n • Styrelsens "
    "berättelse\n • Budget för nästa period\n • Val av styrelse\n",
    "nb": "Landsmøtet 2026\n\nLandsmøtet holdes 12. oktober 2026.\n\nBlant sakene som "
    "vedtektene pålegger landsmøtet å behandle er:\n\n • Styrets beretning\n • Budsjett for "
    "neste periode\n • Valg av styre\n",
    "nn": "Landsmøtet 2026\n\nLandsmøtet vert halde 12. oktober 2026.\n\nMellom sakene som "
    "vedtektene pålegg landsmøtet å handsame er:\n\n • Styret si melding\n • Budsjett for "
    "neste periode\n • Val av styre\n",
}


@pytest.mark.parametrize("language", sorted(STATUTES_AGENDA))
def test_what_the_statutes_make_a_meeting_treat_is_its_agenda(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, STATUTES_AGENDA[language])
    assert len(plan.items) == 1
    assert list(whens(plan).values()) == [{"date": "2026-10-12"}]


# Goals a subject commits to, after a label and a dash ----------------------------------------
# (a union's strategic plan: "Fem delmål – Negotia skal:", then the goals as bullets)

LABELLED_GOALS = {
    "sv": "Strategisk plan 2026\n\nTre delmål – Föreningen ska:\n\n  • ha de nöjdaste "
    "medlemmarna i regionen.\n  • ha förtroendevalda med en stark ställning.\n  • vara en "
    "tydlig röst i samhällsfrågor.\n",
    "nb": "Strategisk plan 2026\n\nTre delmål – Foreningen skal:\n\n  • ha de mest fornøyde "
    "medlemmene i regionen.\n  • ha tillitsvalgte med en sterk posisjon.\n  • være en tydelig "
    "stemme i samfunnsspørsmål.\n",
    "nn": "Strategisk plan 2026\n\nTre delmål – Foreininga skal:\n\n  • ha dei mest nøgde "
    "medlemene i regionen.\n  • ha tillitsvalde med ein sterk posisjon.\n  • vere ei tydeleg "
    "røyst i samfunnsspørsmål.\n",
}


@pytest.mark.parametrize("language", sorted(LABELLED_GOALS))
def test_goals_that_a_subject_commits_to_after_a_label_are_items(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, LABELLED_GOALS[language])
    assert len(plan.items) == 3
    assert all(item.when is None for item in plan.items)


# "Detta mejlas … senast": the deadline of the task before it ---------------------------------
# (a city council of unions: "Förbunden ska lämna aktuell uppgift om antal medlemmar … Detta
# mejlas till … senast 9 mars.")

SENT_BY = {
    "sv": "Årsmöte 2026\n\nFörbunden ska lämna en lista över sina ombud till sekreteraren. "
    "Detta mejlas till kansliet senast den 9 mars.\n",
    "nb": "Årsmøte 2026\n\nForbundene skal levere en liste over sine delegater til sekretæren. "
    "Dette sendes til kontoret innen 9. mars.\n",
    "nn": "Årsmøte 2026\n\nForbunda skal levere ei liste over delegatane sine til skrivaren. "
    "Dette vert sendt til kontoret innan 9. mars.\n",
}


@pytest.mark.parametrize("language", sorted(SENT_BY))
def test_this_is_sent_by_a_day_gives_the_task_before_it_its_deadline(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, SENT_BY[language])
    assert len(plan.items) == 1
    assert list(whens(plan).values()) == [{"by": "2026-03-09"}]
    assert titles(plan)[0].lower().startswith(("forb", "förb"))


def test_this_explains_is_no_deadline_of_the_task_before(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Årsmöte 2026\n\nFörbunden ska lämna en lista över sina ombud senast den 9 mars. "
        "Detta innebär att listan ska vara klar före årsmötet.\n",
    )
    assert list(whens(plan).values()) == [{"by": "2026-03-09"}]


# What the union thinks is its policy, not a task -------------------------------------------
# (a union's political platform under its strategic plan: "Kompetanse. Negotia mener livslang
# læring … er helt avgjørende …")

BELIEFS = {
    "sv": "Handlingsplan 2026\n\n  • Avdelningen ska hålla ett medlemsmöte den 12 mars.\n  • "
    "Kompetens. Avdelningen menar att lärande hela livet är avgörande för jobben.\n  • "
    "Samhälle. Förbundet tror på ett samhälle med små skillnader.\n",
    "nb": "Handlingsplan 2026\n\n  • Avdelingen skal holde et medlemsmøte 12. mars.\n  • "
    "Kompetanse. Avdelingen mener livslang læring er avgjørende for arbeidsplassene.\n  • "
    "Samfunn. Forbundet tror på et samfunn med små forskjeller.\n",
    "nn": "Handlingsplan 2026\n\n  • Avdelinga skal halde eit medlemsmøte 12. mars.\n  • "
    "Kompetanse. Avdelinga meiner livslang læring er avgjerande for arbeidsplassane.\n  • "
    "Samfunn. Forbundet trur på eit samfunn med små skilnader.\n",
}


@pytest.mark.parametrize("language", sorted(BELIEFS))
def test_what_a_union_thinks_is_no_task(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, BELIEFS[language])
    assert list(whens(plan).values()) == [{"date": "2026-03-12"}]


# A calendar page opens with its day, then says the meeting is held ---------------------------
# (a city council of unions: "TORSDAG 26 MARS" over "Årsmöte", then "Centrala Sacorådet håller
# årsmöte för verksamhetsåret …" and a notice sent on another day)

PAGE_DAY_HOLDS = {
    "sv": "TORSDAG 26 MARS\n\nÅrsmöte\n\nSektionen håller årsmöte för verksamhetsåret. Kallelse "
    "skickas ut till ombuden den 12 mars.\n",
    "nb": "TORSDAG 26. MARS\n\nÅrsmøte\n\nAvdelingen holder årsmøte for året. Innkalling sendes "
    "ut til delegatene 12. mars.\n",
    "nn": "TORSDAG 26. MARS\n\nÅrsmøte\n\nAvdelinga held årsmøte for året. Innkalling vert "
    "send ut til utsendingane 12. mars.\n",
}


@pytest.mark.parametrize("language", sorted(PAGE_DAY_HOLDS))
def test_the_meeting_a_page_holds_takes_the_day_the_page_opens_with(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, PAGE_DAY_HOLDS[language], year=2026)
    assert sorted(str(when) for when in whens(plan).values()) == [
        "{'date': '2026-03-12'}",
        "{'date': '2026-03-26'}",
    ]


# A meeting every second year, in the years the sentence names ------------------------------
# (a union's page on its national meeting: "ordinært landsmøte holdes hvert annet år
# (partallsår) i tidsrommet 1. september – 30. november")

EVEN_YEARS = {
    "sv": "Kongressen\n\nOrdinarie kongress hålls vartannat år (jämna år) under perioden 1 "
    "september – 30 november.\n",
    "nb": "Landsmøtet\n\nOrdinært landsmøte holdes hvert annet år (partallsår) i tidsrommet 1. "
    "september – 30. november.\n",
    "nn": "Landsmøtet\n\nOrdinært landsmøte vert halde kvart anna år (partalsår) i tidsrommet 1. "
    "september – 30. november.\n",
}


@pytest.mark.parametrize("language", sorted(EVEN_YEARS))
def test_a_meeting_of_even_years_falls_in_an_even_plan_year(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, EVEN_YEARS[language], year=2026)
    assert list(whens(plan).values()) == [{"window": {"from": "2026-09-01", "to": "2026-11-30"}}]


@pytest.mark.parametrize("language", sorted(EVEN_YEARS))
def test_a_meeting_of_even_years_is_no_item_of_an_odd_year(tmp_path: Path, language: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(EVEN_YEARS[language], encoding="utf-8")
    with pytest.raises(InputFileError):
        draft_document(path, year=2025)
