"""Who may do what to a submission, and how two people acting at once are kept apart.

- Writing and submitting: the actor's ``submissions.write`` capture scope holds the reporting unit
  (and an API token limited to regimes allows the regime).
- Accepting, returning, reopening, granting deadline exceptions: an approver whose membership sits at
  the receiving unit; for reports to the Government (level ``government``), an approver with a national
  scope (the Government Office, VPCP) acts for it.
- Reading: ``visible_clause`` — the ``submissions.read`` view scope (unit subtree, sector regimes,
  national), plus what is addressed to the approver's own unit — always inside the query.

Concurrency: ``claim`` locks the submission row (``SELECT ... FOR UPDATE`` on PostgreSQL: a second
actor waits, then sees the first one's result) and checks ``expected_lock_version``; the mapper's
``version_id_col`` makes every UPDATE conditional on the version read, so a writer that slipped past
(SQLite has no row locks) fails at flush, which ``flush_or_conflict`` turns into 409 naming the state
the submission is in now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sqlalchemy import ColumnElement, Engine, Table, false, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from baocao.access.principal import Principal
from baocao.access.rules import Permission, Reach
from baocao.errors import ApiError
from baocao.regimes.models import Regime
from baocao.submissions.actors import Actor
from baocao.submissions.models import Submission, SubmissionState
from baocao.units.models import Unit, UnitLevel

if TYPE_CHECKING:
    from baocao.submissions.resolve import Target

STATE_NAMES: dict[str, str] = {
    SubmissionState.DRAFT: "đang soạn",
    SubmissionState.SUBMITTED: "đã gửi",
    SubmissionState.RETURNED: "bị trả lại",
    SubmissionState.ACCEPTED: "đã tiếp nhận",
}


def state_name(state: str) -> str:
    return f"{STATE_NAMES.get(state, state)} ({state})"


def conflict(state: str, lock_version: int, action_vi: str, action_en: str) -> ApiError:
    return ApiError(
        409,
        "conflict",
        f"Không thể {action_vi}: báo cáo hiện ở trạng thái '{state_name(state)}', "
        f"phiên bản khóa {lock_version}. Hãy tải lại báo cáo.",
        f"Cannot {action_en}: the submission is now '{state}' (lock_version {lock_version}). Reload it.",
        field="state",
    )


def claim(
    session: Session, submission: Submission, expected_lock_version: int | None, action: tuple[str, str]
) -> None:
    """Lock the row for this transaction and check the version the client last saw."""
    session.refresh(submission, with_for_update=True)
    if expected_lock_version is not None and submission.lock_version != expected_lock_version:
        raise conflict(submission.state, submission.lock_version, *action)


def require_state(submission: Submission, allowed: tuple[str, ...], action: tuple[str, str]) -> None:
    if submission.state not in allowed:
        raise conflict(submission.state, submission.lock_version, *action)


def flush_or_conflict(session: Session, submission: Submission, action: tuple[str, str]) -> None:
    submission_id = submission.id
    try:
        session.flush()
    except StaleDataError:
        # Someone else changed the row after we read it. This transaction is spoiled; read what is
        # there now on a separate connection, to name it.
        bind = session.get_bind()
        engine = bind if isinstance(bind, Engine) else bind.engine
        with engine.connect() as conn:
            row = conn.execute(
                select(Submission.state, Submission.lock_version).where(Submission.id == submission_id)
            ).one()
        raise conflict(row.state, row.lock_version, *action) from None


def take_write_lock(session: Session) -> None:
    """On SQLite, begin the write transaction now.

    pysqlite sends BEGIN only before the first INSERT/UPDATE/DELETE, and a SAVEPOINT issued outside a
    transaction would commit on release. An UPDATE that matches nothing starts the transaction (and
    takes SQLite's single write lock, so a read-then-insert cannot race). PostgreSQL needs nothing.
    """
    if session.get_bind().dialect.name == "sqlite":
        table = cast(Table, Submission.__table__)
        session.execute(table.update().where(false()).values(id=table.c.id))


def _forbidden(message: str, message_en: str) -> ApiError:
    return ApiError(403, "forbidden", message, message_en)


def _regime_code(session: Session, submission: Submission) -> str:
    return str(session.scalar(select(Regime.code).where(Regime.id == submission.regime_id)))


def may_write(principal: Principal, regime_code: str, unit_id: int) -> bool:
    """Whether ``principal``'s ``submissions.write`` capture scope holds the unit (and the regime)."""
    scope = principal.scope(Permission.SUBMISSIONS_WRITE)
    return (
        not scope.is_empty
        and scope.allows_regime(regime_code)
        and scope.contains(unit_id, reach=Reach.CAPTURE)
    )


def may_enter(principal: Principal | None, target: Target, location: str = "body") -> None:
    """403 naming the unit unless ``principal`` may open and fill the target unit's report for the
    regime (system jobs, ``principal=None``, always may). ``location`` says where the unit was given."""
    if principal is None or may_write(principal, target.regime.code, target.unit_id):
        return
    raise ApiError(
        403,
        "forbidden",
        f"Bạn không được nhập số liệu báo cáo cho đơn vị '{target.unit_code}'",
        f"You may not enter report figures for unit '{target.unit_code}'",
        field="unit",
        location=location,
    )


def check_capture(session: Session, actor: Actor, submission: Submission) -> None:
    """403 unless the actor may enter data for the submission's unit (system jobs always may)."""
    if actor.principal is None:
        return
    if not may_write(actor.principal, _regime_code(session, submission), submission.unit_id):
        raise _forbidden(
            "Bạn không được nhập hoặc gửi báo cáo của đơn vị này",
            "You may not enter or submit reports for this unit",
        )


def acts_for_receiver(
    session: Session, principal: Principal, receiver_unit_id: int, regime_code: str
) -> bool:
    scope = principal.scope(Permission.SUBMISSIONS_APPROVE)
    if scope.is_empty or not scope.allows_regime(regime_code):
        return False
    if receiver_unit_id in scope.anchor_unit_ids():
        return True
    if scope.is_national(Reach.VIEW):
        level = session.scalar(select(Unit.level).where(Unit.id == receiver_unit_id))
        return level == UnitLevel.GOVERNMENT
    return False


def check_receiver(session: Session, actor: Actor, submission: Submission) -> None:
    """403 unless the actor approves for the receiving unit (system jobs always may)."""
    if actor.principal is None:
        return
    if not acts_for_receiver(
        session, actor.principal, submission.receiver_unit_id, _regime_code(session, submission)
    ):
        raise _forbidden(
            "Chỉ cán bộ phê duyệt của đơn vị nhận báo cáo được tiếp nhận, trả lại hoặc mở lại báo cáo",
            "Only an approver of the receiving unit may accept, return or reopen this submission",
        )


def visible_clause(principal: Principal | None) -> ColumnElement[bool]:
    """Submissions the principal may read, as a WHERE clause on a query joining ``Regime``."""
    if principal is None:
        return Submission.id.is_not(None)
    scope = principal.scope(Permission.SUBMISSIONS_READ)
    if scope.is_empty:
        return false()
    clause = scope.where(
        Submission.unit_id,
        regime_code=Regime.code,
        regime_owner_id=cast(ColumnElement[int], Regime.owner_unit_id),
        regime_receiver_id=Submission.receiver_unit_id,
    )
    approve = principal.scope(Permission.SUBMISSIONS_APPROVE)
    anchors = approve.anchor_unit_ids()
    if anchors:
        addressed: ColumnElement[bool] = Submission.receiver_unit_id.in_(anchors)
        if approve.regimes is not None:
            addressed = addressed & Regime.code.in_(sorted(approve.regimes))
        clause = or_(clause, addressed)
    return clause
