"""`ombud status`: what is due, sent and failed, who cannot be reached, and the digests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

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


MSG_NOT_LINKED = N_("  {person}: not linked to {platforms}; {command} makes an invite")


def when_text(tr: Translator, value: datetime | None, timezone: str, now: datetime) -> str:
    """A moment in local time: with its weekday in the year of `now`, else with its year."""
    if value is None:
        return "–"
    local = value.astimezone(ZoneInfo(timezone))
    if local.year == now.astimezone(ZoneInfo(timezone)).year:
        return tr.datetime_local(value, timezone)
    return tr.gettext("{date} at {time}", date=tr.date(local.date()), time=tr.time(local))


def lines(
    tr: Translator,
    status: Status,
    timezone: str,
    platforms: Sequence[str] | None = None,
    catch_up_hours: int | None = None,
) -> list[str]:
    """What status prints; `platforms` are the configured chat platforms (None: not told)."""

    def when(value: datetime | None) -> str:
        return when_text(tr, value, timezone, status.now)

    out: list[str] = []
    if status.overdue:
        out.append(
            tr.gettext(
                "Overdue (due and not sent yet): {count}, the oldest due {when}.",
                count=tr.number(status.overdue),
                when=when(status.oldest_overdue),
            )
        )
        oldest = status.oldest_overdue
        if (
            catch_up_hours is not None
            and oldest is not None
            and oldest < status.now - timedelta(hours=catch_up_hours)
        ):
            out.append(
                tr.gettext(
                    "  Those more than {hours} hours late (catch_up_hours) are not sent: "
                    "the next `ombud tick` marks them missed.",
                    hours=tr.number(catch_up_hours),
                )
            )
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
    out.extend(unreachable_lines(tr, status, platforms, when))
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


def unreachable_lines(
    tr: Translator,
    status: Status,
    platforms: Sequence[str] | None,
    when: Callable[[datetime | None], str],
) -> list[str]:
    """Who cannot be reached: blocked chat accounts, and (when the configured platforms are
    told) the people no configured platform reaches, because they are not linked or there
    is no platform at all."""
    blocked = sorted({person.person for person in status.unreachable})
    # Without the platforms told, only the blocked accounts are known to fail.
    people = blocked if platforms is None else sorted(set(status.unlinked) | set(blocked))
    out = [tr.gettext("Unreachable people: {count}.", count=tr.number(len(people)))]
    if platforms is not None and not platforms and people:
        out.append(
            tr.gettext(
                "  No chat platform is configured, so nobody can be reached; "
                "set up Telegram or Slack in the config."
            )
        )
        return out
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
    if platforms:
        names = ", ".join(p.title() for p in platforms)
        for key in status.unlinked:
            if key not in blocked:
                invite = "ombud people invite " + key
                out.append(tr.gettext(MSG_NOT_LINKED, person=key, platforms=names, command=invite))
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
    from bot import app as composition
    from bot.services import status as service

    current = common.settings(ctx)
    tr = common.translator(current)
    now = common.at_option(at, current, tr) or datetime.now(UTC)
    with common.user_errors(tr):
        first, ready = database_line(tr, current)
        typer.echo(first)
        if not ready:
            raise typer.Exit(1)
        platforms = [p.value for p in composition.configured_platforms(current)]
        with common.database(current) as db:
            found = service.read_status(db, now, platforms)
    catch_up = current.scheduler.catch_up_hours
    for line in lines(tr, found, current.default_timezone, platforms, catch_up):
        typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command(
        "status",
        help=N_(
            "Show what is due, sends and failures in the last 24 hours, and who cannot be reached."
        ),
    )(status)
