"""`ombud init` and `ombud db upgrade`: a config file and a database at the current schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.commands import common
from bot.core.i18n import N_

db_app = typer.Typer(help=N_("The database."), no_args_is_help=True)
EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "config" / "ombud.example.toml"


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


def init(
    ctx: typer.Context,
    path: Annotated[Path, typer.Option(help=N_("Where to write the config file."))] = Path(
        "ombud.toml"
    ),
    force: Annotated[bool, typer.Option(help=N_("Overwrite an existing config file."))] = False,
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
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private_text(path, example_config())
    common.state(ctx).config = path
    current = common.settings(ctx)
    tr = common.translator(current)
    with common.user_errors(tr), common.database(current, create=True):
        pass  # opening the database brings it to the current schema
    typer.echo(tr.gettext("Wrote {path} and created the database.", path=path))
    typer.echo(tr.gettext("Next: import a roster and a plan, then try `ombud chat --as PERSON`."))


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.command("init", help=N_("Write a commented ombud.toml and create its database."))(init)
