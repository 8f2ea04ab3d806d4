"""Precision: lists announced as priorities or purposes, and sentences that only describe.

The texts are our own, written the way the out-of-sample pages of batches 1 and 2 are written
(a Nynorsk priority list, a club's purposes after "… en møteplass for:", a plan's description
of itself); none is quoted from them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftPlan

TODAY = date(2026, 3, 1)


def draft(tmp_path: Path, text: str) -> DraftPlan:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return draft_document(path, today=TODAY)


def titles(plan: DraftPlan) -> list[str]:
    return [item.title for item in plan.items]


def test_a_nynorsk_priority_list_is_aims_and_the_events_after_it_are_items(
    tmp_path: Path,
) -> None:
    plan = draft(
        tmp_path,
        "Arbeidsplan 2026 for laget\n\n"
        "Styret har valt tre område som skal prege arbeidet. Dei prioriterte områda er:\n\n"
        " • Likeløn og heiltid\n"
        " • Organisering av unge\n"
        " • Klima\n\n"
        "Dette skjer i 2026:\n\n"
        " • Medlemsmøte i mars\n"
        " • Kurs for tillitsvalde i oktober\n",
    )
    assert titles(plan) == ["Medlemsmøte i mars", "Kurs for tillitsvalde i oktober"]
    assert "Likeløn og heiltid" in plan.context or any(
        "Likeløn og heiltid" in text for area in plan.areas for text in area.context
    )


def test_a_list_of_purposes_after_for_is_context_and_a_duty_after_it_is_an_item(
    tmp_path: Path,
) -> None:
    plan = draft(
        tmp_path,
        "Slik arbeider klubben\n\n"
        "Klubben skal vere ein stad å møtast for:\n\n"
        " • å skape engasjement på arbeidsplassen\n"
        " • å gi råd til styret\n\n"
        "Valet av tillitsvald i klubben er kvart år innan 1. juni.\n",
    )
    assert len(plan.items) == 1
    assert plan.items[0].when == {"by": "2026-06-01"}


def test_a_list_of_means_after_ved_aa_stays_items(tmp_path: Path) -> None:
    # The opposite case: "… ved å:" announces what the branch does, so the bullets commit.
    plan = draft(
        tmp_path,
        "Handlingsplan 2026\n\n"
        "Avdelingen arbeider for medlemmene ved å:\n\n"
        " • Holde medlemsmøter\n"
        " • Besøke arbeidsplasser\n",
    )
    assert titles(plan) == ["Holde medlemsmøter", "Besøke arbeidsplasser"]


def test_a_sentence_whose_only_time_is_a_year_describes_and_is_no_item(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Verksamhetsplan 2025 och 2026\n\n"
        "Planen för 2025 och 2026 utgör den första delen av kongressperioden. "
        "Avdelningen ska ordna en kurs för ombud i mars 2025.\n",
    )
    assert titles(plan) == ["Avdelningen ska ordna en kurs för ombud i mars 2025"]


def test_a_duty_reported_in_a_clause_commits_no_one_in_this_sentence(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Verksamhetsplan 2025\n\n"
        "Den första delen svarar mot beslutet att styrelsen i årliga planer ska sätta mål. "
        "Styrelsen ska följa upp målen varje kvartal.\n",
    )
    assert titles(plan) == ["Styrelsen ska följa upp målen varje kvartal"]
