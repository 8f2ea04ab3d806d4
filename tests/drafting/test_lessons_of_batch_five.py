"""Classes of error that the fifth batch of unseen pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from bot.drafting.amounts import read_amounts
from bot.drafting.sentences import is_commitment
from tests.drafting.lessons import draft, whens

# Rhythms written as "every third week" or "at every annual meeting" ----------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Om styrelsen\n\nStyrelsen består av sju ledamöter. Var tredje vecka träffas "
            "styrelsen och går igenom läget i klubbarna.\n",
            "Var tredje vecka träffas styrelsen och går igenom läget i klubbarna",
        ),
        (
            "Om styret\n\nStyret har fem medlemmer. Hver tredje uke møtes styret for å "
            "fordele sakene.\n",
            "Hver tredje uke møtes styret for å fordele sakene",
        ),
    ],
)
def test_every_third_week_is_a_rhythm_asked_monthly_and_var_is_not_the_past(
    tmp_path: Path, text: str, title: str
) -> None:
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {title: {"every": "monthly"}}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Om oss\n\nPå hvert årsmøte vedtar avdelingen sine retningslinjer for verving.\n",
            "På hvert årsmøte vedtar avdelingen sine retningslinjer for verving",
        ),
        (
            "Om oss\n\nPå kvart årsmøte vel laget ein ny valkomité.\n",
            "På kvart årsmøte vel laget ein ny valkomité",
        ),
        (
            "Om oss\n\nVid varje årsmöte väljer klubben sina revisorer.\n",
            "Vid varje årsmöte väljer klubben sina revisorer",
        ),
    ],
)
def test_at_every_annual_meeting_is_a_yearly_rhythm(tmp_path: Path, text: str, title: str) -> None:
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {title: {"every": "yearly"}}


# Pages that name their kind of plan without the usual words -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Handlingsprogram for avdelingen\n\nAvdelingen vil besøke alle verksteder i 2026. "
        "Styret vil lage en ny nettside.\n",
        "Prioriterte oppgaver for lokallagene\n\nLokallaget vil arrangere to kurs. "
        "Styret skal verve flere tillitsvalgte.\n",
        "Prioriterade uppgifter för klubbarna\n\nKlubben kommer att besöka alla "
        "arbetsplatser. Vi kommer att starta en studiecirkel.\n",
    ],
)
def test_a_programme_or_priorities_with_committing_sentences_is_not_refused(
    tmp_path: Path, text: str
) -> None:
    plan = draft(tmp_path, text, year=2026)
    assert len(plan.items) == 2


# A year wheel: month headings, each over the tasks of that month ------------------------------


def test_each_line_under_a_month_heading_of_a_year_wheel_is_a_task_in_that_month(
    tmp_path: Path,
) -> None:
    text = (
        "Årshjul for klubbstyret\n\n"
        "Februar\n\n"
        "Innkalling til årsmøtet sendes ut\n\n"
        "Anbefalt: lag en egen plan for verving\n\n"
        "Mars\n\n"
        "Årsmøte i klubben (kan også holdes i april)\n\n"
        "Regnskapet sendes til revisor. Ny kasserer får tilgang til banken.\n\n"
        "September\n\n"
        "Medlemsmøte om lønnsoppgjøret\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {
        "Innkalling til årsmøtet sendes ut": {"window": "february"},
        "Årsmøte i klubben (kan også holdes i april)": {
            "window": {"from": "2026-03-01", "to": "2026-04-30"}
        },
        "Regnskapet sendes til revisor. Ny kasserer får tilgang til banken": {"window": "march"},
        "Medlemsmøte om lønnsoppgjøret": {"window": "september"},
    }
    assert "Anbefalt: lag en egen plan for verving" in plan.areas[0].context


def test_a_month_heading_outside_a_plan_opens_no_year_wheel(tmp_path: Path) -> None:
    text = "Nytt fra klubben\n\nMars\n\nKantina er stengt for oppussing\n"
    with pytest.raises(InputFileError):
        draft(tmp_path, text, year=2026)


# A share, a rate, or more of something no metric counts: no target is invented ---------------


@pytest.mark.parametrize(
    "text",
    [
        "öka andelen kvinnliga förtroendevalda",
        "ökad organisationsgrad bland de anställda",
        "auke organisasjonsgraden blant lærlingane",
        "øke andelen unge tillitsvalgte i klubbene",
        "värva fler mentorer till studiecirklarna",
        "verve flere kontaktpersoner på skolene",
        "rekruttere fleire kursleiarar",
    ],
)
def test_a_changed_share_or_more_of_an_uncounted_thing_gets_no_target(text: str) -> None:
    amounts = read_amounts(text, "sv")
    assert amounts.target is None
    assert [note.msgid for note in amounts.review] == [
        "A change without a measure: say what is counted."
    ]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("värva fler medlemmar på lagret", "new_members"),
        ("öka antalet förtroendevalda", "stewards"),
        ("verve flere nye medlemmer", "new_members"),
    ],
)
def test_more_of_a_counted_thing_still_asks_its_metric(text: str, metric: str) -> None:
    assert read_amounts(text, "sv").target == {"direction": "increase", "metric": metric}


# A page's table of contents and the advice under numbered steps are no items ------------------


def test_a_table_of_contents_is_context_and_names_no_plan(tmp_path: Path) -> None:
    text = (
        "I denne guiden finner du:\n"
        "1. Medlemsmøter\n"
        "2. Arbeidsplan\n"
        "3. Økonomi\n\n"
        "Medlemsmøter\n\n"
        "Styret skal holde medlemsmøte innen 1. juni.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {"Styret skal holde medlemsmøte innen 1. juni": {"by": "2026-06-01"}}


def test_bullets_under_numbered_steps_detail_them(tmp_path: Path) -> None:
    text = (
        "Inför årsmötet\n\n"
        "Styrelsen ska förbereda årsmötet senast 1 mars.\n\n"
        "1. Be valberedningen börja sitt arbete. Några råd till valberedningen:\n"
        "• Fråga alla i styrelsen om de vill fortsätta\n"
        "• Tänk på att alla yrkesgrupper ska vara med\n"
        "2. Ta fram verksamhetsberättelsen\n"
        "• Glöm inte kassörens rapport\n"
        "3. Boka lokal\n"
        "• Prata med arbetsgivaren om en tid som passar\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert [item.title for item in plan.items] == [
        "Styrelsen ska förbereda årsmötet senast 1 mars",
        "Be valberedningen börja sitt arbete",
        "Ta fram verksamhetsberättelsen",
        "Boka lokal",
    ]
    context = [*plan.context, *(text for area in plan.areas for text in area.context)]
    assert "Fråga alla i styrelsen om de vill fortsätta" in context
    assert "Några råd till valberedningen:" in context


def test_a_numbered_list_repeated_as_the_sections_headings_is_a_table_of_contents(
    tmp_path: Path,
) -> None:
    text = (
        "Stadgar för klubben\n\n"
        "1. Ändamål\n"
        "2. Medlemskap\n"
        "3. Styrelsens uppgifter i klubben\n"
        "1. ÄNDAMÅL.\n\n"
        "Klubben organiserar alla anställda på verkstaden.\n\n"
        "2. MEDLEMSKAP.\n\n"
        "Styrelsen ska hålla ett medlemsmöte senast 30 april.\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {
        "Styrelsen ska hålla ett medlemsmöte senast 30 april": {"by": "2026-04-30"}
    }


# Page chrome and deadlines written as a "last date" -------------------------------------------


def test_the_date_a_page_was_written_or_changed_is_no_item(tmp_path: Path) -> None:
    text = (
        "Verksamhetsplan 2026\n\n"
        "• Styrelsen ska ordna en medlemskväll i oktober\n"
        "• Skapad 2024-11-02\n"
        "• Senast uppdaterad 2025-01-15\n"
        "Sist oppdatert 3. mai 2025\n"
    )
    plan = draft(tmp_path, text)
    assert whens(plan) == {"Styrelsen ska ordna en medlemskväll i oktober": {"window": "october"}}


@pytest.mark.parametrize(
    "text",
    [
        "Kursen hålls i Eskilstuna. Sista anmälningsdatum 20 maj.",
        "Kurset er på Hamar. Siste påmeldingsdato er 20. mai.",
        "Kurset er på Voss. Seinaste innleveringsdato er 20. mai.",
    ],
)
def test_a_last_date_written_as_one_word_is_a_deadline(tmp_path: Path, text: str) -> None:
    plan = draft(tmp_path, f"Kurs 2026\n\n{text}\n")
    assert [item.when for item in plan.items] == [{"by": "2026-05-20"}]


# Sentences about the reader, or about the plan document itself, commit no one -----------------

PERIOD_YEARS = range(2026, 2027)


@pytest.mark.parametrize(
    "sentence",
    [
        "Under hösten kommer du att bli inbjuden till ett medlemsmöte på din arbetsplats.",
        "I oktober får du som är ombud ta del av alla handlingar.",
        "Etter årsmøtet får dere tilsendt protokollen i mai.",
        "Til hausten vil du få ei innkalling til årsmøtet.",
        "Verksamhetsplanen ska vara ett stöd för styrelsen under 2026.",
        "Handlingsplanen skal være et verktøy for styret i 2026.",
        "Arbeidsprogrammet skal vere grunnlaget for arbeidet i 2026.",
    ],
)
def test_what_happens_to_the_reader_or_what_the_plan_is_commits_no_one(sentence: str) -> None:
    assert not is_commitment(sentence, {"window": "autumn"}, PERIOD_YEARS)


@pytest.mark.parametrize(
    "sentence",
    [
        "Har du forslag kan du sende dem til valgkomiteen innen 2. oktober.",
        "Under hösten kommer styrelsen att besöka alla arbetsplatser.",
        "I oktober skal styret legge fram planen for medlemmene.",
    ],
)
def test_a_committing_subject_or_a_request_by_a_day_still_commits(sentence: str) -> None:
    assert is_commitment(sentence, {"by": "2026-10-02"}, PERIOD_YEARS)


@pytest.mark.parametrize(
    "text",
    [
        "Stadgar\n\nStyrelsen ska bestå av ordförande, kassör och tre ledamöter.\n",
        "Vedtekter\n\nStyret skal bestå av leder og fire styremedlemmer.\n",
        "Vedtekter\n\nStyret skal bestå av leiar og fire andre.\n",
    ],
)
def test_what_a_body_is_made_of_is_no_task(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputFileError):
        draft(tmp_path, text, year=2026)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("ökat deltagande på medlemsmötena", {"direction": "increase", "metric": "participants"}),
        ("økt deltakelse på kursene", {"direction": "increase", "metric": "participants"}),
        ("ökat samarbete med ABF om utbildningar", None),
        ("økt synlighet på arbeidsplassene og kursene", None),
    ],
)
def test_a_participle_names_what_changes(text: str, target: object) -> None:
    assert read_amounts(text, "sv").target == target


@pytest.mark.parametrize(
    ("text", "when"),
    [
        (
            "Från 1 februari till 15 mars ska varje klubb hålla sitt årsmöte.",
            {"window": {"from": "2026-02-01", "to": "2026-03-15"}},
        ),
        (
            "Mellan 1 februari och 15 mars ska varje klubb hålla sitt årsmöte.",
            {"window": {"from": "2026-02-01", "to": "2026-03-15"}},
        ),
        (
            "Mellom 10. april og 20. mai skal alle lag levere sine forslag.",
            {"window": {"from": "2026-04-10", "to": "2026-05-20"}},
        ),
        (
            "I perioden 10. april til 20. mai skal alle lag levere sine forslag.",
            {"window": {"from": "2026-04-10", "to": "2026-05-20"}},
        ),
        (
            "Styret skal holde samling 3.–5. juni på Lillehammer.",
            {"dates": {"from": "2026-06-03", "to": "2026-06-05"}},
        ),
    ],
)
def test_a_span_of_days_longer_than_an_event_is_a_window(
    tmp_path: Path, text: str, when: dict[str, object]
) -> None:
    plan = draft(tmp_path, f"Arbeidsplan 2026\n\n{text}\n")
    assert [item.when for item in plan.items] == [when]


def test_an_entry_that_continues_under_a_later_month_is_one_task_over_both(
    tmp_path: Path,
) -> None:
    text = (
        "Årshjul for avdelinga\n\n"
        "April\n\n"
        "Vervekampanje på alle verksteder\n\n"
        "Mai\n\n"
        "Vervekampanje fortsetter (se april)\n\n"
        "Styremøte om budsjettet\n"
    )
    plan = draft(tmp_path, text, year=2026)
    assert whens(plan) == {
        "Vervekampanje på alle verksteder": {"window": {"from": "2026-04-01", "to": "2026-05-31"}},
        "Styremøte om budsjettet": {"window": "may"},
    }


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("hvordan møtet holdes er opp til hver klubb, men det skal holdes", None),
        ("hur mötet hålls är upp till varje sektion", None),
        ("kurs for nye tillitsvalgte (vi besøker styrene i alle klubber)", None),
        ("ett medlemsmöte i varje klubb", "klubb"),
        ("styret skal besøke alle klubber og holde møte i hver klubb", "klubb"),
    ],
)
def test_an_aside_or_each_unit_deciding_for_itself_is_no_scope(
    text: str, scope: str | None
) -> None:
    assert read_amounts(text, "nb").scope == scope


@pytest.mark.parametrize(
    "sentence",
    [
        "Handlingsplanen skal være sendt til styret innen 1. mars.",
        "Verksamhetsplanen ska vara styrelsen tillhanda senast 1 mars.",
    ],
)
def test_a_plan_document_due_by_a_day_is_still_a_task(sentence: str) -> None:
    assert is_commitment(sentence, {"by": "2026-03-01"}, PERIOD_YEARS)


def test_a_task_whose_clause_says_what_it_consists_of_is_still_a_task() -> None:
    sentence = "Styret skal arrangere et kurs som består av tre samlinger i mars."
    assert is_commitment(sentence, {"window": "march"}, PERIOD_YEARS)


def test_nine_units_are_not_the_reader() -> None:
    sentence = "I mars skal ni klubber få besøk av styret."
    assert is_commitment(sentence, {"window": "march"}, PERIOD_YEARS)
    addressed = "I mars kommer ni att bli kallade till möte."
    assert not is_commitment(addressed, {"window": "march"}, PERIOD_YEARS)
