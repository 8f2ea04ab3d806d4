"""The demo's closing tables: every stored answer, as the board would read it."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, select

from bot.core.i18n import N_, Translator
from bot.core.model import Choice
from storage.engine import Database
from storage.tables import AnswerRow, PersonRow, PlanItemRow

MAX_CELL = 60
CHOICE_LABELS = {
    Choice.YES: N_("Yes"),
    Choice.NO: N_("No"),
    Choice.LATER: N_("Later"),
    Choice.NOT_RELEVANT: N_("Not relevant"),
}


def _short(text: str | None) -> str:
    if not text:
        return ""
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def answer_rows(session: Session) -> list[tuple[str, str, Choice, str, str]]:
    query = (
        select(AnswerRow, PersonRow, PlanItemRow)
        .join(PersonRow, PersonRow.id == AnswerRow.person_id)  # type: ignore[arg-type]
        .join(PlanItemRow, PlanItemRow.id == AnswerRow.plan_item_id)  # type: ignore[arg-type]
        .where(AnswerRow.current == True)  # noqa: E712
        .order_by(AnswerRow.created_at)  # type: ignore[arg-type]
    )
    rows: list[tuple[str, str, Choice, str, str]] = []
    for answer, person, item in session.exec(query).all():
        numbers = ", ".join(f"{k}={v}" for k, v in sorted(answer.numbers.items()))
        text = answer.comment or answer.blocker
        rows.append(
            (
                person.name,
                f"{item.key} {_short(item.title)}",
                Choice(answer.choice),
                numbers,
                _short(text),
            )
        )
    return rows


def print_answers(db: Database, tr: Translator, out: TextIO) -> None:
    rows = db.run_sync(answer_rows)
    table = Table(title=tr.gettext("Stored answers ({count})", count=tr.number(len(rows))))
    for heading in (
        tr.gettext("Person"),
        tr.gettext("Plan item"),
        tr.gettext("Answer"),
        tr.gettext("Numbers"),
        tr.gettext("Comment"),
    ):
        table.add_column(heading)
    for name, item, choice, numbers, text in rows:
        table.add_row(name, item, tr.gettext(CHOICE_LABELS[choice]), numbers, text)
    Console(file=out, width=160).print(table)
