"""analytics: facts (values with their validity in time) and rollups (issue #5)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 14:48:14.092569

``known_from``/``known_to`` are naive UTC (``baocao.audit.types.UtcDateTime`` in the model).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_rollups",
        sa.Column("map", sa.String(length=12), nullable=False),
        sa.Column("data_element_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("option_key", sa.String(length=200), nullable=False),
        sa.Column("period_type", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("own_sum", sa.Float(), nullable=False),
        sa.Column("own_weight", sa.Float(), nullable=False),
        sa.Column("own_n", sa.Integer(), nullable=False),
        sa.Column("own_apportioned", sa.Integer(), nullable=False),
        sa.Column("child_sum", sa.Float(), nullable=False),
        sa.Column("child_weight", sa.Float(), nullable=False),
        sa.Column("child_n", sa.Integer(), nullable=False),
        sa.Column("child_apportioned", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["data_element_id"],
            ["data_elements.id"],
            name=op.f("fk_analytics_rollups_data_element_id_data_elements"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_analytics_rollups_unit_id_units")),
        sa.PrimaryKeyConstraint(
            "map", "data_element_id", "unit_id", "period", "option_key", name=op.f("pk_analytics_rollups")
        ),
    )
    with op.batch_alter_table("analytics_rollups", schema=None) as batch_op:
        batch_op.create_index(
            "ix_analytics_rollups_range", ["map", "data_element_id", "unit_id", "period_start"], unique=False
        )

    op.create_table(
        "analytics_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("data_element_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_type", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("option_key", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("known_from", sa.DateTime(), nullable=False),
        sa.Column("known_to", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["data_element_id"],
            ["data_elements.id"],
            name=op.f("fk_analytics_facts_data_element_id_data_elements"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_analytics_facts_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_analytics_facts_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_facts")),
    )
    with op.batch_alter_table("analytics_facts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_analytics_facts_lookup", ["data_element_id", "period", "option_key", "status"], unique=False
        )
        batch_op.create_index(
            "ix_analytics_facts_submission", ["submission_id", "status", "known_to"], unique=False
        )
        batch_op.create_index(
            "ix_analytics_facts_unit", ["data_element_id", "unit_id", "period_start"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("analytics_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_facts_unit")
        batch_op.drop_index("ix_analytics_facts_submission")
        batch_op.drop_index("ix_analytics_facts_lookup")

    op.drop_table("analytics_facts")
    with op.batch_alter_table("analytics_rollups", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_rollups_range")

    op.drop_table("analytics_rollups")
