"""Classes of error that the eighth batch of unseen pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page. Where
a test needs a page's exact words, they are a few, and the page is named beside them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from tests.drafting.lessons import draft, titles, whens

# Rules for a meeting: its agenda, who may attend or vote, and steps timed before it ------------
# (a union's page on its branches' annual meetings: "Årsmøtets oppgaver", "Stemmerett", "Andre
# deltakere - med talerett", "4 uker før - varsel om årsmøtet")

MEETING_RULES = {
    "sv": """Årsmöten i klubbarna

Årsmötet hålls varje år innan utgången av mars.

Tider inför årsmötet

 • 5 veckor före - kallelse till årsmötet skickas ut
 • 3 veckor före - frist för att lämna in motioner
 • 10 dagar före - handlingar skickas till medlemmarna

Årsmötets uppgifter

 • godkänna verksamhetsberättelsen
 • fastställa verksamhetsplan och budget för året
 • välja styrelse och revisorer

Rösträtt

 • alla medlemmar i klubben har rätt att delta och rösta
 • ombud från sektionerna har en röst per tjugo medlemmar

Övriga deltagare - med yttranderätt men utan rösträtt

 • Anställda på förbundet
 • Förtroendevalda från andra klubbar
""",
    "nb": """Årsmøter i klubbene

Årsmøtet holdes hvert år innen utgangen av mars.

Tider før årsmøtet

 • 5 uker før - innkalling til årsmøtet sendes ut
 • 3 uker før - frist for å melde inn saker
 • 10 dager før - sakspapirer sendes til medlemmene

Årsmøtets oppgaver

 • godkjenne årsberetningen
 • vedta handlingsplan og budsjett for året
 • velge styre og revisorer

Stemmerett

 • alle medlemmer i klubben har rett til å møte og stemme
 • utsendinger fra seksjonene har en stemme per tjue medlemmer

Andre deltakere - med talerett, men uten stemmerett

 • Ansatte i forbundet
 • Tillitsvalgte fra andre klubber
""",
    "nn": """Årsmøte i klubbane

Årsmøtet vert halde kvart år innan utgangen av mars.

Tider før årsmøtet

 • 5 veker før - innkalling til årsmøtet vert sendt ut
 • 3 veker før - frist for å melde inn saker
 • 10 dagar før - sakspapira vert sende til medlemane

Årsmøtet sine oppgåver

 • godkjenne årsmeldinga
 • vedta handlingsplan og budsjett for året
 • velje styre og revisorar

Røysterett

 • alle medlemane i klubben har rett til å møte og røyste
 • utsendingar frå seksjonane har ei røyst per tjue medlemar

Andre deltakarar - med talerett, men utan røysterett

 • Tilsette i forbundet
 • Tillitsvalde frå andre klubbar
""",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_meetings_agenda_and_who_may_attend_or_vote_are_context(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, MEETING_RULES[language], year=2026)
    drafted = " | ".join(titles(plan)).lower()
    for context in ("godk", "revisor", "rätt att delta", "rett til å møte", "per tjue", "per tjugo",
                    "ansatte", "anställda", "tilsette", "andre klubb", "andra klubb"):  # fmt: skip
        assert context not in drafted, context
    # a deadline set for the members is a rule, not the branch's task
    assert "frist" not in drafted
    # the branch's own steps before the meeting are its items, without a day
    steps = [title for title in titles(plan) if "før" in title.lower() or "före" in title.lower()]
    assert len(steps) == 2, titles(plan)
    assert all(whens(plan)[title] is None for title in steps)


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_step_before_the_meeting_sent_by_e_mail_is_still_a_step(
    tmp_path: Path, language: str
) -> None:
    lines = {
        "sv": "Årsmöte i klubben\n\nÅrsmötet hålls den 20 mars.\n\n"
        " • 4 veckor före - kallelse till årsmötet via e-post\n",
        "nb": "Årsmøte i klubben\n\nÅrsmøtet holdes 20. mars.\n\n"
        " • 4 uker før - varsel om årsmøtet via e-post\n",
        "nn": "Årsmøte i klubben\n\nÅrsmøtet vert halde 20. mars.\n\n"
        " • 4 veker før - varsel om årsmøtet via e-post\n",
    }
    plan = draft(tmp_path, lines[language], year=2026)
    assert len(titles(plan)) == 2, titles(plan)
    assert "e-post" in titles(plan)[1]
    assert whens(plan)[titles(plan)[1]] is None


# A page that presents a body: its standing duties, and its meeting dates as one series ----------
# (a union's page on its national board: "Förbundsstyrelsens uppgift är bland annat:", "har att
# fatta beslut om …", then "24-25 april 2017 (mån-tis)" over "Förbundsstyrelsemöte", five times)

BODY_PAGE = {
    "sv": """Styrelsen

Styrelsen leder klubbens arbete mellan årsmötena.

Styrelsens uppgifter är bland annat:

 • att förbereda frågor till årsmötet
 • att verkställa årsmötets beslut
 • att följa klubbens ekonomi

Styrelsen har att besluta om klubbens årliga budget.

Planerade möten för styrelsen

 • 2-3 februari 2026 (mån-tis)
  Styrelsemöte
 • 4-5 maj 2026 (mån-tis)
  Styrelsemöte
 • 7-8 september 2026 (mån-tis)
  Styrelsemöte
 • 9-10 november 2026 (mån-tis)
  Styrelsemöte
""",
    "nb": """Styret

Styret leder klubbens arbeid mellom årsmøtene.

Styrets oppgaver er blant annet:

 • å forberede saker til årsmøtet
 • å sette ut i livet årsmøtets vedtak
 • å følge klubbens økonomi

Styret har til oppgave å vedta klubbens årlige budsjett.

Planlagte møter i styret

 • 2.-3. februar 2026 (man-tir)
  Styremøte
 • 4.-5. mai 2026 (man-tir)
  Styremøte
 • 7.-8. september 2026 (man-tir)
  Styremøte
 • 9.-10. november 2026 (man-tir)
  Styremøte
""",
    "nn": """Styret

Styret leiar arbeidet i klubben mellom årsmøta.

Styret sine oppgåver er mellom anna:

 • å førebu saker til årsmøtet
 • å setje i verk vedtaka til årsmøtet
 • å følgje økonomien i klubben

Styret har til oppgåve å vedta det årlege budsjettet til klubben.

Planlagde møte i styret

 • 2.-3. februar 2026 (mån-tys)
  Styremøte
 • 4.-5. mai 2026 (mån-tys)
  Styremøte
 • 7.-8. september 2026 (mån-tys)
  Styremøte
 • 9.-10. november 2026 (mån-tys)
  Styremøte
""",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_body_s_duties_are_context_and_its_meeting_days_one_series(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, BODY_PAGE[language])
    assert len(plan.items) == 1, titles(plan)
    (series,) = plan.items
    assert "möte" in series.title.lower() or "møte" in series.title.lower()
    assert series.when == {"every": "monthly", "months": [2, 5, 9, 11]}


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_three_days_under_different_names_stay_apart(tmp_path: Path, language: str) -> None:
    names = {
        "sv": ("Styrelsemöte", "Medlemsmöte", "Kurs"),
        "nb": ("Styremøte", "Medlemsmøte", "Kurs"),
    }
    days = ("2.-3. februar 2026", "4.-5. mai 2026", "7.-8. september 2026")
    text = "Møter\n\n" + "".join(
        f" • {day}\n  {name}\n" for day, name in zip(days, names[language], strict=True)
    )
    plan = draft(tmp_path, text)
    assert len(plan.items) == 3, titles(plan)


# A calendar card: the day's number over its month, a state to reach by a day --------------------
# (a county branch's annual-meeting page: "10." over "septemberkl 18.00"; "Endelig agenda for
# møtet skal være klar senest en uke i forkant av møtet, innen 3. september")

CALENDAR_CARD = {
    "sv": """Möten

Årsmöte i distriktet

Årsmötet godkänner verksamhetsberättelsen och väljer styrelse.
14.
oktoberkl 18.00

Digitalt möte

Den slutliga dagordningen ska vara klar senast den 7 oktober, en vecka före mötet.
""",
    "nb": """Møter

Årsmøte i fylkeslaget

Årsmøtet godkjenner årsmeldingen og velger styre.
14.
oktoberkl 18.00

Nettmøte

Endelig sakliste skal være klar senest en uke før møtet, innen 7. oktober.
""",
    "nn": """Møte

Årsmøte i fylkeslaget

Årsmøtet godkjenner årsmeldinga og vel styre.
14.
oktoberkl 18.00

Nettmøte

Endeleg sakliste skal vere klar seinast ei veke før møtet, innan 7. oktober.
""",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_day_written_on_two_lines_dates_the_meeting_of_its_heading(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, CALENDAR_CARD[language], year=2026)
    assert sorted(map(str, whens(plan).values())) == sorted(
        ["{'date': '2026-10-14'}", "{'by': '2026-10-07'}"]
    ), whens(plan)
    meeting = next(item for item in plan.items if item.when == {"date": "2026-10-14"})
    assert meeting.title.lower().startswith("årsm")


@pytest.mark.parametrize(
    "sentence",
    [
        "Handlingarna kommer att vara tillgängliga den 7 oktober.",
        "Sakspapirene vil være klare 7. oktober.",
        "Sakspapira vil vere klare 7. oktober.",
    ],
)
def test_a_state_announced_for_a_day_is_still_no_task(tmp_path: Path, sentence: str) -> None:
    text = f"Årsmøte\n\nÅrsmøtet holdes 14. oktober 2026.\n\n{sentence}\n"
    plan = draft(tmp_path, text)
    assert len(plan.items) == 1, titles(plan)


# What someone said in an article ---------------------------------------------------------------
# (a union magazine's article on a five-year plan: "– Det är fortfarande ganska många frågor. …",
# "– Vi fick också inspel …, säger Heidi Stensmyren.")

ARTICLE = {
    "sv": """Ur förslaget till verksamhetsplan för klubben

Klubben lägger fram en ny verksamhetsplan på årsmötet, berättar ordföranden.

– Vi vill arbeta mer långsiktigt. Därför samlar vi frågorna i tre områden varje år.

Arbetet började förra hösten.

– Vi har lyssnat på medlemmarna, säger Anna Berg.
""",
    "nb": """Fra forslaget til handlingsplan for klubben

Klubben legger fram en ny handlingsplan på årsmøtet, forteller lederen.

– Vi vil jobbe mer langsiktig. Derfor samler vi sakene i tre områder hvert år.

Arbeidet begynte i fjor høst.

– Vi har lyttet til medlemmene, sier Kari Berg.
""",
    "nn": """Frå framlegget til handlingsplan for klubben

Klubben legg fram ein ny handlingsplan på årsmøtet, fortel leiaren.

– Vi vil jobbe meir langsiktig. Difor samlar vi sakene i tre område kvart år.

Arbeidet byrja i fjor haust.

– Vi har lytta til medlemane, seier Kari Berg.
""",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_quotes_in_an_article_commit_no_one(tmp_path: Path, language: str) -> None:
    with pytest.raises(InputFileError):
        draft(tmp_path, ARTICLE[language], year=2026)


@pytest.mark.parametrize(
    ("language", "dated"),
    [
        ("sv", "– Planen ska vara klar senast den 1 mars. Den går sedan ut till klubbarna."),
        ("nb", "– Planen skal være ferdig innen 1. mars. Den sendes så til klubbene."),
        ("nn", "– Planen skal vere ferdig innan 1. mars. Han vert så send til klubbane."),
    ],
)
def test_a_quote_that_gives_a_day_is_still_read(tmp_path: Path, language: str, dated: str) -> None:
    plan = draft(tmp_path, ARTICLE[language] + "\n" + dated + "\n", year=2026)
    assert [item.when for item in plan.items] == [{"by": "2026-03-01"}], titles(plan)


def test_dash_bullets_without_a_speaker_stay_bullets(tmp_path: Path) -> None:
    text = (
        "Handlingsplan 2026\n\nVi skal:\n\n- holde medlemsmøte i mars. Alle er velkomne.\n"
        "- arrangere kurs for tillitsvalgte i oktober\n"
    )
    plan = draft(tmp_path, text)
    assert len(plan.items) == 2, titles(plan)


# Statutes: a deadline month, one meeting at least each year, a notice timed from the meeting ----
# (model statutes of a branch: "Varje udda år ska senast i december månad …", "ska … under
# verksamhetsåret hålla minst ett allmänt medlemsmöte", "Kallelse ska delges medlemmarna senast
# tre veckor före tidpunkten för allmänt medlemsmöte")

STATUTES = {
    "sv": """Stadgar för klubben

§ 1 NAMN
Klubbens namn är Verkstadsklubben.

§ 4 MÖTEN
Klubben ska under verksamhetsåret hålla minst ett medlemsmöte.
Klubben ska senast i november månad välja ombud till avdelningens årsmöte.
Kallelse ska skickas till medlemmarna senast två veckor före dagen för klubbens medlemsmöte.
""",
    "nb": """Vedtekter for klubben

§ 1 NAVN
Klubbens navn er Verkstedklubben.

§ 4 MØTER
Klubben skal i løpet av året holde minst ett medlemsmøte.
Klubben skal senest i november måned velge utsendinger til avdelingens årsmøte.
Innkalling skal sendes medlemmene senest to uker før datoen for klubbens medlemsmøte.
""",
    "nn": """Vedtekter for klubben

§ 1 NAMN
Namnet til klubben er Verkstadklubben.

§ 4 MØTE
Klubben skal i løpet av året halde minst eitt medlemsmøte.
Klubben skal seinast i november månad velje utsendingar til årsmøtet i avdelinga.
Innkalling skal sendast medlemane seinast to veker før datoen for medlemsmøtet i klubben.
""",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_statutes_deadline_month_yearly_meeting_and_notice(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, STATUTES[language], year=2026)
    assert len(plan.items) == 3, titles(plan)
    meeting, election, notice = plan.items
    assert meeting.when == {"every": "yearly"}
    assert meeting.target == {"count": 1}
    assert election.when == {"by": "2026-11-30"}
    assert notice.when is None
    assert notice.title.lower().startswith(("kallelse", "innkalling"))


@pytest.mark.parametrize(
    "sentence",
    [
        "Klubben ska under året ordna en kurs i mars.",
        "Klubben skal i løpet av året arrangere kurs.",
        "Klubben skal i løpet av året halde fleire kurs.",
    ],
)
def test_a_year_without_at_least_one_is_no_rhythm(tmp_path: Path, sentence: str) -> None:
    plan = draft(tmp_path, f"Handlingsplan 2026\n\n{sentence}\n")
    assert all(item.when is None or "every" not in item.when for item in plan.items)


# A year calendar: its counted list, months joined by a slash, and the tasks of each month --------
# (a union's year calendar for its branches: "Vi arrangerer fire møter/seminarer … hvert år." over
# four bullets, "Mai/juni: Landsstyremøtet", then month headings; "… temaer dere ønsker behandlet
# på landsstyremøtet", "Lokalforeningene er velkomne til å invitere …", "Dere bør også …")

YEAR_CALENDAR = {
    "sv": """Klubbens årskalender

Vi ordnar tre träffar för klubbarnas ordförande varje år.
 • Januari: Träff före avdelningens konferens
 • Maj/juni: Träff inför representantskapet
 • November: Ordförandekonferens

Januari

 • Styrelsemöte, där ni tar upp frågor ni önskar behandlade på representantskapet.
 • Klubbarna skriver verksamhetsberättelse.

Februari

 • Styrelsemöte
 • Klubbarna är välkomna att bjuda in förbundets ordförande till sina årsmöten.
 • Ni bör också lägga ut information om årsmötet på hemsidan.
""",
    "nb": """Klubbenes årskalender

Vi arrangerer tre samlinger for klubblederne hvert år.
 • Januar: Samling før avdelingens konferanse
 • Mai/juni: Samling før representantskapet
 • November: Lederkonferanse

Januar

 • Styremøte, herunder saker dere ønsker behandlet på representantskapet.
 • Klubbene skriver årsmelding.

Februar

 • Styremøte
 • Klubbene er velkomne til å invitere forbundslederen til sine årsmøter.
 • Dere bør også legge ut informasjon om årsmøtet på nettsiden.
""",
    "nn": """Årskalender for klubbane

Vi skipar tre samlingar for klubbleiarane kvart år.
 • Januar: Samling før konferansen i avdelinga
 • Mai/juni: Samling før representantskapet
 • November: Leiarkonferanse

Januar

 • Styremøte, mellom anna saker de ønskjer behandla på representantskapet.
 • Klubbane skriv årsmelding.

Februar

 • Styremøte
 • Klubbane er velkomne til å invitere forbundsleiaren til årsmøta sine.
 • De bør også leggje ut informasjon om årsmøtet på nettsida.
""",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_year_calendar_reads_its_months(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, YEAR_CALENDAR[language], year=2026)
    listed = list(whens(plan).values())
    assert listed == [
        {"window": "january"},
        {"window": {"from": "2026-05-01", "to": "2026-06-30"}},
        {"window": "november"},
        {"window": "january"},
        {"window": "january"},
        {"window": "february"},
    ], titles(plan)
    # the sentence that counts the list is its introduction, no item with a count of its own
    assert all(item.target is None for item in plan.items)


# A meeting's start and end in one sentence, and what is held in connection with it -------------
# (a press union's notice: "Møtet starter mandag 15. oktober kl.1100, og avsluttes tirsdag 16.
# oktober …", "I tilknytning til landsmøtet vil forbundsstyret avholde et seminar …")

START_AND_END = {
    "sv": "Kallelse till kongressen\n\nKongressen börjar måndag 12 oktober kl. 10, och avslutas "
    "tisdag 13 oktober kl. 16.\n\nI anslutning till kongressen kommer styrelsen att hålla ett "
    "seminarium för ombuden.\n",
    "nb": "Innkalling til landsmøtet\n\nLandsmøtet starter mandag 12. oktober kl. 10, og avsluttes "
    "tirsdag 13. oktober kl. 16.\n\nI tilknytning til landsmøtet vil styret holde et seminar for "
    "delegatene.\n",
    "nn": "Innkalling til landsmøtet\n\nLandsmøtet byrjar måndag 12. oktober kl. 10, og vert "
    "avslutta tysdag 13. oktober kl. 16.\n\nI tilknyting til landsmøtet vil styret halde eit "
    "seminar for utsendingane.\n",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_meeting_that_starts_and_ends_is_one_item_over_both_days(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, START_AND_END[language], year=2026)
    assert list(whens(plan).values()) == [{"dates": {"from": "2026-10-12", "to": "2026-10-13"}}], (
        titles(plan)
    )


# A reminder to keep the day free, beside the sentence that says the meeting is held -------------
# (a union's congress page: "Boka in den 24–25 september 2024 för Polisförbundets kongress!" over
# "Nästa kongress kommer att hållas den 24–25 september 2024.")

SAVE_THE_DATE = {
    "sv": "Boka in den 14–15 oktober 2026 för förbundets kongress!\n\nNästa kongress kommer att "
    "hållas den 14–15 oktober 2026.\n",
    "nb": "Sett av 14.–15. oktober 2026 til forbundets landsmøte!\n\nNeste landsmøte skal holdes "
    "14.–15. oktober 2026.\n",
    "nn": "Merk av 14.–15. oktober 2026 til landsmøtet i forbundet!\n\nNeste landsmøte skal "
    "haldast 14.–15. oktober 2026.\n",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_reminder_and_the_meeting_on_the_same_days_are_one_item(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, SAVE_THE_DATE[language])
    assert len(plan.items) == 1, titles(plan)
    assert plan.items[0].title.lower().startswith("nästa" if language == "sv" else "neste")


def test_a_reminder_alone_is_still_the_meeting(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Sett av 14.–15. oktober 2026 til forbundets landsmøte!\n")
    assert len(plan.items) == 1


# An event named in a sentence that asks the reader something, with when it is held --------------
# (a branch's call for motions: "Vi vill uppmärksamma er på att det är dags att skriva motioner
# till Pappers kongress, som äger rum i april 2018.")

HELD_CLAUSE = {
    "sv": "Motioner till kongressen\n\nVi vill påminna er om att det är dags att skriva motioner "
    "till förbundets kongress, som äger rum i oktober.\n",
    "nb": "Forslag til landsmøtet\n\nVi vil minne dere på at det er tid for å sende forslag til "
    "forbundets landsmøte, som holdes i oktober.\n",
    "nn": "Framlegg til landsmøtet\n\nVi vil minne dykk på at det er tid for å sende framlegg til "
    "landsmøtet i forbundet, som vert halde i oktober.\n",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_an_event_held_in_a_relative_clause_is_an_item(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, HELD_CLAUSE[language], year=2026)
    assert list(whens(plan).values()) == [{"window": "october"}], titles(plan)


def test_a_wish_without_an_event_held_is_still_context(tmp_path: Path) -> None:
    text = (
        "Forslag til landsmøtet\n\nVi vil minne dere på at det er tid for å sende forslag.\n\n"
        "Landsmøtet holdes 12. oktober 2026.\n"
    )
    plan = draft(tmp_path, text)
    assert len(plan.items) == 1, titles(plan)


# A second deadline on the day the sentence before gives ---------------------------------------
# (a union's news before its congress: "Nomineringarna kan göras till och med den 31 januari. Det
# är även sista dagen för att skicka in motioner …")

SAME_LAST_DAY = {
    "sv": "Inför kongressen\n\nNomineringarna kan göras senast den 31 januari 2026. Det är även "
    "sista dagen för att skicka in motioner till kongressen.\n",
    "nb": "Før landsmøtet\n\nNominasjoner må sendes innen 31. januar 2026. Det er også siste dag "
    "for å sende inn forslag til landsmøtet.\n",
    "nn": "Før landsmøtet\n\nNominasjonar må sendast innan 31. januar 2026. Det er også siste dag "
    "for å sende inn framlegg til landsmøtet.\n",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_second_deadline_takes_the_day_before_it(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, SAME_LAST_DAY[language])
    assert [item.when for item in plan.items] == [{"by": "2026-01-31"}] * 2, titles(plan)
    second = plan.items[1]
    assert any("sentence before" in note.msgid for note in second.review)


def test_a_last_day_without_a_deadline_before_it_gets_no_day(tmp_path: Path) -> None:
    text = (
        "Før landsmøtet\n\nLandsmøtet holdes 12. mars 2026.\n\n"
        "Det er også siste dag for å sende inn forslag.\n"
    )
    plan = draft(tmp_path, text)
    assert all(item.when != {"by": "2026-03-12"} for item in plan.items), whens(plan)


# A quote that says a deadline again ----------------------------------------------------------
# (the same news: "… berättar förbundssekreterare Tore Bengtsson …" and then "– Motionsstopp är
# den 31 januari och vi vet av erfarenhet att de flesta kommer in på slutet, de sista dagarna.")

QUOTED_AGAIN = {
    "sv": "Inför kongressen\n\nMotioner ska skickas in senast den 31 januari 2026.\n\nHittills "
    "har tjugo motioner kommit in, berättar förbundssekreterare Eva Lind.\n\n– Motionsstopp är "
    "den 31 januari och vi vet att de flesta motionerna kommer in under de sista dagarna.\n",
    "nb": "Før landsmøtet\n\nForslag må sendes innen 31. januar 2026.\n\nSå langt har tjue "
    "forslag kommet inn, forteller generalsekretær Eva Lind.\n\n– Fristen er 31. januar, og vi "
    "vet at de fleste forslagene kommer inn i løpet av de siste dagene før fristen.\n",
    "nn": "Før landsmøtet\n\nFramlegg må sendast innan 31. januar 2026.\n\nSå langt har tjue "
    "framlegg kome inn, fortel generalsekretær Eva Lind.\n\n– Fristen er 31. januar, og vi "
    "veit at dei fleste framlegga kjem inn i løpet av dei siste dagane før fristen.\n",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_quote_that_repeats_a_deadline_is_no_second_item(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, QUOTED_AGAIN[language])
    assert [item.when for item in plan.items] == [{"by": "2026-01-31"}], titles(plan)


# What a purpose clause hopes for --------------------------------------------------------------
# (a union's news on a conference: "Forbundet vil gi foreningene ekstra drahjelp for å skape mer
# uteaktivitet og få flere medlemmer.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Förbundet ska ge klubbarna extra stöd i mars för att skapa mer aktivitet och få 50 nya "
        "medlemmar.",
        "Forbundet skal gi klubbene ekstra drahjelp i mars for å skape mer aktivitet og få 50 nye "
        "medlemmer.",
        "Forbundet skal gje klubbane ekstra hjelp i mars for å skape meir aktivitet og få 50 nye "
        "medlemer.",
    ],
)
def test_a_purpose_clause_sets_no_target(tmp_path: Path, sentence: str) -> None:
    plan = draft(tmp_path, f"Handlingsplan 2026\n\n{sentence}\n")
    assert [item.target for item in plan.items] == [None], titles(plan)


@pytest.mark.parametrize(
    "sentence",
    [
        "Klubben ska arbeta för att få 50 nya medlemmar under våren.",
        "Klubben skal jobbe for å få 50 nye medlemmer i løpet av våren.",
        "Klubben skal arbeide for å få 50 nye medlemer i løpet av våren.",
    ],
)
def test_working_for_a_number_keeps_it(tmp_path: Path, sentence: str) -> None:
    plan = draft(tmp_path, f"Handlingsplan 2026\n\n{sentence}\n")
    assert [item.target for item in plan.items] == [{"sum": 50, "metric": "new_members"}]
