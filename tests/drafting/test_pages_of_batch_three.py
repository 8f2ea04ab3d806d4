"""What the held-out batch 3 showed, as rules: deadlines, ranges, lists of people and areas.

The texts are our own, written the way the union pages of batch 3 (bench/out_of_sample) write
such things; only a few words are alike, never a sentence.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bot.core.i18n import Translator
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftItem, DraftPlan
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan

TODAY = date(2026, 3, 1)


def draft(tmp_path: Path, text: str, **options: Any) -> DraftPlan:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    plan = draft_document(path, today=TODAY, **options)
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")  # imports as is
    return plan


def item(plan: DraftPlan, words: str) -> DraftItem:
    [found] = [entry for entry in plan.items if words in entry.title]
    return found


def titles(plan: DraftPlan) -> list[str]:
    return [entry.title for entry in plan.items]


def test_a_date_range_under_time_and_place_is_the_meeting(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Årsmøte 2026 i fylket\n\nTid og sted\n\n22. - 23. mars 2026. Hotell Fjord, Storgata 6, "
        "9008 Tromsø.\n",
    )
    [meeting] = plan.items
    assert meeting.when == {"dates": {"from": "2026-03-22", "to": "2026-03-23"}}
    assert meeting.target is None  # the postcode after a street number is no count


def test_a_sentence_about_a_deadline_gives_a_deadline(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Kongress 2026\n\nFrist for å melde inn saker er 22. januar 2026. "
        "Sista datum för att lämna en motion är 10 oktober 2026.\n",
    )
    assert item(plan, "Frist").when == {"by": "2026-01-22"}
    assert item(plan, "Sista datum").when == {"by": "2026-10-10"}


def test_a_range_takes_the_year_written_after_it_and_the_end_of_a_month_is_a_day(
    tmp_path: Path,
) -> None:
    plan = draft(
        tmp_path,
        "Kongressen\n\nDen 28-31 maj, 2027 i Malmö ska kongressen hållas. I alle klubber skal det "
        "holdes medlemsmøte før utgangen av februar 2026.\n",
        period="2026..2027",
    )
    assert item(plan, "Malmö").when == {"dates": {"from": "2027-05-28", "to": "2027-05-31"}}
    assert item(plan, "medlemsmøte").when == {"by": "2026-02-28"}


def test_a_street_abbreviation_ends_no_sentence_and_its_number_is_no_count(
    tmp_path: Path,
) -> None:
    plan = draft(
        tmp_path,
        "Valg 2026\n\nFor medlemmer som ikke er i en klubb og for ikke-yrkesaktive medlemmer blir "
        "det arrangert valg på kontoret i Kirkegt. 63 i Sarpsborg 2. mars. Forslag sendes på "
        "e-post til valg@example.org. Listen blir lagt ut 3. februar.\n",
    )
    vote = item(plan, "Sarpsborg")
    assert vote.when == {"date": "2026-03-02"}
    assert vote.target is None
    assert item(plan, "Listen").when == {"date": "2026-02-03"}


def test_every_section_and_a_duty_after_a_fronted_place_commit(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Verksamhetsplan 2026\n\nVarje sektion ska upprätta en verksamhetsplan. På alle "
        "arbeidsplasser med tre eller flere medlemmer skal det være en klubb.\n",
    )
    assert item(plan, "Varje sektion").target is None  # "en verksamhetsplan": an article
    club = item(plan, "tre eller flere")
    assert club.target == {"count": 1, "per": "arbeidsplass"}  # not three, not "more members"


def test_things_under_a_year_recur_yearly_with_their_count(tmp_path: Path) -> None:
    plan = draft(tmp_path, "Sektioner\n\nSektionen har tre medlemsmöten under ett år.\n", year=2026)
    [meetings] = plan.items
    assert meetings.when == {"every": "yearly"}
    assert meetings.target == {"count": 3}


def test_who_is_summoned_and_the_offices_to_elect_are_no_items_but_a_dated_bullet_is(
    tmp_path: Path,
) -> None:
    plan = draft(
        tmp_path,
        "Fylkesmøte 2026\n\nDisse blir innkalt til møtet\n\n • Valgte delegater\n"
        " • Fylkesstyrets medlemmer\n\nValg\n\nFylkesmøtet skal velge:\n\n • Fylkesleder\n"
        " • To nestledere\n • Frist for å nominere kandidater er 22. januar 2026\n",
    )
    assert titles(plan) == ["Frist for å nominere kandidater er 22. januar 2026"]


def test_decisions_listed_after_foljande_are_items(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Kongressen 2026\n\nFörbundsstyrelsen har beslutat följande:\n\n"
        " • att den första delen hålls digitalt den 9 juni 2026\n"
        " • att den andra delen i två etapper genomförs den 12-13 oktober. "
        "Del 2 kan bli digital.\n",
    )
    assert item(plan, "första delen").when == {"date": "2026-06-09"}
    second = item(plan, "andra delen")
    assert second.when == {"dates": {"from": "2026-10-12", "to": "2026-10-13"}}
    assert second.target is None  # "två etapper" and "Del 2" count nothing


def test_numbered_lines_called_areas_after_them_and_an_introducing_bullet_are_no_items(
    tmp_path: Path,
) -> None:
    plan = draft(
        tmp_path,
        "Handlingsprogram 2026\n\n 1. Lønn og arbeidsmiljø\n 2. Organisasjon\n\n"
        "Innenfor disse områdene prioriteres arbeidet etter sakene som kommer.\n\n"
        " • Avdelingen har følgende oppgaver:\n • Støtte klubbene\n"
        " • Holde tillitsvalgtkonferanse i oktober\n",
    )
    assert titles(plan) == ["Støtte klubbene", "Holde tillitsvalgtkonferanse i oktober"]


def test_advice_validity_possibility_and_a_start_bound_are_no_commitments(
    tmp_path: Path,
) -> None:
    plan = draft(
        tmp_path,
        "Årsmöte 2026\n\nVil du bli delegat, bør du melde deg til møtet den 26. mars. "
        "Rekommendationerna gäller fram till och med 30 juni 2026. Under mötet kommer ombuden "
        "att kunna rösta i september. Handlingar kommer att vara tillgängliga från slutet av "
        "juni. Årsmötet hålls den 12 oktober.\n",
    )
    assert titles(plan) == ["Årsmötet hålls den 12 oktober"]


def test_a_past_decision_in_the_first_lines_does_not_date_the_page(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Kongressen i två delar\n\nStyrelsen beslutade i november 2025 att hålla kongressen "
        "digitalt. Kongressen hålls den 9 juni 2026.\n",
    )
    assert plan.period == "2026"


def test_an_event_that_will_take_place_is_an_item(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Fylkesmøte 2026\n\nValg av delegater vil finne sted i de enkelte klubbene tidlig i "
        "2026. Fylkesmøtet holdes 20. april.\n",
    )
    [vote] = [entry for entry in plan.items if "Valg av delegater" in entry.title]
    assert vote.when is None  # "tidlig i 2026" names no window the plan can hold
