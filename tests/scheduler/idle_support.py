"""What the idle tick's tests share on SQLite and PostgreSQL: config, settings and a dump."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (the tables, in the metadata)
from config.settings import Settings
from storage.engine import Database


def config(tmp_path: Path, db: Database) -> Path:
    file = tmp_path / "ombud.toml"
    file.write_text(f'database_url = "{db.url}"\nlanguage = "sv"\n', encoding="utf-8")
    return file


def settings_for(db: Database) -> Settings:
    return Settings(database_url=db.url)


def dump(db: Database, *, leave_out: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, each table in the order of its primary key."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in leave_out:
                continue
            statement = select(table).order_by(*table.primary_key.columns)
            tables[table.name] = [tuple(row) for row in connection.execute(statement)]
    return tables
