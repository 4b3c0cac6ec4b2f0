"""The submissions API: list and read within scope, write values (JSON and CSV), the workflow, history.

Every route declares its permission with ``require(...)``; the service then checks the unit (capture
scope for writing, receiving unit for deciding). Reads go through the scope inside the query: a
submission outside it answers 404, exactly like one that does not exist. Workflow routes take the
``lock_version`` the client last saw (``If-Match`` header or ``expected_lock_version``) and answer 409
naming the current state when someone else acted first.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.ledger.chain import entries_for
from baocao.paging import Page, Paging, paging
from baocao.submissions import queries, service
from baocao.submissions.actors import CellInput, CellRemark
from baocao.submissions.csvio import parse_csv, render_csv
from baocao.submissions.keys import OptionKeyError, normalise_option_key
from baocao.submissions.models import EntryPath, SubmissionState
from baocao.submissions.present import actor_for, detail, expected_lock, summary, version_out, write_out
from baocao.submissions.schemas import (
    ChangeOut,
    EventOut,
    HistoryOut,
    LockIn,
    OpenIn,
    ReopenIn,
    ReturnIn,
    SubmissionDetail,
    SubmissionSummary,
    SubmitIn,
    ValuesIn,
    VersionOut,
    WriteOut,
)

router = APIRouter(prefix="/submissions", tags=["submissions"])

READ = require(Permission.SUBMISSIONS_READ)
WRITE = require(Permission.SUBMISSIONS_WRITE)
APPROVE = require(Permission.SUBMISSIONS_APPROVE)


def _options(value: str | dict[str, str] | None) -> str:
    """Option keys as sent; a malformed one is reported by the service, naming the cell."""
    try:
        return normalise_option_key(value)
    except OptionKeyError:
        return value if isinstance(value, str) else ";".join(f"{k}={v}" for k, v in value.items())  # type: ignore[union-attr]


def _detail(session: Session, principal: Principal, submission_id: int) -> SubmissionDetail:
    return detail(session, queries.visible_row(session, principal, submission_id))


@router.get(
    "", response_model=Page[SubmissionSummary], summary="Báo cáo trong phạm vi / submissions in scope"
)
def list_submissions(
    regime: str | None = Query(None, description="Mã chế độ / regime code"),
    unit: str | None = Query(None, description="Mã đơn vị báo cáo (tại kỳ) / reporting unit code"),
    receiver: str | None = Query(None, description="Mã đơn vị nhận / receiving unit code"),
    period: str | None = Query(None, description="Kỳ / period, e.g. 2025-07"),
    state: SubmissionState | None = Query(None),
    page: Paging = Depends(paging),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Page[SubmissionSummary]:
    filters = queries.Filters(regime, unit, receiver, period, state.value if state else None)
    rows, total = queries.list_submissions(session, principal, filters, page.limit, page.offset)
    return Page(items=[summary(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.post("", response_model=SubmissionDetail, status_code=201, summary="Mở báo cáo / open a submission")
def open_submission(
    body: OpenIn,
    principal: Principal = Depends(WRITE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> SubmissionDetail:
    submission = service.open_submission(
        session, body.regime, body.unit, body.period, actor_for(principal, client)
    )
    return _detail(session, principal, submission.id)


@router.get("/{submission_id:int}", response_model=SubmissionDetail, summary="Một báo cáo / one submission")
def get_submission(
    submission_id: int,
    response: Response,
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> SubmissionDetail:
    out = _detail(session, principal, submission_id)
    response.headers["ETag"] = f'"{out.lock_version}"'
    return out


@router.put("/{submission_id:int}/values", response_model=WriteOut, summary="Ghi số liệu / write values")
def put_values(
    submission_id: int,
    body: ValuesIn,
    request: Request,
    principal: Principal = Depends(WRITE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> WriteOut:
    submission = queries.get_visible(session, principal, submission_id)
    cells = [
        CellInput(c.element, _options(c.options), c.value, c.comment, location=f"cells[{i}]")
        for i, c in enumerate(body.cells)
    ]
    report = service.write_values(
        session,
        submission,
        cells,
        actor_for(principal, client),
        narrative=body.narrative,
        expected_lock_version=expected_lock(request, body.expected_lock_version),
    )
    return write_out(report)


@router.post("/{submission_id:int}/values.csv", response_model=WriteOut, summary="Tải lên CSV / upload CSV")
def upload_csv(
    submission_id: int,
    request: Request,
    file: UploadFile = File(..., description="element,options,value[,comment]"),
    principal: Principal = Depends(WRITE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> WriteOut:
    submission = queries.get_visible(session, principal, submission_id)
    name = file.filename or "values.csv"
    cells = parse_csv(file.file.read(), name)
    actor = actor_for(principal, client, EntryPath.CSV)
    report = service.write_values(
        session, submission, cells, actor, expected_lock_version=expected_lock(request, None)
    )
    return write_out(report)


@router.get("/{submission_id:int}/values.csv", summary="Tải về CSV / download CSV")
def download_csv(
    submission_id: int,
    version: int | None = Query(None, ge=1),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    submission = queries.get_visible(session, principal, submission_id)
    number = version or submission.current_version
    v = queries.get_version(session, submission, number)
    body = render_csv(queries.values_of(session, v.id))
    name = f"submission-{submission.id}-v{number}.csv"
    return Response(
        body.encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/{submission_id:int}/submit", response_model=SubmissionDetail, summary="Gửi báo cáo / submit")
def submit(
    submission_id: int,
    request: Request,
    body: SubmitIn | None = None,
    principal: Principal = Depends(WRITE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> SubmissionDetail:
    body = body or SubmitIn()
    submission = queries.get_visible(session, principal, submission_id)
    service.submit(
        session,
        submission,
        actor_for(principal, client),
        expected_lock_version=expected_lock(request, body.expected_lock_version),
        warning_comments=body.warning_comments,
    )
    return _detail(session, principal, submission_id)


@router.post("/{submission_id:int}/accept", response_model=SubmissionDetail, summary="Tiếp nhận / accept")
def accept(
    submission_id: int,
    request: Request,
    body: LockIn | None = None,
    principal: Principal = Depends(APPROVE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> SubmissionDetail:
    submission = queries.get_visible(session, principal, submission_id)
    lock = expected_lock(request, body.expected_lock_version if body else None)
    service.accept(session, submission, actor_for(principal, client), expected_lock_version=lock)
    return _detail(session, principal, submission_id)


@router.post("/{submission_id:int}/return", response_model=SubmissionDetail, summary="Trả lại / return")
def return_submission(
    submission_id: int,
    body: ReturnIn,
    request: Request,
    principal: Principal = Depends(APPROVE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> SubmissionDetail:
    submission = queries.get_visible(session, principal, submission_id)
    remarks = [CellRemark(c.element, _options(c.options), c.message) for c in body.cell_comments]
    service.return_submission(
        session,
        submission,
        actor_for(principal, client),
        body.reason,
        remarks,
        expected_lock_version=expected_lock(request, body.expected_lock_version),
    )
    return _detail(session, principal, submission_id)


@router.post("/{submission_id:int}/reopen", response_model=SubmissionDetail, summary="Mở lại / reopen")
def reopen(
    submission_id: int,
    body: ReopenIn,
    request: Request,
    principal: Principal = Depends(APPROVE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> SubmissionDetail:
    submission = queries.get_visible(session, principal, submission_id)
    service.reopen(
        session,
        submission,
        actor_for(principal, client),
        body.reason,
        expected_lock_version=expected_lock(request, body.expected_lock_version),
    )
    return _detail(session, principal, submission_id)


@router.get(
    "/{submission_id:int}/versions/{number:int}",
    response_model=VersionOut,
    summary="Một phiên bản / a version",
)
def get_version(
    submission_id: int,
    number: int,
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> VersionOut:
    submission = queries.get_visible(session, principal, submission_id)
    return version_out(session, queries.get_version(session, submission, number))


@router.get(
    "/{submission_id:int}/history", response_model=HistoryOut, summary="Lịch sử / value changes and events"
)
def history(
    submission_id: int,
    page: Paging = Depends(paging),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> HistoryOut:
    submission = queries.get_visible(session, principal, submission_id)
    changes, total = queries.value_changes(session, submission.id, page.limit, page.offset)
    return HistoryOut(
        changes=[
            ChangeOut(
                at=c.ValueChange.at,
                actor_id=c.ValueChange.actor_id,
                actor_name=c.ValueChange.actor_name,
                entry_path=c.ValueChange.entry_path,
                client_address=c.ValueChange.client_address,
                version=c.ValueChange.version,
                element=c.element,
                options=c.ValueChange.option_key,
                section=c.ValueChange.section_code,
                old_value=c.ValueChange.old_value,
                new_value=c.ValueChange.new_value,
            )
            for c in changes
        ],
        changes_total=total,
        events=[
            EventOut(
                seq=e.seq,
                at=e.at,
                event=e.event,
                version=e.version,
                actor_id=e.actor_id,
                actor_name=e.actor_name,
                content_digest=e.content_digest,
                entry_hash=e.entry_hash,
            )
            for e in entries_for(session, submission.id)
        ],
    )
