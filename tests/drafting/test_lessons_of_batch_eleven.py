"""Classes of error that the eleventh batch of pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk. Each rule quotes, in a comment, the few
words of the page that showed it, and names the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.drafting.lessons import draft, titles, whens

# A meeting's agenda is no list of tasks, even when a decision announces it ------------------
# (NNN's page on its national meeting of 2021: "NNNs landsstyre vedtok i sitt møte 17.juni
# følgende foreløpige forslag til dagsorden for landsmøtet:", then 15 numbered points; and
# Samfunnsviterne Nordland's annual meeting of 2022: "På årsmøtet behandles:")

DECIDED_AGENDA = {
    "sv": "Kongressen 2026\n\nKongressen hålls den 12 oktober 2026.\n\nStyrelsen beslutade i "
    "maj följande förslag till dagordning för kongressen:\n1. Kongressens öppnande\n2. "
    "Styrelsens berättelse\n3. Val\n",
    "nb": "Landsmøtet 2026\n\nLandsmøtet holdes 12. oktober 2026.\n\nStyret vedtok i mai "
    "følgende forslag til dagsorden for landsmøtet:\n1. Landsmøtets åpning\n2. Styrets "
    "beretning\n3. Valg\n",
    "nn": "Landsmøtet 2026\n\nLandsmøtet vert halde 12. oktober 2026.\n\nStyret vedtok i mai "
    "fylgjande framlegg til dagsorden for landsmøtet:\n1. Opning av landsmøtet\n2. Styret si "
    "melding\n3. Val\n",
}
TREATED_AT_THE_MEETING = {
    "sv": "Årsmöte 2026\n\nÅrsmötet hålls den 12 mars 2026.\n\nPå årsmötet behandlas:\n1. "
    "Verksamhetsberättelse\n2. Bokslut\n3. Val av styrelse\n",
    "nb": "Årsmøte 2026\n\nÅrsmøtet holdes 12. mars 2026.\n\nPå årsmøtet behandles:\n1. "
    "Årsberetning\n2. Regnskap\n3. Valg av styre\n",
    "nn": "Årsmøte 2026\n\nÅrsmøtet vert halde 12. mars 2026.\n\nPå årsmøtet vert "
    "handsamast:\n1. Årsmelding\n2. Rekneskap\n3. Val av styre\n",
}


@pytest.mark.parametrize("language", sorted(DECIDED_AGENDA))
def test_an_agenda_a_decision_announces_is_no_list_of_tasks(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, DECIDED_AGENDA[language])
    assert list(whens(plan).values()) == [{"date": "2026-10-12"}]


@pytest.mark.parametrize("language", sorted(TREATED_AT_THE_MEETING))
def test_what_a_meeting_treats_is_its_agenda(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, TREATED_AT_THE_MEETING[language])
    assert list(whens(plan).values()) == [{"date": "2026-03-12"}]


def test_decisions_that_are_no_agenda_still_commit(tmp_path: Path) -> None:
    text = (
        "Styrelsen 2026\n\nFörbundsstyrelsen har beslutat följande:\n- att hålla en kurs för "
        "nya ombud i mars\n- att besöka varje klubb under hösten\n"
    )
    assert len(draft(tmp_path, text).items) == 2


# A plan of measures is a plan -------------------------------------------------------------
# (Norsk Journalistlag's page on its priorities to 2021: "Forslag til tiltaksplan 2019-2021",
# then bullets after "NJ skal i perioden:" without a day)

MEASURES = {
    "sv": "Förslag till åtgärdsplan 2026\n\nArbetsliv\n\nFörbundet ska under året:\n\n • stärka "
    "klubbarnas förhandlingsarbete.\n • värva och behålla medlemmar.\n",
    "nb": "Forslag til tiltaksplan 2026\n\nArbeidsliv\n\nForbundet skal i perioden:\n\n • styrke "
    "klubbenes forhandlingsarbeid.\n • verve og beholde medlemmer.\n",
    "nn": "Framlegg til tiltaksplan 2026\n\nArbeidsliv\n\nForbundet skal i perioden:\n\n • styrkje "
    "forhandlingsarbeidet i klubbane.\n • verve og halde på medlemer.\n",
}


@pytest.mark.parametrize("language", sorted(MEASURES))
def test_a_plan_of_measures_is_a_plan(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, MEASURES[language])
    assert len(titles(plan)) == 2
    assert all(item.when is None for item in plan.items)


# "alla tre": a number that names a group already known is no count ------------------------
# (Sveriges Skolledarförbund's timetable of its extra congress 2022: "21 maj Parallell digital
# kongressdag för alla tre organisationerna.")

WHOLE_GROUP = {
    "sv": "Kongress 2026\n\n12 maj Gemensam digital kongressdag för alla tre förbunden.\n",
    "nb": "Landsmøte 2026\n\n12. mai Felles digital landsmøtedag for alle tre forbundene.\n",
    "nn": "Landsmøte 2026\n\n12. mai Felles digital landsmøtedag for alle tre forbunda.\n",
}


@pytest.mark.parametrize("language", sorted(WHOLE_GROUP))
def test_all_three_names_a_group_and_counts_nothing(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, WHOLE_GROUP[language])
    assert [item.target for item in plan.items] == [None]
    assert list(whens(plan).values()) == [{"date": "2026-05-12"}]


def test_at_least_three_is_still_a_count(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Verksamhetsplan 2026\n\n- Vi ska hålla minst tre medlemsmöten.\n")
    assert plan.items[0].target == {"count": 3}


# "Nu har motionstiden gått ut": the deadline before it has passed ---------------------------
# (Sveriges Skolledare's page on its congress 2024: "Motioner ska … vara inkomna till förbundet
# senast den 23 november …" and then, alone, "Nu har motionstiden gått ut.")

TIME_RAN_OUT = {
    "sv": "Kongress 2026\n\nKongressen hålls den 20 maj 2026.\n\nMotioner ska vara inkomna senast "
    "den 1 mars.\n\nNu har motionstiden gått ut.\n",
    "nb": "Landsmøte 2026\n\nLandsmøtet holdes 20. mai 2026.\n\nForslag må være sendt inn innen "
    "1. mars.\n\nNå er forslagsfristen ute.\n",
    "nn": "Landsmøte 2026\n\nLandsmøtet vert halde 20. mai 2026.\n\nFramlegg må vere sende inn "
    "innan 1. mars.\n\nNo er fristen ute.\n",
}


@pytest.mark.parametrize("language", sorted(TIME_RAN_OUT))
def test_a_deadline_the_page_says_has_passed_is_no_task(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, TIME_RAN_OUT[language])
    assert list(whens(plan).values()) == [{"date": "2026-05-20"}]


def test_a_time_that_ran_out_for_something_else_leaves_the_deadline(tmp_path: Path) -> None:
    text = (
        "Kongress 2026\n\nMotioner ska vara inkomna senast den 1 mars.\n\nNu har "
        "nomineringstiden gått ut.\n"
    )
    assert list(whens(draft(tmp_path, text)).values()) == [{"by": "2026-03-01"}]


# A fact bullet that names a meeting already drafted, with its days ---------------------------
# (Norsk Arbeidsmandsforbund's practical page of 2015: "Norsk Arbeidsmandsforbunds 38. ordinære
# landsmøte fra onsdag 27. mai til søndag 31. mai 2015." and, under "Fakta om landsmøtet",
# "• Landsmøtet 27. – 31. mai 2015 er det 38. ordinære landsmøtet …")

FACT_AGAIN = {
    "sv": "Kongressen 2026\n\nFörbundets tionde kongress hålls den 12–14 maj 2026 i Folkets hus."
    "\n\nFakta om kongressen\n\n  • Kongressen 12–14 maj 2026 är förbundets tionde kongress.\n"
    "  • Kongressen består av 120 ombud.\n",
    "nb": "Landsmøtet 2026\n\nForbundets tiende landsmøte fra 12. mai til 14. mai 2026.\n\nFakta "
    "om landsmøtet\n\n  • Landsmøtet 12. – 14. mai 2026 er forbundets tiende landsmøte.\n  • "
    "Landsmøtet består av 120 delegater.\n",
    "nn": "Landsmøtet 2026\n\nForbundet sitt tiande landsmøte frå 12. mai til 14. mai 2026.\n\n"
    "Fakta om landsmøtet\n\n  • Landsmøtet 12. – 14. mai 2026 er det tiande landsmøtet til "
    "forbundet.\n  • Landsmøtet består av 120 delegatar.\n",
}


@pytest.mark.parametrize("language", sorted(FACT_AGAIN))
def test_a_fact_bullet_on_a_meeting_already_drafted_is_no_second_item(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, FACT_AGAIN[language])
    assert list(whens(plan).values()) == [{"dates": {"from": "2026-05-12", "to": "2026-05-14"}}]


# "Tid:" gives the day of the meeting the page opens with ------------------------------------
# (Samfunnsviterne Nordland's page of 2022: "Samfunnsviterne i Nordland ønsker alle medlemmer i
# fylkesavdelingen velkommen til digitalt årsmøte!" over "Tid: Mandag 5. september 2022, kl.
# 17:00-18:00")

TIME_LABEL = {
    "sv": "Avdelningen hälsar alla medlemmar välkomna till digitalt årsmöte!\n\nTid: Måndag 7 "
    "september 2026, kl. 17:00-18:00\nPlats: Teams\nAnmälan: senast 6 september\n\nMotioner "
    "skickas till styrelsen senast 20 augusti.\n",
    "nb": "Avdelingen ønsker alle medlemmer velkommen til digitalt årsmøte!\n\nTid: Mandag 7. "
    "september 2026, kl. 17:00-18:00\nSted: Teams\nPåmeldingsfrist: innen 6. september\n\nSaker "
    "sendes styret innen 20. august.\n",
    "nn": "Avdelinga ønskjer alle medlemene velkomne til digitalt årsmøte!\n\nTid: Måndag 7. "
    "september 2026, kl. 17:00-18:00\nStad: Teams\nPåmeldingsfrist: innan 6. september\n\nSaker "
    "vert sende til styret innan 20. august.\n",
}


@pytest.mark.parametrize("language", sorted(TIME_LABEL))
def test_a_time_label_dates_the_meeting_the_page_opens_with(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, TIME_LABEL[language])
    meeting = [item for item in plan.items if item.when == {"date": "2026-09-07"}]
    assert len(meeting) == 1
    assert "årsm" in meeting[0].title
    assert {"by": "2026-09-06"} in whens(plan).values()


def test_a_time_label_with_only_the_hour_gives_no_day(tmp_path: Path) -> None:
    text = "Avdelningen hälsar alla välkomna till årsmöte den 7 september 2026!\n\nTid: kl. 17:00\n"
    assert list(whens(draft(tmp_path, text)).values()) == [{"date": "2026-09-07"}]


# A bullet that opens with a question word is a topic ----------------------------------------
# (Samfunnsviterne Nordland's page of 2022, under "delta for å påvirke:": "• hvilke saker
# fylkesavdelingen skal behandle og eventuelt fremme til landsmøtet i 16.-18. november i år.")

QUESTIONS = {
    "sv": "Årsmöte 2026\n\nKom och påverka:\n\n • vilka frågor avdelningen ska driva till "
    "kongressen den 16–18 november.\n • vem som ska sitta i styrelsen.\n\nÅrsmötet hålls den "
    "7 september 2026.\n",
    "nb": "Årsmøte 2026\n\nDelta for å påvirke:\n\n • hvilke saker avdelingen skal fremme til "
    "landsmøtet 16.-18. november.\n • hvem som skal sitte i styret.\n\nÅrsmøtet holdes 7. "
    "september 2026.\n",
    "nn": "Årsmøte 2026\n\nVer med og påverk:\n\n • kva saker avdelinga skal fremje til "
    "landsmøtet 16.-18. november.\n • kven som skal sitje i styret.\n\nÅrsmøtet vert halde 7. "
    "september 2026.\n",
}


@pytest.mark.parametrize("language", sorted(QUESTIONS))
def test_a_bullet_that_opens_with_a_question_word_is_a_topic(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, QUESTIONS[language])
    assert list(whens(plan).values()) == [{"date": "2026-09-07"}]


# Notice given a span before the meeting is a step timed from it ------------------------------
# (Finansforbundet's page on the annual meetings of its regions: "Melding om årsmøtet skal gis
# med minst 6 ukers varsel." and "Styret innkaller til møtet med minst 14 dagers varsel.")

NOTICE = {
    "sv": "Årsmöte i avdelningen\n\nÅrsmötet ska hållas senast den 31 mars.\n\nViktiga "
    "tidsgränser:\n\n • Kallelse om årsmötet ska skickas "
    "med minst 4 veckors varsel.\n • Styrelsen kallar till mötet med minst 14 dagars varsel.\n",
    "nb": "Årsmøte i avdelingen\n\nÅrsmøtet skal holdes innen 31. mars.\n\nViktige "
    "frister:\n\n • Melding om årsmøtet skal gis med minst "
    "6 ukers varsel.\n • Styret innkaller til møtet med minst 14 dagers varsel.\n",
    "nn": "Årsmøte i avdelinga\n\nÅrsmøtet skal haldast innan 31. mars.\n\nViktige "
    "fristar:\n\n • Melding om årsmøtet skal givast med minst "
    "6 vekers varsel.\n • Styret kallar inn til møtet med minst 14 dagars varsel.\n",
}


@pytest.mark.parametrize("language", sorted(NOTICE))
def test_notice_a_span_before_the_meeting_is_a_step(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, NOTICE[language], year=2026)
    assert list(whens(plan).values()) == [{"by": "2026-03-31"}, None, None]
    assert all(item.target is None for item in plan.items)


# A numbered step that says a deadline again, with a number word, is that deadline -----------
# (Finansforbundet's page on the annual meetings of its regions: the bullet "Forslag som ønskes
# behandlet må være sendt til styret senest 4 uker før årsmøtet." and later the step "5. Forslag
# som ønskes behandlet må være sendt til styret senest fire uker før årsmøtet. Deltakerne får …")

SAID_AGAIN = {
    "sv": "Årsmöte i avdelningen\n\nÅrsmötet ska hållas senast den 31 mars.\n\n • Motioner "
    "måste vara styrelsen tillhanda senast 4 veckor före årsmötet.\n\nFöre mötet\n1. Lokalen "
    "bokas och kallelsen skrivs.\n2. Motioner måste vara styrelsen tillhanda senast fyra veckor "
    "före årsmötet. Medlemmarna får veta hur de lämnar in dem.\n",
    "nb": "Årsmøte i avdelingen\n\nÅrsmøtet skal holdes innen 31. mars.\n\n • Forslag som "
    "ønskes behandlet må være sendt til styret senest 4 uker før årsmøtet.\n\nFør møtet\n1. "
    "Lokalet bestilles og innkallingen skrives.\n2. Forslag som ønskes behandlet må være sendt "
    "til styret senest fire uker før årsmøtet. Medlemmene får vite hvordan.\n",
    "nn": "Årsmøte i avdelinga\n\nÅrsmøtet skal haldast innan 31. mars.\n\n • Framlegg som "
    "skal handsamast må vere sende til styret seinast 4 veker før årsmøtet.\n\nFør møtet\n1. "
    "Lokalet vert bestilt og innkallinga skriven.\n2. Framlegg som skal handsamast må vere sende "
    "til styret seinast fire veker før årsmøtet. Medlemene får vite korleis.\n",
}


@pytest.mark.parametrize("language", sorted(SAID_AGAIN))
def test_a_step_that_says_a_deadline_again_is_that_deadline(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, SAID_AGAIN[language], year=2026)
    assert len(plan.items) == 3


# A meeting in sittings: its opening days, not the weeks between ------------------------------
# (Sveriges Skolledarförbund's extra congress of 2022: "Kongressen inleds den 28-29 mars och
# avslutas den 21 maj.")

SITTINGS = {
    "sv": "Kongress 2026\n\nKongressen inleds den 28-29 mars och avslutas den 21 maj.\n",
    "nb": "Landsmøte 2026\n\nLandsmøtet åpner 28.-29. mars og avsluttes 21. mai.\n",
    "nn": "Landsmøte 2026\n\nLandsmøtet opnar 28.-29. mars og vert avslutta 21. mai.\n",
}


@pytest.mark.parametrize("language", sorted(SITTINGS))
def test_a_meeting_in_sittings_is_dated_by_its_opening_days(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, SITTINGS[language])
    assert list(whens(plan).values()) == [{"dates": {"from": "2026-03-28", "to": "2026-03-29"}}]


def test_a_single_opening_day_and_a_late_end_stay_a_window(tmp_path: Path) -> None:
    plan = draft(
        tmp_path, "Kongress 2026\n\nKongressen inleds den 28 mars och avslutas den 21 maj.\n"
    )
    assert list(whens(plan).values()) == [{"window": {"from": "2026-03-28", "to": "2026-05-21"}}]


# "Siste frist for … er 21. september": a deadline ------------------------------------------
# (Samfunnsviterne Nordland's page of 2022: "siste frist for å spille inn landsmøtesaker til
# hovedstyret er 21. september")

LAST_DEADLINE = {
    "sv": "Kongress 2026\n\nSista fristen för att skicka in motioner till förbundsstyrelsen är "
    "21 september.\n",
    "nb": "Landsmøte 2026\n\nSiste frist for å spille inn landsmøtesaker til hovedstyret er 21. "
    "september.\n",
    "nn": "Landsmøte 2026\n\nSiste frist for å sende inn saker til landsmøtet frå lokallaga er "
    "21. september.\n",
}


@pytest.mark.parametrize("language", sorted(LAST_DEADLINE))
def test_the_last_deadline_for_something_is_a_deadline(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, LAST_DEADLINE[language])
    assert list(whens(plan).values()) == [{"by": "2026-09-21"}]


# A reason after a comma, and a meeting named with its days, each with its own time ----------
# (Samfunnsviterne Nordland's page of 2022: "Saker som ønskes fremmet gjennom fylkesavdelingen må
# være fylkesstyret i hende senest 14. september, siden siste frist for å spille inn
# landsmøtesaker til hovedstyret er 21. september, åtte uker før landsmøtet som avholdes
# 16.-18. november 2022.")

REASON_AND_MEETING = {
    "sv": "Årsmöte 2026\n\nMotioner ska vara styrelsen tillhanda senast 14 september, eftersom "
    "sista dagen för motioner till förbundet är 21 september, åtta veckor före kongressen som "
    "hålls 16-18 november 2026.\n",
    "nb": "Årsmøte 2026\n\nSaker må være styret i hende senest 14. september, siden siste frist "
    "for saker til forbundet er 21. september, åtte uker før landsmøtet som avholdes 16.-18. "
    "november 2026.\n",
    "nn": "Årsmøte 2026\n\nSaker må vere styret i hende seinast 14. september, sidan siste frist "
    "for saker til forbundet er 21. september, åtte veker før landsmøtet som vert halde 16.-18. "
    "november 2026.\n",
}


@pytest.mark.parametrize("language", sorted(REASON_AND_MEETING))
def test_a_reason_and_a_meeting_with_their_own_times_are_items_of_their_own(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, REASON_AND_MEETING[language])
    assert list(whens(plan).values()) == [
        {"by": "2026-09-14"},
        {"by": "2026-09-21"},
        {"dates": {"from": "2026-11-16", "to": "2026-11-18"}},
    ]


def test_a_reason_without_a_time_of_its_own_stays_in_its_sentence(tmp_path: Path) -> None:
    text = "Årsmøte 2026\n\nSaker må være styret i hende senest 14. september, siden styret skal "
    text += "behandle dem først.\n"
    assert list(whens(draft(tmp_path, text)).values()) == [{"by": "2026-09-14"}]


# "senest dagen i forkant": due the day before the meeting the page dates ---------------------
# (Samfunnsviterne Nordland's page of 2022, under "Tid: Mandag 5. september 2022 …":
# "Påloggingslenke og praktisk info sendes påmeldte senest dagen i forkant.")

EVE = {
    "sv": "Avdelningen hälsar alla medlemmar välkomna till digitalt årsmöte!\n\nTid: Måndag 7 "
    "september 2026, kl. 17:00-18:00\nPlats: Teams\n\nInloggningslänken skickas till anmälda "
    "senast dagen innan.\n",
    "nb": "Avdelingen ønsker alle medlemmer velkommen til digitalt årsmøte!\n\nTid: Mandag 7. "
    "september 2026, kl. 17:00-18:00\nSted: Teams\n\nPåloggingslenke sendes påmeldte senest "
    "dagen i forkant.\n",
    "nn": "Avdelinga ønskjer alle medlemene velkomne til digitalt årsmøte!\n\nTid: Måndag 7. "
    "september 2026, kl. 17:00-18:00\nStad: Teams\n\nPåloggingslenkja vert send til påmelde "
    "seinast dagen i forvegen.\n",
}


@pytest.mark.parametrize("language", sorted(EVE))
def test_due_the_day_before_is_the_eve_of_the_meeting_the_page_dates(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, EVE[language])
    assert sorted(str(when) for when in whens(plan).values()) == [
        str({"by": "2026-09-06"}),
        str({"date": "2026-09-07"}),
    ]


def test_the_day_before_without_a_dated_meeting_stays_context(tmp_path: Path) -> None:
    text = (
        "Årsmøte 2026\n\nÅrsmøtet holdes 7. september 2026.\n\nPåloggingslenke sendes påmeldte "
        "senest dagen i forkant.\n"
    )
    assert list(whens(draft(tmp_path, text)).values()) == [{"date": "2026-09-07"}]
