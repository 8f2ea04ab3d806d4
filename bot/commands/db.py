"""`ombud init` and `ombud db upgrade`: a config file and a database at the current schema."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bot.commands import common
from bot.core.i18n import N_, negotiate_locale

db_app = typer.Typer(help=N_("The database."), no_args_is_help=True)
EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "config" / "ombud.example.toml"
# The example's one top-level `language` line, the command line's language.
_LANGUAGE_LINE = re.compile(r'^language = "[a-z]{2}"$', re.MULTILINE)
_DEFAULT_LOCALE_LINE = re.compile(r'^default_locale = "[a-z]{2}"$', re.MULTILINE)
_DEFAULT_TIMEZONE_LINE = re.compile(r'^default_timezone = "[A-Za-z_/]+"$', re.MULTILINE)
# Where the environment says its language, most specific first, as gettext reads them.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
FALLBACK_LANGUAGE = "sv"  # what init wrote before it could be chosen


class Language(StrEnum):
    """The languages `ombud init --language` takes: the supported locales."""

    SV = "sv"
    NB = "nb"
    NN = "nn"
    EN = "en"


LANGUAGE_NAMES = {
    Language.SV: N_("Swedish"),
    Language.NB: N_("Norwegian Bokmål"),
    Language.NN: N_("Norwegian Nynorsk"),
    Language.EN: N_("English"),
}


def example_config() -> str:
    installed = Path(__file__).resolve().parents[1] / "_config" / "ombud.example.toml"
    source = installed if installed.is_file() else EXAMPLE_CONFIG
    return source.read_text(encoding="utf-8")


@db_app.command("upgrade", help=N_("Create the database or bring it to the current schema."))
def db_upgrade(ctx: typer.Context) -> None:
    """Create the database or bring it to the current schema."""
    current = common.settings(ctx)
    tr = common.translator(current)
    with common.user_errors(tr), common.database(current, create=True):
        pass  # opening the database brings it to the current schema
    typer.echo(tr.gettext("The database is up to date."))


def default_language(environ: Mapping[str, str]) -> Language:
    """OMBUD_LANGUAGE when it names a supported language, else the environment's locale
    (LC_ALL, LC_MESSAGES, LANG: the first one set decides) when it is one of them, else sv."""
    override = environ.get("OMBUD_LANGUAGE", "")
    if override in set(Language):
        return Language(override)
    locale = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    # "nb_NO.UTF-8" and "no_NO" are bokmål, "en_GB.UTF-8" English; "C.UTF-8" is none.
    found = negotiate_locale(locale.partition(".")[0], default="")
    return Language(found) if found in set(Language) else Language(FALLBACK_LANGUAGE)


# The time zone a union of each language most likely lives in, for people the roster gives none.
_TIMEZONES = {
    Language.SV: "Europe/Stockholm",
    Language.NB: "Europe/Oslo",
    Language.NN: "Europe/Oslo",
    Language.EN: "Europe/Stockholm",
}


def config_text(language: Language) -> str:
    """The example config with `language`, and the defaults for people the roster gives no
    language or time zone, set for a union that speaks `language`; its comments are in
    `language` too."""
    from bot.commands.init_comments import translate_comments
    from bot.core.i18n import Translator

    text = translate_comments(example_config(), Translator(language.value))
    for pattern, line in (
        (_LANGUAGE_LINE, f'language = "{language.value}"'),
        (_DEFAULT_LOCALE_LINE, f'default_locale = "{language.value}"'),
        (_DEFAULT_TIMEZONE_LINE, f'default_timezone = "{_TIMEZONES[language]}"'),
    ):
        text, count = pattern.subn(line, text)
        if count != 1:
            raise RuntimeError(f"the example config has no single line for {line.split()[0]}")
    return text


def found_by_default(path: Path) -> bool:
    """Whether a command given no --config reads `path` (./ombud.toml, the system file...)."""
    from config.locate import config_path

    found = config_path(None, os.environ)
    return found is not None and found.resolve() == path.resolve()


def init(
    ctx: typer.Context,
    path: Annotated[Path, typer.Option(help=N_("Where to write the config file."))] = Path(
        "ombud.toml"
    ),
    force: Annotated[bool, typer.Option(help=N_("Overwrite an existing config file."))] = False,
    language: Annotated[
        Language | None,
        typer.Option(
            "--language",
            help=N_(
                "The command line's language: sv, nb, nn or en. Default: OMBUD_LANGUAGE, "
                "else the language of the environment (LC_ALL, LANG) if it is one of them, "
                "else sv."
            ),
        ),
    ] = None,
) -> None:
    """Write a commented ombud.toml and create its database."""
    from bot.app import cli_translator
    from bot.core.errors import ConfigError
    from bot.core.files import write_private_text
    from config.settings import load_settings

    if path.exists() and not force:
        try:
            tr = cli_translator(load_settings(path))
        except ConfigError:
            tr = cli_translator(load_settings(None, {}))
        common.fail([tr.gettext("{path} exists already; use --force to overwrite it.", path=path)])
    chosen = default_language(os.environ) if language is None else language
    before = path.read_bytes() if path.is_file() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private_text(path, config_text(chosen))
    common.state(ctx).config = path
    try:
        current = common.settings(ctx)
    except typer.Exit:
        # The new file is fine, the environment is not (an OMBUD_* variable, said above).
        # Leave things as they were, so init can simply run again once that is put right.
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
        raise
    tr = common.translator(current)
    with common.user_errors(tr), common.database(current, create=True):
        pass  # opening the database brings it to the current schema
    typer.echo(tr.gettext("Wrote {path} and created the database.", path=path))
    name = tr.gettext(LANGUAGE_NAMES[chosen])
    typer.echo(
        tr.gettext(
            'Language of the command line: {language} (language = "{code}" in {path}).',
            language=name,
            code=chosen.value,
            path=path,
        )
    )
    typer.echo(
        tr.gettext(
            "People the roster gives no language or time zone get {language} and {timezone} "
            "(default_locale and default_timezone).",
            language=name,
            timezone=_TIMEZONES[chosen],
        )
    )
    if not found_by_default(path):
        typer.echo(
            tr.gettext(
                "Other commands find it with `ombud --config {path} …` or OMBUD_CONFIG={path}.",
                path=path,
            )
        )
    typer.echo(tr.gettext("Next: import a roster and a plan, then try `ombud chat --as PERSON`."))


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.command("init", help=N_("Write a commented ombud.toml and create its database."))(init)
