"""`ombud tick`: one pass at a given instant; running it twice sends nothing twice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.commands.common import parse_at
from bot.commands.tick import run_tick
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.transports.memory import MemoryTransport
from config.settings import Settings
from storage.engine import Database
from storage.migrate import upgrade
from tests.scheduler.seed import (
    add_item,
    checkins,
    event_on,
    person_owner,
    seed_world,
)

AT = "2025-03-03T09:00:00+01:00"


def prepared(tmp_path: Path) -> tuple[Settings, Database]:
    url = f"sqlite:///{tmp_path / 'tick.db'}"
    db = Database(url)
    upgrade(db)
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    add_item(db, world, "8.2", event_on(date(2025, 3, 17), 14), [person_owner("bo")])
    return Settings(database_url=url), db


def test_tick_twice_at_the_same_instant_sends_nothing_twice(tmp_path: Path) -> None:
    settings, db = prepared(tmp_path)
    console = MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: console}
    first = run_tick(settings, parse_at(AT, "Europe/Stockholm"), transports)
    second = run_tick(settings, parse_at(AT, "Europe/Stockholm"), transports)
    assert (first.materialised, first.dispatch.sent) == (3, 2)  # anna's ask, bo's heads-up
    assert (second.materialised, second.dispatch.sent) == (0, 0)
    assert len(console.sent) == 2
    assert sorted(r.state for r in checkins(db)) == ["awaiting", "done", "scheduled"]
    db.dispose()


def test_at_without_an_offset_is_read_in_the_default_timezone() -> None:
    assert parse_at("2025-07-01T09:00", "Europe/Oslo") == datetime(2025, 7, 1, 7, tzinfo=UTC)
    assert parse_at(AT, "Europe/Oslo") == datetime(2025, 3, 3, 8, tzinfo=UTC)


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "ombud.toml"
    config.write_text('database_url = "sqlite:///tick.db"\nlanguage = "sv"\n', encoding="utf-8")
    return config


def test_the_command_prints_its_counts(tmp_path: Path) -> None:
    _settings, db = prepared(tmp_path)
    db.dispose()
    result = CliRunner().invoke(app, ["--config", str(_config(tmp_path)), "tick", "--at", AT])
    # No chat platform is configured and reminders are due: a cron job must see it fail.
    assert result.exit_code == 1, result.output
    assert "Nya påminnelser: 3." in result.stdout
    assert "Påminnelser som ska skickas nu:" in result.stderr


def test_a_bad_instant_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--config", str(_config(tmp_path)), "tick", "--at", "igår kväll"]
    )
    assert result.exit_code == 2
    assert "--at behöver datum och tid i ISO-format" in result.output
