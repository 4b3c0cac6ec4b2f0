"""The approver's pages: the inbox of submissions waiting, the review (accept, or return with a reason
overall or per cell, with the difference since the previous sending), and the submission's history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.errors import ApiError
from baocao.submissions import queries, service
from baocao.submissions.actors import CellRemark
from baocao.submissions.guard import acts_for_receiver
from baocao.submissions.models import SubmissionState
from baocao.web.context import Report, load_report, lock_of, prefixed, problems_of, web_actor
from baocao.web.grid import build_grid
from baocao.web.render import page, redirect
from baocao.web.trail import differences, ledger_status

router = APIRouter(include_in_schema=False)
READ = require(Permission.SUBMISSIONS_READ)
APPROVE = require(Permission.SUBMISSIONS_APPROVE)
INBOX_LIMIT = 200


def waiting(session: Session, principal: Principal) -> list[Any]:
    """Submitted reports addressed to a unit the principal approves for (the listing is in scope)."""
    rows, _ = queries.list_submissions(
        session, principal, queries.Filters(state=SubmissionState.SUBMITTED.value), INBOX_LIMIT, 0
    )
    receivers: dict[tuple[int, str], bool] = {}
    out = []
    for row in rows:
        key = (row.Submission.receiver_unit_id, row.regime_code)
        if key not in receivers:
            receivers[key] = acts_for_receiver(session, principal, *key)
        if receivers[key]:
            out.append(row)
    return out


@router.get("/inbox", response_class=HTMLResponse)
def inbox(
    request: Request, principal: Principal = Depends(APPROVE), session: Session = Depends(get_session)
) -> Response:
    return page(request, "inbox.html", principal, rows=waiting(session, principal))


def review_page(
    request: Request,
    session: Session,
    principal: Principal,
    report: Report,
    status: int = 200,
    problems: list[tuple[str, str | None, str, str]] | None = None,
    notice: str | None = None,
) -> HTMLResponse:
    s = report.submission
    return page(
        request,
        "review.html",
        principal,
        status,
        report=report,
        s=s,
        row=report.row,
        grid=build_grid(session, report.version, s.regime_version_id, None, problems),
        diff=differences(session, s, report.version),
        problems=problems or [],
        notice=notice,
    )


@router.get("/reports/{submission_id:int}/review", response_class=HTMLResponse)
def review(
    request: Request,
    submission_id: int,
    done: str | None = None,
    principal: Principal = Depends(APPROVE),
    session: Session = Depends(get_session),
) -> Response:
    report = load_report(session, principal, submission_id)
    notice = {"accept": "review.accepted", "return": "review.returned"}.get(done or "")
    return review_page(request, session, principal, report, notice=notice)


@router.post("/reports/{submission_id:int}/decide", response_class=HTMLResponse)
async def decide(
    request: Request,
    submission_id: int,
    principal: Principal = Depends(APPROVE),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> Response:
    form = await request.form()
    report = load_report(session, principal, submission_id)
    action = form.get("action")
    actor = web_actor(principal, client)
    try:
        if action == "accept":
            service.accept(session, report.submission, actor, expected_lock_version=lock_of(form))
        else:
            index = build_grid(session, report.version, report.submission.regime_version_id).index
            remarks = []
            for name, text in prefixed(form, "r|").items():
                form_code, row, column = name.split("|", 2)
                info = index.by_address.get((form_code, row, column))
                if info is not None and text.strip():
                    remarks.append(CellRemark(info.element, info.option_key, text))
            reason = str(form.get("reason") or "")
            service.return_submission(session, report.submission, actor, reason, remarks,
                                      expected_lock_version=lock_of(form))  # fmt: skip
    except ApiError as exc:
        session.rollback()
        report = load_report(session, principal, submission_id)
        return review_page(request, session, principal, report, exc.status, problems_of(exc))
    return redirect(f"/reports/{submission_id}/review?done={'accept' if action == 'accept' else 'return'}")


@router.get("/reports/{submission_id:int}/history", response_class=HTMLResponse)
def history(
    request: Request,
    submission_id: int,
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    report = load_report(session, principal, submission_id)
    s = report.submission
    changes, total = queries.value_changes(session, s.id, 500, 0)
    return page(
        request,
        "history.html",
        principal,
        report=report,
        s=s,
        row=report.row,
        versions=queries.versions_of(session, s.id),
        changes=changes,
        changes_total=total,
        ledger=ledger_status(session, s, report.version),
    )
