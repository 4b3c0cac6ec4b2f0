"""The compliance board: regime × period × unit with on time / late / missing / returned / draft and
overdue, the reporting rate overall and per receiving unit, a status filter and the CSV export. Rows
come from ``baocao.submissions.compliance`` (the reader's scope is applied there, in SQL)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.errors import ApiError
from baocao.periods.periods import Period, PeriodType
from baocao.submissions import compliance as compliance_service
from baocao.submissions.compliance import ExpectedStatus
from baocao.timeutil import today
from baocao.web.i18n import bilingual
from baocao.web.render import lang_of, page
from baocao.web.views_home import regime_choices

router = APIRouter(include_in_schema=False)
READ = require(Permission.SUBMISSIONS_READ)
STATUSES = ("on_time", "late", "missing", "returned", "draft")
ROWS_SHOWN = 500  # beyond this the page lists the first units; the CSV has them all


@dataclass(frozen=True)
class ReceiverLine:
    receiver: str
    counts: dict[str, int]
    rate: float | None


def by_receiver(rows: list[ExpectedStatus]) -> list[ReceiverLine]:
    grouped: dict[str, list[ExpectedStatus]] = defaultdict(list)
    for row in rows:
        grouped[row.receiver_code or ""].append(row)
    lines = []
    for receiver, items in sorted(grouped.items()):
        counts = compliance_service.counts(items)
        lines.append(ReceiverLine(receiver, counts, rate(counts)))
    return lines


def _board(
    session: Session, principal: Principal, regime: str, period: str, status: str
) -> tuple[dict[str, int], list[ExpectedStatus], list[ReceiverLine]]:
    _, rows = compliance_service.compliance(session, principal, regime, period)
    counts = compliance_service.counts(rows)
    receivers = by_receiver(rows)
    if status in STATUSES:
        rows = [r for r in rows if r.status == status]
    elif status == "overdue":
        rows = [r for r in rows if r.overdue]
    return counts, rows, receivers


def rate(counts: dict[str, int]) -> float | None:
    sent = counts["on_time"] + counts["late"]
    return 100.0 * sent / counts["expected"] if counts["expected"] else None


@router.get("/compliance", response_class=HTMLResponse)
def compliance_board(
    request: Request,
    regime: str = "",
    period: str = "",
    status: str = "",
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    context: dict[str, Any] = {"regime": regime, "period": period, "status": status, "error": None}
    context["counts"], context["rows"], context["receivers"] = None, [], []
    if regime and period:
        try:
            context["counts"], context["rows"], context["receivers"] = _board(
                session, principal, regime, period, status
            )
        except ApiError as exc:
            context["error"] = bilingual(lang_of(request), exc.message, exc.message_en)
    return page(
        request,
        "compliance.html",
        principal,
        status=422 if context["error"] else 200,
        regimes=regime_choices(session),
        statuses=(*STATUSES, "overdue"),
        rate=rate(context["counts"]) if context["counts"] else None,
        board=context,
        rows_shown=ROWS_SHOWN,
        default_period=str(Period.of(today(), PeriodType.MONTH).shift(-1)),
    )


@router.get("/compliance.csv")
def compliance_csv(
    regime: str,
    period: str,
    status: str = "",
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    _, rows, _ = _board(session, principal, regime, period, status)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["regime", "period", "unit", "unit_name", "receiver", "deadline", "status", "overdue",
                     "state", "first_submitted_at", "submission_id"])  # fmt: skip
    for r in rows:
        submitted = r.first_submitted_at.isoformat() if r.first_submitted_at else ""
        writer.writerow([regime, period, r.unit_code, r.unit_name, r.receiver_code or "",
                         r.deadline.isoformat(), r.status, int(r.overdue), r.state or "", submitted,
                         r.submission_id or ""])  # fmt: skip
    name = f"tinh-hinh-bao-cao_{regime}_{period}.csv".replace("/", "-")
    return Response(
        out.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
