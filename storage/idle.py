"""Whether `ombud tick` has anything to do, read with the standard library's sqlite3.

An idle tick would otherwise load SQLAlchemy, the models and the chat SDKs only to find
nothing to do. This check opens the SQLite file read-only and answers "nothing" only when
that is certain; in any doubt (another database, an older schema, an unreadable file, a
plan item that may yield check-ins) it answers "maybe" and the full tick runs.

What the full tick does, and why each query below rules it out:
- materialise creates check-ins from live plan items (plan, area and item not archived);
  without one it creates nothing. With one it may, and only the planner can tell.
- materialise archives open check-ins whose item or person is gone, and dispatch claims
  open check-ins that are due: without any open check-in neither has work.
- the claim first puts to people what fell due while they were away, for every away period
  that has ended and was not resumed yet; it marks the period resumed.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from bot.core.model import CheckinState
from storage.revisions import head_revisions

_PLAIN_SQLITE = "sqlite:///"
OPEN_STATES = (CheckinState.SCHEDULED, CheckinState.AWAITING, CheckinState.SNOOZED)

_LIVE_ITEM = """
SELECT 1 FROM plan_item
JOIN plan ON plan.id = plan_item.plan_id
JOIN area ON area.id = plan_item.area_id
WHERE plan_item.archived_at IS NULL AND plan.archived_at IS NULL AND area.archived_at IS NULL
LIMIT 1
"""
_OPEN_CHECKIN = "SELECT 1 FROM checkin WHERE state IN ({}) LIMIT 1".format(
    ", ".join("?" for _ in OPEN_STATES)
)
_AWAY_ENDED = """
SELECT 1 FROM away_period
WHERE resumed_at IS NULL AND ends_at IS NOT NULL AND ends_at <= ?
LIMIT 1
"""


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for anything else (then: full tick)."""
    if not url.startswith(_PLAIN_SQLITE):
        return None
    name = url[len(_PLAIN_SQLITE) :]
    # Options, escapes, URI file names and memory databases are left to SQLAlchemy to read.
    if not name or any(c in name for c in "?%#") or name.startswith(("file:", ":memory:")):
        return None
    return Path(name)


def stored_instant(at: datetime) -> str:
    """An instant as the UTC datetime columns hold it on SQLite (naive UTC, microseconds)."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def nothing_due(database: Path, now: datetime) -> bool:
    """True only when a tick at `now` would neither create, change nor send anything."""
    heads = head_revisions()
    if not heads or not database.is_file():
        return False
    uri = f"file:{quote(str(database.resolve()))}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=1.0)
    except sqlite3.Error:
        return False
    try:
        versions = {
            str(row[0]) for row in connection.execute("SELECT version_num FROM alembic_version")
        }
        if versions != heads:
            return False  # the full path upgrades the schema first
        open_states = [state.value for state in OPEN_STATES]
        busy = (
            connection.execute(_LIVE_ITEM).fetchone()
            or connection.execute(_OPEN_CHECKIN, open_states).fetchone()
            or connection.execute(_AWAY_ENDED, [stored_instant(now)]).fetchone()
        )
        return busy is None
    except sqlite3.Error:
        return False
    finally:
        connection.close()
