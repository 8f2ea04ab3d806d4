"""away periods and handovers

Revision ID: 0004
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "away_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("ends_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("resumed_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("away_period", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_away_period_person_id"), ["person_id"], unique=False)
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("from_person_id", sa.Integer(), nullable=True),
        sa.Column("to_person_id", sa.Integer(), nullable=True),
        sa.Column("board_id", sa.Integer(), nullable=True),
        sa.Column("at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["board_id"], ["board.id"]),
        sa.ForeignKeyConstraint(["from_person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["plan_item_id"], ["plan_item.id"]),
        sa.ForeignKeyConstraint(["to_person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_handover_from_person_id"), ["from_person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handover_plan_item_id"), ["plan_item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handover_to_person_id"), ["to_person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_to_person_id"))
        batch_op.drop_index(batch_op.f("ix_handover_plan_item_id"))
        batch_op.drop_index(batch_op.f("ix_handover_from_person_id"))
        batch_op.drop_index(batch_op.f("ix_handover_at"))
    op.drop_table("handover")
    with op.batch_alter_table("away_period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_away_period_person_id"))
    op.drop_table("away_period")
