"""Evaluate a submission version's validation rules and keep the results with the version.

``validate_version`` is called by the write path (``write_values`` for inline messages, ``submit``
where errors block and warnings need a comment). A rule whose inputs are missing is skipped and
stores nothing; one over an empty required cell fails. The results replace the version's previous
ones; a warning's comment is kept while the same warning still fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from baocao.access.principal import Principal
from baocao.audit.types import utc_now
from baocao.regimes.expressions import ExpressionError, Parsed
from baocao.regimes.models import Regime, ValidationRule
from baocao.submissions.guard import visible_clause
from baocao.submissions.models import Submission, SubmissionVersion
from baocao.validation import queries
from baocao.validation.expressions import parse_rule
from baocao.validation.kinds import Outcome, Run, evaluate_rule, misconfigured
from baocao.validation.models import ValidationResult


def _parsed(rule: ValidationRule) -> Parsed:
    try:
        return parse_rule(rule.expression)
    except ExpressionError as exc:
        raise misconfigured(f"rule {rule.code}: {exc.message_en}") from None


def _message(rule: ValidationRule, outcome: Outcome) -> tuple[str, str]:
    return f"{rule.message} ({outcome.detail})", f"{rule.message_en} ({outcome.detail_en})"


def evaluate_version(
    session: Session, submission: Submission, version: SubmissionVersion
) -> list[ValidationResult]:
    """The results of every rule that could be evaluated, unsaved (for callers that only look)."""
    run = Run(session, submission, version, queries.FiguresCache(session))
    results = []
    now = utc_now()
    for rule in queries.rules_of(session, submission.regime_version_id):
        outcome = evaluate_rule(run, rule, _parsed(rule))
        if outcome is None:
            continue
        message, message_en = _message(rule, outcome)
        results.append(
            ValidationResult(
                submission_version_id=version.id,
                rule_code=rule.code,
                kind=rule.kind,
                importance=rule.importance,
                passed=outcome.passed,
                left_value=_finite(outcome.left),
                right_value=_finite(outcome.right),
                message=message,
                message_en=message_en,
                cells=", ".join(outcome.cells),
                evaluated_at=now,
            )
        )
    return results


def _finite(value: float | None) -> float | None:
    return value if value is None or abs(value) != float("inf") else None


def validate_version(
    session: Session, submission: Submission, version: SubmissionVersion
) -> list[ValidationResult]:
    """Evaluate the regime's rules on the version's values; replace the version's stored results."""
    session.flush()
    previous = {r.rule_code: r.comment for r in queries.results_of(session, version.id) if r.comment}
    results = evaluate_version(session, submission, version)
    session.execute(delete(ValidationResult).where(ValidationResult.submission_version_id == version.id))
    for result in results:
        if not result.passed and result.rule_code in previous:
            result.comment = previous[result.rule_code]
        session.add(result)
    session.flush()
    return results


@dataclass(frozen=True)
class Failure:
    result: ValidationResult
    submission_id: int
    regime: str
    period: str
    unit_code: str | None
    unit_name: str | None
    state: str
    version: int


def results_for(
    session: Session, submission: Submission, version: SubmissionVersion
) -> list[ValidationResult]:
    """The stored results of a version (as evaluated at its last write or submit)."""
    return queries.results_of(session, version.id)


def failures(
    session: Session,
    principal: Principal,
    *,
    regime: str | None = None,
    period: str | None = None,
    rule: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Failure], int]:
    """Failed rules of the current versions of the submissions the principal may see."""
    stmt = queries.failures(regime, period, rule).where(visible_clause(principal))
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.execute(
        stmt.order_by(Submission.period.desc(), Regime.code, ValidationResult.rule_code, Submission.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [_failure(row) for row in rows], total


def _failure(row: Any) -> Failure:
    return Failure(
        row.ValidationResult,
        row.submission_id,
        row.regime,
        row.period,
        row.unit_code,
        row.unit_name,
        row.state,
        row.current_version,
    )
