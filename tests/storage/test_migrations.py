"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from storage import tables  # noqa: F401  (registers the tables)
from storage.engine import Database
from storage.migrate import upgrade
from storage.migrate_alembic import current_revision, head_revision


def test_empty_database_upgraded_to_head_matches_the_models(db: Database) -> None:
    # The fixture has already run every migration on an empty database.
    assert current_revision(db) == head_revision()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_upgrade_twice_changes_nothing(db: Database) -> None:
    before = current_revision(db)
    upgrade(db)
    assert current_revision(db) == before
