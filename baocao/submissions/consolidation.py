"""Consolidation (tổng hợp): a receiving unit prefills its own report from its subordinates' accepted
submissions, and sees which subordinates are missing or late.

Sources are the submissions of the source regime (default: the target's own regime) for the same
period whose receiving unit is the target's unit, taken at their latest *accepted* version (a report
reopened for correction still counts with what was accepted). Each input cell of the target's forms
gets its element's aggregation over units: ``sum``, ``average`` (of the units that reported a value)
or ``none`` (left alone). Cells no source reports are left as they are. Writing goes through
``write_values`` with entry path ``consolidation``, so every change is audited like any other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.catalog.models import DataElement, UnitAggregation, ValueType
from baocao.regimes.models import Regime
from baocao.submissions.actors import Actor, CellInput, WriteReport
from baocao.submissions.compliance import ExpectedStatus, compliance
from baocao.submissions.forms import Key, load_form_index
from baocao.submissions.models import DataValue, Submission, SubmissionState, SubmissionVersion
from baocao.submissions.resolve import get_regime
from baocao.submissions.values import write_values


@dataclass(frozen=True)
class Consolidated:
    element: str
    option_key: str
    value: float | None
    aggregation: str
    sources: int


@dataclass
class Consolidation:
    submission_id: int
    source_regime: str
    period: str
    values: list[Consolidated]
    sources: list[ExpectedStatus]  # subordinates whose accepted report was used
    missing: list[ExpectedStatus]  # expected, with no accepted report
    late: list[ExpectedStatus]  # sent after the deadline
    write: WriteReport | None = field(default=None)


def _accepted_versions(
    session: Session, regime_id: int, period: str, receiver_unit_id: int
) -> dict[int, int]:
    """unit id → id of its submission's latest accepted version."""
    latest = (
        select(SubmissionVersion.submission_id, func.max(SubmissionVersion.version).label("version"))
        .where(SubmissionVersion.state == SubmissionState.ACCEPTED.value)
        .group_by(SubmissionVersion.submission_id)
        .subquery()
    )
    rows = session.execute(
        select(Submission.unit_id, SubmissionVersion.id)
        .join(latest, latest.c.submission_id == Submission.id)
        .join(
            SubmissionVersion,
            (SubmissionVersion.submission_id == Submission.id)
            & (SubmissionVersion.version == latest.c.version),
        )
        .where(
            Submission.regime_id == regime_id,
            Submission.period == period,
            Submission.receiver_unit_id == receiver_unit_id,
        )
    ).all()
    return {unit_id: version_id for unit_id, version_id in rows}


def _gathered(session: Session, version_ids: list[int]) -> dict[Key, list[float]]:
    found: dict[Key, list[float]] = defaultdict(list)
    if not version_ids:
        return found
    rows = session.execute(
        select(DataElement.code, DataValue.option_key, DataValue.value_num)
        .join(DataElement, DataElement.id == DataValue.data_element_id)
        .where(DataValue.submission_version_id.in_(version_ids), DataValue.value_num.is_not(None))
    )
    for code, option_key, number in rows:
        if number is not None:
            found[(code, option_key)].append(float(number))
    return found


def preview(
    session: Session, target: Submission, actor: Actor, source_regime: str | None = None
) -> Consolidation:
    """What consolidation would write, and who is missing or late; changes nothing."""
    source = get_regime(session, source_regime) if source_regime else None
    regime_id = source.id if source else target.regime_id
    _, rows = compliance(
        session,
        actor.principal,
        source.code if source else _code(session, target),
        target.period,
        receiver_unit_id=target.unit_id,
    )
    accepted = _accepted_versions(session, regime_id, target.period, target.unit_id)
    visible = {r.unit_id for r in rows}
    used = {u: v for u, v in accepted.items() if u in visible or actor.principal is None}
    gathered = _gathered(session, sorted(used.values()))
    index = load_form_index(session, target.regime_version_id)
    values = []
    for cell in index.input_cells():
        numbers = gathered.get(cell.key, [])
        if cell.aggregation_units == UnitAggregation.NONE or cell.value_type not in (
            ValueType.NUMBER, ValueType.INTEGER, ValueType.PERCENT,
        ):  # fmt: skip
            values.append(
                Consolidated(cell.element, cell.option_key, None, UnitAggregation.NONE, len(numbers))
            )
            continue
        value = None
        if numbers:
            value = (
                sum(numbers) if cell.aggregation_units == UnitAggregation.SUM else sum(numbers) / len(numbers)
            )
            value = round(value, 0 if cell.value_type == ValueType.INTEGER else max(cell.decimals, 0))
        values.append(
            Consolidated(cell.element, cell.option_key, value, cell.aggregation_units, len(numbers))
        )
    return Consolidation(
        submission_id=target.id,
        source_regime=source.code if source else _code(session, target),
        period=target.period,
        values=values,
        sources=[r for r in rows if r.unit_id in used],
        missing=[r for r in rows if r.unit_id not in accepted],
        late=[r for r in rows if r.status == "late"],
    )


def _code(session: Session, submission: Submission) -> str:
    return str(session.scalar(select(Regime.code).where(Regime.id == submission.regime_id)))


def consolidate(
    session: Session,
    target: Submission,
    actor: Actor,
    source_regime: str | None = None,
    expected_lock_version: int | None = None,
) -> Consolidation:
    """Prefill the target from its subordinates' accepted reports (see ``preview``) and store it."""
    result = preview(session, target, actor, source_regime)
    cells = [CellInput(v.element, v.option_key, v.value) for v in result.values if v.value is not None]
    result.write = write_values(session, target, cells, actor, expected_lock_version=expected_lock_version)
    return result
