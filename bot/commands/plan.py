"""`ombud plan import|list|show`: load a plan file and look at the plans in the database."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from bot.commands import common
from bot.core.errors import NotFoundError
from bot.core.i18n import N_, Translator
from bot.core.plan_words import describe_owner, describe_schedule, describe_target
from bot.core.plans import ImportResult, ItemDetail, PlanDetail
from bot.planfile import load_plan
from handlers.progress import format_progress, progress_of
from storage.engine import Database
from storage.plans import import_plan, list_plans, show_plan
from storage.reporting import plan_target_facts

T = TypeVar("T")

plan_app = typer.Typer(help=N_("Import, list and show activity plans."), no_args_is_help=True)

ITEM_HEADERS = (N_("Id"), N_("Item"), N_("When"), N_("Owners"), N_("Target"), N_("Review"))
MSG_ARCHIVED = N_("archived")
MSG_DRY_RUN = N_("Checked only (--dry-run): nothing was written.")
MSG_NO_PLAN = N_("There is no plan with the id “{key}”.")
MSG_NO_PLANS = N_("No plans yet. Import one with: ombud plan import FILE")


class DryRunError(Exception):
    """Raised inside the transaction to roll a checked import back."""

    def __init__(self, result: object) -> None:
        super().__init__("dry run")
        self.result = result


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def run_import(db: Database, work: Callable[[Session], T], dry_run: bool) -> T:
    """Run an import in one transaction; a dry run rolls it back and still returns the result."""
    if not dry_run:
        return db.run_sync(work)

    def checked(session: Session) -> T:
        raise DryRunError(work(session))

    try:
        db.run_sync(checked)
    except DryRunError as rolled_back:
        return rolled_back.result  # type: ignore[return-value]
    raise AssertionError("unreachable")


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
    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.user_errors(tr):
        spec = load_plan(file, unit=unit)
        with common.database(settings) as db:
            now = datetime.now(UTC)
            result = run_import(db, lambda s: import_plan(s, spec, actor=actor(), now=now), dry_run)
    typer.echo(tr.gettext("Plan “{key}”: {title}", key=spec.key, title=spec.title))
    print_result(result, tr, dry_run)


@plan_app.command("list", help=N_("List the plans in the database."))
def list_command(ctx: typer.Context) -> None:
    """List the plans in the database."""
    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.database(settings) as db:
        plans = db.run_sync(list_plans)
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
    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.database(settings) as db:
        try:
            detail = db.run_sync(lambda s: show_plan(s, key))
            facts, units = db.run_sync(lambda s: plan_target_facts(s, key))
        except NotFoundError:
            common.fail([tr.gettext(MSG_NO_PLAN, key=key)])
    # The same progress lines as the digest and the year-end report, over the whole plan.
    progress = {p.item_key: format_progress(tr, p) for p in progress_of(facts, units)}
    print_plan(detail, tr, progress)


def print_plan(detail: PlanDetail, tr: Translator, progress: Mapping[str, str]) -> None:
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
    spec = item.spec
    title = _escape(spec.title) + (f" ({tr.gettext(MSG_ARCHIVED)})" if item.archived else "")
    return [
        _escape(item.key),
        title,
        describe_schedule(spec.schedule, tr),
        "\n".join(describe_owner(owner, tr) for owner in spec.owners),
        "\n".join(
            _escape(part)
            for part in (describe_target(spec.target, tr) if spec.target else "", progress)
            if part
        ),
        _escape(spec.review or ""),
    ]


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
