"""Data entry: open a report, the forms as tables, save a draft, submit (with explanations of
warnings), Excel download and upload with errors shown at their cells. Every write goes through the
submissions service with ``EntryPath.WEB`` (``EntryPath.EXCEL`` for an uploaded workbook)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.config import Settings
from baocao.deps import get_session, get_settings
from baocao.errors import ApiError
from baocao.submissions import service
from baocao.submissions.excel.container import MB, UploadLimits
from baocao.submissions.excel.reader import Claim
from baocao.submissions.excel.service import upload_workbook
from baocao.submissions.forms import load_form_index
from baocao.submissions.models import EntryPath
from baocao.submissions.present import actor_for
from baocao.web.context import (
    Report,
    cell_inputs,
    load_report,
    lock_of,
    prefixed,
    problems_of,
    typed_cells,
    web_actor,
)
from baocao.web.grid import build_grid, excel_addresses
from baocao.web.i18n import translator
from baocao.web.render import lang_of, page, redirect

router = APIRouter(include_in_schema=False)
READ = require(Permission.SUBMISSIONS_READ)
WRITE = require(Permission.SUBMISSIONS_WRITE)
Problems = list[tuple[str, str | None, str, str]]


def entry_page(
    request: Request,
    session: Session,
    principal: Principal,
    report: Report,
    *,
    status: int = 200,
    typed: dict[str, str] | None = None,
    problems: Problems | None = None,
    notice: str | None = None,
    excel_problems: Problems | None = None,
) -> HTMLResponse:
    s = report.submission
    grid = build_grid(session, report.version, s.regime_version_id, typed, problems)
    template_query = urlencode({"regime": report.row.regime_code, "unit": report.row.unit_code or "",
                                "period": s.period})  # fmt: skip
    return page(
        request,
        "entry.html",
        principal,
        status,
        report=report,
        s=s,
        row=report.row,
        grid=grid,
        problems=problems or [],
        excel_problems=excel_problems or [],
        notice=notice,
        template_url=f"/api/v1/submissions/template.xlsx?{template_query}",
    )


@router.post("/reports/open")
def open_report(
    request: Request,
    regime: str = Form(""),
    unit: str = Form(""),
    period: str = Form(""),
    principal: Principal = Depends(WRITE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> Response:
    actor = web_actor(principal, client)
    submission = service.open_submission(session, regime.strip(), unit.strip(), period.strip(), actor)
    return redirect(f"/reports/{submission.id}")


@router.get("/reports/{submission_id:int}", response_class=HTMLResponse)
def show_report(
    request: Request,
    submission_id: int,
    done: str | None = None,
    n: int = 0,
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    report = load_report(session, principal, submission_id)
    notices = {"saved": ("entry.saved", n), "submitted": ("entry.submitted", n),
               "uploaded": ("entry.uploaded", n)}  # fmt: skip
    notice = notices.get(done or "")
    text = None
    if notice is not None:
        text = translator(lang_of(request))(notice[0], n=notice[1])
    return entry_page(request, session, principal, report, notice=text)


@router.post("/reports/{submission_id:int}/save", response_class=HTMLResponse)
async def save_report(
    request: Request,
    submission_id: int,
    principal: Principal = Depends(WRITE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> Response:
    form = await request.form()
    report = load_report(session, principal, submission_id)
    typed = typed_cells(form)
    submitting = form.get("action") == "submit"
    actor = web_actor(principal, client)
    index = load_form_index(session, report.submission.regime_version_id)
    try:
        written = service.write_values(
            session,
            report.submission,
            cell_inputs(index, typed, lang_of(request)),
            actor,
            narrative={k: v for k, v in prefixed(form, "n|").items()},
            expected_lock_version=lock_of(form),
        )
    except ApiError as exc:
        session.rollback()
        report = load_report(session, principal, submission_id)
        return entry_page(request, session, principal, report, status=exc.status, typed=typed,
                          problems=problems_of(exc))  # fmt: skip
    if not submitting:
        return redirect(f"/reports/{submission_id}?done=saved&n={written.changed}")
    try:
        with session.begin_nested():
            service.submit(session, report.submission, actor, warning_comments=prefixed(form, "w|"))
    except ApiError as exc:
        # The draft stays saved; the page says what stops the sending, at the cells.
        session.expire_all()
        report = load_report(session, principal, submission_id)
        return entry_page(request, session, principal, report, status=exc.status, problems=problems_of(exc))
    return redirect(f"/reports/{submission_id}?done=submitted")


@router.post("/reports/{submission_id:int}/upload", response_class=HTMLResponse)
async def upload_report(
    request: Request,
    submission_id: int,
    principal: Principal = Depends(WRITE),
    client: ClientInfo = Depends(client_info),
    settings: Settings = Depends(get_settings),
    session: Session = Depends(get_session),
) -> Response:
    report = load_report(session, principal, submission_id)
    limit = settings.upload_max_mb * MB
    form = await request.form(max_files=1, max_fields=20)
    file = form.get("file")
    s, row = report.submission, report.row
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ApiError(422, "missing_file", "Chưa chọn tệp Excel", "No Excel file chosen", "file", "body")
        data = await file.read(limit + 1)
        _, _, parsed = upload_workbook(
            session,
            data,
            file.filename,
            actor_for(principal, client, EntryPath.EXCEL),
            secret=settings.secret_key,
            limits=UploadLimits.for_upload(limit),
            claim=Claim(row.regime_code, row.unit_code, s.period),
        )
    except ApiError as exc:
        session.rollback()
        report = load_report(session, principal, submission_id)
        addresses = excel_addresses(session, report.submission.regime_version_id)
        raw = problems_of(exc)
        at_cells = [(kind, addresses.get(where or "", where), vi, en) for kind, where, vi, en in raw]
        return entry_page(request, session, principal, report, status=exc.status,
                          problems=at_cells, excel_problems=raw)  # fmt: skip
    return redirect(f"/reports/{submission_id}?done=uploaded&n={len(parsed.cells)}")
