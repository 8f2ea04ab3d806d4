"""The values a draft carries: dates, windows, rhythms and counts, each one the plan file takes.

Every sentence here is our own, written for the rule it tests, in Swedish, Bokmål and Nynorsk.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.core.i18n import Translator
from bot.drafting.amounts import read_amounts
from bot.drafting.dates import Period, read_when
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftPlan
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan

TODAY = date(2026, 3, 1)


def draft(tmp_path: Path, text: str, **options: object) -> DraftPlan:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return draft_document(path, today=TODAY, **options)  # type: ignore[arg-type]


def item(plan: DraftPlan, words: str) -> dict[str, Any]:
    [found] = [entry for entry in plan.items if words in entry.title]
    return {
        "when": found.when,
        "target": found.target,
        "review": [note.msgid for note in found.review],
        "params": [dict(note.params) for note in found.review],
    }


def imports(plan: DraftPlan) -> None:
    """The draft as written imports without edits (raises otherwise)."""
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")


OUTSIDE = "The text gives {dates}, outside the plan's period ({start} to {end}): "
COUNT_LEFT_OUT = "The text gives {count} with a rhythm that comes {occurrences} times: "


@pytest.mark.parametrize(
    ("text", "words", "given"),
    [
        (
            "Verksamhetsplan 2026\n\nVi ska:\n- skicka in motionerna senast 31 januari 2027\n"
            "- hålla medlemsmöte den 4 mars\n",
            "motionerna",
            "2027-01-31",
        ),
        (
            "Handlingsplan 2026\n\nVi skal:\n- følge opp vedtaket fra 10. desember 2025\n"
            "- ha medlemsmøte 4. mars\n",
            "vedtaket",
            "2025-12-10",
        ),
        (
            "Handlingsplan 2026\n\nVi skal:\n- skipe til årsmøte 5. februar 2027\n"
            "- ha medlemsmøte 4. mars\n",
            "årsmøte",
            "2027-02-05",
        ),
    ],
)
def test_a_day_outside_the_period_is_said_and_the_draft_imports(
    tmp_path: Path, text: str, words: str, given: str
) -> None:
    plan = draft(tmp_path, text)
    found = item(plan, words)
    assert found["when"] is None  # asked at the end of the period, nothing made up
    [note] = [
        p for m, p in zip(found["review"], found["params"], strict=True) if m.startswith(OUTSIDE)
    ]
    assert note["dates"] == given
    imports(plan)


def test_a_week_over_new_year_keeps_the_days_inside_the_period(tmp_path: Path) -> None:
    # ISO week 1 of 2026 starts on Monday 29 December 2025.
    plan = draft(tmp_path, "Verksamhetsplan 2026\n\nVi ska:\n- ha kickoff vecka 1\n")
    found = item(plan, "kickoff")
    assert found["when"] == {"window": {"from": "2026-01-01", "to": "2026-01-04"}}
    imports(plan)


@pytest.mark.parametrize(
    ("line", "window"),
    [
        ("- ordna vervekampanje i løpet av høsten", {"from": "2026-09-01", "to": "2026-12-31"}),
        ("- hålla medlemsmöte under våren 2027", {"from": "2027-01-01", "to": "2027-06-30"}),
        ("- skipe til kurs hausten 2027", {"from": "2027-09-01", "to": "2027-12-31"}),
    ],
)
def test_a_season_in_a_plan_over_two_years_gets_its_year(
    tmp_path: Path, line: str, window: dict[str, str]
) -> None:
    plan = draft(tmp_path, f"Handlingsplan 2026-2027\n\nVi ska:\n{line}\n")
    [found] = plan.items
    assert found.when == {"window": window}
    imports(plan)


def test_a_season_without_a_year_in_two_years_is_marked(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Handlingsplan 2026-2027\n\nVi skal:\n- verve i løpet av høsten\n")
    found = item(plan, "verve")
    assert "The year is not stated; {year} is assumed." in found["review"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Handlingsplan 2026\n\nVi skal:\n- ha 3 kurs hver måned\n", "kurs"),
        ("Verksamhetsplan 2026\n\nVi ska:\n- göra två arbetsplatsbesök varje vecka\n", "besök"),
        ("Handlingsplan 2026\n\nVi skal:\n- halde 20 medlemsmøte kvar månad\n", "medlemsmøte"),
    ],
)
def test_a_number_each_time_is_no_count_of_occurrences(
    tmp_path: Path, text: str, words: str
) -> None:
    plan = draft(tmp_path, text)
    found = item(plan, words)
    assert found["when"] is not None
    assert "every" in found["when"]
    assert found["target"] is None or "count" not in found["target"]
    if found["target"] is None:
        assert any(m.startswith(COUNT_LEFT_OUT) for m in found["review"])
    imports(plan)


def test_a_count_within_a_list_of_months_is_kept(tmp_path: Path) -> None:
    text = "Verksamhetsplan 2026\n\nVi ska:\n- ha två träffar för ombud, i maj och i november\n"
    plan = draft(tmp_path, text)
    found = item(plan, "träffar")
    assert found["when"] == {"every": "monthly", "months": [11, 5]}
    assert found["target"] == {"count": 2}
    imports(plan)


def test_more_per_year_than_years_in_the_plan_is_not_a_count(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Handlingsplan 2026-2027\n\nVi skal:\n- ha fire styremøter pr. år\n")
    found = item(plan, "styremøter")
    assert found["when"] == {"every": "yearly"}
    assert found["target"] is None
    assert any(m.startswith(COUNT_LEFT_OUT) for m in found["review"])
    imports(plan)


YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("styrelseutbildning 30 oktober – 2 november", "2026-10-30", "2026-11-02"),
        ("landsmøtet varer fra 29. september til 1. oktober", "2026-09-29", "2026-10-01"),
        ("haustsamling frå 30. april til 2. mai", "2026-04-30", "2026-05-02"),
        ("julemøte 30. desember - 2. januar 2027", "2026-12-30", "2027-01-02"),
        ("konferensen 14 och 15 november", "2026-11-14", "2026-11-15"),
        ("samling fredag 6. og lørdag 7. mars", "2026-03-06", "2026-03-07"),
        ("kursen börjar 2/3 och avslutas den 13 mars", "2026-03-02", "2026-03-13"),
        ("kurset starter 9. februar og avsluttes 20. februar", "2026-02-09", "2026-02-20"),
    ],
)
def test_two_days_that_bound_one_event_are_a_range(text: str, first: str, last: str) -> None:
    assert read_when(text, YEAR_2026).when == {"dates": {"from": first, "to": last}}


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # Two days of one month that are not next to each other: asked at the month's end.
        ("kurskvällar 3 och 10 mars", {"window": "march"}),
        ("kurskveldar 3. og 10. mars 2026", {"window": {"from": "2026-03-01", "to": "2026-03-31"}}),
        # Days in different months without a word that joins them stay separate occurrences.
        ("møte 3. mars og 6. oktober", {"every": "monthly", "months": [10, 3]}),
        # A deadline and a meeting are two things, not a span.
        (
            "anmälan senast 1 mars, mötet pågår 10 mars",
            {"by": "2026-03-01"},
        ),
    ],
)
def test_what_is_not_a_range(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # A deadline named by a noun or a bound a little before its day.
        ("motionene skal sendes inn, og fristen er 1. mars", {"by": "2026-03-01"}),
        ("deadline för motioner är den 2 mars", {"by": "2026-03-02"}),
        ("nominasjonsfristen til valnemnda er 9. januar", {"by": "2026-01-09"}),
        ("påmeldinga er open til og med 3. oktober", {"by": "2026-10-03"}),
        ("anmälan är öppen till och med 5 oktober", {"by": "2026-10-05"}),
        ("valet ska vara klart innan juni månads utgång", {"by": "2026-06-30"}),
        # An event and its deadline: the first named is the item's, not two occurrences.
        ("medlemsmøte 12. mars, påmelding innen 20. februar", {"date": "2026-03-12"}),
        ("påmelding innen 20. februar til medlemsmøtet 12. mars", {"by": "2026-02-20"}),
        ("anmälan senast 1 april till temadagen 9 maj", {"by": "2026-04-01"}),
        # Days as calendars write them.
        ("medlemsmöte den 15:e mars", {"date": "2026-03-15"}),
        ("höstmöte 1:a oktober", {"date": "2026-10-01"}),
        ("styremøte 5. nov. kl. 18", {"date": "2026-11-05"}),
        ("julebord 4 des", {"date": "2026-12-04"}),
        ("klubbmöte 11 sept", {"date": "2026-09-11"}),
        ("medlemsmøte mandag 2.11 klokka 18", {"date": "2026-11-02"}),
    ],
)
def test_deadlines_and_days_as_pages_write_them(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    "text",
    [
        "punkt 3.11 i vedtektene",  # a numbered section, no weekday or "den" before it
        "vi ses i jul",  # Christmas, not a short July
        "janne ordnar 3 tårtor",
    ],
)
def test_numbers_that_are_no_days(text: str) -> None:
    reading = read_when(text, YEAR_2026)
    assert reading.when is None or "date" not in reading.when


EVERY_MONTH_BUT_JULY = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # A rhythm built from "each", "once in" or an adverb and a unit of time.
        ("klubbkvällar varje torsdag", {"every": "weekly"}),
        ("vaktmøte kvar laurdag", {"every": "weekly"}),
        ("styret møtes en gang i uka", {"every": "weekly"}),
        ("nyheitsbrev ein gong i veka", {"every": "weekly"}),
        ("medlemsblad vekentleg", {"every": "weekly"}),
        ("rapport till styrelsen en gång i kvartalet", {"every": "quarterly"}),
        ("månadsträff för ombuden", {"every": "monthly"}),
        ("vi besöker arbetsplatserna med jämna mellanrum", {"continuous": "quarterly"}),
        ("arbeidsplassbesøk med jevne mellomrom", {"continuous": "quarterly"}),
        ("oppdatere medlemsregisteret løpande", {"continuous": "monthly"}),
        # Exceptions written every way the three languages do.
        (
            "styremøte kvar månad, bortsett frå juli",
            {"every": "monthly", "months": EVERY_MONTH_BUT_JULY},
        ),
        (
            "medlemsmöte varje månad förutom under juli",
            {"every": "monthly", "months": EVERY_MONTH_BUT_JULY},
        ),
        (
            "medlemsmøte hver måned utenom juli",
            {"every": "monthly", "months": EVERY_MONTH_BUT_JULY},
        ),
        (
            "träff varje månad, dock inte i juli",
            {"every": "monthly", "months": EVERY_MONTH_BUT_JULY},
        ),
    ],
)
def test_rhythms_as_plans_write_them(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    "text",
    [
        "styrelsen träffas var fjortonde dag",
        "styret møtes hver 14. dag",
        "styret kjem saman kvar fjortande dag",
    ],
)
def test_every_fortnight_is_every_other_week(text: str) -> None:
    reading = read_when(text, YEAR_2026)
    assert reading.when == {"every": "monthly"}
    assert "Every other week: it is asked once a month." in [n.msgid for n in reading.review]


@pytest.mark.parametrize(
    "text", ["utvärdering varje halvår", "medlemsmøte kvar termin", "halvårsvis rapport til styret"]
)
def test_each_half_year_is_asked_at_the_end_of_each_half(text: str) -> None:
    reading = read_when(text, YEAR_2026)
    assert reading.when == {"every": "monthly", "months": [12, 6]}
    assert reading.review


def test_several_times_a_month_is_asked_monthly_and_marked(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Handlingsplan 2026\n\nVi skal:\n- ha medlemsmøte to ganger i måneden\n")
    found = item(plan, "medlemsmøte to")
    assert found["when"] == {"every": "monthly"}
    assert "{count} times a week or a month: it is asked once a week or a month." in found["review"]
    assert found["target"] is None  # two a month is no count of the months
    imports(plan)


@pytest.mark.parametrize("text", ["årsmöte i mars", "vi ses i veckan", "årsmøtet i uka som kommer"])
def test_no_rhythm_is_invented(text: str) -> None:
    when = read_when(text, YEAR_2026).when
    assert when is None or ("every" not in when and "continuous" not in when)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # A number that labels a part or is a share counts nothing.
        ("vi ska genomföra steg 2 i värvningskampanjen", "sv"),
        ("vi skal starte fase 2 av prosjektet", "nb"),
        ("tre av fire avdelingar skal svare", "nn"),
        ("ta upp punkt 7 på mötet, artikel 3 i stadgarna", "sv"),
        ("møtet startar klokka 18 og sluttar 20", "nn"),
        # Spans of time in the genitive, spans of numbers and rough numbers.
        ("hålla en tre timmars utbildning", "sv"),
        ("en fem minutters appell på stand", "nb"),
        ("mellan 30 och 40 deltagare", "sv"),
        ("omtrent 40 deltakarar", "nn"),
        ("opp til 25 deltakere fra hver avdeling", "nb"),
        ("inte mer än 20 deltagare", "sv"),
    ],
)
def test_numbers_that_are_no_targets(text: str, language: str) -> None:
    assert read_amounts(text, language).target is None


@pytest.mark.parametrize(
    ("text", "language", "target"),
    [
        ("medlemsmöten: minst 4 i året", "sv", {"count": 4}),
        ("styret skal ha minst 3 i løpet av året", "nb", {"count": 3}),
        ("vi skal skipe 2 kurs og 1 temamøte", "nn", {"count": 2}),
    ],
)
def test_a_number_of_times_in_a_period_stays_a_count(
    text: str, language: str, target: dict[str, object]
) -> None:
    assert read_amounts(text, language).target == target


@pytest.mark.parametrize(
    ("first_line", "heading", "period"),
    [
        (
            "Årsmötet 12 mars 2024 beslutade om handlingsprogrammet.",
            "Handlingsprogram 2024-2026",
            "2024-2026",
        ),
        ("Årsmøtet 4. mars 2025 vedtok handlingsplanen.", "Handlingsplan 2025-2026", "2025-2026"),
    ],
)
def test_a_past_decision_in_the_first_line_does_not_date_the_plan(
    tmp_path: Path, first_line: str, heading: str, period: str
) -> None:
    text = f"{first_line}\n\n{heading}\n\nVi skal:\n- ha medlemsmøte i mars\n"
    plan = draft(tmp_path, text)
    assert plan.period == period
    imports(plan)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("i vår ska vi ordna en kurs för nya ombud", {"window": "spring"}),
        ("temakväll om pensioner i vår.", {"window": "spring"}),
        ("medlemsmøte i vår og i haust", {"every": "monthly", "months": [12, 6]}),
        ("studiecirklar under våren och hösten", {"every": "monthly", "months": [12, 6]}),
    ],
)
def test_this_spring_and_several_seasons(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize("text", ["vi ska värva i vår förening", "i vår klubb har vi tre ombud"])
def test_our_is_not_spring(text: str) -> None:
    assert read_when(text, YEAR_2026).when is None


@pytest.mark.parametrize(
    "line",
    ["- hålla medlemsmöte fyra gånger under året", "- ha medlemsmøte tre gonger i året"],
)
def test_times_a_year_in_a_plan_over_two_years_is_yearly_without_a_count(
    tmp_path: Path, line: str
) -> None:
    plan = draft(tmp_path, f"Verksamhetsplan 2026-2027\n\nVi ska:\n{line}\n")
    [found] = plan.items
    assert found.when == {"every": "yearly"}
    assert found.target is None  # four a year is no count of two yearly occurrences
    assert any(note.msgid.startswith(COUNT_LEFT_OUT) for note in found.review)
    imports(plan)


def test_times_a_year_in_a_one_year_plan_is_asked_once_with_the_count(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Handlingsplan 2026\n\nVi skal:\n- ha medlemsmøte fire ganger i året\n")
    [found] = plan.items
    assert found.when is None
    assert found.target == {"count": 4}
    imports(plan)


@pytest.mark.parametrize(
    ("text", "language", "scope"),
    [
        ("i alle tariffområder skal det holdes et medlemsmøte", "nb", "tariffområde"),
        ("i dei einskilde lokallaga skal det vere eit årsmøte", "nn", None),
        ("i de enkelte driftsenhetene skal det velges verneombud", "nb", "driftsenhet"),
        ("minst två möten i varje lokalavdelning", "sv", "lokalavdelning"),
        ("minst ett möte per medlemskrets", "sv", "medlemskrets"),
        ("i kvar kommune skal det vere ein kontaktperson", "nn", "kommune"),
        # A word that names no unit: no scope.
        ("vi skal være synlige på alle områder", "nb", None),
        ("en sammanfattning i varje rapport", "sv", None),
    ],
)
def test_a_unit_a_target_holds_for_is_read_from_its_compound(
    text: str, language: str, scope: str | None
) -> None:
    assert read_amounts(text, language).scope == scope


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("vervekampanje uke 12 og 13", {"window": {"from": "2026-03-16", "to": "2026-03-29"}}),
        # Week 40 of 2026 runs 28 September to 4 October: it is asked at the end of October.
        ("medlemsmöten vecka 10 och vecka 40", {"every": "monthly", "months": [10, 3]}),
        ("stand veke 10, 20 og 36", {"every": "monthly", "months": [3, 5, 9]}),
        ("halde eit medlemsmøte i mars og eit i oktober", {"every": "monthly", "months": [10, 3]}),
        ("ett möte i april, därefter ett i november", {"every": "monthly", "months": [11, 4]}),
    ],
)
def test_several_weeks_or_months_for_one_item(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    ("text", "when"),
    [
        (
            "motioner till höstmötet 20 oktober ska vara inne senast 15 september",
            {"by": "2026-09-15"},
        ),
        (
            "forslag til årsmøtet 5. mars må være styret i hende innen 1. februar",
            {"by": "2026-02-01"},
        ),
        ("påmelding til kurset den 12. mars innan 1. mars", {"by": "2026-03-01"}),
        # The event comes first and is the sentence's own: its day stays.
        ("medlemsmöte 12 mars, anmälan senast 1 mars", {"date": "2026-03-12"}),
    ],
)
def test_the_deadline_for_an_event_named_before_it(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    "text",
    [
        "ansökan kan lämnas tidigast 1 mars",
        "søknader behandles tidligst 1. mars",
        "nye vedtekter gjeld frå og med 1. mars",
        "stödet betalas ut fr.o.m. 1 mars",
    ],
)
def test_a_bound_is_no_day(text: str) -> None:
    reading = read_when(text, YEAR_2026)
    assert reading.when is None
    assert reading.review  # the bound is named for the board to place


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("styrelsen sammanträder 14/2 och 9/10", {"every": "monthly", "months": [10, 2]}),
        ("klubbmøte hver andre onsdag", {"every": "monthly"}),
        ("lunchmöte varannan fredag", {"every": "monthly"}),
        (
            "frå 7. til 9. september er det kurs",
            {"dates": {"from": "2026-09-07", "to": "2026-09-09"}},
        ),
        (
            "utbildning den 8:e och 9:e oktober",
            {"dates": {"from": "2026-10-08", "to": "2026-10-09"}},
        ),
    ],
)
def test_calendar_forms_of_several_days_and_fortnights(text: str, when: dict[str, object]) -> None:
    assert read_when(text, YEAR_2026).when == when


@pytest.mark.parametrize(
    ("text", "language", "target"),
    [
        (
            "minst 75 % av medlemmarna ska ha svarat på enkäten",
            "sv",
            {"count": 75, "unit": "percent"},
        ),
        ("90 % av dei tilsette skal vere organiserte", "nn", {"count": 90, "unit": "percent"}),
        ("målet er 30 nye medlemmer", "nb", {"sum": 30, "metric": "new_members"}),
        ("målsättningen är 12 arbetsplatsbesök", "sv", {"sum": 12, "metric": "visits"}),
    ],
)
def test_percentages_and_stated_goals(text: str, language: str, target: dict[str, object]) -> None:
    assert read_amounts(text, language).target == target


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("det er 140 medlemmer i foreningen", "nb"),
        ("i dag är 60 medlemmar anslutna", "sv"),
        ("salen har plass til 40 deltakere", "nb"),
        ("lokalen har plats för 30 deltagare", "sv"),
    ],
)
def test_a_state_or_a_capacity_is_no_target(text: str, language: str) -> None:
    assert read_amounts(text, language).target is None


TWO_YEARS = Period(date(2026, 1, 1), date(2027, 12, 31))


@pytest.mark.parametrize(
    ("text", "period", "when"),
    [
        ("innen utgangen av 2027 skal vi ha 40 nye medlemmer", TWO_YEARS, {"by": "2027-12-31"}),
        ("före slutet av 2026 ska alla klubbar ha ett ombud", TWO_YEARS, {"by": "2026-12-31"}),
        ("før sommarferien skal styret ha vedteke budsjettet", YEAR_2026, {"window": "spring"}),
        ("efter semestern startar studiecirklarna", YEAR_2026, {"window": "autumn"}),
        ("fram til sommeren besøker vi alle arbeidsplassene", YEAR_2026, {"window": "spring"}),
        # A day each year in a plan over two years: each year, in that month.
        (
            "innen 1. mai hvert år skal klubbene rapportere",
            TWO_YEARS,
            {"every": "yearly", "months": [5]},
        ),
        (
            "senast 15 februari varje år lämnas rapporten",
            TWO_YEARS,
            {"every": "yearly", "months": [2]},
        ),
    ],
)
def test_ends_of_years_summer_holidays_and_yearly_days(
    text: str, period: Period, when: dict[str, object]
) -> None:
    assert read_when(text, period).when == when


# Lines whose values the plan file could refuse in one plan or another: days near and beyond
# the period's ends, seasons, weeks over New Year, counts with and without rhythms.
AWKWARD_LINES = (
    "ha medlemsmøte 12. mars 2025",
    "lämna rapporten senast 31 januari 2028",
    "julemøte 30. desember – 2. januar",
    "kongress 28–31 maj 2027",
    "kickoff vecka 1",
    "stand veke 53",
    "vervekampanje i løpet av høsten",
    "temakväll i vår.",
    "medlemsmöte i vår och i höst",
    "kurs i fjärde kvartalet",
    "ha 3 kurs hver måned",
    "20 medlemsmöten varje månad utom juli",
    "fire styremøter pr. år",
    "medlemsmöte fyra gånger under året",
    "to samlinger, en i mars og en i oktober",
    "styremøte kvar fjortande dag",
    "utvärdering varje halvår",
    "minst 75 % av medlemmene skal ha svart",
    "innen utgangen av 2027 skal vi verve 40 nye medlemmer",
    "innen 1. mai hvert år skal klubbene rapportere",
)
TITLES = ("Handlingsplan 2026", "Verksamhetsplan 2026-2027", "Klubbens sida")


@pytest.mark.parametrize("title", TITLES)
def test_every_draft_imports_whatever_its_values(tmp_path: Path, title: str) -> None:
    for number, line in enumerate(AWKWARD_LINES):
        path = tmp_path / f"plan{number}.txt"
        path.write_text(f"{title}\n\nVi skal:\n- {line}\n", encoding="utf-8")
        plan = draft_document(path, today=TODAY)
        imports(plan)  # raises InputFileError, naming the line, if the plan file refuses it


@pytest.mark.parametrize(
    ("text", "language", "target"),
    [
        ("vi ska värva trettio nya medlemmar", "sv", {"sum": 30, "metric": "new_members"}),
        ("klubben skal verve femti nye medlemmer", "nb", {"sum": 50, "metric": "new_members"}),
        ("fagforeininga skal skipe fjorten kurs", "nn", {"count": 14}),
    ],
)
def test_number_words_past_twelve(text: str, language: str, target: dict[str, object]) -> None:
    assert read_amounts(text, language).target == target
