"""Whether a database is at the newest schema, answered without loading Alembic."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from storage.engine import Database
from storage.revisions import head_revisions

__all__ = ["head_revisions", "is_current"]


def is_current(db: Database) -> bool:
    """True only when the stored revisions are exactly the heads; any doubt says False."""
    heads = head_revisions()
    if not heads:
        return False
    try:
        with db.engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:
        return False  # no version table yet, or no server: the full upgrade path says which
    return {str(row[0]) for row in rows} == heads
