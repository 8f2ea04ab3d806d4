"""A database that cannot be reached is one clear line and exit code 3, not a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # released again: nothing listens there


@pytest.mark.parametrize("args", [("people", "list"), ("db", "upgrade"), ("status",), ("tick",)])
def test_postgres_down_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    config = tmp_path / "ombud.toml"
    url = f"postgresql://ombud:hunter2@127.0.0.1:{closed_port()}/ombud"
    config.write_text(f'database_url = "{url}"\nlanguage = "nb"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(config), *args])
    assert result.exit_code == 3, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Kan ikke åpne databasen postgresql+psycopg://ombud:***@127.0.0.1:")
    assert "hunter2" not in result.output
    assert "Traceback" not in result.output


def test_sqlite_in_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "ombud.toml"
    config.write_text('database_url = "sqlite:///nowhere/ombud.db"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(config), "plan", "list"])
    assert result.exit_code == 3
    assert result.output.strip() == (
        f"Cannot open the database sqlite:///{tmp_path}/nowhere/ombud.db: "
        "unable to open database file"
    )
