"""SQL of the DHIS2 export: stored values of the current version of submissions in the reader's
scope, for given regimes, unit codes and periods (or a date range)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, or_, select

from baocao.access.principal import Principal
from baocao.catalog.models import DataElement
from baocao.regimes.models import Regime
from baocao.submissions.guard import visible_clause
from baocao.submissions.models import DataValue, Submission, SubmissionVersion
from baocao.units.models import UnitVersion


@dataclass(frozen=True)
class ExportFilter:
    regimes: list[str]
    unit_codes: list[str]
    periods: list[str]
    start: date | None = None
    end: date | None = None


def export_values(principal: Principal, f: ExportFilter) -> Select[Any]:
    """One row per stored value: regime, unit code (as of the period), period, element, option key,
    value, comment, state and when the submission last changed."""
    unit = and_(
        UnitVersion.unit_id == Submission.unit_id,
        UnitVersion.valid_from <= Submission.period_end,
        or_(UnitVersion.valid_to.is_(None), UnitVersion.valid_to > Submission.period_end),
    )
    columns: list[Any] = [
        Regime.code.label("regime"),
        UnitVersion.code.label("unit"),
        Submission.period,
        Submission.state,
        Submission.updated_at,
        DataElement.code.label("element"),
        DataValue.option_key,
        DataValue.value_num,
        DataValue.value_text,
        DataValue.comment,
    ]
    stmt = (
        select(*columns)
        .join(Regime, Regime.id == Submission.regime_id)
        .join(UnitVersion, unit)
        .join(
            SubmissionVersion,
            and_(
                SubmissionVersion.submission_id == Submission.id,
                SubmissionVersion.version == Submission.current_version,
            ),
        )
        .join(DataValue, DataValue.submission_version_id == SubmissionVersion.id)
        .join(DataElement, DataElement.id == DataValue.data_element_id)
        .where(
            visible_clause(principal),
            Regime.code.in_(f.regimes),
            UnitVersion.code.in_(f.unit_codes),
        )
        .order_by(
            Regime.code, UnitVersion.code, Submission.period_start, DataElement.code, DataValue.option_key
        )
    )
    if f.periods:
        stmt = stmt.where(Submission.period.in_(f.periods))
    if f.start is not None:
        stmt = stmt.where(Submission.period_start >= f.start)
    if f.end is not None:
        stmt = stmt.where(Submission.period_end <= f.end)
    return stmt
