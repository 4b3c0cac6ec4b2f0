"""Consolidation, compliance (who has reported), deadline exceptions and reminders."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.errors import ApiError
from baocao.regimes import service as regimes
from baocao.submissions import compliance as compliance_service
from baocao.submissions import consolidation, deadlines, queries, reminders
from baocao.submissions.compliance import ExpectedStatus
from baocao.submissions.guard import acts_for_receiver
from baocao.submissions.models import EntryPath
from baocao.submissions.present import actor_for, expected_lock, write_out
from baocao.submissions.resolve import get_regime
from baocao.submissions.schemas import (
    ComplianceOut,
    ConsolidatedValue,
    ConsolidateIn,
    ConsolidationOut,
    ExceptionIn,
    ExceptionOut,
    ExpectedOut,
    ReminderOut,
)
from baocao.timeutil import parse_date_param
from baocao.units.service import resolve_unit

router = APIRouter(tags=["submissions"])

READ = require(Permission.SUBMISSIONS_READ)
WRITE = require(Permission.SUBMISSIONS_WRITE)
APPROVE = require(Permission.SUBMISSIONS_APPROVE)


def expected_out(row: ExpectedStatus) -> ExpectedOut:
    return ExpectedOut(
        unit=row.unit_code,
        unit_name=row.unit_name,
        receiver=row.receiver_code,
        deadline=row.deadline,
        lock_date=row.open_until,
        status=row.status,
        overdue=row.overdue,
        state=row.state,
        submission_id=row.submission_id,
        first_submitted_at=row.first_submitted_at,
        exception_until=row.exception_until,
    )


def _consolidation_out(result: consolidation.Consolidation) -> ConsolidationOut:
    return ConsolidationOut(
        submission_id=result.submission_id,
        source_regime=result.source_regime,
        period=result.period,
        values=[
            ConsolidatedValue(
                element=v.element,
                options=v.option_key,
                value=v.value,
                aggregation=v.aggregation,
                sources=v.sources,
            )
            for v in result.values
        ],
        sources=[expected_out(r) for r in result.sources],
        missing=[expected_out(r) for r in result.missing],
        late=[expected_out(r) for r in result.late],
        write=write_out(result.write) if result.write else None,
    )


@router.get(
    "/submissions/{submission_id:int}/consolidation",
    response_model=ConsolidationOut,
    summary="Xem trước tổng hợp / consolidation preview",
)
def consolidation_preview(
    submission_id: int,
    source_regime: str | None = Query(None, description="Chế độ của đơn vị cấp dưới / subordinates' regime"),
    principal: Principal = Depends(READ),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> ConsolidationOut:
    target = queries.get_visible(session, principal, submission_id)
    actor = actor_for(principal, client, EntryPath.CONSOLIDATION)
    return _consolidation_out(consolidation.preview(session, target, actor, source_regime))


@router.post(
    "/submissions/{submission_id:int}/consolidate",
    response_model=ConsolidationOut,
    summary="Tổng hợp từ cấp dưới / prefill from subordinates' accepted reports",
)
def consolidate(
    submission_id: int,
    request: Request,
    body: ConsolidateIn | None = None,
    principal: Principal = Depends(WRITE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> ConsolidationOut:
    body = body or ConsolidateIn()
    target = queries.get_visible(session, principal, submission_id)
    actor = actor_for(principal, client, EntryPath.CONSOLIDATION)
    lock = expected_lock(request, body.expected_lock_version)
    return _consolidation_out(consolidation.consolidate(session, target, actor, body.source_regime, lock))


@router.get("/compliance", response_model=ComplianceOut, summary="Tình hình gửi báo cáo / who has reported")
def compliance(
    regime: str = Query(..., description="Mã chế độ / regime code"),
    period: str = Query(..., description="Kỳ / period"),
    receiver: str | None = Query(None, description="Chỉ các đơn vị gửi cho đơn vị này / only those sent to"),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> ComplianceOut:
    receiver_id = None
    if receiver:
        when = regimes.as_period(period)
        receiver_id = resolve_unit(session, receiver, when.end, field="receiver", location="query").unit_id
    expected, rows = compliance_service.compliance(
        session, principal, regime, period, receiver_unit_id=receiver_id
    )
    return ComplianceOut(
        regime=expected.regime.code,
        period=str(expected.period),
        counts=compliance_service.counts(rows),
        items=[expected_out(r) for r in rows],
    )


@router.post(
    "/submissions/exceptions",
    response_model=ExceptionOut,
    status_code=201,
    summary="Cho phép nhập sau hạn / grant a deadline exception",
)
def grant_exception(
    body: ExceptionIn,
    principal: Principal = Depends(APPROVE),
    session: Session = Depends(get_session),
) -> ExceptionOut:
    regime = get_regime(session, body.regime)
    when = regimes.as_period(body.period, "period")
    version = regimes.version_for_period(session, regime, when)
    unit = regimes.resolve_reporting_unit(session, body.unit, when)
    receiver = regimes.receiver_for(session, version, unit, when)
    if not acts_for_receiver(session, principal, receiver.unit_id, regime.code):
        raise ApiError(
            403,
            "forbidden",
            "Chỉ đơn vị nhận báo cáo được cho phép nhập sau hạn",
            "Only the receiving unit may grant a deadline exception",
            field="unit",
            location="body",
        )
    open_until = parse_date_param(body.open_until, "open_until", "body")
    assert open_until is not None
    assert principal.user is not None
    row = deadlines.grant_exception(
        session, regime.id, unit.unit_id, str(when), open_until, body.reason, principal.user.id
    )
    return ExceptionOut(
        regime=regime.code,
        unit=unit.code,
        period=str(when),
        open_until=row.open_until,
        reason=row.reason,
        granted_at=row.granted_at,
    )


@router.get("/reminders", response_model=list[ReminderOut], summary="Nhắc hạn / reports due or overdue")
def list_reminders(
    within_days: int = Query(7, ge=0, le=366, description="Đến hạn trong N ngày / due within N days"),
    overdue: bool = Query(False, description="Chỉ báo cáo đã quá hạn / only overdue reports"),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> list[ReminderOut]:
    found = reminders.reminders(session, principal, within_days=within_days, overdue=overdue)
    return [
        ReminderOut(
            regime=r.regime,
            regime_name=r.regime_name,
            period=r.period,
            unit=r.unit_code,
            unit_name=r.unit_name,
            role=r.role,
            deadline=r.deadline,
            days_left=r.days_left,
            status=r.status,
            submission_id=r.submission_id,
        )
        for r in found
    ]
