"""What every sub-command shares: settings from --config, the database, errors as lines."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

import typer
from sqlalchemy.exc import OperationalError

from bot import app as composition
from bot.core.errors import ConfigError, InputFileError, Problem, UserFacingError
from bot.core.i18n import N_, Translator
from config.settings import Settings
from storage.engine import Database, DatabaseBusyError, is_sqlite_locked
from storage.migrate import upgrade

EXIT_USAGE = 2
# The one meaning of `--at` in every command that takes it.
AT_HELP = N_(
    "Act as if it were this time: an ISO date and time, e.g. 2025-03-03T09:00, read in the "
    "configured time zone; an explicit offset (2025-03-03T09:00+01:00, or Z for UTC) is honoured."
)


@dataclass
class CliState:
    config: Path | None = None


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def settings(ctx: typer.Context) -> Settings:
    try:
        return composition.load(state(ctx).config)
    except ConfigError as exc:
        fail(exc.problems)


def translator(current: Settings) -> Translator:
    return composition.cli_translator(current)


@contextmanager
def database(current: Settings) -> Iterator[Database]:
    """The configured database, brought to the current schema (a no-op when it is).

    A database that another program keeps locked ends the command with one clear line.
    """
    db = composition.open_database(current)
    try:
        upgrade(db)
        yield db
    except DatabaseBusyError as exc:
        fail([translator(current).gettext(exc.msgid, **exc.params)])
    except OperationalError as exc:
        if not is_sqlite_locked(exc):
            raise
        busy = DatabaseBusyError(db.busy_timeout_s)
        fail([translator(current).gettext(busy.msgid, **busy.params)])
    finally:
        db.dispose()


def format_problem(problem: Problem, tr: Translator) -> str:
    where = problem.file
    if problem.line is not None:
        where += f":{problem.line}"
    field = f" {problem.field}:" if problem.field else ""
    return f"{where}:{field} {tr.gettext(problem.msgid, **problem.params)}"


def fail(lines: list[str]) -> NoReturn:
    for line in lines:
        print(line, file=sys.stderr)
    raise typer.Exit(EXIT_USAGE)


@contextmanager
def user_errors(tr: Translator) -> Iterator[None]:
    """Turn the errors a person can fix into clear lines on stderr and exit code 2."""
    try:
        yield
    except InputFileError as exc:
        fail([format_problem(p, tr) for p in exc.problems])
    except UserFacingError as exc:
        fail([tr.gettext(exc.msgid, **exc.params)])
    except ConfigError as exc:
        fail(exc.problems)


def parse_at(text: str, timezone: str) -> datetime:
    """An ISO instant in UTC; without an offset it is local time in `timezone`."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(timezone))
    return value.astimezone(UTC)


def at_option(text: str | None, current: Settings, tr: Translator) -> datetime | None:
    """`--at` read as `parse_at` reads it; a value that is no time ends the command clearly."""
    if text is None:
        return None
    try:
        return parse_at(text, current.default_timezone)
    except ValueError:
        fail([tr.gettext("--at needs an ISO date and time, e.g. 2025-03-03T09:00:00+01:00.")])
