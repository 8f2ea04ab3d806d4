"""`ombud people away PERSON --until DATE | --until-further-notice | --end`: an away period."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import common
from bot.commands.people import people_app
from bot.commands.plan import actor
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:
    from bot.services.people import AwayChange

MSG_CHOOSE = N_("Give one of --until DATE, --until-further-notice or --end.")
MSG_BAD_DATE = N_("--until: “{value}” is not a date; write it as YYYY-MM-DD, e.g. 2026-08-10.")
MSG_PAST = N_("--until: {value} has passed; give the last day the person is away.")


def away(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help=N_("The person's id, as in the roster."))],
    until: Annotated[
        str | None,
        typer.Option("--until", help=N_("The last day away (YYYY-MM-DD), in their time zone.")),
    ] = None,
    open_ended: Annotated[
        bool, typer.Option("--until-further-notice", help=N_("Away with no end date yet."))
    ] = False,
    end: Annotated[bool, typer.Option("--end", help=N_("End the away period now."))] = False,
) -> None:
    """Mark a person as away: no reminders or follow-ups until the period ends."""
    from bot.services import people as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    if sum((until is not None, open_ended, end)) != 1:
        common.fail([tr.gettext(MSG_CHOOSE)])
    last_day = _last_day(tr, until)
    now = datetime.now(UTC)
    with common.user_errors(tr), common.database(settings) as db:
        change = service.set_away(db, person, last_day, end=end, actor=actor(), now=now)
    typer.echo(_report(tr, person, change))


def _last_day(tr: Translator, until: str | None) -> date | None:
    if until is None:
        return None
    try:
        return date.fromisoformat(until.strip())
    except ValueError:
        common.fail([tr.gettext(MSG_BAD_DATE, value=until)])


def _report(tr: Translator, person: str, change: AwayChange) -> str:
    if change.past:
        common.fail([tr.gettext(MSG_PAST, value=change.last_day)])
    if change.ended:
        return tr.gettext(
            "{key} is back: what fell due while away and is still open is asked once, shortly.",
            key=person,
        )
    if change.not_away:
        return tr.gettext("{key} was not away; nothing changed.", key=person)
    if change.last_day is None:
        return tr.gettext("{key} is away until further notice: no reminders.", key=person)
    return tr.gettext(
        "{key} is away up to and including {date}: no reminders until then.",
        key=person,
        date=tr.date(change.last_day),
    )


def register(app: typer.Typer) -> None:
    """Add `away` to `ombud people`."""
    people_app.command("away", help=N_("Mark a person as away, or back."))(away)
