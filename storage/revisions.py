"""The schema revisions this version of the code has, read from the migration files.

Only the standard library: the idle check of `ombud tick` reads it before SQLAlchemy loads.
"""

from __future__ import annotations

import re
from pathlib import Path

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
