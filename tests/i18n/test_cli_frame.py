"""typer's and click's own texts in the CLI language: usage, panels, markers and errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer import _click, rich_utils

from bot import cli_frame
from bot.cli import build_app
from bot.core.i18n import Translator


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    build_app([], {})


def install(locale: str) -> _click.Command:
    command = build_app([], {"OMBUD_LANGUAGE": locale})
    cli_frame.install(command, Translator(locale))
    return command


@pytest.mark.parametrize(
    ("english", "swedish"),
    [
        ("Missing argument 'file'.", "Argumentet 'file' saknas."),
        ("Missing option '--format' / '-f'.", "Alternativet '--format' / '-f' saknas."),
        (
            "Missing option '-f'. Choose from:\n\tcsv,\n\tjson",
            "Alternativet '-f' saknas. Välj ett av: csv, json",
        ),
        ("No such option: --bogus", "Okänt alternativ: --bogus"),
        ("No such command 'bogus'.", "Det finns inget kommando som heter ”bogus”."),
        (
            "No such command 'impor'. Did you mean 'import'?",
            "Det finns inget kommando som heter ”impor”. Menade du 'import'?",
        ),
        ("Option '--out' requires an argument.", "Alternativet --out behöver ett värde."),
        ("Got unexpected extra argument (x)", "Oväntat extra argument: x"),
        (
            "Invalid value for '--format' / '-f': Value error, 'pdf' is not one of 'csv', 'json'.",
            "Ogiltigt värde för '--format' / '-f': 'pdf' är inte något av 'csv', 'json'.",
        ),
        (
            "Invalid value for 'FILE': Path 'x.yaml' does not exist.",
            "Ogiltigt värde för 'FILE': 'x.yaml' finns inte.",
        ),
        (
            # A config file the user may not read, named by OMBUD_CONFIG or --config.
            "Invalid value for '--config' / '-c' (env var: 'OMBUD_CONFIG'): "
            "path '/etc/ombud/ombud.toml' is not readable.",
            "Ogiltigt värde för '--config' / '-c' (miljövariabeln 'OMBUD_CONFIG'): "
            "'/etc/ombud/ombud.toml' går inte att läsa.",
        ),
        ("Something typer says one day.", "Something typer says one day."),
    ],
)
def test_usage_errors_are_translated(english: str, swedish: str) -> None:
    install("sv")
    assert cli_frame.translate_error(english) == swedish


def test_panels_markers_and_usage_follow_the_language() -> None:
    command = install("nn")
    assert rich_utils.OPTIONS_PANEL_TITLE == "Val"
    assert rich_utils.COMMANDS_PANEL_TITLE == "Kommandoar"
    assert rich_utils.REQUIRED_LONG_STRING == "[påkravd]"
    assert rich_utils.DEFAULT_STRING.format("docx") == "[standard: docx]"
    usage = command.get_usage(_click.Context(command, info_name="ombud"))
    assert usage == "Bruk: ombud [VAL] KOMMANDO [ARGUMENT]..."
    assert cli_frame.translate_type("<path>") == "<sti>"


def test_english_stays_english() -> None:
    command = install("en")
    assert rich_utils.OPTIONS_PANEL_TITLE == "Options"
    usage = command.get_usage(_click.Context(command, info_name="ombud"))
    assert usage == "Usage: ombud [OPTIONS] COMMAND [ARGS]..."
    assert cli_frame.translate_error("No such option: --x") == "No such option: --x"


def test_a_flag_shows_no_value_type_in_help() -> None:
    # "--help <yes/no>" and "--force <yes/no>" read as if they took a word; a flag takes none.
    command = install("sv")
    init = command.commands["init"]  # type: ignore[attr-defined]
    ctx = _click.Context(init, info_name="init")
    shown = {p.name: p.display_type(ctx) for p in init.get_params(ctx)}
    assert shown["force"] == ""
    assert shown["help"] == ""
    assert shown["path"] == "<sökväg>"
