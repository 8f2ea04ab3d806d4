"""`ombud people export|erase`: a person's data on request (GDPR art. 15 and 17)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import common
from bot.commands.people import people_app
from bot.commands.plan import actor
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:
    from bot.core.privacy import ErasureResult
    from bot.services.database import Database
    from bot.services.privacy import DiskResult

EXIT_ABORTED = 1

MSG_NEEDS_YES = N_(
    "Nothing was erased: there is no terminal to confirm on. Run it again with --yes "
    "when you are sure."
)
MSG_NOT_CONFIRMED = N_("Nothing was erased.")
MSG_CANNOT_WRITE = N_("Cannot write {file}: {reason}")
MSG_ROSTER_WARNING = N_(
    "A roster file that still lists this id would create the person again, as someone new, "
    "on the next import. Remove them from the roster file as well."
)

MSG_SOLE_STEWARD = N_(
    "Warning: the person is the only steward of {units}. The answers kept without their name "
    "still point to them there. Add --delete-answers to delete the answers too."
)
MSG_WAL_BUSY = N_(
    "Another program kept reading the database, so the erased data may stay in its "
    "write-ahead log (the -wal file) until the service restarts. Restart it to finish."
)
MSG_VACUUMED = N_(
    "The touched tables were vacuumed. PostgreSQL may still keep old copies in its "
    "write-ahead log and backups for a while; see the privacy page of the documentation."
)

PersonArgument = Annotated[
    str, typer.Argument(help=N_("The person's id, as in the roster."), show_default=False)
]


def export(
    ctx: typer.Context,
    person: PersonArgument,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help=N_("Write the JSON to this file (readable by you only), not to stdout.")
        ),
    ] = None,
) -> None:
    """Everything stored about one person, as JSON (the right of access)."""
    from bot.core.files import write_private_text
    from bot.core.privacy import export_to_json
    from bot.services import privacy as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    now = datetime.now(UTC)
    with common.user_errors(tr), common.database(settings) as db:
        found = service.export_person(db, person, now=now)
    text = json.dumps(export_to_json(found), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    try:
        write_private_text(out, text)
    except OSError as exc:
        common.fail([tr.gettext(MSG_CANNOT_WRITE, file=str(out), reason=tr.os_reason(exc))])
    typer.echo(tr.gettext("Wrote the data stored about {key} to {file}.", key=person, file=out))


def erase(
    ctx: typer.Context,
    person: PersonArgument,
    delete_answers: Annotated[
        bool,
        typer.Option(
            "--delete-answers",
            help=N_("Delete their answers too; the board's figures will drop by their numbers."),
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))
    ] = False,
) -> None:
    """Erase one person and every link to them (the right to erasure)."""
    from bot.services import privacy as service

    settings = common.settings(ctx)
    tr = common.translator(settings)
    with common.user_errors(tr), common.database(settings) as db:
        if not delete_answers:
            _warn_sole_steward(tr, db, person)
        if not yes:
            _confirm(tr, db, person, delete_answers)
        now = datetime.now(UTC)
        result, disk = service.erase_person(
            db, person, actor=actor(), now=now, keep_numbers=not delete_answers
        )
    for line in erasure_report(tr, person, result):
        typer.echo(line)
    typer.echo(disk_report(tr, disk))


def _warn_sole_steward(tr: Translator, db: Database, person: str) -> None:
    from bot.services import privacy as service

    """Anonymous answers from a unit with one steward still point to that steward."""
    units = service.sole_steward_units(db, person)
    if units:
        typer.echo(tr.gettext(MSG_SOLE_STEWARD, units=", ".join(units)), err=True)


def disk_report(tr: Translator, disk: DiskResult) -> str:
    """Whether the erased bytes left the database files too."""
    if disk.backend == "sqlite" and disk.complete:
        return tr.gettext("The erased data is gone from the database files on disk as well.")
    if disk.backend == "sqlite":
        return tr.gettext(MSG_WAL_BUSY)
    if disk.backend == "postgresql":
        return tr.gettext(MSG_VACUUMED)
    return tr.gettext("This database cannot be told to clear the erased data from its files.")


def is_interactive() -> bool:
    """Someone at a terminal can answer a question."""
    return sys.stdin.isatty()


def _confirm(tr: Translator, db: Database, person: str, delete_answers: bool) -> None:
    """Ask at a terminal; refuse where no one can answer. The person must exist first."""
    from bot.services import privacy as service

    name = service.person_name(db, person)
    if not is_interactive():
        common.fail([tr.gettext(MSG_NEEDS_YES)])
    typer.echo(tr.gettext("This erases {name} ({key}) for good.", name=name, key=person))
    if delete_answers:
        typer.echo(tr.gettext("Their answers are deleted too; the board's figures will drop."))
    else:
        typer.echo(
            tr.gettext(
                "Their answers' choices and numbers stay, without name or text, "
                "so the board's figures hold."
            )
        )
    typed = typer.prompt(tr.gettext("Type the id {key} to confirm", key=person), default="")
    if typed.strip() != person:
        typer.echo(tr.gettext(MSG_NOT_CONFIRMED), err=True)
        raise typer.Exit(EXIT_ABORTED)


def erasure_report(tr: Translator, person: str, result: ErasureResult) -> list[str]:
    """What the erasure did, for the administrator who ran it."""
    removed = result.removed
    lines = [
        tr.gettext("Erased {key}.", key=person),
        tr.gettext(
            "Removed – chat accounts: {chats}, board memberships: {boards}, unit links: "
            "{units}, invite codes: {invites}, delivery records: {attempts}.",
            chats=tr.number(removed.get("chat_accounts", 0)),
            boards=tr.number(removed.get("board_memberships", 0)),
            units=tr.number(removed.get("unit_links", 0)),
            invites=tr.number(removed.get("invite_codes", 0)),
            attempts=tr.number(removed.get("delivery_attempts", 0)),
        ),
        tr.ngettext(
            "{n} comment or blocker text deleted.",
            "{n} comment and blocker texts deleted.",
            result.texts_removed,
        ),
    ]
    if result.tombstone_key is not None:
        lines.append(
            tr.ngettext(
                "{n} answer kept for the board's figures, with no name or text.",
                "{n} answers kept for the board's figures, with no name or text.",
                result.answers_kept,
            )
        )
    else:
        lines.append(
            tr.ngettext("{n} answer deleted.", "{n} answers deleted.", result.answers_deleted)
        )
    if result.plan_items_naming_key:
        lines.append(
            tr.gettext(
                "These plan items named the person as owner and now name nobody; remove the "
                "id from the plan file too, or the next plan import names them again: {items}",
                items=", ".join(result.plan_items_naming_key),
            )
        )
    lines.append(tr.gettext(MSG_ROSTER_WARNING))
    lines.append(tr.gettext("The audit log records the erasure as {hash}.", hash=result.key_hash))
    return lines


def register(app: typer.Typer) -> None:
    """Add export and erase to `ombud people`; `people` itself is registered by its module."""
    people_app.command("export", help=N_("Everything stored about one person, as JSON."))(export)
    people_app.command("erase", help=N_("Erase one person and every link to them."))(erase)
