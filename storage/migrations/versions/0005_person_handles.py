"""person handles: a person's platform accounts in one table instead of a column each

Revision ID: 0005
Revises: 0004

The values in person.slack_user_id, person.slack_email and person.telegram_username become
rows of person_handle (platform, kind, value), then the columns go. A value two people held
stays with the person of the lower id (the one the linking pass served first); each other
claim is written to the audit trail by person key, platform and kind, so nothing is lost.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (column on person, platform, kind), as the roster fields named them.
COLUMNS = (
    ("slack_user_id", "slack", "user_id", 32),
    ("slack_email", "slack", "email", 254),
    ("telegram_username", "telegram", "username", 64),
)

_person = sa.table(
    "person",
    sa.column("id", sa.Integer()),
    sa.column("key", sa.String()),
    *(sa.column(name, sa.String()) for name, _, _, _ in COLUMNS),
)
_handle = sa.table(
    "person_handle",
    sa.column("person_id", sa.Integer()),
    sa.column("platform", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("value", sa.String()),
)
_audit = sa.table(
    "audit",
    sa.column("at", storage.types.UTCDateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_key", sa.String()),
    sa.column("detail", sa.JSON()),
)


def upgrade() -> None:
    op.create_table(
        "person_handle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "kind", "value"),
    )
    with op.batch_alter_table("person_handle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_handle_person_id"), ["person_id"], unique=False
        )
    _copy_handles()
    # Native ALTER TABLE … DROP COLUMN (SQLite 3.35+): copying the whole person table, as a
    # recreating batch would, trips the foreign keys every other table holds to it.
    with op.batch_alter_table("person", schema=None, recreate="never") as batch_op:
        for name, _, _, _ in COLUMNS:
            batch_op.drop_column(name)


def _copy_handles() -> None:
    bind = op.get_bind()
    holders: dict[tuple[str, str, str], str] = {}
    rows, doubles = [], []
    people = bind.execute(sa.select(_person).order_by(_person.c.id)).mappings()
    for person in people:
        for name, platform, kind, _ in COLUMNS:
            value = (person[name] or "").strip()
            if not value:
                continue
            holder = holders.setdefault((platform, kind, value), person["key"])
            if holder == person["key"]:
                rows.append(
                    {"person_id": person["id"], "platform": platform, "kind": kind, "value": value}
                )
            else:
                doubles.append((person["key"], platform, kind, holder))
    if rows:
        bind.execute(sa.insert(_handle), rows)
    now = datetime.now(UTC)
    for key, platform, kind, holder in doubles:
        detail = {"platform": platform, "kind": kind, "kept_on": holder}
        bind.execute(
            sa.insert(_audit).values(
                at=now,
                actor="migration-0005",
                action="person.handle_dropped",
                entity="person",
                entity_key=key,
                detail=detail,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None, recreate="never") as batch_op:
        for name, _, _, length in COLUMNS:
            batch_op.add_column(
                sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=True)
            )
    bind = op.get_bind()
    for name, platform, kind, length in COLUMNS:
        handles = bind.execute(
            sa.select(_handle.c.person_id, _handle.c.value)
            .where(_handle.c.platform == platform, _handle.c.kind == kind)
            .order_by(_handle.c.person_id)
        ).all()
        for person_id, value in handles:
            bind.execute(
                sa.update(_person)
                .where(_person.c.id == person_id, _person.c[name].is_(None))
                .values({name: value[:length]})
            )
    with op.batch_alter_table("person_handle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_handle_person_id"))
    op.drop_table("person_handle")
