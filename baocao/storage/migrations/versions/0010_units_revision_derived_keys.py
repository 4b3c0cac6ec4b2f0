"""units revision counter; no foreign keys on the derived analytics tables

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 19:30:00

``units_revision`` holds one number, raised by triggers on every write to ``unit_versions`` and
``unit_successions``: the analytics engine checks it (one primary-key read) before reusing its cached
unit graph.

``analytics_facts`` and ``analytics_rollups`` are derived from ``data_values`` (which keeps its
foreign keys) and written only by ``baocao.analytics.maintain`` and ``baocao.imports``; units,
elements and accepted submissions are never deleted. Their foreign keys checked again, per derived row,
what the source row had already checked: on PostgreSQL those checks were most of the time of writing
a fact (one trigger each).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

WATCHED = ("unit_versions", "unit_successions")
DERIVED_KEYS = {
    "analytics_facts": (
        ("fk_analytics_facts_data_element_id_data_elements", ["data_element_id"], "data_elements", None),
        ("fk_analytics_facts_submission_id_submissions", ["submission_id"], "submissions", "CASCADE"),
        ("fk_analytics_facts_unit_id_units", ["unit_id"], "units", None),
    ),
    "analytics_rollups": (
        ("fk_analytics_rollups_data_element_id_data_elements", ["data_element_id"], "data_elements", None),
        ("fk_analytics_rollups_unit_id_units", ["unit_id"], "units", None),
    ),
}


def _triggers_up() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Once per transaction: readers see committed revisions only, and updating one row for every
        # statement of a units import (25,000) piles up row versions that each later update scans.
        op.execute(
            "CREATE FUNCTION raise_units_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF coalesce(current_setting('baocao.units_revision_raised', true), '') <> 'on' THEN "
            "UPDATE units_revision SET revision = revision + 1 WHERE id = 1; "
            "PERFORM set_config('baocao.units_revision_raised', 'on', true); "
            "END IF; RETURN NULL; END $$"
        )
        for table in WATCHED:
            op.execute(
                f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION raise_units_revision()"
            )
        return
    for table in WATCHED:  # SQLite triggers are per row; units change rarely
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_revision_{event.lower()} AFTER {event} ON {table} "  # noqa: S608
                "BEGIN UPDATE units_revision SET revision = revision + 1 WHERE id = 1; END"
            )


def _triggers_down() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgres:
            op.execute(f"DROP TRIGGER {table}_revision ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_revision_{event}")
    if postgres:
        op.execute("DROP FUNCTION raise_units_revision()")


def upgrade() -> None:
    op.create_table(
        "units_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units_revision")),
    )
    op.execute("INSERT INTO units_revision (id, revision) VALUES (1, 0)")
    _triggers_up()
    for table, keys in DERIVED_KEYS.items():
        with op.batch_alter_table(table) as batch_op:
            for name, _, _, _ in keys:
                batch_op.drop_constraint(name, type_="foreignkey")


def downgrade() -> None:
    for table, keys in DERIVED_KEYS.items():
        with op.batch_alter_table(table) as batch_op:
            for name, columns, target, ondelete in keys:
                batch_op.create_foreign_key(name, target, columns, ["id"], ondelete=ondelete)
    _triggers_down()
    op.drop_table("units_revision")
