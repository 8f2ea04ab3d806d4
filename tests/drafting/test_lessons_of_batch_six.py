"""Classes of error that the sixth batch of unseen pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from bot.core.i18n import Translator
from bot.drafting.dates import Period, read_when
from bot.drafting.drafter import draft_document
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan
from tests.drafting.lessons import TODAY, YEAR_2026, draft, whens

# Statutes: paragraphs under "§ 1", purposes, rules -------------------------------------------

STATUTES_NB = """Vedtekter for klubben

§ 1. KLUBBENS FORMÅL

 1. Å samle alle ansatte i bedriften i klubben.
 2. Å arbeide for et stadig bedre arbeidsmiljø.

§ 2. MEDLEMSKAP

 1. Klubben er tilsluttet forbundet.
 2. Innmelding skal skje skriftlig til klubbstyret.
 3. En utmelding må være levert senest én måned før den skal gjelde.

§ 3. ÅRSMØTE

 1. Ordinært årsmøte skal holdes innen utgangen av første kvartal hvert år.
"""

STATUTES_SV = """Stadgar för klubben

§ 1 Ändamål

Klubben har till ändamål:

 • Att organisera alla anställda på arbetsplatsen.
 • Att ständigt verka för bättre villkor.

§ 2 Organisation

Klubbens organ är:

1. Årsmötet
2. Styrelsen
3. Revisorerna
"""


def test_in_statutes_only_a_rule_with_a_time_is_an_item(tmp_path: Path) -> None:
    plan = draft(tmp_path, STATUTES_NB, year=2026)
    assert whens(plan) == {
        "Ordinært årsmøte skal holdes innen utgangen av første kvartal hvert år": {
            "by": "2026-03-31"
        }
    }
    assert "Å samle alle ansatte i bedriften i klubben." in plan.context


def test_statutes_that_set_no_time_commit_no_one(tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        draft(tmp_path, STATUTES_SV, year=2026)


def test_a_numbered_list_without_paragraph_signs_is_still_steps(tmp_path: Path) -> None:
    text = (
        "Slik starter dere en klubb\n\n"
        "1. Kall inn til et møte med medlemmene.\n"
        "2. Velg et styre.\n"
        "3. Meld klubben inn til avdelingen innen 1. juni.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert len(plan.items) == 3


@pytest.mark.parametrize("heading", ["§ 5 Føremål", "§ 1 Formål", "Föreningens ändamål"])
def test_a_heading_naming_purposes_is_no_marker_of_commitments(
    tmp_path: Path, heading: str
) -> None:
    text = (
        f"Om laget\n\n{heading}\n\nLaget har dette føremålet:\n\n"
        " • Å samle lærarar i fylket.\n • Å betre vilkåra til medlemene.\n\n"
        "Årsmøtet skal haldast innan 1. mars.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {"Årsmøtet skal haldast innan 1. mars": {"by": "2026-03-01"}}


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("årsmøtet skal holdes innen utgangen av første kvartal", "2026-03-31"),
        ("årsmötet ska hållas före utgången av andra kvartalet", "2026-06-30"),
        ("årsmøtet skal haldast innan utgangen av fyrste kvartal", "2026-03-31"),
    ],
)
def test_by_the_end_of_a_quarter_is_a_deadline(text: str, by: str) -> None:
    assert read_when(text, YEAR_2026).when == {"by": by}


# Deadlines written with the day first ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("1. mai er siste frist for å sende inn forslag til årsmøtet", "2026-05-01"),
        ("1. mai er fristen for å melde inn delegater", "2026-05-01"),
        ("24. april kl. 23.30: frist for benkeforslag til styret", "2026-04-24"),
        ("12 juni klockan 12.00 – sista dag för anmälan", "2026-06-12"),
        ("30. juni: valet skal vere gjennomført innan 30. juni.", "2026-06-30"),
        ("15 mars: alla årsmöten ska vara genomförda senast den 15 mars", "2026-03-15"),
    ],
)
def test_a_day_then_its_deadline_is_a_deadline(text: str, by: str) -> None:
    assert read_when(text, YEAR_2026).when == {"by": by}


@pytest.mark.parametrize(
    "text",
    [
        "15. april: valgkomiteen legger fram sin innstilling",
        "30. juni: årsmøtet holdes, og forslag sendes inn innen 1. juni",
    ],
)
def test_a_day_without_a_deadline_word_stays_a_day(text: str) -> None:
    assert "date" in (read_when(text, YEAR_2026).when or {})


# Deadlines the page says have passed, and what happens only on a condition ---------------------

TIMETABLE_NB = """Landsmøtet 2026

Frister

10. februar: Frist for innspill til programmet. Fristen er utløpt.

1. mars: Frist for å foreslå kandidater. Forslagsfristen er utløpt.

Fra 2. mars: Hvis det kommer inn benkeforslag, vil det holdes valg.

1. april: Frist for å sende inn forslag til landsmøtet.
"""


def test_a_deadline_the_page_says_has_passed_is_no_item(tmp_path: Path) -> None:
    plan = draft(tmp_path, TIMETABLE_NB)
    assert whens(plan) == {
        "1. april: Frist for å sende inn forslag til landsmøtet": {"by": "2026-04-01"}
    }


@pytest.mark.parametrize(
    "text",
    [
        "Om mötet\n\nAnmälan senast 1 april. Anmälningstiden har gått ut.\n",
        "Om møtet\n\n3. mars: frist for påmelding. Påmeldingsfristen er passert.\n",
    ],
)
def test_a_passed_registration_is_no_item(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputFileError):
        draft(tmp_path, text, year=2026)


def test_before_the_deadline_expires_still_looks_ahead(tmp_path: Path) -> None:
    text = "Om møtet\n\nSend inn forslag før fristen er utløpt 1. april.\n"
    plan = draft(tmp_path, text, year=2026)
    assert len(plan.items) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Hvis det kommer inn benkeforslag, vil det holdes valg 3. mai",
        "Dersom ingen melder seg, skal styret peke ut en kandidat innen 1. juni",
        "Ifall ingen anmäler sig ställs kursen in den 4 maj",
        "Fra 2. mars: Viss det kjem inn benkeframlegg, vil det haldast val",
    ],
)
def test_what_happens_on_a_condition_is_no_item(tmp_path: Path, sentence: str) -> None:
    text = f"Om valget\n\n{sentence}.\n\nStyret holder årsmøte 10. mars.\n"
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == ["Styret holder årsmøte 10. mars"]


# A meeting plan for the next year on a page that spans two --------------------------------------

MEETING_PLAN_NB = """Nytt fra styret

Styret møttes 20. oktober og behandlet budsjettet.

Styret fastsatte følgende møteplan for 2027:

Styremøter 12. januar, 9. mars og 14.–15. juni. Årsmøtet 2027 holdes 20. april.

Neste styremøte er 8. desember 2026.
"""


def test_a_meeting_plan_over_two_years_keeps_each_day_in_its_year(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(MEETING_PLAN_NB, encoding="utf-8")
    plan = draft_document(path, period="2026..2027", today=TODAY)
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")
    assert whens(plan) == {
        "Styremøter 12. januar": {"date": "2027-01-12"},
        "Styremøter 9. mars": {"date": "2027-03-09"},
        "Styremøter 14.–15. juni": {"dates": {"from": "2027-06-14", "to": "2027-06-15"}},
        "Årsmøtet 2027 holdes 20. april": {"date": "2027-04-20"},
        "Neste styremøte er 8. desember 2026": {"date": "2026-12-08"},
    }


@pytest.mark.parametrize(
    ("text", "when"),
    [
        (
            "landsrådet 2027 arrangeres 23.–24. mars",
            {"dates": {"from": "2027-03-23", "to": "2027-03-24"}},
        ),
        ("kongressen 2027 hålls den 12 maj", {"date": "2027-05-12"}),
        ("årsmøtet holdes 3. mars", {"date": "2026-03-03"}),
    ],
)
def test_in_a_plan_over_years_a_day_takes_the_year_its_sentence_names(
    text: str, when: dict[str, object]
) -> None:
    period = Period(date(2026, 1, 1), date(2027, 12, 31))
    assert read_when(text, period).when == when


def test_in_a_plan_of_one_year_a_named_list_of_days_is_one_series(tmp_path: Path) -> None:
    text = "Møteplan\n\nStyret har lagt sin plan. Styremøter 12. januar, 9. mars og 7. juni.\n"
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {
        "Styremøter 12. januar, 9. mars og 7. juni": {"every": "monthly", "months": [1, 3, 6]}
    }


def test_two_clauses_each_with_its_event_and_day_are_two_items(tmp_path: Path) -> None:
    text = (
        "Nytt fra styret\n\nStyret drøftet programmet for konferansen 2. november, og "
        "oppnevnte delegater til årsmøtet i LO 7. desember.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {
        "Styret drøftet programmet for konferansen 2. november": {"date": "2026-11-02"},
        "oppnevnte delegater til årsmøtet i LO 7. desember": {"date": "2026-12-07"},
    }


# Goals the text sets, conditions on what is meant, and quotes that repeat ----------------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Om förbundet\n\nEtt mål är att 30 procent av medlemmarna ska få besök under året.\n",
            {"count": 30, "unit": "percent"},
        ),
        (
            "Om forbundet\n\nMålet er at det på 70 prosent av arbeidsplassene skal finnes en "
            "tillitsvalgt.\n",
            {"count": 70, "unit": "percent"},
        ),
        (
            "Om forbundet\n\nEit mål er at 60 prosent av medlemene skal få tilbod om kurs.\n",
            {"count": 60, "unit": "percent"},
        ),
    ],
)
def test_a_goal_the_text_sets_is_an_item(
    tmp_path: Path, text: str, target: dict[str, object]
) -> None:
    plan = draft(tmp_path, text, year=2026)
    assert [item.target for item in plan.items] == [target]


def test_a_goal_with_a_horizon_beyond_the_period_is_an_item_without_a_time(
    tmp_path: Path,
) -> None:
    text = (
        "Om förbundet\n\nEtt mätbart mål är att år 2030 ska 20 000 målare vara medlemmar i "
        "förbundet.\n\nKlubben håller årsmöte den 10 mars.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    goal = plan.items[0]
    assert goal.title.startswith("Ett mätbart mål är att år 2030")
    assert goal.target is None  # a level, not a sum of answers
    assert goal.when is None  # 2030 lies beyond the plan's year: no time to ask in


@pytest.mark.parametrize(
    "sentence",
    [
        "Avdelningen ska årligen besöka arbetsgivare med fler än fem medlemmar",
        "Avdelingen skal hvert år besøke arbeidsgivere med flere enn fem medlemmer",
        "Klubben ska varje år bjuda in alla arbetsplatser där förbundet har minst tio medlemmar",
    ],
)
def test_more_than_or_at_least_after_a_noun_is_a_condition_no_target(
    tmp_path: Path, sentence: str
) -> None:
    plan = draft(tmp_path, f"Om oss\n\n{sentence}.\n", year=2026)
    assert [(item.when, item.target) for item in plan.items] == [({"every": "yearly"}, None)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nu ska det bli lika för medbestämmandeombuden",
        "Nå skal det bli enklere for de tillitsvalgte",
        "Då skal vi sjå korleis det går",
    ],
)
def test_an_adverb_before_the_verb_is_no_subject_that_commits(
    tmp_path: Path, sentence: str
) -> None:
    text = f"Verksamhetsplan\n\n{sentence}. Styrelsen håller årsmöte den 10 mars.\n"
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == ["Styrelsen håller årsmöte den 10 mars"]


def test_a_quote_set_off_by_a_dash_that_repeats_a_sentence_is_one_item(tmp_path: Path) -> None:
    text = (
        "Förbundet satsar\n\nDet ska finnas en utbildningsplan för alla nya ombud i "
        "förbundet.\n\nKarin Larsson\n\n"
        "– Det ska finnas en utbildningsplan för alla nya ombud i förbundet.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert len(plan.items) == 1


# Day-to-day management is no rhythm; times a year said again by the months named ---------------


@pytest.mark.parametrize(
    "text",
    [
        "styrelsen sköter den löpande förvaltningen",
        "styret har ansvar for løpende drift av avdelingen",
        "å arbeide for et stadig bedre arbeidsmiljø",
    ],
)
def test_day_to_day_management_and_ever_better_are_no_rhythm(text: str) -> None:
    assert read_when(text, YEAR_2026).when is None


@pytest.mark.parametrize(
    "text", ["medlemmene får løpende informasjon", "styrelsen informerar löpande om läget"]
)
def test_running_information_is_still_continuous(text: str) -> None:
    assert read_when(text, YEAR_2026).when == {"continuous": "monthly"}


@pytest.mark.parametrize(
    ("sentence", "months"),
    [
        ("Förbundsmötet sammanträder två gånger per år, i juni och november", [11, 6]),
        ("Representantskapet møtes to ganger i året, i mars og oktober", [10, 3]),
        ("Rådet møtast tre gonger i året, i februar, juni og oktober", [2, 6, 10]),
    ],
)
def test_times_a_year_said_again_by_the_months_named_gives_no_count(
    tmp_path: Path, sentence: str, months: list[int]
) -> None:
    plan = draft(tmp_path, f"Om oss\n\n{sentence}.\n", year=2026)
    assert [(item.when, item.target) for item in plan.items] == [
        ({"every": "monthly", "months": months}, None)
    ]


def test_times_a_year_with_seasons_keeps_its_count(tmp_path: Path) -> None:
    text = (
        "Om oss\n\nStyrelsen ska sammanträda två gånger om året, en gång på våren och en på "
        "hösten.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert [item.target for item in plan.items] == [{"count": 2}]


# Each spring and autumn; the tense of the main clause -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "varje vår och höst hålls ett representantskap",
        "hver høst og vår holdes representantskapsmøte",
        "kvar vår og haust held laget medlemsmøte",
    ],
)
def test_each_spring_and_autumn_is_asked_at_the_end_of_each_half_year(text: str) -> None:
    assert read_when(text, YEAR_2026).when == {"every": "monthly", "months": [12, 6]}


def test_a_relative_clause_in_the_past_leaves_the_main_clause_present(tmp_path: Path) -> None:
    text = (
        "Vår organisation\n\nFörbundet har fyra regioner.\n\nVarje vår och höst hålls ett "
        "representantskap där valda ombud röstar om motioner som har kommit in.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {
        "Varje vår och höst hålls ett representantskap där valda ombud röstar om motioner som "
        "har kommit in": {"every": "monthly", "months": [12, 6]}
    }


def test_a_main_clause_in_the_past_is_still_past(tmp_path: Path) -> None:
    text = (
        "Om oss\n\nStyrelsen diskuterade planen i mars där alla ombud deltar.\n\n"
        "Klubben håller årsmöte den 10 mars.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == ["Klubben håller årsmöte den 10 mars"]


# Standing duties on a page that is no plan; a plan word only mentioned -------------------------


@pytest.mark.parametrize(
    "duty",
    [
        "Fylkeslagsstyret skal fremme forbundets syn i lokale saker.",
        "Distriktet ska verka för bättre villkor för alla medlemmar.",
        "Fylkeslaget skal ivareta medlemmar utan lokallag i forhandlingar.",
    ],
)
def test_a_standing_duty_on_a_page_that_is_no_plan_is_context(tmp_path: Path, duty: str) -> None:
    text = (
        f"Om fylkeslaget\n\nÅrsmøte\n\nÅrsmøtet holdes innen utgangen av februar.\n\n"
        f"Politisk arbeid\n\n{duty}\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == ["Årsmøtet holdes innen utgangen av februar"]
    assert duty in [line for area in plan.areas for line in area.context] + plan.context


def test_a_standing_duty_in_a_plan_is_still_an_item(tmp_path: Path) -> None:
    text = "Handlingsplan 2026\n\nStyret skal fremme forbundets syn i lokale saker.\n"
    plan = draft(tmp_path, text)
    assert [item.title for item in plan.items] == [
        "Styret skal fremme forbundets syn i lokale saker"
    ]


def test_a_plan_word_inside_a_long_sentence_does_not_make_a_plan(tmp_path: Path) -> None:
    text = (
        "Om fylkeslaget\n\nAlle arrangementer meldes inn til sekretariatet så snart sted og "
        "tidspunkt er avklart, slik at de kan legges inn i forbundets aktivitetskalender.\n\n"
        "Fylkeslaget skal ivareta medlemmer som står utenfor lokallag.\n\n"
        "Årsmøtet holdes innen utgangen av februar.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == ["Årsmøtet holdes innen utgangen av februar"]


# Goals written as a column: what changes, a rate's level, reasons, openings and opinions -------

GOALS_SV = "\n".join(
    [
        "Våra mål",
        "",
        "Nu har vi kommit en bit in på hösten.",
        "",
        "Vi har gemensamt berättat om målen som kongressen antog i maj.",
        "",
        "Fyra mål",
        "",
        "  • Det första målet är att medlemsantalet ska öka till en organisationsgrad på 75% "
        "eller minst 30 000 medlemmar.",
        "  • Det andra målet är att vi ska ha en budget i balans. För att få en budget i balans "
        "behöver vi bli fler medlemmar.",
        "  • Det tredje målet är en stark organisation. Det innebär att vi ska öka närvaron på "
        "medlemsmöten och få fler klubbar.",
        "",
        "Det är viktigt att vi lyssnar på medlemmarna.",
        "",
    ]
)


def test_goals_in_a_column_read_what_changes_and_skip_openings(tmp_path: Path) -> None:
    plan = draft(tmp_path, GOALS_SV, year=2026)
    assert [item.target for item in plan.items] == [
        {"direction": "increase", "metric": "new_members"},  # not 75 %: the level of a rate
        None,  # "fler medlemmar" only gives the reason for a budget in balance
        {"direction": "increase", "metric": "participants"},  # "närvaron": attendance
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nu har vi kommit en bit in på hösten",
        "Vi har gemensamt berättat om målen som kongressen antog i maj",
        "Det är viktigt att vi träffas i oktober",
        "Det er viktig at alle klubber deltar i mars",
    ],
)
def test_openings_reports_and_opinions_commit_no_one(tmp_path: Path, sentence: str) -> None:
    text = f"Om oss\n\n{sentence}.\n\nStyrelsen håller årsmöte den 10 mars.\n"
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == ["Styrelsen håller årsmöte den 10 mars"]


def test_a_bullet_that_mentions_a_plan_is_never_the_title(tmp_path: Path) -> None:
    text = (
        "Årsmøter\n\nÅrsmøtet er lokallagets øverste organ.\n\nÅrsmøtet skal:\n\n"
        "  • velge styre, behandle regnskap og eventuelt arbeidsprogram\n"
        "  • velge delegater til representantskapet\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert plan.title == "Årsmøter"
    assert [item.title for item in plan.items] == [
        "velge styre, behandle regnskap og eventuelt arbeidsprogram",
        "velge delegater til representantskapet",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Passa på att anmäla dig snarast till en av kvällarna den 7 eller 8 oktober",
        "Ta chansen att nominera någon till styrelsen senast 15 september",
        "Uppdraget kommer att vara utvecklande, intressant och lärorikt",
        "Kurset vil være gratis, nyttig og lærerikt",
    ],
)
def test_encouragement_and_what_something_will_be_like_commit_no_one(
    tmp_path: Path, sentence: str
) -> None:
    text = f"Om årsmötet\n\n{sentence}.\n\nStyrelsen håller årsmöte den 10 mars.\n"
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == ["Styrelsen håller årsmöte den 10 mars"]


# Days written one to a line, announced by the paragraph before them ---------------------------

MEETING_DAYS_SV = """Möten för förtroendevalda

Under 2026 är det 3 stycken heldagsträffar för förtroendevalda. Datum för dessa dagar är:

24 januari
6 april
5 september

12 maj Sundsvall

Den 12 maj är det utbildningsdag för skyddsombud.
"""


def test_days_one_to_a_line_belong_to_the_paragraph_that_announced_them(tmp_path: Path) -> None:
    plan = draft(tmp_path, MEETING_DAYS_SV)
    assert [(item.when, item.target) for item in plan.items] == [
        ({"every": "monthly", "months": [1, 4, 9]}, {"count": 3}),
        ({"date": "2026-05-12"}, None),
    ]
    assert plan.items[0].title.startswith("Under 2026 är det 3 stycken heldagsträffar")
    assert plan.items[1].title == "Den 12 maj är det utbildningsdag för skyddsombud"


def test_days_one_to_a_line_under_a_heading_are_one_series(tmp_path: Path) -> None:
    text = "Møter i styret\n\nStyremøter 2026\n\n12. januar\n9. mars\n7. juni\n"
    plan = draft(tmp_path, text)
    assert whens(plan) == {
        "Styremøter 2026: 12. januar, 9. mars, 7. juni": {"every": "monthly", "months": [1, 3, 6]}
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "I perioden 2024 – 2026 tok programmet utgangspunkt i det som ble vedtatt i 2023",
        "Styrelsen valde i mars 2026 att skjuta upp mötet",
        "Styret gjorde i mars 2026 et vedtak om verving",
    ],
)
def test_a_strong_verb_in_the_past_tells_what_was_done(tmp_path: Path, sentence: str) -> None:
    text = f"Om oss\n\n{sentence}.\n\nStyret holder årsmøte 10. mars.\n"
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == ["Styret holder årsmøte 10. mars"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Årsmøtet innkalles av styret, som også sender ut sakspapirer minst to uker før møtet",
        "Kallelsen skickas ut av styrelsen minst tre veckor före årsmötet",
        "Sakspapira vert sende ut seinast 14 dagar før årsmøtet",
    ],
)
def test_a_step_due_so_long_before_a_meeting_is_an_item_without_a_day(
    tmp_path: Path, sentence: str
) -> None:
    text = f"Om årsmøtet\n\nÅrsmøtet holdes 10. mars.\n\n{sentence}.\n"
    plan = draft(tmp_path, text, year=2026)
    assert [(item.title, item.when, item.target) for item in plan.items] == [
        ("Årsmøtet holdes 10. mars", {"date": "2026-03-10"}, None),
        (sentence, None, None),
    ]
