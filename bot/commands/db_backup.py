"""`ombud db backup` and `ombud db restore`: a safe copy of a running SQLite database, and back."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import common
from bot.commands.db import db_app
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:
    from config.settings import Settings

# The whole command, ready to run: a wheel install has no docs folder to point at.
MSG_PG_BACKUP = N_(
    "The database is PostgreSQL: back it up with PostgreSQL's own tool, which asks for the "
    "password (or reads PGPASSWORD or ~/.pgpass): {command}"
)
MSG_PG_RESTORE = N_(
    "The database is PostgreSQL: stop the service, then restore with PostgreSQL's own tool, "
    "which asks for the password (or reads PGPASSWORD or ~/.pgpass): {command}"
)
MSG_SERVICE_RUNNING = N_(
    "{database} is in use by a running Ombud service ({lock} is locked): "
    "stop the service first (systemctl stop ombud), then run the restore again."
)
MSG_NOT_A_FILE = N_("The database {database} is not a file, so there is nothing to copy.")
MSG_CONFIRM = N_(
    "This replaces everything in {database} with the contents of {file}. "
    "Stop the service first, then run the command again with --yes."
)


def postgres_command(current: Settings, postgres_msgid: str, file: Path) -> str:
    """pg_dump or pg_restore for the configured database, its password left out."""
    from bot import app as composition

    url = shlex.quote(composition.libpq_url(current.database_url))
    name = shlex.quote(str(file))
    if postgres_msgid == MSG_PG_BACKUP:
        return f"pg_dump --format=custom --file {name} {url}"
    return f"pg_restore --clean --if-exists --dbname {url} {name}"


def sqlite_file(current: Settings, tr: Translator, postgres_msgid: str, file: Path) -> Path:
    """The configured SQLite file; PostgreSQL and in-memory databases are explained instead."""
    from bot import app as composition

    path = composition.sqlite_path(current.database_url)
    if path is None:
        if "postgres" in current.database_url:
            command = postgres_command(current, postgres_msgid, file)
            common.fail([tr.gettext(postgres_msgid, command=command)])
        common.fail([tr.gettext(MSG_NOT_A_FILE, database=current.database_url)])
    return path


@db_app.command(
    "backup", help=N_("Copy the SQLite database to FILE, safely while the service runs.")
)
def db_backup(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help=N_("The backup file to write (readable by you only)."))
    ],
) -> None:
    """Copy the SQLite database to FILE, safely while the service runs."""
    from bot import app as composition

    current = common.settings(ctx)
    tr = common.translator(current)
    database = sqlite_file(current, tr, MSG_PG_BACKUP, file)
    with common.user_errors(tr):
        try:
            pages = composition.backup_sqlite(database, file)
        except OSError as exc:
            common.fail([f"{file}: {tr.os_reason(exc)}"])
    typer.echo(
        tr.gettext(
            "Backed up {database} to {file} ({pages} pages).",
            database=database,
            file=file,
            pages=tr.number(pages),
        )
    )


@db_app.command(
    "restore", help=N_("Replace the SQLite database with a backup; stop the service first.")
)
def db_restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("A file written by `ombud db backup`."))],
    yes: Annotated[
        bool, typer.Option("--yes", help=N_("Yes, replace the current database."))
    ] = False,
) -> None:
    """Replace the SQLite database with a backup; stop the service first."""
    from bot import app as composition

    current = common.settings(ctx)
    tr = common.translator(current)
    database = sqlite_file(current, tr, MSG_PG_RESTORE, file)
    try:
        file.open("rb").close()
    except OSError as exc:
        common.fail([f"{file}: {tr.os_reason(exc)}"])
    if not yes:
        common.fail([tr.gettext(MSG_CONFIRM, database=database, file=file)])
    held = composition.service_lock(database)
    if held is not None:  # the service would go on with its own idea of the database
        common.fail([tr.gettext(MSG_SERVICE_RUNNING, database=database, lock=held)])
    with common.user_errors(tr):
        composition.restore_sqlite(file, database)
    with common.database(current, create=True):
        pass  # a backup from an older version is brought to the current schema
    typer.echo(
        tr.gettext(
            "Restored {database} from {file}. Start the service again.",
            database=database,
            file=file,
        )
    )
