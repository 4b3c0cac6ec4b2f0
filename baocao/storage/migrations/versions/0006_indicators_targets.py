"""indicators and plan targets

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 16:30:00

``updated_at`` is naive UTC (``baocao.audit.types.UtcDateTime`` in the models).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("expression", sa.Text(), nullable=False),
        sa.Column("unit_measure", sa.String(length=60), nullable=False),
        sa.Column("decimals", sa.Integer(), nullable=False),
        sa.Column("better", sa.String(length=8), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("code", name=op.f("uq_indicators_code")),
    )
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("tolerance", sa.Float(), nullable=True),
        sa.Column("assigned_by", sa.String(length=200), nullable=False),
        sa.Column("source_document", sa.String(length=300), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_targets_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["targets.id"], name=op.f("fk_targets_parent_id_targets"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_targets_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint(
            "indicator_id", "unit_id", "year", name=op.f("uq_targets_indicator_id_unit_id_year")
        ),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_indicator_id"), ["indicator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_targets_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_unit_id"))
        batch_op.drop_index(batch_op.f("ix_targets_indicator_id"))
    op.drop_table("targets")
    op.drop_table("indicators")
