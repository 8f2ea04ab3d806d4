"""An idle `ombud tick` answers from a read-only look at SQLite or PostgreSQL, without the ORM;
any work runs the full tick."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session, SQLModel, col, select
from typer.testing import CliRunner

from bot.app import build_transports, configured_platforms
from bot.cli import app
from bot.commands.common import parse_at
from bot.commands.tick import run_tick, summary
from bot.core.i18n import Translator
from bot.core.model import Platform
from bot.services.scheduling import nothing_due
from bot.transports.memory import MemoryTransport
from config.settings import Settings
from storage.engine import Database, normalise_url
from storage.idle import (
    FINGERPRINT_TABLES,
    OPEN_STATES,
    Postgres,
    postgres,
    sqlite_file,
    stored_instant,
)
from storage.migrate import upgrade
from storage.scheduling.rows import OPEN
from storage.tables import AwayPeriodRow, CheckinRow, PlanItemRow
from tests.scheduler.idle_support import config, dump, settings_for
from tests.scheduler.seed import add_item, checkins, event_on, person_owner, seed_world

AT = "2025-03-03T09:00:00+01:00"
NOW = parse_at(AT, "Europe/Stockholm")


def database(tmp_path: Path) -> tuple[Path, Database]:
    path = tmp_path / "tick.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    return path, db


def tick(tmp_path: Path, db: Database) -> str:
    """The tick's standard output; it fails (no chat platform) only when reminders are due."""
    result = CliRunner().invoke(app, ["--config", str(config(tmp_path, db)), "tick", "--at", AT])
    due = "Påminnelser som ska skickas nu:" in result.stderr
    assert result.exit_code == (1 if due else 0), result.output
    return result.stdout


def test_an_idle_database_prints_what_the_full_tick_prints_and_writes_nothing(
    tmp_path: Path, db: Database
) -> None:
    before = dump(db)
    assert nothing_due(settings_for(db), NOW)
    output = tick(tmp_path, db)
    assert dump(db) == before
    # The oracle: the full tick (materialise and dispatch through the ORM), run afterwards on
    # the same rows since the idle one wrote none; it writes nothing either.
    full = run_tick(settings_for(db), NOW, {})
    tr = Translator("sv")
    no_platform = tr.gettext("No chat platform is configured, so nothing could be sent.")
    assert output == f"{no_platform}\n{summary(tr, full)}\n"
    assert dump(db) == before


def test_a_live_plan_item_runs_the_full_tick_which_creates_its_check_ins(
    tmp_path: Path, db: Database
) -> None:
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    add_item(db, world, "8.2", event_on(date(2025, 3, 17), 14), [person_owner("bo")])
    assert not nothing_due(settings_for(db), NOW)
    output = tick(tmp_path, db)
    assert "Nya påminnelser: 3." in output  # anna's ask, bo's heads-up and ask
    assert len(checkins(db)) == 3


def _archive_items(db: Database) -> None:
    def archive(s: Session) -> None:
        for item in s.exec(select(PlanItemRow)).all():
            item.archived_at = NOW - timedelta(days=1)
            s.add(item)

    db.run_sync(archive)


def test_open_check_ins_of_an_archived_item_are_archived_by_the_tick(
    tmp_path: Path, db: Database
) -> None:
    world = seed_world(db)
    item = add_item(db, world, "8.1", event_on(date(2025, 4, 2)), [person_owner("anna")])
    due = NOW + timedelta(days=20)

    def open_rows(s: Session) -> None:
        for state, prompt in (("scheduled", "ask"), ("awaiting", "notice-14")):
            s.add(
                CheckinRow(
                    plan_item_id=item,
                    person_id=world.people["anna"],
                    occurrence="2025-04-02",
                    prompt=prompt,
                    state=state,
                    due_at=due,
                    next_send_at=due,
                )
            )

    db.run_sync(open_rows)
    _archive_items(db)
    assert not nothing_due(settings_for(db), NOW)
    tick(tmp_path, db)
    assert [r.state for r in checkins(db)] == ["archived", "archived"]
    assert nothing_due(settings_for(db), NOW)  # and now there is nothing left to do


def _away(db: Database, ends_at: datetime) -> int:
    world = seed_world(db)
    row = AwayPeriodRow(
        person_id=world.people["anna"],
        starts_at=ends_at - timedelta(days=10),
        ends_at=ends_at,
        source="cli",
        created_at=ends_at - timedelta(days=10),
    )
    db.run_sync(lambda s: s.add(row))
    return world.people["anna"]


def _resumed(db: Database) -> list[datetime | None]:
    stmt = select(AwayPeriodRow.resumed_at).order_by(col(AwayPeriodRow.id))
    return list(db.run_sync(lambda s: s.exec(stmt).all()))


def test_an_ended_away_period_is_resumed_by_the_tick(db: Database) -> None:
    _away(db, NOW)  # ends at the very instant of the tick: due, as the claim reads it
    assert not nothing_due(settings_for(db), NOW)
    # The claim resumes it, and a tick claims only when some platform is open to send on.
    run_tick(settings_for(db), NOW, {Platform.CONSOLE: MemoryTransport()})
    assert _resumed(db) == [NOW]


def test_an_away_period_ending_later_leaves_the_tick_idle(tmp_path: Path, db: Database) -> None:
    _away(db, NOW + timedelta(microseconds=1))
    assert nothing_due(settings_for(db), NOW)
    assert not nothing_due(settings_for(db), NOW + timedelta(microseconds=1))
    tick(tmp_path, db)
    assert _resumed(db) == [None]


def test_an_empty_file_is_left_to_the_full_tick_which_refuses_it(tmp_path: Path) -> None:
    """Only `ombud db upgrade` gives a database its schema; the tick says so and adds none."""
    path = tmp_path / "tick.db"
    path.touch()
    assert not nothing_due(Settings(database_url=f"sqlite:///{path}"), NOW)
    file = tmp_path / "ombud.toml"
    file.write_text(f'database_url = "sqlite:///{path}"\nlanguage = "sv"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(file), "tick", "--at", AT])
    assert result.exit_code == 2, result.output
    assert "`ombud db upgrade`" in result.stderr
    with sqlite3.connect(path) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert tables.fetchall() == []


def test_an_older_schema_revision_is_never_idle(db: Database) -> None:
    assert nothing_due(settings_for(db), NOW)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    assert not nothing_due(settings_for(db), NOW)


def test_a_missing_file_and_an_unreachable_server_are_left_to_the_full_tick(
    tmp_path: Path,
) -> None:
    assert not nothing_due(Settings(database_url=f"sqlite:///{tmp_path / 'absent.db'}"), NOW)
    assert not (tmp_path / "absent.db").exists()
    assert not nothing_due(Settings(database_url="postgresql://u@127.0.0.1:1/x"), NOW)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///ombud.db", Path("ombud.db")),
        ("sqlite:////var/lib/ombud/ombud.db", Path("/var/lib/ombud/ombud.db")),
        ("sqlite:///ombud.db?timeout=5", None),
        ("sqlite:///my%20db.db", None),
        ("sqlite:///:memory:", None),
        ("sqlite://", None),
        ("sqlite:///file:ombud.db?mode=ro&uri=true", None),
        ("postgresql://ombud@localhost/ombud", None),
    ],
)
def test_only_plain_sqlite_urls_are_read_directly(url: str, expected: Path | None) -> None:
    assert sqlite_file(url) == expected


def test_the_open_states_are_the_claims(tmp_path: Path) -> None:
    assert tuple(s.value for s in OPEN_STATES) == OPEN


def test_an_idle_tick_makes_the_database_owner_only(tmp_path: Path) -> None:
    path, db = database(tmp_path)
    path.chmod(0o644)
    tick(tmp_path, db)
    db.dispose()
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_configured_platforms_are_those_built() -> None:
    both = Settings(
        database_url="sqlite:///x.db",
        telegram={"token": "123:abc"},
        slack={"bot_token": "xoxb-1", "app_token": "xapp-1"},
    )
    for current in (Settings(database_url="sqlite:///x.db"), both):
        assert configured_platforms(current) == list(build_transports(current))


def test_stored_instants_compare_as_sqlalchemy_writes_them(tmp_path: Path) -> None:
    path, db = database(tmp_path)
    instant = datetime(2025, 3, 3, 8, 0, 0, 7, tzinfo=UTC)
    _away(db, instant)
    db.dispose()
    with sqlite3.connect(path) as connection:
        (stored,) = connection.execute("SELECT ends_at FROM away_period").fetchone()
    assert stored == stored_instant(instant)


PLAIN_POSTGRES_URLS = [
    "postgresql://ombud@localhost/ombud",
    "postgres://ombud@localhost/ombud",
    "postgresql+psycopg://o:p%40ss%2B@db:5433/my%20db",
    "postgresql://o@db/x?options=-csearch_path%3Ds",
    "postgresql://o@db/x?application_name=a%20b&sslmode=disable",
    "postgresql://o@[::1]:5432/x",
    "postgresql:///x?host=/run/postgresql",
    "postgresql://db",
]
# Read otherwise by SQLAlchemy than by libpq, or refused by SQLAlchemy: the full tick's.
OTHER_URLS = [
    "postgresql://o@db/x?application_name=a+b",
    "postgresql://o@db/x?sslmode=require&sslmode=disable",
    "postgresql://o@h1:5432,h2:5432/x",
    "postgresql://o@db:abc/x",
    "postgresql://o@db/x#frag",
    "postgresql+asyncpg://o@db/x",
    "sqlite:///ombud.db",
]


def _libpq(conninfo: str) -> dict[str, str]:
    from psycopg.conninfo import conninfo_to_dict

    return {key: str(value) for key, value in conninfo_to_dict(conninfo).items()}


def _sqlalchemy(url: str) -> dict[str, str]:
    engine = create_engine(normalise_url(url))
    _args, kwargs = engine.dialect.create_connect_args(engine.url)
    engine.dispose()
    return {key: str(value) for key, value in kwargs.items() if key != "context"}


@pytest.mark.parametrize("url", PLAIN_POSTGRES_URLS)
def test_a_plain_postgres_url_reaches_what_sqlalchemy_reaches(url: str) -> None:
    target = postgres(url)
    assert target is not None
    assert _libpq(target.conninfo) == _sqlalchemy(url)


@pytest.mark.parametrize("url", OTHER_URLS)
def test_other_urls_are_left_to_the_full_tick(url: str) -> None:
    assert postgres(url) is None


def test_the_idle_check_waits_a_bounded_time_for_a_server_unless_the_url_says() -> None:
    assert Postgres("postgresql://o@db/x").connect_options() == {"connect_timeout": 10}
    assert Postgres("postgresql://o@db/x?connect_timeout=30").connect_options() == {}


def test_the_idle_check_reads_the_database_and_schema_the_full_tick_uses(db: Database) -> None:
    """The same server, database, user and search path through psycopg as through SQLAlchemy."""
    if not db.is_postgres:
        pytest.skip("PostgreSQL only")
    import psycopg

    where = "SELECT current_database(), current_user, current_schemas(false)"
    with db.engine.connect() as connection:
        full = tuple(connection.execute(text(where)).one())
    target = postgres(db.url)
    assert target is not None
    with psycopg.connect(target.conninfo) as pg:
        found = pg.execute(where).fetchone()
    assert found == full


def test_the_fingerprint_orders_rows_by_each_tables_primary_key() -> None:
    for table, key in FINGERPRINT_TABLES.items():
        columns = SQLModel.metadata.tables[table].primary_key.columns
        assert key == tuple(column.name for column in columns)
