"""processed events keyed on the receiving bot, with a fingerprint, pruned by age

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The table only remembers recent update ids so that a redelivery changes nothing. Its old rows
# carry no bot identity, so they could never match an event keyed on its bot: the table is
# made again rather than copied (the same on SQLite and PostgreSQL, primary key included).


def _table(*columns: sa.Column[object], key: Sequence[str]) -> None:
    op.create_table(
        "processed_event",
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        *columns,
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint(*key),
    )


def upgrade() -> None:
    op.drop_table("processed_event")
    _table(
        sa.Column("bot", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        key=("platform", "bot", "event_id"),
    )
    op.create_index(op.f("ix_processed_event_at"), "processed_event", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_processed_event_at"), table_name="processed_event")
    op.drop_table("processed_event")
    _table(key=("platform", "event_id"))
