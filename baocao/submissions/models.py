"""Submissions, their versions and values, and the trail of every value change.

One submission per (regime, reporting unit, period); it keeps the regime version it was made under.
A version's state moves draft → submitted → accepted, or → returned → (revised) draft → submitted.
Reopening an accepted submission makes a new version; old versions stay readable.
``lock_version`` is an optimistic-concurrency counter: two people acting at once, exactly one wins.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baocao.audit.types import UtcDateTime
from baocao.storage.base import Base


class SubmissionState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class EntryPath(StrEnum):
    """How a value reached the system (recorded on every change)."""

    WEB = "web"
    EXCEL = "excel"
    API = "api"
    CSV = "csv"
    CONSOLIDATION = "consolidation"
    SDMX = "sdmx"
    DHIS2 = "dhis2"
    FEDERATION = "federation"
    DEMO = "demo"


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("regime_id", "unit_id", "period"),
        Index("ix_submissions_receiver_period", "receiver_unit_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regime_id: Mapped[int] = mapped_column(ForeignKey("regimes.id"), index=True)
    regime_version_id: Mapped[int] = mapped_column(ForeignKey("regime_versions.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    receiver_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str] = mapped_column(String(16))  # "2025-07", "2025-Q3", "2025" ...
    period_start: Mapped[date] = mapped_column(Date)  # calendar window, for range queries
    period_end: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default=SubmissionState.DRAFT)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    first_submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012 - SQLAlchemy reads it

    versions: Mapped[list[SubmissionVersion]] = relationship(
        back_populates="submission", order_by="SubmissionVersion.version"
    )


class SubmissionVersion(Base):
    __tablename__ = "submission_versions"
    __table_args__ = (UniqueConstraint("submission_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default=SubmissionState.DRAFT)
    # Narrative sections of the outline: {"section_code": "text", ...}
    narrative: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(Integer)
    return_reason: Mapped[str | None] = mapped_column(Text)
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    # SHA-256 of the canonical content at the last submit/accept (baocao.ledger.canonical).
    content_digest: Mapped[str | None] = mapped_column(String(64))

    submission: Mapped[Submission] = relationship(back_populates="versions")
    values: Mapped[list[DataValue]] = relationship(cascade="all, delete-orphan")


class DataValue(Base):
    __tablename__ = "data_values"
    __table_args__ = (UniqueConstraint("submission_version_id", "data_element_id", "option_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_version_id: Mapped[int] = mapped_column(
        ForeignKey("submission_versions.id", ondelete="CASCADE"), index=True
    )
    data_element_id: Mapped[int] = mapped_column(ForeignKey("data_elements.id"), index=True)
    option_key: Mapped[str] = mapped_column(String(200), default="")
    value_num: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)  # e.g. the explanation a warning asks for


class CellComment(Base):
    """A receiver's note on one cell when returning a submission (or any reviewer remark)."""

    __tablename__ = "cell_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_version_id: Mapped[int] = mapped_column(
        ForeignKey("submission_versions.id", ondelete="CASCADE"), index=True
    )
    data_element_id: Mapped[int] = mapped_column(ForeignKey("data_elements.id"))
    option_key: Mapped[str] = mapped_column(String(200), default="")
    message: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ValueChange(Base):
    """The audit trail of reported values: who, when, from where, which path, old → new.

    A change of a cell names its data element and option key; a change of a narrative section of the
    outline names the section (``section_code``) and has no data element.
    """

    __tablename__ = "value_changes"
    __table_args__ = (Index("ix_value_changes_submission", "submission_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(120))
    entry_path: Mapped[str] = mapped_column(String(16))
    client_address: Mapped[str | None] = mapped_column(String(64))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    data_element_id: Mapped[int | None] = mapped_column(ForeignKey("data_elements.id"))
    option_key: Mapped[str] = mapped_column(String(200), default="")
    section_code: Mapped[str | None] = mapped_column(String(40))  # a narrative section's change
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class DeadlineException(Base):
    """The receiver lets a unit enter data after the lock (deadline + grace), until a date."""

    __tablename__ = "deadline_exceptions"
    __table_args__ = (UniqueConstraint("regime_id", "unit_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regime_id: Mapped[int] = mapped_column(ForeignKey("regimes.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str] = mapped_column(String(16))
    open_until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int | None] = mapped_column(Integer)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
