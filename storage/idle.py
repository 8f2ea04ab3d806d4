"""Whether `ombud tick` has anything to do, read with the standard library's sqlite3 or
with psycopg, without SQLAlchemy.

An idle tick would otherwise load SQLAlchemy, the models and the chat SDKs only to find
nothing to do. This check reads a SQLite file (read-only) or a PostgreSQL database (in one
read-only transaction) and answers "nothing" only when that is certain; in any doubt (a URL
it does not read plainly, an older schema, an unreadable file, a server it cannot reach, a
plan item that may yield check-ins) it answers "maybe" and the full tick runs, which reports
any error as it always has. Both databases go through the same queries below; only the
placeholder, the form of an instant and the order of rows differ (`_Queries`).

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
changes what materialise reads changes the fingerprint, whichever code path made it. The
full tick computes the fingerprint with the same function as the idle check (`fingerprint`,
over sqlite3 or psycopg, never the ORM), so the two agree on every database.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlsplit

from bot.core.states import CheckinState
from storage.revisions import head_revisions

T = TypeVar("T")

_PLAIN_SQLITE = "sqlite:///"
# What SQLAlchemy reads as PostgreSQL with psycopg (storage/engine.py, normalise_url).
_POSTGRES_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")
OPEN_STATES = (CheckinState.SCHEDULED, CheckinState.AWAITING, CheckinState.SNOOZED)

# The queries are written with `?`; on PostgreSQL each becomes `%s` (none holds a literal
# `?` or `%`).
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
# by any code path to one of these tables changes the fingerprint. With each table its
# primary key, the order of its rows on PostgreSQL (SQLite reads them in rowid order).
FINGERPRINT_TABLES: dict[str, tuple[str, ...]] = {
    "plan": ("id",),
    "area": ("id",),
    "plan_item": ("id",),
    "unit": ("id",),
    "person": ("id",),
    "person_unit": ("person_id", "unit_id"),
    "person_handle": ("id",),
    "chat_identity": ("id",),
    "board": ("id",),
    "board_member": ("board_id", "person_id"),
    "away_period": ("id",),
}
# Bump when the planner (materialise, timeplan, lookahead) changes what it creates from the
# same rows, so that markers recorded by an older version no longer count.
PLANNER_VERSION = "1"
# Slack between the horizon end an idle tick needs and the marker's instant: covers clocks of
# two hosts a little apart. Larger is safer and runs the full tick a little sooner.
MARGIN = timedelta(days=1)
# The marker, if it holds through the first instant given and was recorded by the second.
_MARKER = "SELECT fingerprint FROM idle_marker WHERE id = 1 AND through > ? AND recorded_at <= ?"
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


# How long the idle check waits for a PostgreSQL server that does not answer (libpq waits
# without end by default) before it leaves the tick to the full pass; a URL's own
# `connect_timeout` counts instead.
CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class Postgres:
    """A PostgreSQL database, as libpq's connection URL (which psycopg takes)."""

    conninfo: str

    def connect_options(self) -> dict[str, Any]:
        """What psycopg.connect gets besides the URL: a bounded wait unless the URL sets one."""
        return {} if "connect_timeout=" in self.conninfo else {"connect_timeout": CONNECT_TIMEOUT_S}


# What the idle check reads: a SQLite file or a PostgreSQL database.
Target = Path | Postgres


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for anything else (then: full tick)."""
    if not url.startswith(_PLAIN_SQLITE):
        return None
    name = url[len(_PLAIN_SQLITE) :]
    # Options, escapes, URI file names and memory databases are left to SQLAlchemy to read.
    if not name or any(c in name for c in "?%#") or name.startswith(("file:", ":memory:")):
        return None
    return Path(name)


def postgres(url: str) -> Postgres | None:
    """The PostgreSQL database of a URL SQLAlchemy opens with psycopg; None for anything else.

    SQLAlchemy hands the URL's parts to psycopg, which gives them to libpq: the same server,
    database, user and options as libpq reads the URL itself, for a plain URL. Where the two
    read it otherwise, the URL is left to the full tick: a `+` in the query (a space to
    SQLAlchemy), a name given twice in the query (SQLAlchemy passes both), several hosts or
    a port that is no number (SQLAlchemy refuses them), a fragment.
    """
    scheme = next((s for s in _POSTGRES_SCHEMES if url.startswith(s)), None)
    if scheme is None:
        return None
    conninfo = "postgresql://" + url[len(scheme) :]
    try:
        parts = urlsplit(conninfo)
        parts.port  # noqa: B018  (raises ValueError for a port that is no number)
    except ValueError:
        return None
    names = [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
    if (
        "#" in conninfo
        or "+" in parts.query
        or len(names) != len(set(names))
        or "," in parts.netloc.rpartition("@")[2]
    ):
        return None
    return Postgres(conninfo)


def database_target(url: str) -> Target | None:
    """What the idle check reads for a database URL; None when it leaves it to the full tick."""
    file = sqlite_file(url)
    return file if file is not None else postgres(url)


def stored_instant(at: datetime) -> str:
    """An instant as the UTC datetime columns hold it on SQLite (naive UTC, microseconds)."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class _Queries:
    """One connection and its dialect: runs the queries above, written with `?`."""

    def __init__(self, connection: Any, *, on_postgres: bool) -> None:
        self.connection = connection
        self.on_postgres = on_postgres

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.on_postgres else sql

    def rows(self, sql: str, params: Sequence[object] = ()) -> Iterable[tuple[Any, ...]]:
        return self.connection.execute(self._sql(sql), params)  # type: ignore[no-any-return]

    def one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        return self.connection.execute(self._sql(sql), params).fetchone()  # type: ignore[no-any-return]

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self.connection.execute(self._sql(sql), params)

    def instant(self, at: datetime) -> object:
        """An instant as a UTC datetime column holds it: text on SQLite, naive on PostgreSQL
        (a naive datetime is sent as `timestamp`, the columns' type, so no zone applies)."""
        if self.on_postgres:
            return at.astimezone(UTC).replace(tzinfo=None)
        return stored_instant(at)

    def order(self, key: tuple[str, ...]) -> str:
        return ", ".join(key) if self.on_postgres else "rowid"


def _read_only(database: Path) -> sqlite3.Connection | None:
    uri = f"file:{quote(str(database.resolve()))}?mode=ro"
    try:
        return sqlite3.connect(uri, uri=True, timeout=1.0)
    except sqlite3.Error:
        return None


def _read(target: Target, question: Callable[[_Queries], T], failed: T) -> T:
    """`question` answered in one read-only transaction (a consistent view of all tables);
    `failed` when the database cannot be opened or read."""
    if isinstance(target, Postgres):
        import psycopg  # only here: an idle tick on SQLite does without it

        try:
            with psycopg.connect(target.conninfo, **target.connect_options()) as pg:
                pg.read_only = True
                pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                return question(_Queries(pg, on_postgres=True))
        except (psycopg.Error, ValueError):
            return failed
    connection = _read_only(target)
    if connection is None:
        return failed
    try:
        with connection:
            connection.execute("BEGIN")
            return question(_Queries(connection, on_postgres=False))
    except sqlite3.Error:
        return failed
    finally:
        connection.close()


def _write(target: Target, change: Callable[[_Queries], bool]) -> bool:
    """`change` made in one transaction, committed when it returns; False if it failed."""
    if isinstance(target, Postgres):
        import psycopg

        try:
            with psycopg.connect(target.conninfo, **target.connect_options()) as pg:
                return change(_Queries(pg, on_postgres=True))
        except (psycopg.Error, ValueError):
            return False
    try:
        connection = sqlite3.connect(str(target), timeout=5.0)
    except sqlite3.Error:
        return False
    try:
        with connection:
            return change(_Queries(connection, on_postgres=False))
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def _at_head(queries: _Queries) -> bool:
    heads = head_revisions()
    versions = {str(row[0]) for row in queries.rows("SELECT version_num FROM alembic_version")}
    return bool(heads) and versions == heads


def _fingerprint(queries: _Queries, settings_key: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{PLANNER_VERSION}|{sorted(head_revisions())}|{settings_key}".encode())
    for table, key in FINGERPRINT_TABLES.items():  # names from the fixed list, never from input
        digest.update(f"|{table}|".encode())
        for row in queries.rows(f"SELECT * FROM {table} ORDER BY {queries.order(key)}"):
            digest.update(repr(row).encode())
    # Check-in rows: materialise skips stored keys, so a deleted row would be made again.
    # Dispatch only updates rows; inserts and deletes move the count or the highest id.
    found = queries.one("SELECT count(*), max(id) FROM checkin")
    assert found is not None  # an aggregate without GROUP BY gives one row
    count, highest = found
    digest.update(f"|checkin|{count}|{highest}".encode())
    return digest.hexdigest()


def fingerprint(target: Target, settings_key: str) -> str | None:
    """The fingerprint of what materialise reads in this database now; None if unreadable.

    The same function on the full tick's path and the idle one, so the two agree.
    """

    def read(queries: _Queries) -> str | None:
        return _fingerprint(queries, settings_key) if _at_head(queries) else None

    return _read(target, read, None)


def _idle_without_marker(queries: _Queries) -> bool:
    """No live plan item and no open check-in: materialise and dispatch have nothing to do."""
    open_states = [state.value for state in OPEN_STATES]
    return not (queries.one(_LIVE_ITEM) or queries.one(_OPEN_CHECKIN, open_states))


def record_marker(target: Target, print_: str, through: datetime, now: datetime) -> bool:
    """Store the marker of a full materialise at `now` that added nothing; False if it could not.

    `now` is the tick's instant (its clock, which `--at` sets): the marker holds only for
    ticks at or after it, since a materialise covers its window from then on.
    """

    def change(queries: _Queries) -> bool:
        if _idle_without_marker(queries):
            return False  # idle without a marker: a full tick here writes nothing
        queries.execute(_RECORD, [print_, queries.instant(through), queries.instant(now)])
        return True

    return _write(target, change)


def nothing_due(
    target: Target, now: datetime, settings_key: str = "", horizon: timedelta | None = None
) -> bool:
    """True only when a tick at `now` would neither create, change nor send anything.

    `settings_key` and `horizon` describe the scheduling settings of this tick; without a
    horizon only a database with no live plan item and no open check-in counts as idle.
    """
    if isinstance(target, Path) and not target.is_file():
        return False

    def idle(queries: _Queries) -> bool:
        if not _at_head(queries):
            return False  # the full path upgrades the schema first
        at = queries.instant(now)
        if queries.one(_AWAY_ENDED, [at]):
            return False
        if _idle_without_marker(queries):
            return True
        open_states = [state.value for state in OPEN_STATES]
        if horizon is None or queries.one(_DUE_CHECKIN, [*open_states, at]):
            return False
        # A tick earlier than the marker's may find rows that materialise did not make.
        marker = queries.one(_MARKER, [queries.instant(now + horizon + MARGIN), at])
        return marker is not None and marker[0] == _fingerprint(queries, settings_key)

    return _read(target, idle, False)
