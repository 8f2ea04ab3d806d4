"""Bring a database to the current schema."""

from __future__ import annotations

from sqlmodel import SQLModel

from storage import tables  # noqa: F401  (registers the tables)
from storage.engine import Database


def upgrade(db: Database) -> None:
    """Create or upgrade the schema to head."""
    SQLModel.metadata.create_all(db.engine)
