"""Bring a database to the current schema with the Alembic migrations."""

from __future__ import annotations

from storage.engine import Database
from storage.migrate_alembic import upgrade_to_head


def upgrade(db: Database) -> None:
    """Create or upgrade the schema to head; running it again changes nothing."""
    upgrade_to_head(db)
