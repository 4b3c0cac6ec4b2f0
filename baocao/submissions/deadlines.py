"""Entry locks after the deadline, and the exceptions a receiver grants.

Entry stays open until the deadline plus the regime version's ``grace_days`` (Vietnam dates). After
that, a unit that has not yet sent its report can neither enter nor submit unless the receiver granted
a ``DeadlineException`` open until a later day. A report the receiver sent back (returned) or reopened
can always be revised: the receiver asked for it. System jobs (no principal) are not locked.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.audit.types import utc_now
from baocao.errors import ApiError, invalid
from baocao.regimes.models import RegimeVersion
from baocao.submissions.actors import Actor
from baocao.submissions.models import DeadlineException, Submission, SubmissionState
from baocao.timeutil import today


def grace_days(session: Session, regime_version_id: int) -> int:
    days = session.scalar(select(RegimeVersion.grace_days).where(RegimeVersion.id == regime_version_id))
    return int(days or 0)


def lock_date(deadline: date, grace: int) -> date:
    """The first day entry is locked."""
    return deadline + timedelta(days=grace + 1)


def exception_for(session: Session, regime_id: int, unit_id: int, period: str) -> DeadlineException | None:
    return session.scalar(
        select(DeadlineException).where(
            DeadlineException.regime_id == regime_id,
            DeadlineException.unit_id == unit_id,
            DeadlineException.period == period,
        )
    )


def is_locked(session: Session, submission: Submission, on: date | None = None) -> bool:
    on = on or today()
    if on < lock_date(submission.deadline, grace_days(session, submission.regime_version_id)):
        return False
    if submission.state == SubmissionState.RETURNED or submission.current_version > 1:
        return False
    granted = exception_for(session, submission.regime_id, submission.unit_id, submission.period)
    return granted is None or granted.open_until < on


def check_entry_open(session: Session, submission: Submission, actor: Actor) -> None:
    """423 ``entry_locked`` when the deadline (plus grace) has passed and no exception is open."""
    if actor.principal is None or not is_locked(session, submission):
        return
    grace = grace_days(session, submission.regime_version_id)
    raise ApiError(
        423,
        "entry_locked",
        f"Đã quá thời hạn gửi báo cáo ({submission.deadline:%d/%m/%Y}, thêm {grace} ngày gia hạn); "
        "việc nhập số liệu đã khóa. Đề nghị đơn vị nhận báo cáo cho phép nhập muộn.",
        f"The deadline ({submission.deadline.isoformat()}, plus {grace} grace days) has passed; entry "
        "is locked. Ask the receiving unit for an exception.",
        field="deadline",
    )


def grant_exception(
    session: Session,
    regime_id: int,
    unit_id: int,
    period: str,
    open_until: date,
    reason: str,
    granted_by_id: int | None,
) -> DeadlineException:
    """Create or extend the exception for (regime, unit, period); the caller checks the receiver."""
    if not reason.strip():
        raise invalid("reason", "Cần nêu lý do cho phép nhập muộn", "A reason is required", "body")
    if open_until < today():
        raise invalid(
            "open_until",
            f"Ngày {open_until:%d/%m/%Y} đã qua",
            f"{open_until.isoformat()} is in the past",
            "body",
        )
    row = exception_for(session, regime_id, unit_id, period)
    if row is None:
        row = DeadlineException(regime_id=regime_id, unit_id=unit_id, period=period)
        session.add(row)
    row.open_until = open_until
    row.reason = reason.strip()
    row.granted_by_id = granted_by_id
    row.granted_at = utc_now()
    session.flush()
    return row
