"""Plans as unions really write them: prose, pages without a year, calendars, rhythms, counts.

The texts are our own; where a test mirrors a published page, the page is named in a comment and
only the few words the test needs are quoted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import InputFileError
from bot.core.i18n import Translator
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftPlan
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan

TODAY = date(2026, 3, 1)


def draft(tmp_path: Path, text: str, **options: object) -> DraftPlan:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return draft_document(path, today=TODAY, **options)  # type: ignore[arg-type]


def by_words(plan: DraftPlan, words: str) -> dict[str, Any]:
    [item] = [item for item in plan.items if words in item.title]
    return {"when": item.when, "target": item.target, "review": [n.msgid for n in item.review]}


def imports(plan: DraftPlan) -> None:
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")


PROSE = (
    "Verksamhetsplan 2026 för avdelningen\n\n"
    "Styrelsen träffades i januari och diskuterade läget. Avdelningen ska, tillsammans med "
    "studieförbundet, ordna en grundkurs för ombud. Under 2026 kommer avdelningen att öka "
    "antalet medlemmar. Vi vill att fler känner sitt ombud.\n"
)


def test_sentences_that_commit_become_items_and_the_rest_stays_context(tmp_path: Path) -> None:
    plan = draft(tmp_path, PROSE)
    titles = [item.title for item in plan.items]
    assert titles == [
        "Avdelningen ska, tillsammans med studieförbundet, ordna en grundkurs för ombud",
        "Under 2026 kommer avdelningen att öka antalet medlemmar",
    ]
    assert by_words(plan, "öka antalet")["target"] == {
        "direction": "increase",
        "metric": "new_members",
    }
    context = " ".join(plan.context + [c for area in plan.areas for c in area.context])
    assert "träffades i januari" in context  # past: background
    assert "Vi vill" in context  # an aim
    imports(plan)


def test_a_page_without_a_year_is_drafted_with_the_year_given(tmp_path: Path) -> None:
    # As on a union's page about a club's annual meeting (unionen.se): "Senast 31 mars".
    text = "Klubbens årsmöte\n\nSenast 31 mars ska uppdragen registreras.\n"
    plan = draft(tmp_path, text, year=2027)
    assert plan.period == "2027"
    assert by_words(plan, "uppdragen")["when"] == {"by": "2027-03-31"}
    assert not any("assumed" in note.msgid for note in plan.notes)
    imports(plan)


def test_without_a_year_the_draft_asks_for_one_instead_of_refusing(tmp_path: Path) -> None:
    text = "Klubbens årsmöte\n\nSenast 31 mars ska uppdragen registreras.\n"
    plan = draft(tmp_path, text)
    assert plan.period == "2026"  # today's year, said so
    assert any("names no year" in note.msgid for note in plan.notes)
    assert "The year is not stated; {year} is assumed." in by_words(plan, "uppdragen")["review"]
    imports(plan)


def test_a_year_in_the_text_gives_the_period_with_a_note(tmp_path: Path) -> None:
    advice = "".join(f"Tips {n}: ta med kollegor till mötet.\n" for n in range(16))
    text = (
        f"Klubbens möten\n\nHöstmötet blir 10 oktober.\n\n{advice}\nSidan ändrades 3 mars 2025.\n"
    )
    plan = draft(tmp_path, text)
    assert plan.period == "2025"
    assert any("read from dates in the text" in note.msgid for note in plan.notes)


def test_period_option(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Handlingsplan\n\n- Medlemsmøte i mars.\n", period="2024..2025")
    assert plan.period == "2024-2025"
    for wrong in ("2024..2040", "next year"):
        with pytest.raises(InputFileError) as caught:
            draft(tmp_path, "Handlingsplan\n\n- Medlemsmøte i mars.\n", period=wrong)
        assert caught.value.problems[0].msgid.startswith("Unknown period")
    with pytest.raises(InputFileError) as caught:
        draft(tmp_path, "Handlingsplan\n\n- Medlemsmøte i mars.\n", year=2024, period="2024")
    assert caught.value.problems[0].msgid == "Give --year or --period, not both."


def test_two_separate_months_are_two_occurrences(tmp_path: Path) -> None:
    text = "Handlingsplan 2026\n\n- Vi skal ha to samlinger, en i mars og en i oktober.\n"
    plan = draft(tmp_path, text)
    found = by_words(plan, "samlinger")
    assert found["when"] == {"every": "monthly", "months": [10, 3]}
    assert found["target"] == {"count": 2}
    spec = parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")
    assert spec.areas[0].items[0].schedule.months == (3, 10)


def test_a_list_of_dates_under_a_heading_is_one_item(tmp_path: Path) -> None:
    # As on a union's meeting calendar (forsvarsforbundet.se): a heading, then its dates.
    text = (
        "Styrelsens möten\n\nStyrelsemöten under 2026\n\n"
        "20 januari, 3 mars, 5 maj, 9 september, 1 december\n"
    )
    plan = draft(tmp_path, text)
    found = by_words(plan, "Styrelsemöten")
    assert found["when"] == {"every": "monthly", "months": [1, 3, 5, 9, 12]}


def test_a_month_excepted_from_a_monthly_rhythm(tmp_path: Path) -> None:
    text = "Handlingsplan 2026\n\n- Medlemsmøte hver måned, unntatt i juli.\n"
    found = by_words(draft(tmp_path, text), "Medlemsmøte")
    assert found["when"] == {"every": "monthly", "months": [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]}


def test_every_other_week_is_asked_monthly_and_marked(tmp_path: Path) -> None:
    text = "Verksamhetsplan 2026\n\n- Styrelsen träffas varannan vecka.\n"
    found = by_words(draft(tmp_path, text), "varannan")
    assert found["when"] == {"every": "monthly"}
    assert "Every other week: it is asked once a month." in found["review"]


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("- Vi ska ha medlemsmöte fyra gånger under året.", 4),
        ("- Vi skal ha møte seks ganger i året.", 6),
    ],
)
def test_times_a_year_without_dates_is_asked_once_with_a_count(
    tmp_path: Path, line: str, count: int
) -> None:
    found = by_words(
        draft(tmp_path, f"Verksamhetsplan 2026\n\n{line}\n"),
        "gånger" if "gånger" in line else "ganger",
    )
    assert found["when"] is None  # never an invented monthly or quarterly rhythm
    assert found["target"] == {"count": count}
    assert "{count} times a year without dates: asked once, with how many times." in found["review"]


def test_at_least_one_per_year(tmp_path: Path) -> None:
    # As in a branch's numbered plan (ffavd9.no): "minst 1 klubbkonferanse pr. år".
    text = "Handlingsplan 2026\n\n1. Avholde minst 1 klubbkonferanse pr. år.\n"
    found = by_words(draft(tmp_path, text), "klubbkonferanse")
    assert found["when"] == {"every": "yearly"}
    assert found["target"] == {"count": 1}


@pytest.mark.parametrize(
    "line",
    [
        "- Anmäl max två ombud per klubb till konferensen.",
        "- Kurset tar inntil 3 deltakere fra hver klubb.",
        "- Bidraget är högst 15 000 kronor per förening.",
        "- Vi ska ha en god samverkan med de andra förbunden.",
        "- Kallelsen skickas senast 14 dagar före mötet.",
    ],
)
def test_ceilings_articles_and_spans_are_no_targets(tmp_path: Path, line: str) -> None:
    plan = draft(tmp_path, f"Verksamhetsplan 2026\n\n{line}\n")
    assert [item.target for item in plan.items] == [None]


def test_deadline_words_before_a_weekday(tmp_path: Path) -> None:
    text = "Handlingsplan 2026\n\nRepresentantene skal meldes inn innen mandag 5. oktober.\n"
    assert by_words(draft(tmp_path, text), "meldes inn")["when"] == {"by": "2026-10-05"}


def test_the_day_after_the_date_named_before(tmp_path: Path) -> None:
    text = (
        "Styrets arbeidsprogram 2026\n\n"
        "Den 14. april møter styret klubblederne. Dagen etter holder styret sitt vårmøte.\n"
    )
    found = by_words(draft(tmp_path, text), "vårmøte")
    assert found["when"] == {"date": "2026-04-15"}
    assert found["review"][0].startswith("The date is read as the day after")


def test_numbered_plans_keep_their_own_numbers(tmp_path: Path) -> None:
    text = (
        "Handlingsplan 2026\n\nAvdelingen arbeider ved å:\n\n"
        "1. Organisere flere medlemmer.\n2. Bistå klubbene med opplæring.\n"
        "3. Avholde minst 1 klubbkonferanse pr. år.\n"
    )
    plan = draft(tmp_path, text)
    assert [item.key for item in plan.items] == ["1", "2", "3"]
    imports(plan)


def test_calendar_lines_contacts_and_programmes(tmp_path: Path) -> None:
    text = (
        "Aktivitetskalender 2026\n\n"
        "Facklig grundkurs\n"
        "När: 14–15 november\n"
        "Anmälan senast den 8 oktober!\n\n"
        "Kontakt: kurs@example.org, tel 070-123 45 67\n\n"
        "Program 14 november\n"
        "- 09:00 Kaffe\n- 12:00 Lunch\n"
    )
    plan = draft(tmp_path, text)
    titles = [area.title for area in plan.areas]
    assert "När: 14–15 november" not in titles
    assert not any("@" in title for title in titles)
    assert by_words(plan, "Anmälan")["when"] == {"by": "2026-10-08"}
    assert not any(item.title.startswith(("09:00", "12:00")) for item in plan.items)


def test_no_mixing_warning_on_a_swedish_document(tmp_path: Path) -> None:
    documents = Path(__file__).parent / "documents"
    plan = draft_document(documents / "sv_avdelning.txt")
    assert not any("mixes Swedish and Norwegian" in note.msgid for note in plan.notes)


def test_a_notice_with_weekdays_a_wrapped_deadline_and_a_bound(tmp_path: Path) -> None:
    # As in a union's congress notice (radiograf.no): "Tid: Onsdag 14. – fredag 16. november",
    # a deadline "innen" whose date wraps to the next line, and "etter 1. september".
    text = (
        "Innkalling til landsmøte 2026\n\n"
        "Tid: Tirsdag 10. – torsdag 12. november 2026\n\n"
        "Forslag skal være styret i hende innen\n22. august 2026.\n\n"
        "Styret vil etter 1. september sende ut sakspapirene.\n\n"
        "Det vil ved utsendelsen settes en frist for svar.\n"
    )
    plan = draft(tmp_path, text)
    assert by_words(plan, "november")["when"] == {
        "dates": {"from": "2026-11-10", "to": "2026-11-12"}
    }
    assert by_words(plan, "Forslag")["when"] == {"by": "2026-08-22"}
    bound = by_words(plan, "sakspapirene")
    assert bound["when"] is None
    assert bound["review"][0].startswith("Only a bound")
    assert not any(item.title.startswith(("Det vil", "august")) for item in plan.items)


def test_a_yearly_deadline_in_a_one_year_plan_keeps_its_day(tmp_path: Path) -> None:
    text = "Handlingsplan 2026\n\n- Valg av tillitsvalgte skjer hvert år innen 15. mai.\n"
    assert by_words(draft(tmp_path, text), "Valg")["when"] == {"by": "2026-05-15"}


def test_a_page_that_opens_with_its_one_commitment(tmp_path: Path) -> None:
    # As on a branch's page (handelogkontor.org): the first line is the meeting itself.
    text = "I år holder vi ekstraordinært årsmøte 20. mars klokken 18.00.\n\nMeld deg på her.\n"
    plan = draft(tmp_path, text, year=2026)
    assert by_words(plan, "årsmøte")["when"] == {"date": "2026-03-20"}


def test_a_paragraph_that_opens_with_vi_ska_is_split_into_its_commitments(tmp_path: Path) -> None:
    text = (
        "Verksamhetsplan 2026\n\n"
        "Vi ska bedriva ett regelbundet uppsökeriarbete. Träffarna för ombud, varannan vecka, "
        "fortsätter. Det skal velges tillitsvalgt på alle arbeidsplasser.\n"
    )
    plan = draft(tmp_path, text)
    assert [item.title for item in plan.items] == [
        "Vi ska bedriva ett regelbundet uppsökeriarbete",
        "Träffarna för ombud, varannan vecka, fortsätter",
        "Det skal velges tillitsvalgt på alle arbeidsplasser",
    ]
    first = by_words(plan, "uppsökeriarbete")
    assert first["when"] == {"continuous": "quarterly"}
    assert first["target"] is None  # "ett" is an article, not one new member
