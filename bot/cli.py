"""The `ombud` command."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Annotated

import typer

import bot.commands
from bot.commands.common import state

app = typer.Typer(
    name="ombud",
    help="Ombud follows a union's activity plan through the year.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", envvar="OMBUD_CONFIG", help="The ombud.toml to use."),
    ] = None,
) -> None:
    state(ctx).config = config


def _register_commands() -> None:
    """Each module in bot.commands that defines `register(app)` adds its commands."""
    for info in sorted(pkgutil.iter_modules(bot.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"bot.commands.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_register_commands()


def main() -> None:
    app()
