"""Classes of error that the twelfth batch of pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk. Each rule quotes, in a comment, the few
words of the page that showed it, and names the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.i18n import Translator
from bot.drafting.drafter import draft_document
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan
from tests.drafting.lessons import TODAY, draft, whens

# A meeting's days written without a space before the month -------------------------------
# (Psykologforeningen's article on its national meeting of 2013: "Landsmøtet 20.–22.november i
# Sandefjord er stedet der …", read as its last day only)

DAYS_WITHOUT_SPACE = {
    "sv": "Kongress 2026\n\nFörbundet håller kongress 20.–22.november i Malmö.\n",
    "nb": "Landsmøte 2026\n\nForbundet holder landsmøte 20.–22.november i Bodø.\n",
    "nn": "Landsmøte 2026\n\nForbundet held landsmøte 20.–22.november i Førde.\n",
}


@pytest.mark.parametrize("language", sorted(DAYS_WITHOUT_SPACE))
def test_a_meetings_days_without_a_space_are_its_days(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, DAYS_WITHOUT_SPACE[language])
    assert list(whens(plan).values()) == [{"dates": {"from": "2026-11-20", "to": "2026-11-22"}}]


# A day written by numbers with the year in two digits -------------------------------------
# (Presteforeningen's page on the consultation on its strategy: "Høringsfristen er 31.12.20.")

TWO_DIGIT_YEAR = {
    "sv": "Remiss 2026\n\nFörbundet har skickat förslaget på remiss till klubbarna. "
    "Remisstiden löper ut och svaren ska vara inne senast 31.12.26.\n",
    "nb": "Høring 2026\n\nForbundet har sendt forslaget på høring til klubbene. "
    "Høringsfristen er 31.12.26.\n",
    "nn": "Høyring 2026\n\nForbundet har sendt framlegget på høyring til klubbane. "
    "Høyringsfristen er 31.12.26.\n",
}


@pytest.mark.parametrize("language", sorted(TWO_DIGIT_YEAR))
def test_a_day_with_a_two_digit_year_is_read(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, TWO_DIGIT_YEAR[language])
    assert list(whens(plan).values()) == [{"by": "2026-12-31"}]


def test_three_numbers_outside_the_plans_years_are_no_day(tmp_path: Path) -> None:
    # "1.2.10" numbers a section; 2010 is no year of the plan
    text = "Handlingsplan 2026\n\nVi skal følge opp punkt 1.2.10 i vedtektene innen 1. mars.\n"
    assert list(whens(draft(tmp_path, text)).values()) == [{"by": "2026-03-01"}]


# A deadline named by its noun after a conjunction ------------------------------------------
# (Psykologforeningen, 2013: "Og fristen for de lokalavdelinger som vil fremme alternative
# vedtaksforslag til landsmøtesakene er 21. oktober", read as a day, not a deadline)

AND_THE_DEADLINE = {
    "sv": "Kongress 2026\n\nOch fristen för avdelningar som vill lämna motioner till kongressen "
    "är 21 oktober.\n",
    "nb": "Landsmøte 2026\n\nOg fristen for avdelinger som vil fremme forslag til landsmøtet er "
    "21. oktober.\n",
    "nn": "Landsmøte 2026\n\nOg fristen for avdelingar som vil fremje framlegg til landsmøtet er "
    "21. oktober.\n",
}


@pytest.mark.parametrize("language", sorted(AND_THE_DEADLINE))
def test_and_the_deadline_is_a_deadline(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, AND_THE_DEADLINE[language])
    assert list(whens(plan).values()) == [{"by": "2026-10-21"}]


# A meeting's year over its agenda starts no part of the plan -------------------------------
# (Presteforeningen's page on its general assembly of 2024, drafted over 2023-2024: "Saker som
# skal behandles på GF 2024 (foreløpig oversikt):", then what the assembly elects and how the
# nomination committee works, each drafted as a task in 2024)

AGENDA_OF_THE_YEAR = {
    "sv": "Årsmöte\n\nSista anmälningsdag för ombud är 31 december 2026.\n\nÄrenden som ska "
    "behandlas på årsmötet 2027 (preliminär lista):\n\n1 Val av ny styrelse\n\nValberedningen tar "
    "fortfarande emot förslag på kandidater. Skicka dem till valberedningens ordförande. Det "
    "kommer också att vara möjligt att nominera kandidater på plats.\n",
    "nb": "Årsmøte\n\nPåmeldingsfrist for delegater er 31. desember 2026.\n\nSaker som skal "
    "behandles på årsmøtet 2027 (foreløpig oversikt):\n\n1 Valg av nytt styre\n\nValgkomiteen tar "
    "fortsatt imot forslag på kandidater. Send disse til valgkomiteens leder. Sittende leder "
    "tar ikke gjenvalg.\n",
    "nn": "Årsmøte\n\nPåmeldingsfrist for delegatar er 31. desember 2026.\n\nSaker som skal "
    "handsamast på årsmøtet 2027 (førebels oversikt):\n\n1 Val av nytt styre\n\nValnemnda tek "
    "framleis imot framlegg på kandidatar. Send desse til leiaren i valnemnda.\n",
}


@pytest.mark.parametrize("language", sorted(AGENDA_OF_THE_YEAR))
def test_a_meetings_year_over_its_agenda_starts_no_part(tmp_path: Path, language: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(AGENDA_OF_THE_YEAR[language], encoding="utf-8")
    plan = draft_document(path, period="2026..2027", today=TODAY)
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")  # imports as is
    assert list(whens(plan).values()) == [{"by": "2026-12-31"}]


# What a meeting elects or treats is its business, not a task ------------------------------
# (Presteforeningen, 2024: "Det skal velges ny leder i Presteforeningen, samt nestleder og …";
# Psykologforeningen, 2013: "Det skal velges nytt hovedsatsingsområde …"; TULL-KUST: "Förbunds-
# rådet ska behandla inkomna motioner …"; Creo, 2022: "Landsmøtet skal behandle en rekke saker")

ELECTED_AT_THE_MEETING = {
    "sv": "Årsmöte 2026\n\nÅrsmötet hålls den 12 mars 2026.\n\nDet ska väljas ny ordförande "
    "samt två ledamöter till styrelsen.\n",
    "nb": "Årsmøte 2026\n\nÅrsmøtet holdes 12. mars 2026.\n\nDet skal velges ny leder samt to "
    "medlemmer til styret.\n",
    "nn": "Årsmøte 2026\n\nÅrsmøtet vert halde 12. mars 2026.\n\nDet skal veljast ny leiar og to "
    "medlemer til styret.\n",
}
A_COUNCIL_TREATS = {
    "sv": "Kongress 2026\n\nKongressen hålls den 12 oktober 2026.\n\nFörbundsrådet ska behandla "
    "inkomna motioner.\n",
    "nb": "Landsmøte 2026\n\nLandsmøtet holdes 12. oktober 2026.\n\nLandsrådet skal behandle "
    "innkomne forslag.\n",
    "nn": "Landsmøte 2026\n\nLandsmøtet vert halde 12. oktober 2026.\n\nLandsrådet skal "
    "handsame innkomne framlegg.\n",
}


@pytest.mark.parametrize("language", sorted(ELECTED_AT_THE_MEETING))
def test_what_a_meeting_elects_is_no_task(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, ELECTED_AT_THE_MEETING[language])
    assert list(whens(plan).values()) == [{"date": "2026-03-12"}]


@pytest.mark.parametrize("language", sorted(A_COUNCIL_TREATS))
def test_what_a_council_treats_is_no_task(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, A_COUNCIL_TREATS[language])
    assert list(whens(plan).values()) == [{"date": "2026-10-12"}]


def test_a_councils_business_with_a_day_of_its_own_is_an_item(tmp_path: Path) -> None:
    text = (
        "Kongress 2026\n\nKongressen hålls den 12 oktober 2026.\n\nFörbundsrådet ska behandla "
        "inkomna motioner den 5 maj 2026.\n"
    )
    assert list(whens(draft(tmp_path, text)).values()) == [
        {"date": "2026-10-12"},
        {"date": "2026-05-05"},
    ]


# A numbered step that tells what happened is no step ahead ---------------------------------
# (Presteforeningen's consultation page: "Hva har skjedd/hva skal skje:", then "1.
# Representantskapet satte i gang arbeidet med planen i sitt møte i mars 2020 og i mars/april
# fikk alle PFs medlemmer invitasjon …")

WHAT_HAPPENED_THEN_STEPS = {
    "sv": "Handlingsplan 2026\n\nVad har hänt och vad händer nu:\n\n1. Styrelsen beslutade i "
    "januari att ta fram en ny plan.\n2. Klubbarna ska lämna sina synpunkter i mars.\n",
    "nb": "Handlingsplan 2026\n\nHva har skjedd og hva skal skje:\n\n1. Styret vedtok i januar "
    "å lage en ny plan.\n2. Klubbene skal sende inn sine innspill i mars.\n",
    "nn": "Handlingsplan 2026\n\nKva har skjedd og kva skal skje:\n\n1. Styret vedtok i januar "
    "å lage ein ny plan.\n2. Klubbane skal sende inn innspela sine i mars.\n",
}


@pytest.mark.parametrize("language", sorted(WHAT_HAPPENED_THEN_STEPS))
def test_a_numbered_step_in_the_past_is_no_step(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, WHAT_HAPPENED_THEN_STEPS[language])
    assert list(whens(plan).values()) == [{"window": "march"}]


def test_a_numbered_step_that_opens_with_an_imperative_is_still_a_step(tmp_path: Path) -> None:
    # "Kom" and "Var" are imperatives here, not the past of "komme" and "vara"
    text = (
        "Handlingsplan 2026\n\nSlik gjør du:\n\n1. Kom med innspill til styret i mars.\n"
        "2. Send inn forslagene i april.\n"
    )
    assert list(whens(draft(tmp_path, text)).values()) == [
        {"window": "march"},
        {"window": "april"},
    ]


# A month the page names for a meeting whose days its title gives --------------------------
# (Creo's page for the delegates of 2022: the title "9.–11. november i Trondheim", then "…, og i
# november skal vi sammen stake ut kursen …" and "… når landsmøtet samles i Trondheim i november")

TITLE_DAYS_THEN_MONTH = {
    "sv": "12.–14. oktober i Umeå\n\nKära ombud,\n\nKongressen är förbundets högsta beslutande "
    "organ, och i oktober ska vi staka ut kursen för de kommande åren. Vi ser fram emot när "
    "kongressen samlas i Umeå i oktober.\n\nSista dag för anmälan är 10 september 2026.\n",
    "nb": "12.–14. oktober i Bergen\n\nKjære delegat,\n\nLandsmøtet er forbundets høyeste "
    "myndighet, og i oktober skal vi stake ut kursen for de neste årene. Vi gleder oss til "
    "landsmøtet samles i Bergen i oktober.\n\nSiste frist for påmelding er 10. september 2026.\n",
    "nn": "12.–14. oktober i Førde\n\nKjære delegat,\n\nLandsmøtet er forbundet sitt høgaste "
    "organ, og i oktober skal vi staka ut kursen for dei neste åra. Vi gler oss til landsmøtet "
    "samlast i Førde i oktober.\n\nSiste frist for påmelding er 10. september 2026.\n",
}


@pytest.mark.parametrize("language", sorted(TITLE_DAYS_THEN_MONTH))
def test_a_month_named_for_the_meeting_is_the_titles_days(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, TITLE_DAYS_THEN_MONTH[language])
    assert sorted(map(str, whens(plan).values())) == sorted(
        map(str, [{"dates": {"from": "2026-10-12", "to": "2026-10-14"}}, {"by": "2026-09-10"}])
    )


# A programme of goals is a plan ------------------------------------------------------------
# (Farmasøytene's "MÅLPROGRAM FOR 2020–2025", then bullets in the infinitive: "Utvikle
# organisasjonen …", "Jobbe for å styrke rollen til de tillitsvalgte")

GOALS_PROGRAMME = {
    "sv": "MÅLPROGRAM FÖR 2026–2027\n\n  • Utveckla organisationen och dess arbetssätt\n  • Arbeta "
    "för att stärka de förtroendevaldas roll\n",
    "nb": "MÅLPROGRAM FOR 2026–2027\n\n  • Utvikle organisasjonen og arbeidsformene\n  • Jobbe "
    "for å styrke rollen til de tillitsvalgte\n",
    "nn": "MÅLPROGRAM FOR 2026–2027\n\n  • Utvikle organisasjonen og arbeidsformene\n  • Arbeide "
    "for å styrkje rolla til dei tillitsvalde\n",
}


@pytest.mark.parametrize("language", sorted(GOALS_PROGRAMME))
def test_a_programme_of_goals_is_a_plan(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, GOALS_PROGRAMME[language])
    assert len(plan.items) == 2
    assert all(item.when is None for item in plan.items)


# By the turn of the year -------------------------------------------------------------------
# (Presteforeningen's consultation page: "Etter dette skal du sende inn organets eventuelle
# endringer og tillegg til PFs sekretariat innen nyttår.")

BY_THE_NEW_YEAR = {
    "sv": "Verksamhetsplan 2026\n\nKlubbarna ska skicka sina synpunkter till avdelningen innan "
    "årsskiftet.\n",
    "nb": "Handlingsplan 2026\n\nKlubbene skal sende sine innspill til avdelingen innen nyttår.\n",
    "nn": "Handlingsplan 2026\n\nKlubbane skal sende innspela sine til avdelinga innan "
    "utgangen av året.\n",
}


@pytest.mark.parametrize("language", sorted(BY_THE_NEW_YEAR))
def test_by_the_turn_of_the_year_is_by_its_last_day(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, BY_THE_NEW_YEAR[language])
    assert list(whens(plan).values()) == [{"by": "2026-12-31"}]


# An organisation saying what it is ---------------------------------------------------------
# (Creo's page for the delegates of 2022: "Creo er, og skal være, Norges største og viktigste
# fagforbund og interesseorganisasjon innen kunst- og kulturfeltet.")

WHAT_IT_IS = {
    "sv": "Kongress 2026\n\nKongressen hålls den 12 oktober 2026.\n\nFörbundet är, och ska vara, "
    "Sveriges största fackförbund inom kulturen. Vi är en stark gemenskap.\n\nFörbundet ska "
    "vara den självklara organisationen för alla som arbetar inom kulturen.\n",
    "nb": "Landsmøte 2026\n\nLandsmøtet holdes 12. oktober 2026.\n\nForbundet er, og skal være, "
    "Norges største fagforbund innen kulturfeltet. Vi er et sterkt fellesskap.\n\nForbundet "
    "skal være det naturlige valget for alle som arbeider innen kulturfeltet.\n",
    "nn": "Landsmøte 2026\n\nLandsmøtet vert halde 12. oktober 2026.\n\nForbundet er, og skal "
    "vere, Noregs største fagforbund innan kulturfeltet. Vi er eit sterkt fellesskap.\n\n"
    "Forbundet skal vere det naturlege valet for alle som arbeider innan kulturfeltet.\n",
}


@pytest.mark.parametrize("language", sorted(WHAT_IT_IS))
def test_an_organisation_saying_what_it_is_is_no_task(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, WHAT_IT_IS[language])
    assert list(whens(plan).values()) == [{"date": "2026-10-12"}]


# A negation in brackets narrows, it denies nothing -----------------------------------------
# (Presteforeningen's page on its general assembly of 2024: "Frist for å melde saker (ikke
# lovendringer): 11. november 2023.")

NEGATION_IN_BRACKETS = {
    "sv": "Årsmöte 2026\n\nSista dag för att lämna motioner (inte stadgeändringar): 11 november "
    "2026. Det är klubbarna som kan lämna motioner.\n",
    "nb": "Årsmøte 2026\n\nFrist for å melde saker (ikke lovendringer): 11. november 2026. Det er "
    "klubbene som kan melde saker.\n",
    "nn": "Årsmøte 2026\n\nFrist for å melde saker (ikkje lovendringar): 11. november 2026. Det er "
    "klubbane som kan melde saker.\n",
}


@pytest.mark.parametrize("language", sorted(NEGATION_IN_BRACKETS))
def test_a_negation_in_brackets_denies_nothing(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, NEGATION_IN_BRACKETS[language])
    assert list(whens(plan).values()) == [{"by": "2026-11-11"}]


# A meeting's name and its days over its section -------------------------------------------
# (Presteforeningen's page: "Generalforsamling 11.-13. mars 2024", over what the assembly is and
# its deadlines)

MEETING_AND_ITS_DAYS = {
    "sv": "Föreningens sidor\n\nÅrsstämma 11-13 mars 2026\n\nÅrsstämman är föreningens högsta "
    "organ.\n\nSista dag för anmälan av ombud är 31 januari 2026.\n",
    "nb": "Foreningens sider\n\nGeneralforsamling 11.-13. mars 2026\n\nGeneralforsamlingen er "
    "foreningens høyeste organ.\n\nPåmeldingsfrist for delegater er 31. januar 2026.\n",
    "nn": "Sidene til foreininga\n\nLandsmøte 11.-13. mars 2026\n\nLandsmøtet er det høgaste "
    "organet i foreininga.\n\nPåmeldingsfrist for delegatar er 31. januar 2026.\n",
}


@pytest.mark.parametrize("language", sorted(MEETING_AND_ITS_DAYS))
def test_a_meetings_name_and_its_days_is_the_meeting(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, MEETING_AND_ITS_DAYS[language])
    assert list(whens(plan).values()) == [
        {"dates": {"from": "2026-03-11", "to": "2026-03-13"}},
        {"by": "2026-01-31"},
    ]
