"""`ombud people import|list`: load a roster and see who is in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.commands import common
from bot.commands.plan import MSG_DRY_RUN, actor
from bot.core.i18n import N_

people_app = typer.Typer(help=N_("Import rosters and list people."), no_args_is_help=True)

ROLE_WORDS = {"steward": N_("steward"), "board": N_("board member"), "admin": N_("administrator")}
MSG_UNREACHABLE = N_("{platform} (unreachable)")
MSG_NO_PEOPLE = N_("Nobody yet. Import a roster with: ombud people import FILE")


@people_app.command(
    "import", help=N_("Import a roster; people missing from it are kept, not removed.")
)
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The roster (YAML, or CSV with people only)."))],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Check only; write nothing."))
    ] = False,
    retire_missing: Annotated[
        bool,
        typer.Option(
            "--retire-missing",
            help=N_("Retire the people not in this roster and hand over their open items."),
        ),
    ] = False,
) -> None:
    """Import a roster; people missing from it are kept, not removed."""
    from bot.commands.people_leavers import print_leavers
    from bot.planfile import load_roster
    from bot.services import people as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.user_errors(tr):
        roster = load_roster(
            file,
            default_locale=settings.default_locale,
            default_timezone=settings.default_timezone,
        )
        with common.database(settings) as db:
            now = datetime.now(UTC)
            result, leavers = service.import_roster(
                db, roster, retire_missing=retire_missing, actor=actor(), now=now, dry_run=dry_run
            )
    counts = result.counts
    found = tr.format_list(
        [
            tr.ngettext("{n} unit", "{n} units", counts.get("units", 0)),
            tr.ngettext("{n} board", "{n} boards", counts.get("boards", 0)),
            tr.ngettext("{n} person", "{n} people", counts.get("people", 0)),
        ]
    )
    typer.echo(
        tr.gettext(
            "Roster: {found}; {created} new, {updated} changed, {unchanged} unchanged.",
            found=found,
            created=tr.number(result.created),
            updated=tr.number(result.updated),
            unchanged=tr.number(result.unchanged),
        )
    )
    print_leavers(tr, leavers, retire_missing)
    if dry_run:
        typer.echo(tr.gettext(MSG_DRY_RUN))


@people_app.command("list", help=N_("List the people in the database."))
def list_command(ctx: typer.Context) -> None:
    """List the people in the database."""
    from rich.console import Console
    from rich.table import Table

    from bot.services import people as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.database(settings) as db:
        people, blocked = service.list_people(db)
    if not people:
        typer.echo(tr.gettext(MSG_NO_PEOPLE))
        return
    headers = (
        N_("Id"),
        N_("Name"),
        N_("Language"),
        N_("Time zone"),
        N_("Roles"),
        N_("Units"),
        N_("Linked"),
    )
    table = Table(*(tr.gettext(h) for h in headers))
    for person in people:
        table.add_row(
            person.key,
            person.name.replace("[", "\\["),
            person.locale,
            person.timezone,
            tr.format_list(sorted(tr.gettext(ROLE_WORDS[r.value]) for r in person.roles)),
            ", ".join(person.units),
            ", ".join(
                tr.gettext(MSG_UNREACHABLE, platform=p) if (person.key, p) in blocked else p
                for p in person.platforms
            )
            or "–",
        )
    Console(width=160).print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(people_app, name="people")
