"""Classes of error that the ninth batch of unseen pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page. Where
a test needs a page's exact words, they are a few, and the page is named beside them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import InputFileError
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


# One meeting and one deadline, said twice -----------------------------------------------------
# (a union's news item: "Den 17 maj 2024 hålls förbundsmöte i Stockholm och sista dag att
# inkomma med motioner är den 18 mars", then "Den 17 maj äger … förbundsmöte rum" and "… dvs.
# senast den 18 mars")

SAID_TWICE = {
    "sv": "Dags för förbundsmöte\n\nDen 12 maj 2026 hålls förbundsmöte i Umeå och sista dag att "
    "skicka in motioner är den 10 mars.\n\nDen 12 maj samlas ombuden till förbundsmötet i Umeå. "
    "Motioner ska ha kommit in sextio dagar före förbundsmötet, alltså senast den 10 mars.\n",
    "nb": "Snart landsmøte\n\nDen 12. mai 2026 holdes landsmøtet i Bodø og siste frist for å sende "
    "inn forslag og motioner er 10. mars.\n\nDen 12. mai samles delegatene til landsmøtet i Bodø. "
    "Motioner må være kommet inn seksti dager før landsmøtet, altså senest 10. mars.\n",
    "nn": "Snart landsmøte\n\nDen 12. mai 2026 vert landsmøtet halde i Bodø og siste frist for å "
    "sende inn motionar er 10. mars.\n\nDen 12. mai samlast utsendingane til landsmøtet i Bodø. "
    "Motionar må vere komne inn seksti dagar før landsmøtet, altså seinast 10. mars.\n",
}


@pytest.mark.parametrize("language", sorted(SAID_TWICE))
def test_a_meeting_and_a_deadline_said_twice_are_one_item_each(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, SAID_TWICE[language])
    assert sorted(str(when) for when in whens(plan).values()) == [
        "{'by': '2026-03-10'}",
        "{'date': '2026-05-12'}",
    ]


def test_two_deadlines_on_one_day_for_different_things_stay_two(tmp_path: Path) -> None:
    text = (
        "Kongress 2026\n\nKongressen hålls 20-21 oktober 2026.\n\nMotioner ska vara kansliet "
        "tillhanda senast den 1 september 2026.\n\nNomineringar till styrelsen ska vara kansliet "
        "tillhanda senast den 1 september 2026.\n"
    )
    plan = draft(tmp_path, text)
    assert [when for when in whens(plan).values() if when == {"by": "2026-09-01"}] == [
        {"by": "2026-09-01"},
        {"by": "2026-09-01"},
    ]


def test_a_call_gives_way_to_the_sentence_that_says_when(tmp_path: Path) -> None:
    text = (
        "Boka in den 22–23 september 2026 för förbundets kongress!\n\nSpara datumet\n\n"
        "Nästa kongress kommer att hållas den 22–23 september 2026.\n"
    )
    plan = draft(tmp_path, text)
    assert len(plan.items) == 1
    assert plan.items[0].title.startswith("Nästa kongress")


# What is no task of the plan: a closed service, the statutes quoted, rules of procedure -------
# (a union's congress page: "Saco Lönesök stängt den 16-17 september"; a union's meeting papers:
# "BFs vedtekter 7.2 sier: …", "før det settes strek på talerlisten", "før møtet heves")

NO_TASK = {
    "sv": (
        "Kongress 2026\n\nKansliet är stängt den 2-3 april på grund av flytt.\n\n"
        "Stadgarna § 7 säger att kongressen ska hållas vart tredje år. Kallelse skickas senast "
        "fyra veckor före kongressen.\n\nYrkanden ska lämnas skriftligt innan det sätts streck "
        "i talarlistan.\n\nKongressen hålls den 14 oktober 2026.\n"
    ),
    "nb": (
        "Landsmøte 2026\n\nKontoret er stengt 2.-3. april på grunn av flytting.\n\n"
        "Vedtektene § 7 sier at landsmøtet skal holdes hvert tredje år. Innkalling sendes ut "
        "senest fire uker før landsmøtet.\n\nForslag må leveres skriftlig før det settes strek "
        "på talerlisten.\n\nLandsmøtet holdes 14. oktober 2026.\n"
    ),
    "nn": (
        "Landsmøte 2026\n\nKontoret er stengt 2.-3. april på grunn av flytting.\n\n"
        "Vedtektene § 7 seier at landsmøtet skal haldast kvart tredje år. Innkalling vert sendt "
        "ut seinast fire veker før landsmøtet.\n\nFramlegg må leverast skriftleg før møtet "
        "heves.\n\nLandsmøtet vert halde 14. oktober 2026.\n"
    ),
}


@pytest.mark.parametrize("language", sorted(NO_TASK))
def test_a_closed_office_quoted_statutes_and_rules_of_procedure_are_no_items(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, NO_TASK[language])
    assert list(whens(plan).values()) == [{"date": "2026-10-14"}]


def test_after_the_quoted_statutes_a_sentence_with_a_day_is_an_item_again(tmp_path: Path) -> None:
    text = (
        "Landsmøte 2026\n\nVedtektene sier: Innkalling sendes ut senest fire uker før "
        "landsmøtet. Styret sender innkallingen 1. september 2026.\n\n"
        "Landsmøtet holdes 14. oktober 2026.\n"
    )
    plan = draft(tmp_path, text)
    assert sorted(str(when) for when in whens(plan).values()) == [
        "{'date': '2026-09-01'}",
        "{'date': '2026-10-14'}",
    ]


# A choice of months, and a section about an earlier year ---------------------------------------
# (a union's page on its national meeting: "Ordinært landsmøte skal avholdes i oktober eller
# november hvert år", then "Hovedlandsmøtet 2019" over "Hovedlandsmøtet arrangeres 20.–22.
# november …")

CHOICE_AND_ARCHIVE = {
    "sv": (
        "Kongressen\n\nOrdinarie kongress ska hållas i oktober eller november varje år.\n\n"
        "Kongressen 2024\n\nKongressen hålls 12–13 november på Hotell Norr.\n"
    ),
    "nb": (
        "Landsmøtet\n\nOrdinært landsmøte skal avholdes i oktober eller november hvert år.\n\n"
        "Landsmøtet 2024\n\nLandsmøtet arrangeres 12.–13. november på Hotell Nord.\n"
    ),
    "nn": (
        "Landsmøtet\n\nOrdinært landsmøte skal haldast i oktober eller november kvart år.\n\n"
        "Landsmøtet 2024\n\nLandsmøtet vert halde 12.–13. november på Hotell Nord.\n"
    ),
}


@pytest.mark.parametrize("language", sorted(CHOICE_AND_ARCHIVE))
def test_a_choice_of_months_gives_no_month_and_an_earlier_years_section_no_item(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, CHOICE_AND_ARCHIVE[language], year=2026)
    assert list(whens(plan).values()) == [{"every": "yearly"}]


def test_a_section_of_the_plans_own_year_keeps_its_items(tmp_path: Path) -> None:
    text = (
        "Landsmøtet\n\nLandsmøtet 2026\n\nLandsmøtet arrangeres 12.–13. november på Hotell Nord.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert list(whens(plan).values()) == [{"dates": {"from": "2026-11-12", "to": "2026-11-13"}}]


# A second subject with its own modal -----------------------------------------------------------
# (a union's news item: "Enligt stadgarna ska vårmötet hållas inom mars-april och
# möteskallelserna ska gå ut senast två veckor före mötet")

SECOND_SUBJECT = {
    "sv": "Vårmöten 2026\n\nEnligt stadgarna ska vårmötet hållas i april och kallelserna ska gå "
    "ut senast två veckor före mötet.\n",
    "nb": "Vårmøter 2026\n\nEtter vedtektene skal vårmøtet holdes i april og innkallingene skal "
    "sendes senest to uker før møtet.\n",
    "nn": "Vårmøte 2026\n\nEtter vedtektene skal vårmøtet haldast i april og innkallingane skal "
    "sendast seinast to veker før møtet.\n",
}


@pytest.mark.parametrize("language", sorted(SECOND_SUBJECT))
def test_a_second_subject_with_its_own_modal_is_an_item_of_its_own(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, SECOND_SUBJECT[language])
    assert list(whens(plan).values()) == [{"window": "april"}, None]


# What a goal takes commits no one ---------------------------------------------------------------
# (a union's advice page for boards: "För att ha en aktiv förening krävs att styrelsen har ett
# välfungerande styrelsearbete och kontinuerlig dialog med medlemmarna.")

WHAT_IT_TAKES = {
    "sv": "Styrelsens arbete\n\nFör att få en levande klubb krävs att styrelsen har kontinuerlig "
    "kontakt med medlemmarna.\n",
    "nb": "Styrets arbeid\n\nFor å få en levende klubb kreves det at styret har jevnlig kontakt "
    "med medlemmene.\n",
    "nn": "Styrearbeidet\n\nFor å få ein levande klubb trengst det at styret har jamleg kontakt "
    "med medlemmene.\n",
}


@pytest.mark.parametrize("language", sorted(WHAT_IT_TAKES))
def test_what_a_goal_takes_is_no_item(tmp_path: Path, language: str) -> None:
    with pytest.raises(InputFileError):
        draft(tmp_path, WHAT_IT_TAKES[language], year=2026)


# A prose plan's sentences: two events in one, a named Sunday, one monthly meeting, a rise ------
# (a pensioners' local association's plan: "Det ena är årsmötet i februari och det andra
# höstmötet i november", "Studieupptakt hålls i samband med en månadsträff på hösten och en
# uppföljning i januari", "kyrkobesök i samband med 1:a advent", "Vi ska verka för att antalet
# medlemmar ökar")

PROSE_PLAN = {
    "sv": (
        "Verksamhetsplan 2026\n\nVi ska ha två protokollförda möten. Det ena är årsmötet i mars "
        "och det andra höstmötet i oktober.\n\nKursstarten hålls i samband med en månadsträff på "
        "hösten och en utvärdering i januari.\n\nVi ordnar julkonsert i samband med 1:a advent."
        "\n\nVi ska verka för att antalet medlemmar ökar.\n"
    ),
    "nb": (
        "Handlingsplan 2026\n\nVi skal ha to møter med protokoll. Det ene er årsmøtet i mars og "
        "det andre høstmøtet i oktober.\n\nKursstarten holdes sammen med et månedsmøte om høsten "
        "og en evaluering i januar.\n\nVi arrangerer julekonsert første søndag i advent.\n\n"
        "Vi skal jobbe for at antall medlemmer øker.\n"
    ),
    "nn": (
        "Handlingsplan 2026\n\nVi skal ha to møte med protokoll. Det eine er årsmøtet i mars og "
        "det andre haustmøtet i oktober.\n\nKursstarten vert halden saman med eit månadsmøte om "
        "hausten og ei evaluering i januar.\n\nVi skipar julekonsert fyrste sundag i advent.\n\n"
        "Vi skal arbeide for at talet på medlemmer aukar.\n"
    ),
}


@pytest.mark.parametrize("language", ["sv"])
def test_a_prose_plans_events_named_sunday_and_rise(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, PROSE_PLAN[language])
    values = list(whens(plan).values())
    assert {"window": "march"} in values
    assert {"window": "october"} in values
    assert {"window": "autumn"} in values
    assert {"window": "january"} in values
    assert {"date": "2026-11-29"} in values  # the first Sunday of Advent 2026
    assert not any(isinstance(value, dict) and "every" in value for value in values)  # one meeting
    assert [item.target for item in plan.items if "ökar" in item.title] == [
        {"direction": "increase", "metric": "new_members"}
    ]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_first_sunday_of_advent_and_one_monthly_meeting(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, PROSE_PLAN[language])
    values = list(whens(plan).values())
    assert {"date": "2026-11-29"} in values
    assert not any(isinstance(value, dict) and "every" in value for value in values)


# A letter's dateline ---------------------------------------------------------------------------
# (a union's notice of its national meeting: "… c) Leder, medlemmer og varamedlemmer til
# kontrollkomitéen Oslo, 23. januar 2008 Monica Deildok Forbundsleder")

DATELINE = {
    "sv": "Kallelse till kongress\n\nFörbundet håller kongress den 8 april 2026 i Umeå. "
    "Dagordning: 1. Val a) ordförande b) styrelse Umeå, 20 januari 2026 Anna Berg Ordförande\n",
    "nb": "Innkalling til landsmøte\n\nForbundet avholder landsmøte 8. april 2026 i Bodø. "
    "Dagsorden: 1. Valg a) leder b) styre Bodø, 20. januar 2026 Kari Berg Forbundsleder\n",
    "nn": "Innkalling til landsmøte\n\nForbundet held landsmøte 8. april 2026 i Bodø. "
    "Dagsorden: 1. Val a) leiar b) styre Bodø, 20. januar 2026 Kari Berg Forbundsleiar\n",
}


@pytest.mark.parametrize("language", sorted(DATELINE))
def test_a_letters_dateline_is_no_event(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, DATELINE[language])
    assert list(whens(plan).values()) == [{"date": "2026-04-08"}]


# So many times in each season ------------------------------------------------------------------
# (a pensioners' local association's plan: "Två gånger på våren och två gånger på hösten anordnas
# PRO-träffar med bingospel")

TIMES_IN_SEASONS = {
    "sv": "Verksamhetsplan 2026\n\nTre gånger på våren och två gånger på hösten ordnar vi "
    "studiebesök.\n",
    "nb": "Handlingsplan 2026\n\nTre ganger om våren og to ganger om høsten arrangerer vi "
    "studiebesøk.\n",
    "nn": "Handlingsplan 2026\n\nTre gonger om våren og to gonger om hausten skipar vi "
    "studiebesøk.\n",
}


@pytest.mark.parametrize("language", sorted(TIMES_IN_SEASONS))
def test_times_in_each_season_are_asked_once_with_how_many(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, TIMES_IN_SEASONS[language])
    assert [(item.when, item.target) for item in plan.items] == [(None, {"count": 5})]


def test_a_heading_that_dates_a_text_is_no_section_of_an_earlier_year(tmp_path: Path) -> None:
    # (a regional branch's model statutes: "Normalvedtekter for regionlag fra 24. oktober 2014")
    text = (
        "Regionlag Nord\n\nVedtekter for regionlag fra 24. oktober 2014\n\n§ 2 Årsmøte\n\n"
        "2.1 Årsmøtet skal holdes "
        "innen utløpet av april hvert år.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert len(plan.items) == 1


def test_two_clauses_on_one_day_stay_one_calendar_entry(tmp_path: Path) -> None:
    # (a union's congress timetable: "30. juni: Valg til representantskapet og nominasjoner til
    # hovedstyret skal i henhold til vedtektene være gjennomført innen 30. juni.")
    text = (
        "Kongress 2026\n\nTidsplan\n\n30. juni: Valg til styret og nominasjoner til "
        "valgkomiteen skal være gjennomført innen 30. juni.\n"
    )
    plan = draft(tmp_path, text)
    assert len(plan.items) == 1
