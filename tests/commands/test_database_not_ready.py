"""Only `init`, `db upgrade` and `db restore` create or upgrade a database; the rest refuse.

A config that names a database that is not there, is empty, or is at an older schema must
not be filled silently by `tick`, `people list` or the service: that is how a cron job in
the wrong folder, or a new version started before `ombud db upgrade`, goes unnoticed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from alembic import command
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from bot.cli import app
from storage.engine import Database, normalise_url
from storage.migrate_alembic import alembic_config, head_revision
from tests.commands.test_database_unreachable import closed_port
from tests.commands.test_no_config import arguments, leaves

ROOT = Path(__file__).resolve().parents[2]

# The commands that create or upgrade a database by design, and status, which reports it.
CREATORS = {("init",), ("demo",), ("db", "upgrade"), ("db", "restore"), ("status",)}
COMMANDS = [p for p in leaves(typer.main.get_command(app)) if p not in CREATORS]
# Commands that read the database with nothing more than a config.
READERS = [("tick",), ("people", "list"), ("plan", "list"), ("db", "prune")]


def write_config(folder: Path, url: str, language: str = "en") -> Path:
    config = folder / "ombud.toml"
    config.write_text(f'database_url = "{url}"\nlanguage = "{language}"\n', encoding="utf-8")
    return config


def ombud(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--config", str(config), *args])
    return result.exit_code, result.stdout, result.stderr


def test_every_database_command_is_covered() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"tick", "run", "people list", "plan import", "db prune", "chat"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_no_command_creates_a_missing_database(tmp_path: Path, path: tuple[str, ...]) -> None:
    config = write_config(tmp_path, "sqlite:///ombud.db")
    (tmp_path / "input.yaml").write_text("{}\n", encoding="utf-8")
    code, out, err = ombud(config, *path, *arguments(path, tmp_path))
    assert code != 0, out + err
    assert not (tmp_path / "ombud.db").exists()


@pytest.mark.parametrize("path", READERS, ids=" ".join)
def test_missing_database_is_one_line_with_advice(tmp_path: Path, path: tuple[str, ...]) -> None:
    config = write_config(tmp_path, "sqlite:///ombud.db")
    code, out, err = ombud(config, *path)
    assert code == 2, out + err
    assert out == ""
    assert err.splitlines() == [
        f"The database sqlite:///{tmp_path}/ombud.db does not exist. Create it with "
        "`ombud db upgrade`, or write a new config file and database with `ombud init`."
    ]
    assert not (tmp_path / "ombud.db").exists()


def test_missing_database_is_said_in_the_configured_language(tmp_path: Path) -> None:
    config = write_config(tmp_path, "sqlite:///ombud.db", language="sv")
    code, _out, err = ombud(config, "tick")
    assert code == 2
    assert err.startswith(f"Databasen sqlite:///{tmp_path}/ombud.db finns inte.")
    assert "`ombud db upgrade`" in err


def test_db_upgrade_then_the_command_works(tmp_path: Path) -> None:
    config = write_config(tmp_path, "sqlite:///ombud.db")
    assert ombud(config, "db", "upgrade")[0] == 0
    code, out, err = ombud(config, "people", "list")
    assert code == 0, out + err


def test_run_refuses_a_missing_database(tmp_path: Path) -> None:
    """The service too: its unit runs `ombud db upgrade` before it, by design."""
    config = tmp_path / "ombud.toml"
    config.write_text(
        f'database_url = "sqlite:///ombud.db"\nlanguage = "en"\n'
        f'[telegram]\nbase_url = "http://127.0.0.1:{closed_port()}"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "OMBUD_TELEGRAM__TOKEN": "123:abc", "PYTHONPATH": str(ROOT)}
    env.pop("OMBUD_CONFIG", None)
    finished = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", "--config", str(config), "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 2, finished.stderr
    assert "does not exist" in finished.stderr
    assert not (tmp_path / "ombud.db").exists()


def migrate_to(db: Database, revision: str) -> None:
    cfg = alembic_config()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def revision_of(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def test_empty_sqlite_file_is_not_given_a_schema(tmp_path: Path) -> None:
    (tmp_path / "ombud.db").touch()
    config = write_config(tmp_path, "sqlite:///ombud.db")
    code, _out, err = ombud(config, "people", "list")
    assert code == 2
    assert err.splitlines() == [
        f"The database sqlite:///{tmp_path}/ombud.db has no Ombud tables yet; "
        "create them with `ombud db upgrade`."
    ]
    db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
    try:
        assert inspect(db.engine).get_table_names() == []  # opening it may set WAL mode only
    finally:
        db.dispose()


def test_older_schema_is_not_migrated_by_a_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ombud.db'}"
    db = Database(url)
    migrate_to(db, "0007")
    config = write_config(tmp_path, url)
    code, _out, err = ombud(config, "people", "list")
    assert code == 2
    assert err.splitlines() == [
        f"The database {url} is at schema 0007 and this version needs {head_revision()}; "
        "run `ombud db upgrade` first."
    ]
    assert revision_of(db) == "0007"
    assert ombud(config, "db", "upgrade")[0] == 0
    assert revision_of(db) == head_revision()
    assert ombud(config, "people", "list")[0] == 0
    db.dispose()


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A new, empty schema on the test server, named by the URL's search path."""
    base = os.environ.get("OMBUD_TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL not configured: set OMBUD_TEST_DATABASE_URL")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in base else "?"
    try:
        yield f"{base}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_empty_postgres_database_is_not_given_a_schema(
    tmp_path: Path, empty_postgres_url: str
) -> None:
    config = write_config(tmp_path, empty_postgres_url)
    code, _out, err = ombud(config, "people", "list")
    assert code == 2, err
    assert "has no Ombud tables yet" in err
    assert "`ombud db upgrade`" in err
    db = Database(empty_postgres_url)
    try:
        assert inspect(db.engine).get_table_names() == []
    finally:
        db.dispose()


@pytest.mark.postgres
def test_older_postgres_schema_is_not_migrated(tmp_path: Path, empty_postgres_url: str) -> None:
    db = Database(empty_postgres_url)
    try:
        migrate_to(db, "0007")
        config = write_config(tmp_path, empty_postgres_url)
        code, _out, err = ombud(config, "tick")
        assert code == 2, err
        assert f"is at schema 0007 and this version needs {head_revision()}" in err
        assert revision_of(db) == "0007"
    finally:
        db.dispose()
