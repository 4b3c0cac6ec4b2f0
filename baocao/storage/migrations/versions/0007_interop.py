"""interoperability: DHIS2 mapping table

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dhis2_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("dhis2_uid", sa.String(length=11), nullable=True),
        sa.Column("dhis2_code", sa.String(length=100), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=230), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dhis2_mappings")),
        sa.UniqueConstraint("kind", "dhis2_code", name=op.f("uq_dhis2_mappings_kind_dhis2_code")),
        sa.UniqueConstraint("kind", "dhis2_uid", name=op.f("uq_dhis2_mappings_kind_dhis2_uid")),
    )


def downgrade() -> None:
    op.drop_table("dhis2_mappings")
