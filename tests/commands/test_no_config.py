"""With no config file anywhere, every command but init and demo stops and says how to make one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer import _click
from typer.testing import CliRunner

from bot.cli import app

OPEN = {"init", "demo"}
CHOICES = {"fmt": "csv"}  # parameters whose value click checks before the command runs
ADVICE = {
    "en": ("No config file found", "ombud init", "--config FILE", "OMBUD_CONFIG=FILE"),
    "sv": ("Ingen konfigurationsfil hittades", "ombud init", "--config FIL"),
    "nb": ("Fant ingen konfigurasjonsfil", "ombud init", "--config FIL"),
    "nn": ("Fann inga konfigurasjonsfil", "ombud init", "--config FIL"),
}


def leaves(command: _click.Command, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    children = getattr(command, "commands", None)
    if children is None:
        yield prefix
        return
    for name, child in children.items():
        yield from leaves(child, (*prefix, name))


def arguments(path: tuple[str, ...], folder: Path) -> list[str]:
    """Just enough required arguments that click lets the command itself run."""
    command: _click.Command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    given = (folder / "input.yaml").as_posix()
    args: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        value = CHOICES.get(param.name or "", given)
        if getattr(param, "param_type_name", "") == "option":
            args += [param.opts[0], value]
        else:
            args.append(value)
    return args


# Commands that read a file and write a file, with no database: they run without a config.
NEEDS_NO_CONFIG = {("plan", "draft")}
COMMANDS = [
    p for p in leaves(typer.main.get_command(app)) if p[0] not in OPEN and p not in NEEDS_NO_CONFIG
]


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("OMBUD_CONFIG", "OMBUD_DATABASE_URL", "OMBUD_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMBUD_SYSTEM_CONFIG", str(tmp_path / "etc" / "ombud.toml"))
    (tmp_path / "input.yaml").write_text("{}\n", encoding="utf-8")
    return tmp_path


def test_every_command_is_covered() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"tick", "run", "status", "db upgrade", "db backup", "people list"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_stops_without_config(empty_folder: Path, path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, *arguments(path, empty_folder)])
    assert result.exit_code == 2, result.output
    for part in ADVICE["en"]:
        assert part in result.output
    assert str(empty_folder / "etc" / "ombud.toml") in result.output
    assert sorted(p.name for p in empty_folder.iterdir()) == ["input.yaml"]  # no ombud.db


def test_a_plan_is_drafted_before_any_config_exists(empty_folder: Path) -> None:
    # A board member trying the drafter on their own plan document needs no config or database.
    (empty_folder / "plan.txt").write_text(
        "Verksamhetsplan 2026\n\nVi ska:\n- hålla medlemsmöte den 12 mars\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["plan", "draft", "plan.txt", "--out", "draft.yaml"])
    assert result.exit_code == 0, result.output
    assert "2026-03-12" in (empty_folder / "draft.yaml").read_text("utf-8")
    assert sorted(p.name for p in empty_folder.iterdir()) == [
        "draft.yaml",
        "input.yaml",
        "plan.txt",
    ]


@pytest.mark.parametrize("language", sorted(ADVICE))
def test_advice_follows_the_language_variable(
    empty_folder: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("OMBUD_LANGUAGE", language)
    result = CliRunner().invoke(app, ["tick"])
    assert result.exit_code == 2
    for part in ADVICE[language]:
        assert part in result.output


def test_system_location_is_used_last(empty_folder: Path) -> None:
    system = empty_folder / "etc" / "ombud.toml"
    system.parent.mkdir()
    system.write_text('database_url = "sqlite:///system.db"\nlanguage = "en"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (system.parent / "system.db").is_file()
    assert CliRunner().invoke(app, ["people", "list"]).exit_code == 0
    (empty_folder / "ombud.toml").write_text('database_url = "sqlite:///here.db"\n')
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    assert (empty_folder / "here.db").is_file()
    assert CliRunner().invoke(app, ["people", "list"]).exit_code == 0


def test_database_named_in_the_environment_counts_as_configured(
    empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OMBUD_DATABASE_URL", f"sqlite:///{empty_folder / 'env.db'}")
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (empty_folder / "env.db").is_file()
    assert CliRunner().invoke(app, ["people", "list"]).exit_code == 0


def test_help_needs_no_config(empty_folder: Path) -> None:
    assert CliRunner().invoke(app, ["--help"]).exit_code == 0
    assert CliRunner().invoke(app, ["tick", "--help"]).exit_code == 0
