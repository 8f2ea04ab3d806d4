"""`ombud db prune [--dry-run]`: remove what is past its keeping time, or show what would go."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import common
from bot.commands.db import db_app
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:
    from bot.services.database import PruneCounts


def prune(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Show what would be removed; remove nothing."))
    ] = False,
) -> None:
    """Remove old comment texts and delivery records, as the [retention] settings say."""
    from bot.services import database as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    keep = settings.retention
    with common.user_errors(tr), common.database(settings) as db:
        counts = service.prune(
            db,
            today=datetime.now(UTC).date(),
            text_months=keep.free_text_months,
            delivery_months=keep.delivery_months,
            dry_run=dry_run,
        )
    for line in prune_report(tr, counts, dry_run):
        typer.echo(line)


def prune_report(tr: Translator, counts: PruneCounts, dry_run: bool) -> list[str]:
    """The counts, for the administrator; ids of plans, never text."""
    plans = ", ".join(counts.text_plans) or "–"
    when = tr.date(counts.delivery_cutoff)
    if dry_run:
        return [
            tr.ngettext(
                "Would remove {n} comment or blocker text (plans past their keeping time: "
                "{plans}).",
                "Would remove {n} comment and blocker texts (plans past their keeping time: "
                "{plans}).",
                counts.texts,
                plans=plans,
            ),
            tr.ngettext(
                "Would remove {n} delivery record from before {date}.",
                "Would remove {n} delivery records from before {date}.",
                counts.deliveries,
                date=when,
            ),
        ]
    return [
        tr.ngettext(
            "Removed {n} comment or blocker text (plans past their keeping time: {plans}).",
            "Removed {n} comment and blocker texts (plans past their keeping time: {plans}).",
            counts.texts,
            plans=plans,
        ),
        tr.ngettext(
            "Removed {n} delivery record from before {date}.",
            "Removed {n} delivery records from before {date}.",
            counts.deliveries,
            date=when,
        ),
    ]


def register(app: typer.Typer) -> None:
    """Add `prune` to `ombud db`; `db` itself is registered by its module."""
    db_app.command("prune", help=N_("Remove what is past its keeping time."))(prune)
