"""regimes, forms, submissions, value trail, ledger, signatures, validation results (issue #3)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 13:46:59.481516

Timestamps of submissions and the ledger are naive UTC (``baocao.audit.types.UtcDateTime`` in the
models); ``regime_versions.loaded_at`` and ``validation_results.evaluated_at`` keep
``DateTime(timezone=True)`` as their models declare.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regimes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("owner_unit_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["owner_unit_id"], ["units.id"], name=op.f("fk_regimes_owner_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regimes")),
        sa.UniqueConstraint("code", name=op.f("uq_regimes_code")),
    )
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("algorithm", sa.String(length=16), nullable=False),
        sa.Column("public_pem", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_signing_keys_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_signing_keys_fingerprint")),
    )
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signing_keys_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "deadline_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regime_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("open_until", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["regime_id"], ["regimes.id"], name=op.f("fk_deadline_exceptions_regime_id_regimes")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_deadline_exceptions_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_exceptions")),
        sa.UniqueConstraint(
            "regime_id", "unit_id", "period", name=op.f("uq_deadline_exceptions_regime_id_unit_id_period")
        ),
    )
    op.create_table(
        "regime_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regime_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("report_type", sa.String(length=16), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("frequency", sa.String(length=16), nullable=False),
        sa.Column("cutoff_convention", sa.String(length=16), nullable=False),
        sa.Column("deadline_rule", sa.JSON(), nullable=False),
        sa.Column("reporting_units_rule", sa.JSON(), nullable=False),
        sa.Column("receiver_rule", sa.JSON(), nullable=False),
        sa.Column("sending_methods", sa.JSON(), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source_yaml", sa.Text(), nullable=False),
        sa.Column("source_digest", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["regime_id"],
            ["regimes.id"],
            name=op.f("fk_regime_versions_regime_id_regimes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regime_versions")),
        sa.UniqueConstraint("regime_id", "version", name=op.f("uq_regime_versions_regime_id_version")),
    )
    with op.batch_alter_table("regime_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regime_versions_regime_id"), ["regime_id"], unique=False)

    op.create_table(
        "forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regime_version_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["regime_version_id"],
            ["regime_versions.id"],
            name=op.f("fk_forms_regime_version_id_regime_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forms")),
        sa.UniqueConstraint("regime_version_id", "code", name=op.f("uq_forms_regime_version_id_code")),
    )
    with op.batch_alter_table("forms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forms_regime_version_id"), ["regime_version_id"], unique=False)

    op.create_table(
        "outline_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regime_version_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("guidance", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["regime_version_id"],
            ["regime_versions.id"],
            name=op.f("fk_outline_sections_regime_version_id_regime_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outline_sections")),
        sa.UniqueConstraint(
            "regime_version_id", "code", name=op.f("uq_outline_sections_regime_version_id_code")
        ),
    )
    with op.batch_alter_table("outline_sections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outline_sections_regime_version_id"), ["regime_version_id"], unique=False
        )

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regime_id", sa.Integer(), nullable=False),
        sa.Column("regime_version_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("receiver_unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("first_submitted_at", sa.DateTime(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["receiver_unit_id"], ["units.id"], name=op.f("fk_submissions_receiver_unit_id_units")
        ),
        sa.ForeignKeyConstraint(["regime_id"], ["regimes.id"], name=op.f("fk_submissions_regime_id_regimes")),
        sa.ForeignKeyConstraint(
            ["regime_version_id"],
            ["regime_versions.id"],
            name=op.f("fk_submissions_regime_version_id_regime_versions"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_submissions_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint(
            "regime_id", "unit_id", "period", name=op.f("uq_submissions_regime_id_unit_id_period")
        ),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index("ix_submissions_receiver_period", ["receiver_unit_id", "period"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_regime_id"), ["regime_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "validation_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regime_version_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("importance", sa.String(length=8), nullable=False),
        sa.Column("expression", sa.Text(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("message", sa.String(length=400), nullable=False),
        sa.Column("message_en", sa.String(length=400), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["regime_version_id"],
            ["regime_versions.id"],
            name=op.f("fk_validation_rules_regime_version_id_regime_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_validation_rules")),
        sa.UniqueConstraint(
            "regime_version_id", "code", name=op.f("uq_validation_rules_regime_version_id_code")
        ),
    )
    with op.batch_alter_table("validation_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_validation_rules_regime_version_id"), ["regime_version_id"], unique=False
        )

    op.create_table(
        "form_cells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("row_code", sa.String(length=40), nullable=False),
        sa.Column("column_code", sa.String(length=40), nullable=False),
        sa.Column("data_element_id", sa.Integer(), nullable=False),
        sa.Column("option_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("formula", sa.Text(), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["data_element_id"],
            ["data_elements.id"],
            name=op.f("fk_form_cells_data_element_id_data_elements"),
        ),
        sa.ForeignKeyConstraint(
            ["form_id"], ["forms.id"], name=op.f("fk_form_cells_form_id_forms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_cells")),
        sa.UniqueConstraint(
            "form_id",
            "data_element_id",
            "option_key",
            name=op.f("uq_form_cells_form_id_data_element_id_option_key"),
        ),
        sa.UniqueConstraint(
            "form_id", "row_code", "column_code", name=op.f("uq_form_cells_form_id_row_code_column_code")
        ),
    )
    with op.batch_alter_table("form_cells", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_cells_form_id"), ["form_id"], unique=False)

    op.create_table(
        "form_columns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("label_en", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"], ["forms.id"], name=op.f("fk_form_columns_form_id_forms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_columns")),
        sa.UniqueConstraint("form_id", "code", name=op.f("uq_form_columns_form_id_code")),
    )
    with op.batch_alter_table("form_columns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_columns_form_id"), ["form_id"], unique=False)

    op.create_table(
        "form_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("label_en", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indent", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"], ["forms.id"], name=op.f("fk_form_rows_form_id_forms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_rows")),
        sa.UniqueConstraint("form_id", "code", name=op.f("uq_form_rows_form_id_code")),
    )
    with op.batch_alter_table("form_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_rows_form_id"), ["form_id"], unique=False)

    op.create_table(
        "ledger_entries",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_ledger_entries_submission_id_submissions")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_ledger_entries_entry_hash")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_entries_submission_id"), ["submission_id"], unique=False)

    op.create_table(
        "submission_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("narrative", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.Column("content_digest", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_versions_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_versions")),
        sa.UniqueConstraint(
            "submission_id", "version", name=op.f("uq_submission_versions_submission_id_version")
        ),
    )
    with op.batch_alter_table("submission_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submission_versions_submission_id"), ["submission_id"], unique=False
        )

    op.create_table(
        "value_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("entry_path", sa.String(length=16), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data_element_id", sa.Integer(), nullable=False),
        sa.Column("option_key", sa.String(length=200), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["data_element_id"],
            ["data_elements.id"],
            name=op.f("fk_value_changes_data_element_id_data_elements"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_value_changes_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_value_changes")),
    )
    with op.batch_alter_table("value_changes", schema=None) as batch_op:
        batch_op.create_index("ix_value_changes_submission", ["submission_id", "version"], unique=False)

    op.create_table(
        "cell_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_version_id", sa.Integer(), nullable=False),
        sa.Column("data_element_id", sa.Integer(), nullable=False),
        sa.Column("option_key", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["data_element_id"],
            ["data_elements.id"],
            name=op.f("fk_cell_comments_data_element_id_data_elements"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_version_id"],
            ["submission_versions.id"],
            name=op.f("fk_cell_comments_submission_version_id_submission_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cell_comments")),
    )
    with op.batch_alter_table("cell_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cell_comments_submission_version_id"), ["submission_version_id"], unique=False
        )

    op.create_table(
        "data_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_version_id", sa.Integer(), nullable=False),
        sa.Column("data_element_id", sa.Integer(), nullable=False),
        sa.Column("option_key", sa.String(length=200), nullable=False),
        sa.Column("value_num", sa.Float(), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["data_element_id"],
            ["data_elements.id"],
            name=op.f("fk_data_values_data_element_id_data_elements"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_version_id"],
            ["submission_versions.id"],
            name=op.f("fk_data_values_submission_version_id_submission_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_values")),
        sa.UniqueConstraint(
            "submission_version_id",
            "data_element_id",
            "option_key",
            name=op.f("uq_data_values_submission_version_id_data_element_id_option_key"),
        ),
    )
    with op.batch_alter_table("data_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_values_data_element_id"), ["data_element_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_data_values_submission_version_id"), ["submission_version_id"], unique=False
        )

    op.create_table(
        "submission_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_version_id", sa.Integer(), nullable=False),
        sa.Column("signing_key_id", sa.Integer(), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("signature_b64", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["signing_key_id"],
            ["signing_keys.id"],
            name=op.f("fk_submission_signatures_signing_key_id_signing_keys"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_version_id"],
            ["submission_versions.id"],
            name=op.f("fk_submission_signatures_submission_version_id_submission_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_signatures")),
        sa.UniqueConstraint(
            "submission_version_id",
            "signing_key_id",
            name=op.f("uq_submission_signatures_submission_version_id_signing_key_id"),
        ),
    )
    with op.batch_alter_table("submission_signatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submission_signatures_submission_version_id"),
            ["submission_version_id"],
            unique=False,
        )

    op.create_table(
        "validation_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_version_id", sa.Integer(), nullable=False),
        sa.Column("rule_code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("importance", sa.String(length=8), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("left_value", sa.Float(), nullable=True),
        sa.Column("right_value", sa.Float(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("cells", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_version_id"],
            ["submission_versions.id"],
            name=op.f("fk_validation_results_submission_version_id_submission_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_validation_results")),
    )
    with op.batch_alter_table("validation_results", schema=None) as batch_op:
        batch_op.create_index("ix_validation_results_rule", ["rule_code", "passed"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_validation_results_submission_version_id"), ["submission_version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("validation_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_validation_results_submission_version_id"))
        batch_op.drop_index("ix_validation_results_rule")

    op.drop_table("validation_results")
    with op.batch_alter_table("submission_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_signatures_submission_version_id"))

    op.drop_table("submission_signatures")
    with op.batch_alter_table("data_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_values_submission_version_id"))
        batch_op.drop_index(batch_op.f("ix_data_values_data_element_id"))

    op.drop_table("data_values")
    with op.batch_alter_table("cell_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cell_comments_submission_version_id"))

    op.drop_table("cell_comments")
    with op.batch_alter_table("value_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_value_changes_submission")

    op.drop_table("value_changes")
    with op.batch_alter_table("submission_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_versions_submission_id"))

    op.drop_table("submission_versions")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_submission_id"))

    op.drop_table("ledger_entries")
    with op.batch_alter_table("form_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_rows_form_id"))

    op.drop_table("form_rows")
    with op.batch_alter_table("form_columns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_columns_form_id"))

    op.drop_table("form_columns")
    with op.batch_alter_table("form_cells", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_cells_form_id"))

    op.drop_table("form_cells")
    with op.batch_alter_table("validation_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_validation_rules_regime_version_id"))

    op.drop_table("validation_rules")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_unit_id"))
        batch_op.drop_index(batch_op.f("ix_submissions_regime_id"))
        batch_op.drop_index("ix_submissions_receiver_period")

    op.drop_table("submissions")
    with op.batch_alter_table("outline_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outline_sections_regime_version_id"))

    op.drop_table("outline_sections")
    with op.batch_alter_table("forms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forms_regime_version_id"))

    op.drop_table("forms")
    with op.batch_alter_table("regime_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regime_versions_regime_id"))

    op.drop_table("regime_versions")
    op.drop_table("deadline_exceptions")
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signing_keys_unit_id"))

    op.drop_table("signing_keys")
    op.drop_table("regimes")
