"""What every sub-command shares: settings from --config, the database, errors as lines."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from zoneinfo import ZoneInfo

import typer

from bot.core.errors import ConfigError, InputFileError, Problem, UserFacingError
from bot.core.i18n import DEFAULT_LOCALE, N_, Translator, is_supported_locale
from config.locate import config_path, system_config

if TYPE_CHECKING:
    from bot.services.database import Database
    from config.quick import QuickSettings
    from config.settings import Settings

EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
MSG_NO_CONFIG = N_(
    "No config file found (looked for --config, OMBUD_CONFIG, ./ombud.toml and {system}). "
    "Write one with `ombud init`, or name yours with --config FILE or OMBUD_CONFIG=FILE."
)
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


def settings(ctx: typer.Context, required: bool = True) -> Settings:
    """The settings; with `required`, a missing config file stops the command with advice."""
    explicit = state(ctx).config
    if required and not configured(explicit, os.environ):
        override = os.environ.get("OMBUD_LANGUAGE", "")
        tr = Translator(override if is_supported_locale(override) else DEFAULT_LOCALE)
        fail([tr.gettext(MSG_NO_CONFIG, system=system_config())])
    from bot import app as composition

    try:
        return composition.load(explicit)
    except ConfigError as exc:
        fail(exc.problems)


def quick_settings(ctx: typer.Context) -> QuickSettings | None:
    """What an idle tick reads, when the full load would accept the config and agree; else
    None, and the command loads the settings in full (which reports any problem)."""
    from config.quick import quick_settings as read

    explicit = state(ctx).config
    if not configured(explicit, os.environ):
        return None
    return read(explicit, os.environ)


def configured(explicit: Path | None, environ: Mapping[str, str]) -> bool:
    """A config file was found, or the environment names the database outright."""
    # Without either, a command would silently make a new ./ombud.db wherever it ran.
    named = {"OMBUD_DATABASE_URL", "OMBUD_DATABASE_URL_FILE"} & set(environ)
    return config_path(explicit, dict(environ)) is not None or bool(named)


def translator(current: Settings) -> Translator:
    from bot import app as composition

    return composition.cli_translator(current)


@contextmanager
def database(current: Settings, create: bool = False) -> Iterator[Database]:
    """The configured database at the current schema; with `create`, made or upgraded first.

    Without `create`, a database that is missing or behind ends the command with one line
    that says to run `ombud db upgrade` (exit 2, as for the config's other problems); one
    that cannot be reached with exit 3; one that another program keeps locked with exit 2.
    """
    from bot import app as composition
    from bot.services.database import DatabaseBusy, opened

    try:
        with opened(current, create=create) as db:
            yield db
    except composition.DatabaseNotReady as exc:
        fail([translator(current).gettext(exc.msgid, **exc.params)], EXIT_USAGE)
    except composition.DatabaseUnavailable as exc:
        fail([translator(current).gettext(exc.msgid, **exc.params)], EXIT_UNAVAILABLE)
    except DatabaseBusy as exc:
        fail([translator(current).gettext(exc.msgid, **exc.params)])


def format_problem(problem: Problem, tr: Translator) -> str:
    where = problem.file
    if problem.line is not None:
        where += f":{problem.line}"
    field = f" {problem.field}:" if problem.field else ""
    params = {
        k: tr.reason(v) if isinstance(v, str) and k == "reason" else v
        for k, v in problem.params.items()
    }
    return f"{where}:{field} {tr.gettext(problem.msgid, **params)}"


def fail(lines: list[str], code: int = EXIT_USAGE) -> NoReturn:
    for line in lines:
        print(line, file=sys.stderr)
    raise typer.Exit(code)


def no_such_person(tr: Translator, key: str) -> NoReturn:
    """A person's key that is not in the database, and where the keys are to be found."""
    fail(
        [
            tr.gettext("No person with the key {key}.", key=key),
            tr.gettext(
                "A person's key is their id in the roster (not their name); {command} lists them.",
                command="ombud people list",
            ),
        ]
    )


@contextmanager
def user_errors(tr: Translator) -> Iterator[None]:
    """Errors a person can fix as clear lines on stderr: exit code 2, or 3 for no database."""
    from bot import app as composition

    try:
        yield
    except InputFileError as exc:
        fail([format_problem(p, tr) for p in exc.problems])
    except composition.DatabaseUnavailable as exc:
        fail([tr.gettext(exc.msgid, **exc.params)], EXIT_UNAVAILABLE)
    except UserFacingError as exc:
        fail([tr.gettext(exc.msgid, **exc.params)])
    except ConfigError as exc:
        # A platform's settings problem is a msgid; one from loading the config is said already.
        fail([tr.gettext(problem) for problem in exc.problems])


def parse_at(text: str, timezone: str) -> datetime:
    """An ISO instant in UTC; without an offset it is local time in `timezone`."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(timezone))
    return value.astimezone(UTC)


def at_option(text: str | None, current: Settings, tr: Translator) -> datetime | None:
    """`--at` read as `parse_at` reads it; a value that is no time ends the command clearly."""
    return at_option_in(text, current.default_timezone, tr)


def at_option_in(text: str | None, timezone: str, tr: Translator) -> datetime | None:
    """`at_option` with the configured time zone given as it stands."""
    if text is None:
        return None
    try:
        return parse_at(text, timezone)
    except ValueError:
        fail([tr.gettext("--at needs an ISO date and time, e.g. 2025-03-03T09:00:00+01:00.")])
