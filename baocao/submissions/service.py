"""The one write path of submissions (docs/issue3-contract.md): every entry path — the JSON API, CSV,
Excel, consolidation, later the web form and federation — goes through these functions.

- ``open_submission``: the submission of a unit for a regime and period (created as a draft if new).
- ``write_values``: cells and narrative, all or nothing, every change audited (``values.py``).
- ``submit`` / ``accept`` / ``return_submission`` / ``reopen``: the workflow (``workflow.py``).

Services never commit: the request or command boundary does. Any ``ApiError`` leaves nothing stored.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baocao.audit.types import utc_now
from baocao.submissions.actors import Actor, CellInput, CellRemark, WriteReport, system_actor
from baocao.submissions.guard import may_enter, take_write_lock
from baocao.submissions.models import EntryPath, Submission, SubmissionState, SubmissionVersion
from baocao.submissions.resolve import Target, resolve_target
from baocao.submissions.values import current_version, write_values
from baocao.submissions.workflow import accept, reopen, return_submission, submit

__all__ = [
    "Actor",
    "CellInput",
    "CellRemark",
    "EntryPath",
    "WriteReport",
    "accept",
    "current_version",
    "find_submission",
    "may_enter",
    "open_submission",
    "reopen",
    "return_submission",
    "submit",
    "system_actor",
    "write_values",
]


def find_submission(session: Session, target: Target) -> Submission | None:
    return session.scalar(
        select(Submission).where(
            Submission.regime_id == target.regime.id,
            Submission.unit_id == target.unit_id,
            Submission.period == str(target.period),
        )
    )


def open_submission(
    session: Session, regime_code: str, unit_code: str, period: str, actor: Actor
) -> Submission:
    """The unit's submission for the regime and period; a new draft (version 1) if there is none.

    The regime version in force for the period, the receiving unit and the deadline are fixed now
    (``baocao.regimes``); the unit must be one the regime expects to report for that period.
    """
    target = resolve_target(session, regime_code, unit_code, period)
    may_enter(actor.principal, target)
    take_write_lock(session)
    existing = find_submission(session, target)
    if existing is not None:
        return existing
    now = utc_now()
    submission = Submission(
        regime_id=target.regime.id,
        regime_version_id=target.version.id,
        unit_id=target.unit_id,
        receiver_unit_id=target.receiver_unit_id,
        period=str(target.period),
        period_start=target.period.start,
        period_end=target.period.end,
        deadline=target.deadline,
        state=SubmissionState.DRAFT.value,
        current_version=1,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(submission)
            session.flush()
            session.add(
                SubmissionVersion(
                    submission_id=submission.id,
                    version=1,
                    state=SubmissionState.DRAFT.value,
                    narrative={},
                    created_at=now,
                    created_by_id=actor.user_id,
                )
            )
    except IntegrityError:
        # Someone opened the same submission a moment ago: use theirs.
        existing = find_submission(session, target)
        if existing is None:
            raise
        return existing
    return submission
