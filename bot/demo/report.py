"""The demo's closing tables: every stored answer, as the board would read it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.table import Table

from bot.core.counting import TIMES_KEY
from bot.core.i18n import N_, Translator
from bot.core.model import Choice
from bot.services.reports import stored_answers

if TYPE_CHECKING:
    from bot.services.database import Database

MAX_CELL = 60
TIMES_LABEL = N_("Times it happened")  # the count of an item asked once, as the chat asks it
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


def answer_rows(db: Database, tr: Translator) -> list[tuple[str, str, str, Choice, str, str]]:
    """Person, item, the occurrence's day (so an item asked several times reads apart),
    answer, numbers and comment."""
    rows: list[tuple[str, str, str, Choice, str, str]] = []
    for answer in stored_answers(db):
        labels = {TIMES_KEY: tr.gettext(TIMES_LABEL), **answer.labels}
        numbers = ", ".join(
            tr.gettext("{label}: {amount}", label=labels.get(key, key), amount=tr.number(value))
            for key, value in sorted(answer.numbers.items())
        )
        day = tr.date(date.fromisoformat(answer.occurrence)) if answer.occurrence else ""
        rows.append(
            (
                answer.person,
                f"{answer.item_key} {_short(answer.item_title)}",
                day,
                answer.choice,
                numbers,
                _short(answer.text),
            )
        )
    return rows


def print_answers(db: Database, tr: Translator, out: TextIO) -> None:
    rows = answer_rows(db, tr)
    table = Table(title=tr.gettext("Stored answers ({count})", count=tr.number(len(rows))))
    for heading in (
        tr.gettext("Person"),
        tr.gettext("Plan item"),
        tr.gettext("Occurrence"),
        tr.gettext("Answer"),
        tr.gettext("Numbers"),
        tr.gettext("Comment"),
    ):
        table.add_column(heading)
    for name, item, day, choice, numbers, text in rows:
        table.add_row(name, item, day, tr.gettext(CHOICE_LABELS[choice]), numbers, text)
    Console(file=out, width=160).print(table)
