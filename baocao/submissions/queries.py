"""Reading submissions, always through the reader's scope inside the SQL (never filtered afterwards).

Units are named as they were at the end of the submission's period (codes are reused over time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from baocao.access.principal import Principal
from baocao.catalog.models import DataElement
from baocao.errors import not_found
from baocao.regimes.models import Regime, RegimeVersion
from baocao.submissions.guard import visible_clause
from baocao.submissions.models import CellComment, DataValue, Submission, SubmissionVersion, ValueChange
from baocao.timeutil import VIETNAM
from baocao.units.models import UnitVersion

ReporterV = aliased(UnitVersion, name="reporter_v")
ReceiverV = aliased(UnitVersion, name="receiver_v")


def _as_of_period_end(version: type[UnitVersion], unit_id: Any) -> Any:
    return and_(
        version.unit_id == unit_id,
        version.valid_from <= Submission.period_end,
        or_(version.valid_to.is_(None), version.valid_to > Submission.period_end),
    )


def timeliness(deadline: date, first_submitted_at: datetime | None) -> str | None:
    """``on_time`` / ``late`` by the first submission's Vietnam date; None if never submitted."""
    if first_submitted_at is None:
        return None
    return "late" if first_submitted_at.astimezone(VIETNAM).date() > deadline else "on_time"


@dataclass(frozen=True)
class Filters:
    regime: str | None = None
    unit: str | None = None
    receiver: str | None = None
    period: str | None = None
    state: str | None = None


def listing(principal: Principal | None, filters: Filters) -> Select[Any]:
    columns: list[Any] = [
        Submission,
        Regime.code.label("regime_code"),
        RegimeVersion.version.label("regime_version"),
        RegimeVersion.name.label("regime_name"),
        ReporterV.code.label("unit_code"),
        ReporterV.name.label("unit_name"),
        ReceiverV.code.label("receiver_code"),
        ReceiverV.name.label("receiver_name"),
    ]
    stmt = (
        select(*columns)
        .join(Regime, Regime.id == Submission.regime_id)
        .join(RegimeVersion, RegimeVersion.id == Submission.regime_version_id)
        .outerjoin(ReporterV, _as_of_period_end(ReporterV, Submission.unit_id))
        .outerjoin(ReceiverV, _as_of_period_end(ReceiverV, Submission.receiver_unit_id))
        .where(visible_clause(principal))
    )
    if filters.regime:
        stmt = stmt.where(Regime.code == filters.regime)
    if filters.unit:
        stmt = stmt.where(ReporterV.code == filters.unit)
    if filters.receiver:
        stmt = stmt.where(ReceiverV.code == filters.receiver)
    if filters.period:
        stmt = stmt.where(Submission.period == filters.period)
    if filters.state:
        stmt = stmt.where(Submission.state == filters.state)
    return stmt


def list_submissions(
    session: Session, principal: Principal | None, filters: Filters, limit: int, offset: int
) -> tuple[list[Any], int]:
    stmt = listing(principal, filters)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.execute(
        stmt.order_by(Submission.period.desc(), Regime.code, ReporterV.code, Submission.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def visible_row(session: Session, principal: Principal | None, submission_id: int) -> Any:
    """The listing row of one submission; 404 if it does not exist or lies outside the scope."""
    row = session.execute(listing(principal, Filters()).where(Submission.id == submission_id)).first()
    if row is None:
        raise not_found("báo cáo", "submission", str(submission_id), field="submission_id")
    return row


def get_visible(session: Session, principal: Principal | None, submission_id: int) -> Submission:
    submission: Submission = visible_row(session, principal, submission_id).Submission
    return submission


def get_version(session: Session, submission: Submission, number: int) -> SubmissionVersion:
    version = session.scalar(
        select(SubmissionVersion).where(
            SubmissionVersion.submission_id == submission.id, SubmissionVersion.version == number
        )
    )
    if version is None:
        raise not_found("phiên bản", "version", str(number), field="version")
    return version


def versions_of(session: Session, submission_id: int) -> list[SubmissionVersion]:
    return list(
        session.scalars(
            select(SubmissionVersion)
            .where(SubmissionVersion.submission_id == submission_id)
            .order_by(SubmissionVersion.version)
        )
    )


def values_of(session: Session, version_id: int) -> list[Any]:
    """``(element, option_key, value_num, value_text, comment)`` sorted by element and options."""
    return list(
        session.execute(
            select(
                DataElement.code.label("element"),
                DataValue.option_key,
                DataValue.value_num,
                DataValue.value_text,
                DataValue.comment,
            )
            .join(DataElement, DataElement.id == DataValue.data_element_id)
            .where(DataValue.submission_version_id == version_id)
            .order_by(DataElement.code, DataValue.option_key)
        ).all()
    )


def comments_of(session: Session, version_id: int) -> list[Any]:
    return list(
        session.execute(
            select(
                DataElement.code.label("element"),
                CellComment.option_key,
                CellComment.message,
                CellComment.author_id,
                CellComment.created_at,
            )
            .join(DataElement, DataElement.id == CellComment.data_element_id)
            .where(CellComment.submission_version_id == version_id)
            .order_by(CellComment.created_at, CellComment.id)
        ).all()
    )


def value_changes(session: Session, submission_id: int, limit: int, offset: int) -> tuple[list[Any], int]:
    stmt = (
        select(ValueChange, DataElement.code.label("element"))
        .outerjoin(DataElement, DataElement.id == ValueChange.data_element_id)  # None: a narrative section
        .where(ValueChange.submission_id == submission_id)
    )
    total = session.scalar(select(func.count()).where(ValueChange.submission_id == submission_id)) or 0
    rows = session.execute(stmt.order_by(ValueChange.id).limit(limit).offset(offset)).all()
    return list(rows), total
