"""`ombud reports export`, `ombud digest preview` and `ombud annual-report`."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bot.commands import common
from bot.core.formats import AnnualFormat, ExportFormat
from bot.core.i18n import N_, Translator, translator

reports_app = typer.Typer(help=N_("Exports of the answers."), no_args_is_help=True)
digest_app = typer.Typer(help=N_("The weekly board digest."), no_args_is_help=True)


class Language(StrEnum):
    SV = "sv"
    NB = "nb"
    NN = "nn"
    EN = "en"


OutOption = Annotated[Path | None, typer.Option("--out", "-o", help=N_("Write to this file."))]
LangOption = Annotated[Language | None, typer.Option("--lang", help=N_("The report's language."))]


def _date(tr: Translator, name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        common.fail([tr.gettext("{option}: not a date; use YYYY-MM-DD.", option=name)])


def _write(tr: Translator, data: bytes, out: Path | None, binary_name: str | None) -> None:
    """Write to the file, or to stdout when the format is text; binary formats need --out."""
    if out is None:
        if binary_name is not None:
            common.fail([tr.gettext("{format} needs --out FILE.", format=binary_name)])
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from bot.core.files import write_private

    try:
        write_private(out, data)
    except OSError as exc:
        common.fail([f"{out}: {tr.os_reason(exc)}"])
    typer.echo(tr.gettext("Wrote {path}.", path=str(out)), err=True)


def export(
    ctx: typer.Context,
    *,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help=N_("csv, xlsx or json."))],
    plan: Annotated[str | None, typer.Option(help=N_("Only this plan (key)."))] = None,
    unit: Annotated[str | None, typer.Option(help=N_("Only this unit and its sub-units."))] = None,
    area: Annotated[str | None, typer.Option(help=N_("Only this area (key)."))] = None,
    since: Annotated[
        str | None, typer.Option(help=N_("Answers from this date (YYYY-MM-DD)."))
    ] = None,
    until: Annotated[str | None, typer.Option(help=N_("Answers up to this date."))] = None,
    person: Annotated[str | None, typer.Option(help=N_("Only this person (key)."))] = None,
    out: OutOption = None,
) -> None:
    """Export the current answers with their plan, item, person and unit."""
    from bot.core.reporting import ExportFilter
    from bot.reports.export import export_answers
    from bot.services import reports as service

    current = common.settings(ctx)
    tr = common.translator(current)
    wanted = ExportFilter(
        plan, unit, area, person, _date(tr, "--since", since), _date(tr, "--until", until)
    )
    with common.user_errors(tr), common.database(current) as db:
        rows = service.export_rows(db, wanted)
    data = export_answers(rows, fmt, tr)
    _write(tr, data, out, "XLSX" if fmt is ExportFormat.XLSX else None)


def preview(
    ctx: typer.Context,
    board: Annotated[
        str, typer.Argument(help=N_("The board's key, or the key of a unit with one board."))
    ],
    week: Annotated[str | None, typer.Option(help=N_("An ISO week, e.g. 2025-W12."))] = None,
    lang: LangOption = None,
) -> None:
    """Print a board's digest without sending it or marking it sent."""
    import asyncio

    from bot.core.clock import SystemClock
    from bot.core.reporting import IsoWeek
    from bot.services import reports as service
    from handlers.digest import render_console

    current = common.settings(ctx)
    tr = common.translator(current)
    with common.user_errors(tr), common.database(current) as db:
        chosen = IsoWeek.parse(week) if week is not None else None
        locale = lang.value if lang else None
        key = board_key(tr, board, service.board_units(db))
        message = asyncio.run(service.preview_digest(db, key, SystemClock(), chosen, locale))
    typer.echo(render_console(message))


def board_key(tr: Translator, given: str, boards: list[tuple[str, str]]) -> str:
    """The board `given` names: its own key, or the key of a unit that has exactly one board
    (plans name a unit's board as `board: UNIT-KEY`); else the command ends, naming the keys."""
    if any(key == given for key, _unit in boards):
        return given
    of_unit = [key for key, unit in boards if unit == given]
    if len(of_unit) == 1:
        return of_unit[0]
    if of_unit:
        common.fail(
            [
                tr.gettext(
                    "The unit {unit} has several boards; name one: {boards}.",
                    unit=given,
                    boards=", ".join(of_unit),
                )
            ]
        )
    if not boards:
        common.fail([tr.gettext("There are no boards yet; import a roster with boards first.")])
    return common.fail(
        [
            tr.gettext("There is no board or unit with the key {key}.", key=given),
            tr.gettext(
                "Boards (and their units): {boards}.",
                boards=", ".join(f"{key} ({unit})" for key, unit in boards),
            ),
        ]
    )


def annual_report(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help=N_("The plan's key."))],
    fmt: Annotated[AnnualFormat, typer.Option("--format", "-f", help=N_("docx or md."))] = (
        AnnualFormat.DOCX
    ),
    lang: LangOption = None,
    out: OutOption = None,
) -> None:
    """Draft the year-end report (verksamhetsberättelse / årsberetning) of a plan."""
    from bot.core.clock import SystemClock
    from bot.reports.annual import write_annual_report
    from bot.services import reports as service
    from handlers.progress import progress_of

    current = common.settings(ctx)
    tr = common.translator(current)
    now = SystemClock().now()
    with common.user_errors(tr), common.database(current) as db:
        data = service.annual_data(db, plan, now)
    reader = translator(lang.value if lang else data.language)
    document = write_annual_report(data, progress_of(data.targets, data.units), fmt, reader)
    _write(tr, document, out, "DOCX" if fmt is AnnualFormat.DOCX else None)


def register(app: typer.Typer) -> None:
    reports_app.command(
        "export", help=N_("Export the current answers with their plan, item, person and unit.")
    )(export)
    digest_app.command(
        "preview", help=N_("Print a board's digest without sending it or marking it sent.")
    )(preview)
    app.add_typer(reports_app, name="reports")
    app.add_typer(digest_app, name="digest")
    app.command(
        "annual-report",
        help=N_("Draft the year-end report (verksamhetsberättelse / årsberetning) of a plan."),
    )(annual_report)
