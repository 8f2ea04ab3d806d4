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

With a live plan (a union's plan year) only the planner can tell whether materialise would add
a check-in. So a full tick that added none records a marker: a fingerprint of everything
materialise reads (plans, areas, items, people, units, boards and members, handles, chat
identities, away periods, the check-in rows' count and highest id, the scheduling settings and
the planner's version) and the instant through which that materialise is known complete (the
first send a later one could add, see handlers/scheduling/lookahead.py). An idle tick then
needs the same fingerprint, its own horizon end (plus a margin) before that instant, no open
check-in due (reminder or follow-up) and no ended away period to resume. Any write that
changes what materialise reads changes the fingerprint, whichever code path made it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from bot.core.states import CheckinState
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
_DUE_CHECKIN = (
    "SELECT 1 FROM checkin WHERE state IN ({}) AND next_send_at IS NOT NULL"
    " AND next_send_at <= ? LIMIT 1"
).format(", ".join("?" for _ in OPEN_STATES))
# Everything materialise reads, and what dispatch needs to reach people, read in full: a write
# by any code path to one of these tables changes the fingerprint.
FINGERPRINT_TABLES = (
    "plan",
    "area",
    "plan_item",
    "unit",
    "person",
    "person_unit",
    "person_handle",
    "chat_identity",
    "board",
    "board_member",
    "away_period",
)
# Bump when the planner (materialise, timeplan, lookahead) changes what it creates from the
# same rows, so that markers recorded by an older version no longer count.
PLANNER_VERSION = "1"
# Slack between the horizon end an idle tick needs and the marker's instant: covers clocks of
# two hosts a little apart. Larger is safer and runs the full tick a little sooner.
MARGIN = timedelta(days=1)
_MARKER = "SELECT fingerprint, through, recorded_at FROM idle_marker WHERE id = 1"
_RECORD = """
INSERT INTO idle_marker (id, fingerprint, through, recorded_at) VALUES (1, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
fingerprint = excluded.fingerprint, through = excluded.through, recorded_at = excluded.recorded_at
"""
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


def _read_only(database: Path) -> sqlite3.Connection | None:
    uri = f"file:{quote(str(database.resolve()))}?mode=ro"
    try:
        return sqlite3.connect(uri, uri=True, timeout=1.0)
    except sqlite3.Error:
        return None


def _at_head(connection: sqlite3.Connection) -> bool:
    heads = head_revisions()
    versions = {
        str(row[0]) for row in connection.execute("SELECT version_num FROM alembic_version")
    }
    return bool(heads) and versions == heads


def _fingerprint(connection: sqlite3.Connection, settings_key: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{PLANNER_VERSION}|{sorted(head_revisions())}|{settings_key}".encode())
    for table in FINGERPRINT_TABLES:  # names from the fixed list above, never from input
        digest.update(f"|{table}|".encode())
        for row in connection.execute(f"SELECT * FROM {table} ORDER BY rowid"):
            digest.update(repr(row).encode())
    # Check-in rows: materialise skips stored keys, so a deleted row would be made again.
    # Dispatch only updates rows; inserts and deletes move the count or the highest id.
    count, highest = connection.execute("SELECT count(*), max(id) FROM checkin").fetchone()
    digest.update(f"|checkin|{count}|{highest}".encode())
    return digest.hexdigest()


def fingerprint(database: Path, settings_key: str) -> str | None:
    """The fingerprint of what materialise reads in this file now; None if unreadable."""
    connection = _read_only(database)
    if connection is None:
        return None
    try:
        with connection:  # one read transaction: a consistent view of all tables
            connection.execute("BEGIN")
            return _fingerprint(connection, settings_key) if _at_head(connection) else None
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def record_marker(database: Path, print_: str, through: datetime, now: datetime) -> bool:
    """Store the marker of a full materialise at `now` that added nothing; False if it could not.

    `now` is the tick's instant (its clock, which `--at` sets): the marker holds only for
    ticks at or after it, since a materialise covers its window from then on.
    """
    try:
        connection = sqlite3.connect(str(database), timeout=5.0)
    except sqlite3.Error:
        return False
    try:
        with connection:
            open_states = [state.value for state in OPEN_STATES]
            if not (
                connection.execute(_LIVE_ITEM).fetchone()
                or connection.execute(_OPEN_CHECKIN, open_states).fetchone()
            ):
                return False  # idle without a marker: a full tick here writes nothing
            connection.execute(_RECORD, [print_, stored_instant(through), stored_instant(now)])
        return True
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def nothing_due(
    database: Path, now: datetime, settings_key: str = "", horizon: timedelta | None = None
) -> bool:
    """True only when a tick at `now` would neither create, change nor send anything.

    `settings_key` and `horizon` describe the scheduling settings of this tick; without a
    horizon only a database with no live plan item and no open check-in counts as idle.
    """
    if not database.is_file():
        return False
    connection = _read_only(database)
    if connection is None:
        return False
    try:
        with connection:
            connection.execute("BEGIN")
            if not _at_head(connection):
                return False  # the full path upgrades the schema first
            at = stored_instant(now)
            if connection.execute(_AWAY_ENDED, [at]).fetchone():
                return False
            open_states = [state.value for state in OPEN_STATES]
            if not (
                connection.execute(_LIVE_ITEM).fetchone()
                or connection.execute(_OPEN_CHECKIN, open_states).fetchone()
            ):
                return True
            if horizon is None or connection.execute(_DUE_CHECKIN, [*open_states, at]).fetchone():
                return False
            marker = connection.execute(_MARKER).fetchone()
            if marker is None or str(marker[1]) <= stored_instant(now + horizon + MARGIN):
                return False
            if str(marker[2]) > at:
                return False  # a tick earlier than the marker's may find rows it did not make
            return bool(marker[0] == _fingerprint(connection, settings_key))
    except sqlite3.Error:
        return False
    finally:
        connection.close()
