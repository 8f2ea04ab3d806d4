"""The tick's quick settings read (config/quick.py) changes nothing a person sees.

An idle tick with a config the quick read accepts prints what the full settings path prints;
a config with a problem still stops the tick with the full load's own lines, idle or not.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.core.errors import ConfigError
from config.quick import quick_settings
from config.settings import load_settings
from storage.engine import Database
from storage.migrate import upgrade

AT = "2025-03-03T09:00:00+01:00"


@pytest.fixture(autouse=True)
def _no_ombud_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.upper().startswith("OMBUD_")]:
        monkeypatch.delenv(name)


def idle_database(tmp_path: Path) -> Path:
    path = tmp_path / "tick.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    return path


def write_config(tmp_path: Path, path: Path, extra: str = "") -> Path:
    file = tmp_path / "ombud.toml"
    file.write_text(f'database_url = "sqlite:///{path}"\nlanguage = "sv"\n{extra}', "utf-8")
    return file


def run_tick(file: Path, env: dict[str, str] | None = None, at: str = AT) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--config", str(file), "tick", "--at", at], env=env)
    return result.exit_code, result.stdout, result.stderr


# Each accepted by the full load, refused by the quick read: the tick takes the full path.
FULL_ONLY = "invite_days = 14.0\n"


def two_configs(tmp_path: Path, path: Path) -> tuple[Path, Path]:
    """The same settings twice: one the quick read takes, one it leaves to the full load."""
    (tmp_path / "quick").mkdir()
    (tmp_path / "full").mkdir()
    return write_config(tmp_path / "quick", path), write_config(tmp_path / "full", path, FULL_ONLY)


def test_the_quick_and_the_full_path_print_the_same_idle_tick(tmp_path: Path) -> None:
    path = idle_database(tmp_path)
    quick, full = two_configs(tmp_path, path)
    assert quick_settings(quick, {}) is not None
    assert quick_settings(full, {}) is None
    load_settings(full, {})  # ... which the full load accepts
    assert run_tick(quick) == run_tick(full)
    code, shown, _ = run_tick(quick)
    assert code == 0
    assert "Ingen chattplattform är konfigurerad" in shown


def test_a_platform_from_the_environment_is_seen_by_both_paths(tmp_path: Path) -> None:
    path = idle_database(tmp_path)
    quick, full = two_configs(tmp_path, path)
    env = {"OMBUD_TELEGRAM__TOKEN": "123:abc"}
    assert quick_settings(quick, env) is not None
    code, shown, errors = run_tick(quick, env)
    assert (code, shown, errors) == run_tick(full, env)
    assert code == 0
    assert "chattplattform" not in shown  # a platform is configured; nothing was due
    assert shown.startswith("Nya påminnelser: 0.")


@pytest.mark.parametrize(
    ("extra", "env"),
    [
        ("[reminders]\nmax_per_dy = 3\n", {}),
        ("[Telegram]\nmode = 'polling'\n", {}),
        ('[telegram]\ntoken = "123:secret"\n', {}),
        ("[scheduler]\nhorizon_days = 0\n", {}),
        ('default_timezone = "Mars/Olympus"\n', {}),
        ("", {"OMBUD_SCHEDULER__BATCH_SIZE": "0"}),
        ("", {"OMBUD_SCHEDULAR__BATCH_SIZE": "100"}),
        ("", {"OMBUD_TELEGRAM__TOKEN_FILE": "/nonexistent/token"}),
    ],
)
def test_a_config_problem_stops_an_idle_tick_with_the_full_loads_lines(
    tmp_path: Path, extra: str, env: dict[str, str]
) -> None:
    path = idle_database(tmp_path)
    file = write_config(tmp_path, path, extra)
    with pytest.raises(ConfigError) as info:
        load_settings(file, env)
    code, shown, errors = run_tick(file, env)
    assert code == 2
    assert shown == ""
    assert errors.splitlines() == info.value.problems


def test_a_bad_at_says_so_in_the_configured_language_on_both_paths(tmp_path: Path) -> None:
    path = idle_database(tmp_path)
    quick, full = two_configs(tmp_path, path)
    code, shown, errors = run_tick(quick, at="tomorrow")
    assert (code, shown, errors) == run_tick(full, at="tomorrow")
    assert code == 2
    assert "--at" in errors
