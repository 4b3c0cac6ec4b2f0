"""Validation results: of one submission version, and which rules failed where (within scope)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.paging import Page, Paging, paging
from baocao.submissions import queries as submissions
from baocao.validation import service
from baocao.validation.schemas import FailureOut, ResultOut, VersionValidationOut

router = APIRouter(tags=["validation"])

READ = require(Permission.SUBMISSIONS_READ)


@router.get(
    "/submissions/{submission_id}/validation",
    response_model=VersionValidationOut,
    summary="Kết quả kiểm tra của một báo cáo / validation results of a submission",
)
def submission_validation(
    submission_id: int,
    version: int | None = Query(None, ge=1, description="Phiên bản (mặc định: hiện tại) / version"),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> VersionValidationOut:
    submission = submissions.get_visible(session, principal, submission_id)
    chosen = submissions.get_version(session, submission, version or submission.current_version)
    results = service.results_for(session, submission, chosen)
    failed = [r for r in results if not r.passed]
    return VersionValidationOut(
        submission_id=submission.id,
        version=chosen.version,
        state=chosen.state,
        errors=sum(1 for r in failed if r.importance == "error"),
        warnings=sum(1 for r in failed if r.importance == "warning"),
        results=[ResultOut.of(r) for r in results],
    )


@router.get(
    "/validation/failures",
    response_model=Page[FailureOut],
    summary="Quy tắc không đạt, ở đâu / which rules failed where",
)
def validation_failures(
    regime: str | None = Query(None, description="Mã chế độ / regime code"),
    period: str | None = Query(None, description="Kỳ / period, e.g. 2025-07"),
    rule: str | None = Query(None, description="Mã quy tắc / rule code"),
    page: Paging = Depends(paging),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Page[FailureOut]:
    found, total = service.failures(
        session, principal, regime=regime, period=period, rule=rule, limit=page.limit, offset=page.offset
    )
    items = [
        FailureOut(
            **ResultOut.of(f.result).model_dump(),
            submission_id=f.submission_id,
            regime=f.regime,
            period=f.period,
            unit=f.unit_code,
            unit_name=f.unit_name,
            state=f.state,
            version=f.version,
        )
        for f in found
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
