"""SQL of validation: accepted figures of other periods and units, stored results, failures in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from baocao.catalog.models import DataElement
from baocao.regimes.models import Regime, ValidationRule
from baocao.submissions.forms import FormIndex, load_form_index
from baocao.submissions.models import DataValue, Submission, SubmissionState, SubmissionVersion
from baocao.units.models import UnitVersion
from baocao.units.queries import valid_on
from baocao.validation.figures import Figures
from baocao.validation.models import ValidationResult


@dataclass(frozen=True)
class Accepted:
    """The last accepted version of one submission."""

    submission_id: int
    unit_id: int
    regime_id: int
    regime_version_id: int
    period: str
    period_start: date
    version_id: int


def accepted(session: Session, *where: ColumnElement[bool]) -> list[Accepted]:
    """The last accepted version of every submission matching ``where`` (on ``Submission``)."""
    last = (
        select(SubmissionVersion.submission_id, func.max(SubmissionVersion.version).label("version"))
        .where(SubmissionVersion.state == SubmissionState.ACCEPTED.value)
        .group_by(SubmissionVersion.submission_id)
        .subquery("last_accepted")
    )
    rows = session.execute(
        select(
            Submission.id,
            Submission.unit_id,
            Submission.regime_id,
            Submission.regime_version_id,
            Submission.period,
            Submission.period_start,
            SubmissionVersion.id,
        )
        .join(last, last.c.submission_id == Submission.id)
        .join(
            SubmissionVersion,
            and_(
                SubmissionVersion.submission_id == Submission.id, SubmissionVersion.version == last.c.version
            ),
        )
        .where(*where)
        .order_by(Submission.period_start.desc(), Submission.id)
    )
    return [Accepted(*row) for row in rows]


def unit_ids_of_submissions(session: Session, *where: ColumnElement[bool]) -> set[int]:
    return set(session.scalars(select(Submission.unit_id).where(*where).distinct()))


def units_at_level(session: Session, level: str, day: date) -> set[int]:
    return set(
        session.scalars(
            select(UnitVersion.unit_id).where(UnitVersion.level == level, valid_on(UnitVersion, day))
        )
    )


def children_of(session: Session, unit_id: int, day: date) -> set[int]:
    return set(
        session.scalars(
            select(UnitVersion.unit_id).where(UnitVersion.parent_id == unit_id, valid_on(UnitVersion, day))
        )
    )


def units_with_codes(session: Session, codes: list[str], day: date) -> set[int]:
    return set(
        session.scalars(
            select(UnitVersion.unit_id).where(UnitVersion.code.in_(codes), valid_on(UnitVersion, day))
        )
    )


class FiguresCache:
    """Loads versions' numbers and their regime versions' form indexes once per validation run."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.indexes: dict[int, FormIndex] = {}
        self.loaded: dict[int, Figures] = {}

    def index(self, regime_version_id: int) -> FormIndex:
        if regime_version_id not in self.indexes:
            self.indexes[regime_version_id] = load_form_index(self.session, regime_version_id)
        return self.indexes[regime_version_id]

    def of(self, version_id: int, regime_version_id: int) -> Figures:
        if version_id not in self.loaded:
            self.load([(version_id, regime_version_id)])
        return self.loaded[version_id]

    def load(self, versions: list[tuple[int, int]]) -> None:
        """Numbers of several versions in one query: ``[(version id, regime version id), ...]``."""
        todo = {v: r for v, r in versions if v not in self.loaded}
        if not todo:
            return
        numbers: dict[int, dict[tuple[str, str], float]] = {v: {} for v in todo}
        rows = self.session.execute(
            select(
                DataValue.submission_version_id, DataElement.code, DataValue.option_key, DataValue.value_num
            )
            .join(DataElement, DataElement.id == DataValue.data_element_id)
            .where(DataValue.submission_version_id.in_(sorted(todo)), DataValue.value_num.is_not(None))
        )
        for version_id, code, option_key, value in rows:
            if value is not None:
                numbers[version_id][(code, option_key)] = float(value)
        for version_id, regime_version_id in todo.items():
            self.loaded[version_id] = Figures(self.index(regime_version_id), numbers[version_id])


def rules_of(session: Session, regime_version_id: int) -> list[ValidationRule]:
    return list(
        session.scalars(
            select(ValidationRule)
            .where(ValidationRule.regime_version_id == regime_version_id)
            .order_by(ValidationRule.position, ValidationRule.id)
        )
    )


def results_of(session: Session, version_id: int) -> list[ValidationResult]:
    return list(
        session.scalars(
            select(ValidationResult)
            .where(ValidationResult.submission_version_id == version_id)
            .order_by(ValidationResult.id)
        )
    )


def failures(regime: str | None, period: str | None, rule: str | None) -> Select[*tuple[Any, ...]]:
    """Failed results of each submission's current version (filters optional; scope added by caller)."""
    stmt = (
        select(
            ValidationResult,
            Submission.id.label("submission_id"),
            Submission.period,
            Submission.state,
            Submission.current_version,
            Regime.code.label("regime"),
            Submission.unit_id,
            UnitVersion.code.label("unit_code"),
            UnitVersion.name.label("unit_name"),
        )
        .join(SubmissionVersion, SubmissionVersion.id == ValidationResult.submission_version_id)
        .join(
            Submission,
            and_(
                Submission.id == SubmissionVersion.submission_id,
                Submission.current_version == SubmissionVersion.version,
            ),
        )
        .join(Regime, Regime.id == Submission.regime_id)
        .outerjoin(
            UnitVersion,
            and_(UnitVersion.unit_id == Submission.unit_id, valid_on(UnitVersion, Submission.period_end)),
        )
        .where(
            ValidationResult.passed.is_(False),
            *([Regime.code == regime] if regime else []),
            *([Submission.period == period] if period else []),
            *([ValidationResult.rule_code == rule] if rule else []),
        )
    )
    return stmt
