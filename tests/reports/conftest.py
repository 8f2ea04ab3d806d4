"""Fixtures for report files and the report commands: a seeded union on a SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from storage.engine import Database
from storage.migrate import upgrade
from tests.reports.seed import Union, build_union


@pytest.fixture
def seeded_config(tmp_path: Path) -> tuple[Path, Union]:
    """An ombud.toml whose database holds the seeded union."""
    db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
    upgrade(db)
    union = db.run_sync(build_union)
    db.dispose()
    config = tmp_path / "ombud.toml"
    config.write_text('database_url = "sqlite:///ombud.db"\nlanguage = "en"\n', encoding="utf-8")
    return config, union


def ombud(config: Path, *args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, ["--config", str(config), *args])
    return result.exit_code, result.stdout_bytes, result.stderr
