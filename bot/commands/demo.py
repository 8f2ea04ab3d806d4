"""`ombud demo`: the whole story on a fresh temporary database, with no tokens and no network."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from bot.commands import common
from bot.core.i18n import N_

LANGUAGES = ("sv", "nb")


def demo(
    ctx: typer.Context,
    out: Annotated[
        Path | None, typer.Option(help=N_("Folder for the demo's database and files."))
    ] = None,
    lang: Annotated[
        list[str] | None, typer.Option(help=N_("Which example to run: sv, nb (default both)."))
    ] = None,
) -> None:
    """Run the whole story: plans, reminders, answers and the board's view, in the terminal."""
    import asyncio

    from bot import app as composition
    from bot.demo.boards import print_digests, write_files
    from bot.demo.report import print_answers
    from bot.demo.story import Story
    from bot.services.database import upgrade
    from config.settings import Settings

    languages = tuple(lang or LANGUAGES)
    base = Settings(language=_cli_language(ctx))
    tr = common.translator(base)
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        common.fail([tr.gettext("--lang: use sv or nb.")])
    folder = out or Path(tempfile.mkdtemp(prefix="ombud-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    settings = base.model_copy(update={"database_url": f"sqlite:///{folder / 'demo.db'}"})
    started = time.monotonic()
    db = composition.open_database(settings)
    try:
        upgrade(db)
        story = Story(settings, db, sys.stdout)
        typer.echo(tr.gettext("Ombud demo: the example plans and an autumn of reminders."))
        asyncio.run(story.run(languages))
        print_answers(db, tr, sys.stdout)
        now = story.clock.now()
        typer.echo("\n" + tr.gettext("The boards' weekly digests:"))
        asyncio.run(print_digests(db, now, languages, sys.stdout))
        written = write_files(db, folder, now, tr)
        typer.echo("\n" + tr.gettext("Progress charts, year-end drafts and the export:"))
        for path in written:
            typer.echo(f"  {path}")
    finally:
        db.dispose()
    seconds = time.monotonic() - started
    typer.echo(
        tr.gettext(
            "Done in {seconds} s. Files are in {folder}", seconds=tr.decimal(seconds), folder=folder
        )
    )


def _cli_language(ctx: typer.Context) -> str:
    """The demo ignores the configured database but keeps the configured language."""
    try:
        return common.settings(ctx, required=False).language
    except typer.Exit:
        return "en"


def register(app: typer.Typer) -> None:
    app.command(
        "demo",
        help=N_(
            "Run the whole story: plans, reminders, answers and the board's view, in the terminal."
        ),
    )(demo)
