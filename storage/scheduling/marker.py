"""Materialise's marker: what a complete run read (a fingerprint) and how far it reached.

A materialise that ran to the end with its inputs unchanged records the fingerprint of what it
read after its last insert, the start of its window and the first send instant a later run
could add beyond its horizon. A later run that finds the same fingerprint and a window inside
that span would add nothing, so it skips the planning and the look-up of stored keys
(handlers/scheduling/materialise.py). The fingerprint is read from every row of the tables
materialise reads, so a write by any code path to one of them changes it.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, text
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from bot.core.scheduling import MaterialiseInputs, MaterialiseMarker
from storage.tables import MaterialiseMarkerRow

# Everything materialise reads besides the check-ins: items with their plans and areas, and
# the roster (people, their units, the unit tree, boards and their members).
MATERIALISE_TABLES = (
    "plan",
    "area",
    "plan_item",
    "unit",
    "person",
    "person_unit",
    "board",
    "board_member",
)
# Check-in rows: materialise skips stored keys, so a deleted row would be made again. Other
# paths only update rows (state, next send); inserts and deletes move the count or highest id.
_CHECKINS = "SELECT count(*), max(id) FROM checkin"
_MARKER_ID = 1


def _sqlite_rows(connection: Connection) -> str:
    digest = hashlib.sha256()
    for table in MATERIALISE_TABLES:  # names from the fixed list above, never from input
        digest.update(f"|{table}|".encode())
        for row in connection.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY rowid'):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _postgres_rows(connection: Connection) -> str:
    # Digested on the server, each table in a stable order, all in one statement (one view).
    parts = ", ".join(
        f"(SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\"), ''))"
        f' FROM "{table}" AS t)'
        for table in MATERIALISE_TABLES  # names from the fixed list above, never from input
    )
    row = connection.execute(text(f"SELECT {parts}")).one()
    digest = hashlib.sha256()
    for table, part in zip(MATERIALISE_TABLES, row, strict=True):
        digest.update(f"|{table}|{part}".encode())
    return digest.hexdigest()


def consistent_read(session: Session) -> None:
    """Let every statement of this (read-only) transaction see the same committed state.

    Call first in the transaction. SQLite's read transaction already does; PostgreSQL's
    default (read committed) takes a new view per statement, so ask for repeatable read.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def materialise_inputs(session: Session) -> tuple[MaterialiseInputs, MaterialiseMarker | None]:
    """The fingerprint of what materialise reads now, and the marker the last complete run left."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        rows = _postgres_rows(connection)
    else:
        rows = _sqlite_rows(connection)
    count, highest = connection.execute(text(_CHECKINS)).one()
    stored = connection.execute(
        sa_select(
            col(MaterialiseMarkerRow.fingerprint),
            col(MaterialiseMarkerRow.lower),
            col(MaterialiseMarkerRow.through),
        ).where(col(MaterialiseMarkerRow.id) == _MARKER_ID)
    ).one_or_none()
    marker = None if stored is None else MaterialiseMarker(*stored)
    return MaterialiseInputs(rows, f"{count}|{highest}"), marker


def record_materialise_marker(session: Session, marker: MaterialiseMarker) -> None:
    """Keep `marker` as the one row of materialise_marker."""
    dialect = session.get_bind().dialect.name
    insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"fingerprint": marker.fingerprint, "lower": marker.lower, "through": marker.through}
    stmt = insert_for(MaterialiseMarkerRow).values(id=_MARKER_ID, **values)
    session.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
