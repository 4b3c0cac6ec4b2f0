"""web: dashboard tile choices per user

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_tile_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_web_tile_choices_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_web_tile_choices_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_tile_choices")),
        sa.UniqueConstraint("user_id", "unit_id", name=op.f("uq_web_tile_choices_user_id_unit_id")),
    )
    op.create_index(op.f("ix_web_tile_choices_user_id"), "web_tile_choices", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_web_tile_choices_user_id"), table_name="web_tile_choices")
    op.drop_table("web_tile_choices")
