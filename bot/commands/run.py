"""`ombud run`: the long-running service — the scheduler and every configured chat platform."""

from __future__ import annotations

import typer

from bot.commands import common
from bot.core.i18n import N_


def run(ctx: typer.Context) -> None:
    """Run the service until stopped (Ctrl-C or SIGTERM)."""
    import asyncio

    from bot import app as composition

    current = common.settings(ctx)
    tr = common.translator(current)
    if not (current.telegram_enabled or current.slack_enabled):
        common.fail(
            [
                tr.gettext("No chat platform is configured: set a Telegram or Slack token."),
                tr.gettext(
                    "To try Ombud without one, run `ombud demo`, or `ombud chat --as PERSON` "
                    "to answer reminders in this terminal."
                ),
            ]
        )
    with common.database(current):
        pass  # missing or behind: `ombud db upgrade` first, as the systemd unit and compose do
    composition.configure_logging(current)
    with common.user_errors(tr):
        asyncio.run(composition.serve(current))


def register(app: typer.Typer) -> None:
    app.command("run", help=N_("Run the service until stopped (Ctrl-C or SIGTERM)."))(run)
