"""People a re-imported roster no longer lists: named, and with --retire-missing retired."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bot.core.i18n import Translator

if TYPE_CHECKING:  # types only: what the people service returns
    from bot.services.people import Leavers, Move, RetireResult

LIST_LIMIT = 20


def print_leavers(tr: Translator, leavers: Leavers, retired_asked: bool) -> None:
    gone, retired = leavers
    if not gone:
        return
    shown = ", ".join(gone[:LIST_LIMIT]) + (" …" if len(gone) > LIST_LIMIT else "")
    if not retired_asked:
        typer.echo(
            tr.ngettext(
                "{n} person in the database is not in this roster and still gets reminders: "
                "{keys}. Retire them with --retire-missing or `ombud people retire`.",
                "{n} people in the database are not in this roster and still get reminders: "
                "{keys}. Retire them with --retire-missing or `ombud people retire`.",
                len(gone),
                keys=shown,
            )
        )
        return
    for result in retired:
        for line in retire_report(tr, result):
            typer.echo(line)


def _move_line(tr: Translator, move: Move) -> str:
    item = f"{move.item_key} {move.item_title} ({move.occurrence})"
    if move.to and move.board is None:
        return tr.gettext("{item}: to {people}", item=item, people=", ".join(move.to))
    if move.to:
        return tr.gettext(
            "{item}: to the board {board} ({people})",
            item=item,
            board=move.board,
            people=", ".join(move.to),
        )
    if move.board is not None:
        return tr.gettext(
            "{item}: to the board {board}, which has no members to ask", item=item, board=move.board
        )
    return tr.gettext("{item}: nobody to take it (no other steward and no board)", item=item)


def retire_report(tr: Translator, result: RetireResult) -> list[str]:
    """What moved to whom, for the administrator."""
    lines = [tr.gettext("{key} no longer gets reminders; their answers stay.", key=result.key)]
    if not result.moves:
        lines.append(tr.gettext("No open items to hand over."))
    lines.extend(_move_line(tr, move) for move in result.moves)
    if result.items_naming_key:
        lines.append(
            tr.gettext(
                "These plan items name them as owner, so their later dates will ask nobody; "
                "name someone else in the plan file and import it again: {items}",
                items=", ".join(result.items_naming_key),
            )
        )
    return lines
