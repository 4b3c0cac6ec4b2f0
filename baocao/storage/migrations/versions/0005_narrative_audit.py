"""narrative changes in the value trail: ``value_changes.section_code``, data element optional

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 15:00:00

A change of a narrative (outline) section is recorded like a change of a cell, naming the section
instead of a data element.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("value_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("section_code", sa.String(length=40), nullable=True))
        batch_op.alter_column("data_element_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Narrative rows have no data element: they cannot stay once the column is required again.
    op.execute("DELETE FROM value_changes WHERE data_element_id IS NULL")
    with op.batch_alter_table("value_changes", schema=None) as batch_op:
        batch_op.alter_column("data_element_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("section_code")
