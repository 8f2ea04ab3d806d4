"""What the tests of each batch's lessons share: a draft of a page of our own that must import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.core.i18n import Translator
from bot.drafting.dates import Period
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftPlan
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan

TODAY = date(2026, 3, 1)
YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))


def draft(
    tmp_path: Path, text: str, year: int | None = None, period: str | None = None
) -> DraftPlan:
    """The draft of `text` as a page; it must import without edits."""
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    plan = draft_document(path, year=year, period=period, today=TODAY)
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")  # imports as is
    return plan


def titles(plan: DraftPlan) -> list[str]:
    return [item.title for item in plan.items]


def whens(plan: DraftPlan) -> dict[str, object]:
    return {item.title: item.when for item in plan.items}
