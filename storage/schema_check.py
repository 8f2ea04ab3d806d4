"""Whether a database is at the newest schema, answered without loading Alembic."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from storage.engine import Database

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"""^revision\s*(?::[^=]+)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]+)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def head_revisions(folder: Path = VERSIONS) -> frozenset[str]:
    """The revisions no other revision builds on; empty when a file cannot be read plainly."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found, down = _REVISION.search(text), _DOWN.search(text)
        if found is None or down is None:
            return frozenset()  # an unusual file: let Alembic decide
        revisions.add(found.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    return frozenset(revisions - parents)


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
