"""`ombud people retire PERSON [--dry-run]`: someone leaves; their open items move on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from bot.commands import common
from bot.commands.people import people_app
from bot.commands.plan import MSG_DRY_RUN, actor
from bot.core.i18n import N_


def retire(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help=N_("The person's id, as in the roster."))],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Show what would move; change nothing."))
    ] = False,
) -> None:
    """Someone leaves: no more reminders, open items to the unit's other stewards or board."""
    from bot.commands.people_leavers import retire_report
    from bot.services import people as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    now = datetime.now(UTC)
    with common.user_errors(tr), common.database(settings) as db:
        result = service.retire(db, person, actor=actor(), now=now, dry_run=dry_run)
    for line in retire_report(tr, result):
        typer.echo(line)
    if dry_run:
        typer.echo(tr.gettext(MSG_DRY_RUN))


def register(app: typer.Typer) -> None:
    """Add `retire` to `ombud people`."""
    people_app.command("retire", help=N_("Retire a person and hand over their open items."))(retire)
