"""A command imports only what it uses: `--help` and an idle tick load no heavy library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORTS_AND_CHATS = ("matplotlib", "docx", "openpyxl", "telegram", "slack_sdk", "slack_bolt")
EVERYTHING_HEAVY = (
    *REPORTS_AND_CHATS,
    "aiohttp",
    "apscheduler",
    "qrcode",
    "PIL",
    "pypdf",
    "numpy",
    "yaml",
    "holidays",
    "alembic",
    "sqlalchemy",
    "sqlmodel",
    "psycopg",
)
PROBE = """
import json, sys
sys.argv = ["ombud", *sys.argv[1:]]
from bot.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded(folder: Path, *args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def loaded_modules(folder: Path, *args: str) -> tuple[set[str], str]:
    """The full names of the modules the command line loaded, and what it printed."""
    probe = PROBE.replace('name.split(".")[0] for name', "name for name")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=folder,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stdout.splitlines()[-1])), result.stdout


@pytest.mark.parametrize("args", [("--help",), ("tick", "--help"), ("db", "--help")])
def test_help_loads_no_heavy_library(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert loaded(tmp_path, *args) & set(EVERYTHING_HEAVY) == set()


def test_an_idle_tick_loads_no_database_layer_report_chat_or_scheduler_library(
    tmp_path: Path,
) -> None:
    (tmp_path / "ombud.toml").write_text('database_url = "sqlite:///ombud.db"\n', encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", PROBE, "db", "upgrade"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
    )
    modules = loaded(tmp_path, "tick")
    assert "sqlite3" in modules  # it did read the database, with the standard library
    unwanted = set(EVERYTHING_HEAVY)
    assert modules & unwanted == set()


SETTINGS_AND_OPTIONS = ("pydantic", "pydantic_core", "pydantic_settings", "asyncio")


@pytest.mark.parametrize(
    ("args", "environ"),
    [
        (("tick",), {}),
        (("tick", "--at", "2025-03-03T09:00:00+01:00"), {}),
        (("--config", "ombud.toml", "tick"), {"OMBUD_TELEGRAM__TOKEN": "123:abc"}),
        (("tick",), {"OMBUD_CONFIG": "ombud.toml", "OMBUD_SCHEDULER__HORIZON_DAYS": "90"}),
    ],
)
def test_an_idle_tick_validates_its_settings_and_options_without_pydantic(
    tmp_path: Path, args: tuple[str, ...], environ: dict[str, str]
) -> None:
    """The quick settings read (config/quick.py) and the light option checks (bot/cli_coercion.py)
    answer for a config they are sure of; pydantic loads only when there is work or doubt."""
    (tmp_path / "ombud.toml").write_text('database_url = "sqlite:///ombud.db"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run(
        [sys.executable, "-c", PROBE, "db", "upgrade"], cwd=tmp_path, env=env, check=True
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=tmp_path,
        env={**env, **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    modules = set(json.loads(result.stdout.splitlines()[-1]))
    assert "Failed: 0." in result.stdout  # it did answer, as an idle tick
    assert modules & set(SETTINGS_AND_OPTIONS) == set()


def test_a_command_loads_only_its_own_command_modules(tmp_path: Path) -> None:
    modules, shown = loaded_modules(tmp_path, "db", "--help")
    commands = {m.removeprefix("bot.commands.") for m in modules if m.startswith("bot.commands.")}
    assert commands == {"common", "db", "db_backup", "db_prune"}
    # ... and the whole group is there.
    assert "backup" in shown
    assert "prune" in shown


def test_an_idle_tick_leaves_typer_rich_help_unloaded_and_help_still_speaks_the_language(
    tmp_path: Path,
) -> None:
    (tmp_path / "ombud.toml").write_text(
        'database_url = "sqlite:///ombud.db"\nlanguage = "nn"\n', encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run(
        [sys.executable, "-c", PROBE, "db", "upgrade"], cwd=tmp_path, env=env, check=True
    )
    probe = PROBE.replace('name.split(".")[0] for name', "name for name")

    def run(*args: str) -> tuple[set[str], str]:
        result = subprocess.run(
            [sys.executable, "-c", probe, *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return set(json.loads(result.stdout.splitlines()[-1])), result.stdout

    modules, _ = run("tick")
    assert "typer.rich_utils" not in modules
    # Loaded later, for help or an error, typer's panels are still in the CLI's language.
    modules, shown = run("--help")
    assert "typer.rich_utils" in modules
    assert "Val" in shown  # nn: Options
    assert "Kommandoar" in shown  # nn: Commands
    assert "Options" not in shown


# What `ombud --help` needs is typer, rich's panels and the catalogues; settings validation,
# the domain model and typer's Markdown and traceback renderers are for the commands. Option
# values are checked without typer's pydantic adapters (bot/cli_coercion.py), so no help
# loads pydantic.
NOT_FOR_HELP = (
    "pydantic_settings",
    "markdown_it",
    "pygments",
    "attr",
    "asyncio",
)


@pytest.mark.parametrize("args", [("--help",), ("people", "--help"), ("plan", "import", "--help")])
def test_help_validates_no_settings_and_loads_no_markdown(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "ombud.toml").write_text('language = "sv"\n', encoding="utf-8")
    modules, shown = loaded_modules(tmp_path, *args)
    unwanted = {*NOT_FOR_HELP, "pydantic"}
    assert {name.split(".")[0] for name in modules} & unwanted == set()
    assert {"bot.app", "bot.core.model", "config.settings"} & modules == set()
    assert "typer.rich_utils" in modules  # the help was drawn with typer's panels
    assert "Användning: ombud" in shown  # sv, the language of the config file


def test_the_deferred_markdown_and_traceback_are_the_real_ones_when_used() -> None:
    probe = """
import sys
sys.argv = ["ombud", "--help"]
from bot.cli import main
try:
    main()
except SystemExit:
    pass
from typer import rich_utils
assert "rich.markdown" not in sys.modules and "rich.traceback" not in sys.modules
import rich.markdown, rich.traceback
made = rich_utils.Markdown("*x*")
assert type(made) is rich.markdown.Markdown, type(made)
try:
    raise ValueError("x")
except ValueError as exc:
    shown = rich_utils.Traceback.from_exception(type(exc), exc, exc.__traceback__)
assert type(shown) is rich.traceback.Traceback, type(shown)
print("real ones")
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("real ones")
