"""Classes of error that the seventh batch of unseen pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page. Where
a test needs a page's exact words, they are a few, and the page is named beside them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from bot.drafting.dates import Period, read_when
from bot.drafting.drafter import draft_document
from bot.drafting.sentences import is_past
from tests.drafting.lessons import TODAY, YEAR_2026, draft, whens

# A calendar whose days stand alone on a line, what happens on the line after ------------------

DAYS_OVER_EVENTS_SV = """Viktiga datum inför årsmötet

Här är de datum som styrelsen vill att ni känner till.

20 januari
Nomineringarna öppnar.

2 mars
Motionsstopp för årsmötet.

16 mars
Sista dagen att anmäla sig till årsmötet.

28 mars
Årsmöte
"""

DAYS_OVER_EVENTS_NB = """Viktige datoer for klubben

5. februar
Styremøte i klubben.

12. mars
Siste dag for å melde inn saker.

9.-10. april
Kurs for nye tillitsvalgte
"""

DAYS_OVER_EVENTS_NN = """Viktige datoar for laget

3. mars
Medlemsmøte om tariffoppgjeret.

1. juni
kl. 18:00

Sommarfest for medlemane 1. juni.
"""


def test_a_day_alone_on_its_line_is_the_day_of_the_line_after_it(tmp_path: Path) -> None:
    # as a congress timetable writes it (oos80, "22 januari" / "Börja nominera till ombud.")
    plan = draft(tmp_path, DAYS_OVER_EVENTS_SV, year=2026)
    assert whens(plan) == {
        "20 januari: Nomineringarna öppnar": {"date": "2026-01-20"},
        "2 mars: Motionsstopp för årsmötet": {"by": "2026-03-02"},
        "16 mars: Sista dagen att anmäla sig till årsmötet": {"by": "2026-03-16"},
        "28 mars: Årsmöte": {"date": "2026-03-28"},
    }


def test_a_day_over_its_event_in_bokmal_and_a_range_of_days(tmp_path: Path) -> None:
    plan = draft(tmp_path, DAYS_OVER_EVENTS_NB, year=2026)
    assert whens(plan) == {
        "5. februar: Styremøte i klubben": {"date": "2026-02-05"},
        "12. mars: Siste dag for å melde inn saker": {"by": "2026-03-12"},
        "9.-10. april: Kurs for nye tillitsvalgte": {
            "dates": {"from": "2026-04-09", "to": "2026-04-10"}
        },
    }


def test_a_time_of_day_under_a_day_is_no_event(tmp_path: Path) -> None:
    plan = draft(tmp_path, DAYS_OVER_EVENTS_NN, year=2026)
    assert whens(plan) == {
        "3. mars: Medlemsmøte om tariffoppgjeret": {"date": "2026-03-03"},
        "Sommarfest for medlemane 1. juni": {"date": "2026-06-01"},
    }
    assert not any("kl. 18:00" in item.title for item in plan.items)


# Deadlines written as a stop, "senaste dag", or a state to reach by the day -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 juni - motionsstopp, sista dag för motioner", {"by": "2026-06-15"}),
        ("nomineringsstopp 21 mars", {"by": "2026-03-21"}),
        ("10 september - senaste dag för utskick av kallelse", {"by": "2026-09-10"}),
        ("1. mars: forslagsstopp til landsmøtet", {"by": "2026-03-01"}),
        ("31 mars - klubbarnas årsmöten ska vara avklarade", {"by": "2026-03-31"}),
        ("1 september - valberedningens förslag ska vara inkommet", {"by": "2026-09-01"}),
        ("1. mars: planen skal være ferdig", {"by": "2026-03-01"}),
        ("1. mars: innspela skal vere sende inn", {"by": "2026-03-01"}),
        # a state that is no deadline, and a day that does not open the line
        ("6 oktober - förbundsstyrelsen sammanträder", {"date": "2026-10-06"}),
        ("styret ska vara samlat på kursen 4 maj", {"date": "2026-05-04"}),
    ],
)
def test_deadlines_as_calendars_write_them(text: str, expected: dict[str, str]) -> None:
    assert read_when(text, YEAR_2026).when == expected


@pytest.mark.parametrize(
    ("sentence", "past"),
    [
        ("Årsmötena ska vara avklarade den 31 mars.", False),
        ("Röstning om vilka nominerade kandidater som blir ombud.", False),
        ("Alla anmälda får en kallelse.", False),
        ("Styrelsen arrangerade en kurs i mars.", True),
        ("Medlemmarna nominerade tre kandidater.", True),
    ],
)
def test_a_participle_after_vara_or_a_determiner_is_not_the_past(sentence: str, past: bool) -> None:
    assert is_past(sentence) is past


# An invitation: the title names the meeting, a labelled line its day -------------------------

INVITATION_SV = """Välkommen till Avdelning 04 Syds årsmöte 2026

Dag: 14 mars 2026
Tid: 18:00
Plats: Folkets hus

Under årsmötet kommer vi att välja en ny styrelse och besluta om budgeten.

Alla motioner ska vara inskickade senast den 20 februari 2026.
"""

INVITATION_NB = """Velkommen til årsmøtet i klubb 3

Dato: 12. mars 2026
Sted: Samfunnshuset

På årsmøtet skal vi velge nytt styre.

Forslag til årsmøtet sendes styret innen 10. februar 2026.
"""

INVITATION_NN = """Årsmøte i lokallaget

Når: 5. mars 2026

På årsmøtet skal vi velje nytt styre.

Lokallaget skal sende ut sakspapira innan 20. februar 2026.
"""


@pytest.mark.parametrize(
    ("text", "event", "day", "deadline"),
    [
        (
            INVITATION_SV,
            "Välkommen till Avdelning 04 Syds årsmöte 2026",
            "2026-03-14",
            "2026-02-20",
        ),
        (INVITATION_NB, "Velkommen til årsmøtet i klubb 3", "2026-03-12", "2026-02-10"),
        (INVITATION_NN, "Årsmøte i lokallaget", "2026-03-05", "2026-02-20"),
    ],
)
def test_a_title_that_names_the_meeting_takes_the_labelled_day(
    tmp_path: Path, text: str, event: str, day: str, deadline: str
) -> None:
    # as a branch's invitation writes it (oos75, "Dag: 12 februari 2026" under the title)
    plan = draft(tmp_path, text)
    events = [item for item in plan.items if item.title.startswith(event)]
    assert [item.when for item in events] == [{"date": day}]
    assert events[0].target is None  # "Avdelning 04", "klubb 3" name a unit, they count nothing
    # what the meeting does is part of it, not a task of its own; the deadline before it stays
    assert [item.when for item in plan.items if item not in events] == [{"by": deadline}]


# A head that names a past year over the days of the next meeting; "Dagen før" -----------------

NEXT_MEETING_NB = """Om landsmøtet

LANDSMØTET 2022. Alle medlemmer har stemmerett.

Neste landsmøte avholdes i Bodø 14. september 2024. Dagen før arrangeres fagdag for tillitsvalgte.
"""

NEXT_MEETING_SV = """Om kongressen

KONGRESSEN 2021. Alla medlemmar kan nominera ombud.

Nästa kongress hålls i Umeå den 12 maj 2025. Dagen före hålls ett seminarium för ombuden.
"""

NEXT_MEETING_NN = """Om årsmøtet

ÅRSMØTET 2023. Alle medlemane har røysterett.

Neste årsmøte blir halde i Førde 6. mars 2025. Dagen før blir det kurs for styra i laga.
"""


@pytest.mark.parametrize(
    ("text", "period", "meeting", "day_before"),
    [
        (NEXT_MEETING_NB, "2024", "2024-09-14", "2024-09-13"),
        (NEXT_MEETING_SV, "2025", "2025-05-12", "2025-05-11"),
        (NEXT_MEETING_NN, "2025", "2025-03-06", "2025-03-05"),
    ],
)
def test_the_days_of_the_next_meeting_give_the_period_and_the_day_before(
    tmp_path: Path, text: str, period: str, meeting: str, day_before: str
) -> None:
    # as a union's page on its national meeting writes it (oos78, "LANDSMØTET 2018" over
    # "Neste landsmøte avholdes i Ålesund 10. september 2020. Dagen før arrangeres fagdag")
    plan = draft(tmp_path, text)
    assert plan.period == period
    assert [item.when for item in plan.items] == [{"date": meeting}, {"date": day_before}]
    assert plan.items[1].review  # the day read from the one before is marked
    assert any("read from dates in the text" in note.msgid for note in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        # a head year that holds a day of the text stays the period
        "Om årsmötet\n\nÅRSMÖTET 2026.\n\nÅrsmötet hålls den 12 mars 2026. Motioner senast 1 "
        "februari 2027.\n",
        # a title's year is the plan's, whatever year its days name
        "Handlingsplan 2026\n\nVi ska:\n- förbereda årsmötet 5 februari 2027\n",
    ],
)
def test_the_year_of_a_title_or_of_a_day_in_it_stays_the_period(tmp_path: Path, text: str) -> None:
    assert draft(tmp_path, text).period == "2026"


# "hålls varje år i maj": in a plan of one year, the month; over several, a rhythm in it -------

ONE_YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
TWO_YEARS = Period(date(2025, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "förbundsmötet hålls varje år i maj",
        "landsmøtet holdes hvert år i mai",
        "landsmøtet vert halde kvart år i mai",
    ],
)
def test_a_month_every_year_in_a_plan_of_one_year_is_that_month(text: str) -> None:
    # as a union's page on how its decisions are made writes it (oos89, "hålls varje år i maj")
    assert read_when(text, ONE_YEAR).when == {"window": "may"}
    over_two = read_when(text, TWO_YEARS)
    assert over_two.when == {"every": "yearly", "months": [5]}
    assert not any("assumed" in note.msgid for note in over_two.review)  # each year, not one


# Statutes: "skal så langt det er mulig:" lists tasks; a numbered rule read sentence by sentence

STATUTES_NB = """Vedtekter for lokallaget

§ 1 Navn, formål og oppgaver

1.1 Lokallaget er et ledd i forbundet.

1.2 Lokallaget skal så langt det er mulig:

 • Verve nye medlemmer.
 • Holde kurs for tillitsvalgte.

§ 2 Årsmøte

2.1 Årsmøtet skal holdes innen utløpet av mars hvert år. \
Innkalling sendes medlemmene minst 1 måned før årsmøtet. \
Frist for forslag til årsmøtet er tre uker før årsmøtet. Innkallingen kan skje elektronisk.

2.2 Årsmøtet skal:

1. Godkjenne innkalling og dagsorden.
2. Velge styre.
"""

STATUTES_SV = """Stadgar för sektionen

§ 1 Namn, ändamål och uppgifter

1.1 Sektionen är en del av förbundet.

1.2 Sektionen ska i möjligaste mån:

 • Värva nya medlemmar.
 • Ordna kurser för förtroendevalda.

§ 2 Årsmöte

2.1 Årsmötet ska hållas före utgången av mars varje år. \
Kallelse skickas till medlemmarna minst 1 månad före årsmötet.

2.2 Årsmötet ska:

1. Godkänna kallelsen.
2. Välja styrelse.
"""

STATUTES_NN = """Vedtekter for lokallaget

§ 1 Namn, føremål og oppgåver

1.1 Lokallaget er eit ledd i forbundet.

1.2 Lokallaget skal så langt det er mogleg:

 • Verve nye medlemer.
 • Halde kurs for tillitsvalde.

§ 2 Årsmøte

2.1 Årsmøtet skal haldast innan utløpet av mars kvart år. \
Innkalling vert send medlemene minst 1 månad før årsmøtet.

2.2 Årsmøtet skal:

1. Godkjenne innkalling og dagsorden.
2. Velje styre.
"""


@pytest.mark.parametrize(
    ("text", "tasks", "held", "notice"),
    [
        (
            STATUTES_NB,
            ["Verve nye medlemmer", "Holde kurs for tillitsvalgte"],
            "Årsmøtet skal holdes innen utløpet av mars hvert år",
            "Innkalling sendes medlemmene minst 1 måned før årsmøtet",
        ),
        (
            STATUTES_SV,
            ["Värva nya medlemmar", "Ordna kurser för förtroendevalda"],
            "Årsmötet ska hållas före utgången av mars varje år",
            "Kallelse skickas till medlemmarna minst 1 månad före årsmötet",
        ),
        (
            STATUTES_NN,
            ["Verve nye medlemer", "Halde kurs for tillitsvalde"],
            "Årsmøtet skal haldast innan utløpet av mars kvart år",
            "Innkalling vert send medlemene minst 1 månad før årsmøtet",
        ),
    ],
)
def test_statutes_list_tasks_and_steps_before_the_meeting(
    tmp_path: Path, text: str, tasks: list[str], held: str, notice: str
) -> None:
    # as a federation's model statutes for its regional branches write them (oos83, "1.4
    # Regionlaget skal så langt det er mulig:", "2.2 Årsmøtet skal holdes innen utløpet av april
    # hvert år. Varsel om årsmøte sendes …")
    plan = draft(tmp_path, text, year=2026)
    # the tasks, no time of their own; the meeting by the end of March (the day the text gives,
    # no yearly rhythm or count in a plan of one year); the notice timed from the meeting, no
    # day and no count ("1 måned" is a span); the members' deadline, the agenda: context
    assert {item.title: (item.when, item.target) for item in plan.items} == {
        tasks[0]: (None, None),
        tasks[1]: (None, None),
        held: ({"by": "2026-03-31"}, None),
        notice: (None, None),
    }


# Pages that are no plan: areas to prioritise; a paper that describes, wishes and quotes --------

PRIORITIES_SV = """Handlingsplan för förbundet

Förbundets handlingsplan 2026-2027

Förbundet ska prioritera fyra områden under perioden:

• Stärka klubbarna
• Minska ohälsan
• Höja lönerna
• Organisera fler
"""

PRIORITIES_NB = """Handlingsplan for forbundet

Forbundet skal prioritere tre saksfelt i perioden 2026-2027:

• Styrke klubbene
• Bedre arbeidsmiljøet
• Organisere flere
"""

PAPER_NN = """1. Innleiing

Opplæring har i førre periode vore eit prioritert område for forbundet. Dette er område som \
krev kontinuerleg innsats frå heile organisasjonen.

I prinsipprogrammet står det:

«Forbundet vil aktivt tilby medlemene opplæring. Forbundet vil kontinuerleg vere ein pådrivar.»

2. Utfordringar

For å nå målet om meir kursaktivitet, vert nokre utfordringar drøfta i punkta nedanfor.
"""

PAPER_NB = """1. Innledning

Skolering har i forrige periode vært et prioritert område for forbundet. Dette er områder som \
krever kontinuerlig innsats fra hele organisasjonen.

I prinsipprogrammet står det:

«Forbundet vil aktivt tilby medlemmene skolering. Forbundet vil kontinuerlig være en pådriver.»

2. Utfordringer

For å nå målet om økt kursaktivitet, belyses enkelte utfordringer i punktene nedenfor.
"""


@pytest.mark.parametrize(
    ("text", "options"),
    [
        (PRIORITIES_SV, {"period": "2026..2027"}),
        (PRIORITIES_NB, {"period": "2026..2027"}),
        (PAPER_NN, {"year": 2026}),
        (PAPER_NB, {"year": 2026}),
    ],
)
def test_a_page_of_priorities_or_a_paper_that_describes_is_no_plan(
    tmp_path: Path, text: str, options: dict[str, object]
) -> None:
    # as a union's page of priority areas writes it (oos82, "ska prioritera sex områden under
    # kongressperioden:") and a federation's paper on its educational work (oos84, "Dette er
    # områder som krever kontinuerlig innsats", a principle programme quoted in «»)
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError):
        draft_document(path, today=TODAY, **options)  # type: ignore[arg-type]


def test_a_dated_sentence_that_points_below_or_says_what_is_still_commits(tmp_path: Path) -> None:
    text = (
        "Aktiviteter 2026\n\nDette er årsmøtet 12. mars.\n\n"
        "Styret sender ut sakspapirene innen 1. mars, som beskrevet nedenfor.\n"
    )
    assert whens(draft(tmp_path, text)) == {
        "Dette er årsmøtet 12. mars": {"date": "2026-03-12"},
        "Styret sender ut sakspapirene innen 1. mars, som beskrevet nedenfor": {"by": "2026-03-01"},
    }


# "senast fem månader – 2018-12-27 – före förbundsmötet": a span, then its day, is a deadline ---

PERIOD_2018_2019 = Period(date(2018, 1, 1), date(2019, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # as a union's notice on motions writes it (oos88)
        ("motionen lämnas senast fem månader – 2018-12-27 – före kongressen", "2018-12-27"),
        ("förslaget skickas tre veckor – 2019-01-27 – före årsmötet", "2019-01-27"),
        ("forslag sendes senest to måneder - 2019-02-01 - før landsmøtet", "2019-02-01"),
        ("framlegg vert sende seinast tre veker – 2019-03-01 – før årsmøtet", "2019-03-01"),
    ],
)
def test_a_day_set_off_by_dashes_after_a_span_before_a_meeting_is_a_deadline(
    text: str, expected: str
) -> None:
    assert read_when(text, PERIOD_2018_2019).when == {"by": expected}


def test_a_day_after_a_span_with_no_before_is_a_plain_day() -> None:
    assert read_when("kursen varar tre veckor – 2019-01-27 – i Umeå", PERIOD_2018_2019).when == {
        "date": "2019-01-27"
    }


# An event page: "12. feb." is a day, not item 12; what the reader must send by a day is due ---

EVENT_PAGE_NB = """12. mar.
kl. 18:00–20:00

Årsmøte i avdelingen

Har du saker du ønsker behandlet på årsmøtet, må de sendes til styret senest 3 uker før \
årsmøtet, dvs. 19. februar.

Sakspapirene vil du finne på nettsiden senest 7 dager før årsmøtet, dvs. 5. mars.

I forkant av møtet vil alle som er påmeldt få tilsendt en lenke.
"""

EVENT_PAGE_SV = """12 mar.

Årsmöte i avdelningen 2026

Har du motioner du vill ha behandlade, ska de skickas till styrelsen senast 3 veckor före \
årsmötet, dvs. 19 februari.

Handlingarna kommer du att hitta på webben senast 7 dagar före årsmötet, alltså 5 mars.
"""

EVENT_PAGE_NN = """12. mar.

Årsmøte i lokallaget 2026

Har du saker du ønskjer handsama på årsmøtet, må dei sendast til styret seinast 3 veker før \
årsmøtet, dvs. 19. februar.

Sakspapira vil du finne på nettsida seinast 7 dagar før årsmøtet, det vil si 5. mars.
"""


@pytest.mark.parametrize("text", [EVENT_PAGE_NB, EVENT_PAGE_SV, EVENT_PAGE_NN])
def test_what_the_reader_must_send_by_a_day_is_a_deadline(tmp_path: Path, text: str) -> None:
    # as a branch's event page writes it (oos76, "12. feb." over "må disse sendes inn til styret
    # senest 4 uker før årsmøtet, dvs. 15. januar")
    plan = draft(tmp_path, text, year=2026)
    deadlines = [item.when for item in plan.items if item.when and "by" in item.when]
    assert deadlines == [{"by": "2026-02-19"}, {"by": "2026-03-05"}]
    assert not any(item.key.split(".")[-1] == "12" for item in plan.items)
    assert not any(item.title.startswith(("mar", "I forkant")) for item in plan.items)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("senest 4 uker før årsmøtet, dvs. 15. januar", {"by": "2026-01-15"}),
        ("senast två veckor före mötet, det vill säga 3 mars", {"by": "2026-03-03"}),
        ("seinast 14 dagar før møtet, det vil si 3. mars", {"by": "2026-03-03"}),
        # a day restated without a span before a meeting stays a day
        ("møtet er på tirsdag, dvs. 3. mars", {"date": "2026-03-03"}),
    ],
)
def test_the_day_a_span_before_a_meeting_gives(text: str, expected: dict[str, str]) -> None:
    assert read_when(text, YEAR_2026).when == expected


# A welcome to a meeting of several days; what the page says of those days tells of it ---------

WELCOME_NB = """Velkommen til landsmøtet 2026

Forbundet har gleden av å ønske valgte delegater velkommen til landsmøtet som avholdes \
12. – 14. oktober 2026 i Bergen.

Møtestart er mandag 12. oktober kl 10.00, og møtet slutter 14. oktober kl. 14.00.

Forbundet dekker hotell fra 12. – 14. oktober om det bestilles via lenken.

Påmeldingsfrist: 1. september 2026.
"""

WELCOME_SV = """Välkommen till kongressen 2026

Förbundet har glädjen att hälsa alla valda ombud välkomna till kongressen som hålls \
12–14 oktober 2026 i Umeå.

Mötet öppnar måndag 12 oktober klockan 10.00 och avslutas 14 oktober.

Anmälan senast 1 september 2026.
"""

WELCOME_NN = """Velkomen til landsmøtet 2026

Forbundet har gleda av å ønskje valde delegatar velkomne til landsmøtet som vert halde \
12.–14. oktober 2026 i Bergen.

Møtet startar måndag 12. oktober klokka 10.00.

Påmeldingsfrist: 1. september 2026.
"""


@pytest.mark.parametrize("text", [WELCOME_NB, WELCOME_SV, WELCOME_NN])
def test_a_welcome_to_a_meeting_of_several_days_is_one_event(tmp_path: Path, text: str) -> None:
    # as a federation's welcome page writes it (oos77, "har gleden av å ønske valgte delegater
    # … velkommen til sitt 63. ordinære landsmøte som avholdes 10. – 13. oktober 2021", then
    # "Møtestart er søndag 10. oktober kl 15.00")
    plan = draft(tmp_path, text)
    assert [item.when for item in plan.items] == [
        {"dates": {"from": "2026-10-12", "to": "2026-10-14"}},
        {"by": "2026-09-01"},
    ]


def test_a_task_with_a_modal_inside_the_days_of_an_event_stays_an_item(tmp_path: Path) -> None:
    text = (
        "Kongressen 2026\n\nKongressen hålls 12–14 oktober 2026 i Umeå.\n\n"
        "Styrelsen ska träffa ombuden den 13 oktober.\n"
    )
    assert [item.when for item in draft(tmp_path, text).items] == [
        {"dates": {"from": "2026-10-12", "to": "2026-10-14"}},
        {"date": "2026-10-13"},
    ]


@pytest.mark.parametrize(
    ("sentence", "past"),
    [
        ("Forbundet har gleden av å ønske valgte delegater velkommen.", False),
        ("Alle valgte ombud får en kallelse.", False),
        ("Årsmøtet valgte nytt styre.", True),
    ],
)
def test_a_past_form_after_an_infinitive_or_a_determiner_describes(
    sentence: str, past: bool
) -> None:
    from bot.drafting.sentences import is_commitment

    # the sentence has a day, so only the tense decides
    when = {"date": "2026-10-12"}
    assert (
        is_commitment(sentence.rstrip(".") + " 12. oktober.", when, range(2026, 2027)) is not past
    )


@pytest.mark.parametrize(
    "line", ["Påmeldingsfrist: 1. september 2026.", "Anmälningsfrist: 1 september 2026."]
)
def test_a_labelled_deadline_with_its_day_is_an_item(tmp_path: Path, line: str) -> None:
    text = f"Kurs for tillitsvalgte 2026\n\nKurset holdes 5. oktober 2026.\n\n{line}\n"
    assert [item.when for item in draft(tmp_path, text).items] == [
        {"date": "2026-10-05"},
        {"by": "2026-09-01"},
    ]


# Each club shall have one; a meeting's business is its agenda ---------------------------------

CLUBS = {
    "sv": "Klubbar\n\nKlubbmötet ska också välja representanter till kongressen. "
    "Varje klubb ska ha en verksamhetsplan.\n",
    "nb": "Klubber\n\nÅrsmøtet skal også velge representanter til landsmøtet. "
    "Hver klubb skal ha en handlingsplan.\n",
    "nn": "Klubbar\n\nÅrsmøtet skal òg velje representantar til landsmøtet. "
    "Kvar klubb skal ha ein handlingsplan.\n",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_each_club_shall_have_one_and_the_meeting_elects(tmp_path: Path, language: str) -> None:
    # as a federation's page on its clubs writes it (oos85, "Varje klubb ska ha en
    # verksamhetsplan", "Klubbmötet ska också välja representanter …")
    plan = draft(tmp_path, CLUBS[language], year=2026)
    assert [(item.target, item.scope) for item in plan.items] == [
        ({"count": 1, "per": "klubb"}, "klubb")
    ]


# An event page that opens with its day: the meeting it says is held is on that day -----------

OPENS_WITH_DAY = {
    "nb": "12. mar.\nkl. 18:00\n\nVelkommen\n\nÅrsmøtet 2026 avholdes digitalt. Velkommen!\n",
    "sv": "12 mars\n\nVälkommen\n\nÅrsmötet 2026 hålls digitalt. Alla är välkomna.\n",
    "nn": "12. mars\n\nVelkomen\n\nÅrsmøtet 2026 vert halde digitalt. Alle er velkomne.\n",
}


@pytest.mark.parametrize("language", ["nb", "sv", "nn"])
def test_the_meeting_held_on_an_event_page_takes_the_day_it_opens_with(
    tmp_path: Path, language: str
) -> None:
    # as a branch's event page writes it (oos76, "12. feb." over "Årsmøtet 2021 avholdes
    # digitalt.")
    plan = draft(tmp_path, OPENS_WITH_DAY[language])
    assert [item.when for item in plan.items] == [{"date": "2026-03-12"}]
    assert any("the page opens with" in note.msgid for note in plan.items[0].review)


def test_a_page_that_does_not_open_with_a_day_gives_none(tmp_path: Path) -> None:
    text = "Velkommen\n\n12. mars\n\nÅrsmøtet 2026 avholdes digitalt. Saker sendes innen 1. mars.\n"
    plan = draft(tmp_path, text)
    assert not any(item.title.startswith("Årsmøtet 2026 avholdes") for item in plan.items)


@pytest.mark.parametrize(
    ("text", "language", "scope"),
    [
        # as a union's calendar writes it (oos81, "Kretsarnas årsmöten ska vara avklarade")
        ("kretsarnas årsmöten ska vara avklarade", "sv", "krets"),
        ("klubbenes årsmøter skal være holdt", "nb", "klubb"),
        ("klubbane sine årsmøte skal vere haldne", "nn", "klubb"),
        # one chair, no plural of what each unit holds: no scope
        ("klubbarnas ordförande träffas", "sv", None),
    ],
)
def test_what_each_unit_holds_in_the_plural_is_per_unit(
    text: str, language: str, scope: str | None
) -> None:
    from bot.drafting.amounts import read_amounts

    assert read_amounts(text, language, language).scope == scope
