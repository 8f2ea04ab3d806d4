"""`ombud status`: what is due, sent and failed, who cannot be reached, and the digests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import common
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:
    from bot.services.status import Status
    from config.settings import Settings


def database_line(tr: Translator, current: Settings) -> tuple[str, bool]:
    """The database and its schema version; False when it is missing or behind."""
    from bot import app as composition

    where = composition.safe_url(current.database_url)
    path = composition.sqlite_path(current.database_url)
    if path is not None and not path.is_file():
        return tr.gettext(
            "Database: {database} does not exist yet; run `ombud db upgrade`.", database=where
        ), False
    revision, head = composition.schema_versions(current)
    if revision != head:
        return tr.gettext(
            "Database: {database}, schema {revision}; this version needs {head}: "
            "run `ombud db upgrade`.",
            database=where,
            revision=revision or "–",
            head=head or "–",
        ), False
    return tr.gettext(
        "Database: {database}, schema {revision} (current).",
        database=where,
        revision=revision or "–",
    ), True


def lines(tr: Translator, status: Status, timezone: str) -> list[str]:
    def when(value: datetime | None) -> str:
        return tr.datetime_local(value, timezone) if value is not None else "–"

    out: list[str] = []
    if status.next_due is None:
        out.append(tr.gettext("Next due: nothing is scheduled."))
    else:
        out.append(
            tr.gettext(
                "Next due: {when}; due in the next 24 hours: {count}.",
                when=when(status.next_due),
                count=tr.number(status.due_in_window),
            )
        )
    out.append(tr.gettext("Sent in the last 24 hours: {count}.", count=tr.number(status.sent)))
    failed = sum(status.failures.values())
    out.append(tr.gettext("Failed in the last 24 hours: {count}.", count=tr.number(failed)))
    for (platform, reason, code), count in sorted(status.failures.items()):
        out.append(f"  {platform} {reason}{f' ({code})' if code else ''}: {tr.number(count)}")
    out.append(tr.gettext("Unreachable people: {count}.", count=tr.number(len(status.unreachable))))
    for person in status.unreachable:
        out.append(
            tr.gettext(
                "  {person} on {platform} ({reason}) since {when}",
                person=person.person,
                platform=person.platform,
                reason=person.code or "–",
                when=when(person.since),
            )
        )
    out.append(tr.gettext("Last digest per board:"))
    if not status.digests:
        out.append(tr.gettext("  No boards yet."))
    for digest in status.digests:
        if digest.iso_week is None:
            out.append(tr.gettext("  {board}: none yet", board=digest.board))
        else:
            msgid = DIGEST_STATES.get(digest.state or "", DIGEST_BEING_SENT)
            out.append(
                tr.gettext(
                    msgid, board=digest.board, week=digest.iso_week, when=when(digest.sent_at)
                )
            )
    return out


# The digest's stored state (storage.tables.DigestRow.state) in the administrator's words.
DIGEST_BEING_SENT = N_("  {board}: {week}, being sent")
DIGEST_STATES = {
    "sent": N_("  {board}: {week}, delivered {when}"),
    "undelivered": N_("  {board}: {week}, reached no group or channel ({when})"),
    "failed": N_("  {board}: {week}, failed ({when})"),
    "claimed": DIGEST_BEING_SENT,
}


def status(
    ctx: typer.Context,
    at: Annotated[str | None, typer.Option("--at", help=common.AT_HELP)] = None,
) -> None:
    """Show what is due, sends and failures in the last 24 hours, and who cannot be reached."""
    from bot.services import status as service

    current = common.settings(ctx)
    tr = common.translator(current)
    now = common.at_option(at, current, tr) or datetime.now(UTC)
    with common.user_errors(tr):
        first, ready = database_line(tr, current)
        typer.echo(first)
        if not ready:
            raise typer.Exit(1)
        with common.database(current) as db:
            found = service.read_status(db, now)
    for line in lines(tr, found, current.default_timezone):
        typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command(
        "status",
        help=N_(
            "Show what is due, sends and failures in the last 24 hours, and who cannot be reached."
        ),
    )(status)
