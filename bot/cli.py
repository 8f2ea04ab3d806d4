"""The `ombud` command, with its help in the administrator's language."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer
from typer import _click  # typer bundles its own click; the command tree is made of its types

import bot.commands
from bot import cli_coercion, cli_frame
from bot.commands.common import state
from bot.core.i18n import N_, Translator
from config import locate
from config.locate import config_argument

# The root command. Sub-commands register when a command line names them (see build_app), so
# `ombud tick` does not load every other command's imports; `app` has them all.
_root = typer.Typer(
    name="ombud",
    help=N_("Ombud follows a union's activity plan through the year."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# Help texts typer and click add to every command; marked here so they are translated too.
FRAMEWORK_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
CONFIG_OPTIONS = ("--config", "-c")  # as config.locate.config_argument reads them


def show_version(value: bool) -> None:
    """--version: the installed distribution's version, before any config is looked for."""
    if value:
        from importlib.metadata import version

        typer.echo(f"ombud {version('ombud')}")
        raise typer.Exit()


@_root.callback()
def root(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", envvar="OMBUD_CONFIG", help=N_("The ombud.toml to use.")),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help=N_("Show the installed version of Ombud and exit."),
            callback=show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    state(ctx).config = config


_registered: set[str] = set()


def register_commands(name: str | None = None) -> None:
    """Modules in bot.commands that define `register(app)` add their commands.

    With `name`, only the modules named for it: `name` itself and `name_*` (the `db`
    group is db.py, db_backup.py and db_prune.py). Without, every module.
    """
    for info in sorted(pkgutil.iter_modules(bot.commands.__path__), key=lambda m: m.name):
        if info.name in _registered:
            continue
        if name is not None and info.name != name and not info.name.startswith(f"{name}_"):
            continue
        _registered.add(info.name)
        module = importlib.import_module(f"bot.commands.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(_root)


def registered_names() -> set[str]:
    """The names of the sub-commands and groups registered so far."""
    names = [info.name for info in _root.registered_commands]
    names += [info.name for info in _root.registered_groups]
    return {name for name in names if name is not None}


def __getattr__(name: str) -> typer.Typer:
    """`app`: the root command with every sub-command registered."""
    if name == "app":
        register_commands()
        return _root
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def command_name(argv: Sequence[str]) -> str | None:
    """The sub-command a command line names: the first word after the root options."""
    tokens = iter(argv)
    for token in tokens:
        if token in CONFIG_OPTIONS:
            next(tokens, None)  # the option's value
        elif token == "--":
            return next(tokens, None)
        elif not token.startswith("-"):
            return token
    return None


def cli_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The configured CLI language; OMBUD_LANGUAGE wins; a config that cannot be read gives en."""
    return locate.cli_language(config_argument(argv), environ)


def translate_help(command: _click.Command, tr: Translator) -> None:
    """Translate the help of a command, its parameters and every sub-command, in place."""
    if command.help:
        command.help = tr.gettext(command.help)
    if command.short_help:
        command.short_help = tr.gettext(command.short_help)
    help_option = command.get_help_option(_click.Context(command))
    for param in [*command.params, *([help_option] if help_option else [])]:
        text = getattr(param, "help", None)
        if isinstance(text, str) and text:
            param.help = tr.gettext(text)  # type: ignore[attr-defined]
    for child in getattr(command, "commands", {}).values():
        translate_help(child, tr)


def build_app(argv: Sequence[str], environ: Mapping[str, str]) -> _click.Command:
    """The `ombud` command tree, its help translated into the language argv and environ give.

    Only the modules of the sub-command argv names are loaded; for help, or a name that
    no module is named for (`init` is in db.py), all of them.
    """
    name = command_name(argv)
    register_commands(name)
    if name is None or name not in registered_names():
        register_commands()
    command = typer.main.get_command(_root)
    translate_help(command, tr := Translator(cli_language(argv, environ)))
    cli_coercion.install(command)  # option values checked without building pydantic adapters
    cli_frame.install(command, tr)  # typer's and click's own texts, in the same language
    return command


def main() -> None:
    build_app(sys.argv[1:], os.environ).main(prog_name="ombud")
