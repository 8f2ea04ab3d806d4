"""`ombud plan import|list|show`: load a plan file and look at the plans in the database."""

from __future__ import annotations

import getpass
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import common
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:  # the rest is imported where it is used, to keep start-up light
    from bot.core.plans import ImportResult, ItemDetail, PlanDetail

plan_app = typer.Typer(help=N_("Import, list and show activity plans."), no_args_is_help=True)

ITEM_HEADERS = (N_("Id"), N_("Item"), N_("When"), N_("Owners"), N_("Target"), N_("Review"))
MSG_ARCHIVED = N_("archived")
MSG_DRY_RUN = N_("Checked only (--dry-run): nothing was written.")
MSG_NO_PLAN = N_("There is no plan with the id “{key}”.")
MSG_NO_PLANS = N_("No plans yet. Import one with: ombud plan import FILE")


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def print_result(result: ImportResult, tr: Translator, dry_run: bool) -> None:
    for warning in result.warnings:
        typer.echo(common.format_problem(warning, tr), err=True)
    typer.echo(
        tr.gettext(
            "Items: {created} new, {updated} changed, {unchanged} unchanged, "
            "{archived} archived, {deleted} removed, {unarchived} restored.",
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            archived=result.archived,
            deleted=result.deleted,
            unarchived=result.unarchived,
        )
    )
    if dry_run:
        typer.echo(tr.gettext(MSG_DRY_RUN))


@plan_app.command(
    "import", help=N_("Import a plan file; re-importing the same plan id updates it in place.")
)
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The plan file (YAML)."))],
    unit: Annotated[
        str | None, typer.Option("--unit", help=N_("The unit key, when the file names none."))
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Check only; write nothing."))
    ] = False,
) -> None:
    """Import a plan file; re-importing the same plan id updates it in place."""
    from bot.planfile import load_plan
    from bot.services import plans as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.user_errors(tr):
        spec = load_plan(file, unit=unit)
        with common.database(settings) as db, given_unit(unit):
            now = datetime.now(UTC)
            result = service.import_plan(db, spec, actor=actor(), now=now, dry_run=dry_run)
    typer.echo(tr.gettext("Plan “{key}”: {title}", key=spec.key, title=spec.title))
    print_result(result, tr, dry_run)


@contextmanager
def given_unit(unit: str | None) -> Iterator[None]:
    """A problem with the plan's unit is told at --unit when the command line gave it."""
    from bot.core.errors import InputFileError

    try:
        yield
    except InputFileError as exc:
        if unit is None:
            raise
        problems = [
            replace(p, field="--unit") if p.field == "plan.unit" else p for p in exc.problems
        ]
        raise InputFileError(problems) from exc


@plan_app.command("list", help=N_("List the plans in the database."))
def list_command(ctx: typer.Context) -> None:
    """List the plans in the database."""
    from rich.console import Console
    from rich.table import Table

    from bot.services import plans as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.database(settings) as db:
        plans = service.list_plans(db)
    if not plans:
        typer.echo(tr.gettext(MSG_NO_PLANS))
        return
    table = Table(
        tr.gettext("Id"),
        tr.gettext("Title"),
        tr.gettext("Unit"),
        tr.gettext("Period"),
        tr.gettext("Items"),
        tr.gettext("Archived items"),
    )
    for plan in plans:
        period = f"{tr.date(plan.period_start, 'short')} – {tr.date(plan.period_end, 'short')}"
        table.add_row(
            plan.key,
            plan.title,
            plan.unit,
            period,
            tr.number(plan.items),
            tr.number(plan.archived_items),
        )
    Console(width=160).print(table)


@plan_app.command(
    "show", help=N_("Show a plan: its areas and items, when each is asked, owners and targets.")
)
def show_command(
    ctx: typer.Context, key: Annotated[str, typer.Argument(help=N_("Plan id."))]
) -> None:
    """Show a plan: its areas and items, when each is asked, owners and targets."""
    from bot.core.errors import NotFoundError
    from bot.services import plans as service
    from handlers.progress import format_progress, progress_of

    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.database(settings) as db:
        try:
            view = service.show_plan(db, key)
        except NotFoundError:
            common.fail([tr.gettext(MSG_NO_PLAN, key=key)])
    # The same progress lines as the digest and the year-end report, over the whole plan.
    progress = {p.item_key: format_progress(tr, p) for p in progress_of(view.facts, view.units)}
    print_plan(view.detail, tr, progress)


def print_plan(detail: PlanDetail, tr: Translator, progress: Mapping[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=160)
    console.print(f"[bold]{_escape(detail.title)}[/bold] ({detail.key})")
    period = f"{tr.date(detail.period_start)} – {tr.date(detail.period_end)}"
    console.print(tr.gettext("Unit: {unit}. Period: {period}.", unit=detail.unit, period=period))
    for line in detail.context:
        console.print(f"  {_escape(line)}")
    for area in detail.areas:
        archived = f" ({tr.gettext(MSG_ARCHIVED)})" if area.archived else ""
        table = Table(
            title=f"{_escape(area.key)} {_escape(area.title)}{archived}", title_justify="left"
        )
        for header in ITEM_HEADERS:
            table.add_column(tr.gettext(header))
        for item in area.items:
            table.add_row(*_item_cells(item, tr, progress.get(item.key)))
        console.print(table)


def _item_cells(item: ItemDetail, tr: Translator, progress: str | None) -> list[str]:
    from bot.core.plan_words import describe_owner, describe_schedule, describe_target

    spec = item.spec
    title = _escape(spec.title) + (f" ({tr.gettext(MSG_ARCHIVED)})" if item.archived else "")
    return [
        _escape(item.key),
        title,
        describe_schedule(spec.schedule, tr),
        "\n".join(describe_owner(owner, tr) for owner in spec.owners),
        "\n".join(
            _escape(part)
            for part in (
                describe_target(spec.target, tr, {m.key: m.label for m in spec.metrics})
                if spec.target
                else "",
                progress,
            )
            if part
        ),
        _escape(spec.review or ""),
    ]


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
