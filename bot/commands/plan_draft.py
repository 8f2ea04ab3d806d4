"""`ombud plan draft FILE`: write a draft plan file from a plan document for the board to review."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from bot.commands import common
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:  # imported where used, to keep start-up light
    from bot.drafting.model import DraftPlan


def _write_atomically(path: Path, text: str) -> None:
    """Write the whole draft or nothing: a half-written plan file is worse than none."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".draft-", suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _report(plan: DraftPlan, tr: Translator, stream: TextIO) -> None:
    from bot.drafting.model import summarise
    from bot.drafting.writer import summary_lines

    for line in summary_lines(summarise(plan), tr):
        print(line, file=stream)


def draft(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The plan document: .docx, .pdf, .txt or .md."))],
    *,
    lang: Annotated[
        str | None, typer.Option("--lang", help=N_("The document's language: sv, nb or nn."))
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=N_("Write the draft here (default: stdout)."))
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help=N_("The plan's year, when the document does not name it.")),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help=N_("The plan's years, FROM..TO (for example 2024..2025).")),
    ] = None,
) -> None:
    """Draft a plan file from a plan document; every guess is marked for review."""
    from bot.drafting.drafter import draft_document
    from bot.drafting.writer import write_plan

    # Drafting reads a document and writes a file: a board member can try it before any
    # config or database exists.
    current = common.settings(ctx, required=False)
    tr = common.translator(current)
    with common.user_errors(tr):
        plan = draft_document(file, lang, year=year, period=period)
    if "language" not in current.model_fields_set:
        tr = Translator(plan.language)  # no CLI language configured: the document's language
    text = write_plan(plan, tr)
    if out is None:
        sys.stdout.write(text)
        _report(plan, tr, sys.stderr)
        return
    if not out.parent.is_dir() and str(out.parent):
        common.fail([tr.gettext("The folder for {path} does not exist.", path=str(out))])
    _write_atomically(out, text)
    print(tr.gettext("Draft written to {path}.", path=str(out)))
    _report(plan, tr, sys.stdout)


def register(app: typer.Typer) -> None:
    from bot.commands.plan import plan_app

    plan_app.command(
        "draft",
        help=N_("Draft a plan file from a plan document; every guess is marked for review."),
    )(draft)
