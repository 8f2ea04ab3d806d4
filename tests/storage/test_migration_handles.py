"""Migration 0005 on SQLite and PostgreSQL: the Slack and Telegram columns of people at 0004
become person_handle rows, nothing lost; and back again on downgrade."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from storage.engine import Database, normalise_url
from storage.migrate_alembic import alembic_config
from tests.conftest import PG_URL_ENV, postgres_url

# (key, slack_user_id, slack_email, telegram_username) as people stood at revision 0004.
PEOPLE = [
    ("anna", "U0ANNA", "anna@example.org", "anna_ek"),
    ("bo", None, "bo@example.org", None),
    ("cia", None, None, "cia_dahl"),
    ("dan", None, None, None),
    ("eva", "U0ANNA", None, None),  # the same Slack id as Anna: only one person can hold it
]


def migrate(db: Database, revision: str, *, down: bool = False) -> None:
    cfg = alembic_config()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database with no schema yet, on SQLite and, where configured, on PostgreSQL."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
        yield database
        database.dispose()
        return
    base = postgres_url()
    if base is None:
        pytest.skip(f"PostgreSQL not configured: set {PG_URL_ENV} to run this test")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    database = Database(f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}")
    try:
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def seed_at_0004(db: Database) -> dict[str, int]:
    migrate(db, "0004")
    ids = {}
    with db.engine.begin() as conn:
        for key, user_id, email, username in PEOPLE:
            conn.execute(
                text(
                    "INSERT INTO person (key, name, locale, locale_chosen, timezone, roles,"
                    " slack_user_id, slack_email, telegram_username, active)"
                    " VALUES (:key, :key, 'sv', false, 'Europe/Stockholm', 'steward',"
                    " :user_id, :email, :username, true)"
                ),
                {"key": key, "user_id": user_id, "email": email, "username": username},
            )
            ids[key] = conn.execute(text("SELECT id FROM person WHERE key = :k"), {"k": key}).one()[
                0
            ]
        # Rows that point at people, so the migration must leave the person rows in place.
        conn.execute(
            text(
                "INSERT INTO chat_identity (person_id, platform, workspace, user_id)"
                " VALUES (:p, 'slack', '', 'U0ANNA')"
            ),
            {"p": ids["anna"]},
        )
    return ids


def rows(db: Database, sql: str) -> list[Any]:
    with db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def test_upgrade_copies_every_handle_and_records_a_second_claim(empty_db: Database) -> None:
    ids = seed_at_0004(empty_db)
    migrate(empty_db, "0005")
    expected = {
        (ids["anna"], "slack", "user_id", "U0ANNA"),
        (ids["anna"], "slack", "email", "anna@example.org"),
        (ids["anna"], "telegram", "username", "anna_ek"),
        (ids["bo"], "slack", "email", "bo@example.org"),
        (ids["cia"], "telegram", "username", "cia_dahl"),
    }
    handles = rows(empty_db, "SELECT person_id, platform, kind, value FROM person_handle")
    assert set(handles) == expected
    assert len(handles) == len(expected)
    # Eva's copy of Anna's id cannot be a second row; the audit trail keeps who claimed it.
    audit = rows(empty_db, "SELECT action, entity_key, detail FROM audit")
    assert [(action, key) for action, key, _ in audit] == [("person.handle_dropped", "eva")]
    detail = audit[0][2]
    assert (detail if isinstance(detail, dict) else json.loads(detail)) == {
        "platform": "slack",
        "kind": "user_id",
        "kept_on": "anna",
    }
    columns = {c["name"] for c in inspect(empty_db.engine).get_columns("person")}
    assert not columns & {"slack_user_id", "slack_email", "telegram_username"}
    assert len(rows(empty_db, "SELECT id FROM person")) == len(PEOPLE)
    assert rows(empty_db, "SELECT person_id FROM chat_identity") == [(ids["anna"],)]


def test_downgrade_puts_the_handles_back_in_their_columns(empty_db: Database) -> None:
    seed_at_0004(empty_db)
    migrate(empty_db, "0005")
    migrate(empty_db, "0004", down=True)
    back = rows(
        empty_db,
        "SELECT key, slack_user_id, slack_email, telegram_username FROM person ORDER BY id",
    )
    dropped = ("eva", None, None, None)  # the second claim lives on in the audit trail only
    assert back == [*PEOPLE[:-1], dropped]
