"""`ombud --help` speaks the administrator's language: from OMBUD_LANGUAGE or the config file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer import _click
from typer.testing import CliRunner

from bot.cli import build_app, cli_language, main
from config.locate import config_argument

ROOT_HELP = {
    "sv": "Ombud följer fackets verksamhetsplan genom året.",
    "nb": "Ombud følger fagforeningens handlingsplan gjennom året.",
    "nn": "Ombud følgjer handlingsplanen til fagforeininga gjennom året.",
    "en": "Ombud follows a union's activity plan through the year.",
}
PLAN_GROUP_HELP = {
    "sv": "Importera, lista och visa verksamhetsplaner.",
    "nb": "Importer, list opp og vis handlingsplaner.",
    "nn": "Importer, list opp og vis handlingsplanar.",
}
HELP_OPTION = {
    "sv": "Visa den här hjälptexten och avsluta.",
    "nb": "Vis denne hjelpeteksten og avslutt.",
    "nn": "Vis denne hjelpeteksten og avslutt.",
}
PLAN_IMPORT_HELP = {
    "sv": (
        "Importera en planfil; importerar du samma plan-id igen uppdateras planen.",
        "Planfilen (YAML).",
        "Enhetens nyckel, om filen inte anger någon.",
    ),
    "nb": (
        "Importer en planfil; importerer du samme plan-id på nytt, blir planen oppdatert.",
        "Planfila (YAML).",
        "Nøkkelen til enheten, hvis fila ikke oppgir noen.",
    ),
    "nn": (
        "Importer ei planfil; importerer du same plan-id på nytt, vert planen oppdatert.",
        "Planfila (YAML).",
        "Nøkkelen til eininga, om fila ikkje oppgjev nokon.",
    ),
}
ENGLISH_PLAN_IMPORT = (
    "Import a plan file; re-importing the same plan id updates it in place.",
    "The plan file (YAML).",
    "The unit key, when the file names none.",
    "Show this message and exit.",
)


@pytest.fixture(autouse=True)
def no_ambient_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ./ombud.toml, OMBUD_CONFIG or OMBUD_LANGUAGE from the machine running the tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OMBUD_CONFIG", raising=False)
    monkeypatch.delenv("OMBUD_LANGUAGE", raising=False)


def ombud(monkeypatch: pytest.MonkeyPatch, *args: str, language: str | None = None) -> str:
    """Run the real entry point with argv; the help it prints, boxes and wrapping removed."""
    monkeypatch.setattr(sys, "argv", ["ombud", *args])
    env = {"OMBUD_LANGUAGE": language} if language else {}
    with CliRunner().isolation(env=env) as (stdout, _stderr, _output):
        with pytest.raises(SystemExit) as exited:
            main()
        text = stdout.getvalue().decode("utf-8")
    assert exited.value.code == 0, text
    return " ".join(text.replace("│", " ").split())


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "custom.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_root_help_follows_ombud_language(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    shown = ombud(monkeypatch, "--help", language=language)
    assert ROOT_HELP[language] in shown
    assert PLAN_GROUP_HELP[language] in shown
    assert HELP_OPTION[language] in shown
    assert ROOT_HELP["en"] not in shown
    assert "Import, list and show activity plans." not in shown


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_plan_import_help_follows_ombud_language(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    shown = ombud(monkeypatch, "plan", "import", "--help", language=language)
    for text in (*PLAN_IMPORT_HELP[language], HELP_OPTION[language]):
        assert text in shown
    for english in ENGLISH_PLAN_IMPORT:
        assert english not in shown


def test_without_language_or_config_help_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = ombud(monkeypatch, "plan", "import", "--help")
    for english in ENGLISH_PLAN_IMPORT:
        assert english in shown


@pytest.mark.parametrize("form", ["--config {}", "-c {}", "--config={}", "-c{}"])
def test_config_named_on_the_command_line_gives_its_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, form: str
) -> None:
    config = write_config(tmp_path, 'language = "nn"\n')
    args = form.format(config).split(" ")
    shown = ombud(monkeypatch, *args, "plan", "import", "--help")
    assert PLAN_IMPORT_HELP["nn"][0] in shown
    assert HELP_OPTION["nn"] in shown


def test_ombud_config_and_the_default_file_are_read_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OMBUD_CONFIG", str(write_config(tmp_path, 'language = "nb"\n')))
    assert PLAN_GROUP_HELP["nb"] in ombud(monkeypatch, "--help")
    monkeypatch.delenv("OMBUD_CONFIG")
    (tmp_path / "ombud.toml").write_text('language = "sv"\n', encoding="utf-8")
    assert PLAN_GROUP_HELP["sv"] in ombud(monkeypatch, "--help")


def test_ombud_language_overrides_the_config_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = write_config(tmp_path, 'language = "nn"\n')
    shown = ombud(monkeypatch, "--config", str(config), "--help", language="sv")
    assert ROOT_HELP["sv"] in shown


@pytest.mark.parametrize(
    "text",
    [
        "language = [\n",  # not TOML
        'language = "de"\n',  # not a supported language
        "no_such_setting = 1\n",  # unknown key
        '[telegram]\ntoken = "123:abc"\n',  # a secret in the file
    ],
)
def test_a_broken_config_still_shows_help_in_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str
) -> None:
    config = write_config(tmp_path, text)
    shown = ombud(monkeypatch, "--config", str(config), "plan", "import", "--help")
    for english in ENGLISH_PLAN_IMPORT:
        assert english in shown


def test_a_missing_config_file_still_shows_help_in_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown = ombud(monkeypatch, "-c", str(tmp_path / "absent.toml"), "--help")
    assert ROOT_HELP["en"] in shown


def test_cli_language_falls_back_quietly(tmp_path: Path) -> None:
    broken = write_config(tmp_path, "language = [\n")
    assert cli_language(["--config", str(broken)], {}) == "en"
    assert cli_language(["--config", str(broken)], {"OMBUD_LANGUAGE": "nb"}) == "nb"
    assert cli_language([], {"OMBUD_LANGUAGE": "de"}) == "en"
    assert cli_language([], {"OMBUD_TELEGRAM": "not json"}) == "en"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--config", "a.toml", "plan"], "a.toml"),
        (["-c", "b.toml", "--help"], "b.toml"),
        (["--config=c.toml"], "c.toml"),
        (["-cd.toml", "run"], "d.toml"),
        (["--help", "-c", "e.toml"], "e.toml"),
        (["plan", "import", "-c", "x.toml"], None),  # after the sub-command: not the root option
        (["--", "-c", "x.toml"], None),
        (["--config"], None),  # no value: click will say so
        ([], None),
    ],
)
def test_config_argument(argv: list[str], expected: str | None) -> None:
    found = config_argument(argv)
    assert (str(found) if found is not None else None) == expected


def all_help(command: _click.Command) -> Iterator[tuple[str, str]]:
    """(where, help) for every command and parameter in the tree, in a stable order."""
    yield command.name or "ombud", command.help or ""
    help_option = command.get_help_option(_click.Context(command))
    for param in [*command.params, *([help_option] if help_option else [])]:
        yield f"{command.name} {param.name}", getattr(param, "help", None) or ""
    for name in sorted(getattr(command, "commands", {})):
        yield from all_help(command.commands[name])  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_every_help_text_in_the_tree_is_translated(language: str) -> None:
    english = dict(all_help(build_app([], {"OMBUD_LANGUAGE": "en"})))
    translated = dict(all_help(build_app([], {"OMBUD_LANGUAGE": language})))
    assert translated.keys() == english.keys()
    untranslated = [where for where, text in english.items() if text and translated[where] == text]
    assert untranslated == []
