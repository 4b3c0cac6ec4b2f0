"""Who has reported: the submissions a period calls for (``baocao.regimes.expected_submissions``) with
their status, and the reminders built on them.

Status of an expected submission: ``on_time`` / ``late`` (by the Vietnam date of its first submission
against the deadline, once submitted or accepted), ``returned``, ``draft`` (started, not sent) or
``missing`` (not started). ``overdue``: the deadline has passed and it has not been sent.

The reader sees only the rows within reach, decided in SQL: the reporting unit is in the
``submissions.read`` view scope (or the regime is in the reader's sector), or the reader approves for
the receiving unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.regimes import service as regimes
from baocao.regimes.models import Regime
from baocao.regimes.service import Expected, ExpectedSubmission
from baocao.submissions.guard import acts_for_receiver
from baocao.submissions.models import DeadlineException, Submission, SubmissionState
from baocao.submissions.queries import timeliness
from baocao.submissions.resolve import get_regime
from baocao.timeutil import today
from baocao.units.models import Unit

CHUNK = 900
NOT_SENT = frozenset({"missing", "draft", "returned"})


@dataclass(frozen=True)
class ExpectedStatus:
    unit_id: int
    unit_code: str
    unit_name: str
    receiver_unit_id: int | None
    receiver_code: str | None
    deadline: date
    open_until: date
    status: str
    overdue: bool
    state: str | None
    submission_id: int | None
    first_submitted_at: datetime | None
    exception_until: date | None


def status_of(submission: Submission | None) -> str:
    if submission is None:
        return "missing"
    if submission.state in (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED) or (
        submission.state == SubmissionState.DRAFT and submission.current_version > 1
    ):
        return timeliness(submission.deadline, submission.first_submitted_at) or "draft"
    return "returned" if submission.state == SubmissionState.RETURNED else "draft"


def chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def visible_items(
    session: Session, principal: Principal | None, regime: Regime, items: list[ExpectedSubmission]
) -> list[ExpectedSubmission]:
    """The expected submissions the principal may see (all of them for system jobs).

    The scope clause is built once (building it costs a subtree query's worth of SQL construction),
    and a whole receiver's group is visible without a query when the principal acts for that
    receiver or it belongs to the principal's sector, exactly as ``Scope.where`` would decide."""
    if principal is None:
        return items
    scope = principal.scope(Permission.SUBMISSIONS_READ)
    if scope.is_empty:
        return []
    by_receiver: dict[int | None, list[int]] = defaultdict(list)
    for item in items:
        by_receiver[item.receiver.unit_id if item.receiver else None].append(item.unit.unit_id)
    clause = scope.where(
        Unit.id, regime_code=literal(regime.code), regime_owner_id=literal(regime.owner_unit_id)
    )
    sector = set(scope.sector_unit_ids()) if scope.allows_regime(regime.code) else set()
    visible: set[int] = set()
    for receiver_id, unit_ids in by_receiver.items():
        if receiver_id is not None and (
            receiver_id in sector or acts_for_receiver(session, principal, receiver_id, regime.code)
        ):
            visible.update(unit_ids)
            continue
        for chunk in chunks(sorted(unit_ids)):
            visible.update(session.scalars(select(Unit.id).where(Unit.id.in_(chunk), clause)))
    return [i for i in items if i.unit.unit_id in visible]


def statuses(
    session: Session,
    expected: Expected,
    items: list[ExpectedSubmission],
    on: date | None = None,
) -> list[ExpectedStatus]:
    on = on or today()
    period = str(expected.period)
    unit_ids = sorted({i.unit.unit_id for i in items})
    found: dict[int, Submission] = {}
    exceptions: dict[int, date] = {}
    for chunk in chunks(unit_ids):
        found.update(
            (s.unit_id, s)
            for s in session.scalars(
                select(Submission).where(
                    Submission.regime_id == expected.regime.id,
                    Submission.period == period,
                    Submission.unit_id.in_(chunk),
                )
            )
        )
        exceptions.update(
            (e.unit_id, e.open_until)
            for e in session.scalars(
                select(DeadlineException).where(
                    DeadlineException.regime_id == expected.regime.id,
                    DeadlineException.period == period,
                    DeadlineException.unit_id.in_(chunk),
                )
            )
        )
    out = []
    for item in items:
        submission = found.get(item.unit.unit_id)
        status = status_of(submission)
        deadline = submission.deadline if submission else item.deadline
        out.append(
            ExpectedStatus(
                unit_id=item.unit.unit_id,
                unit_code=item.unit.code,
                unit_name=item.unit.name,
                receiver_unit_id=item.receiver.unit_id if item.receiver else None,
                receiver_code=item.receiver.code if item.receiver else None,
                deadline=deadline,
                open_until=item.open_until,
                status=status,
                overdue=status in NOT_SENT and on > deadline,
                state=submission.state if submission else None,
                submission_id=submission.id if submission else None,
                first_submitted_at=submission.first_submitted_at if submission else None,
                exception_until=exceptions.get(item.unit.unit_id),
            )
        )
    return out


def compliance(
    session: Session,
    principal: Principal | None,
    regime_code: str,
    period: str,
    *,
    receiver_unit_id: int | None = None,
    on: date | None = None,
) -> tuple[Expected, list[ExpectedStatus]]:
    """Every expected submission of (regime, period) the principal may see, with its status."""
    expected = regimes.expected_submissions(session, get_regime(session, regime_code, "query"), period)
    items = expected.items
    if receiver_unit_id is not None:
        items = [i for i in items if i.receiver is not None and i.receiver.unit_id == receiver_unit_id]
    return expected, statuses(
        session, expected, visible_items(session, principal, expected.regime, items), on
    )


def counts(rows: list[ExpectedStatus]) -> dict[str, int]:
    result = dict.fromkeys(("on_time", "late", "missing", "returned", "draft"), 0)
    for row in rows:
        result[row.status] += 1
    result["overdue"] = sum(1 for r in rows if r.overdue)
    result["expected"] = len(rows)
    return result
