"""The compliance board: regime × period × unit with on time / late / missing / returned / draft and
overdue, the reporting rate overall and per receiving unit, filters (status, receiving unit, unit name
or code), pages of units and the CSV export (every unit the filters keep). Rows
come from ``baocao.submissions.compliance`` (the reader's scope is applied there, in SQL)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
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
from baocao.units.naming import fold
from baocao.web.i18n import bilingual
from baocao.web.render import lang_of, page
from baocao.web.views_home import regime_choices

router = APIRouter(include_in_schema=False)
READ = require(Permission.SUBMISSIONS_READ)
STATUSES = ("on_time", "late", "missing", "returned", "draft")
PAGE_SIZE = 100  # units per page; the CSV has them all


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


@dataclass(frozen=True)
class Filters:
    status: str = ""
    receiver: str = ""
    q: str = ""  # part of the unit's code or name (accents ignored)

    def keep(self, row: ExpectedStatus) -> bool:
        if self.status in STATUSES and row.status != self.status:
            return False
        if self.status == "overdue" and not row.overdue:
            return False
        if self.receiver and (row.receiver_code or "") != self.receiver:
            return False
        wanted = fold(self.q.strip())
        return not wanted or wanted in fold(row.unit_name) or row.unit_code.startswith(self.q.strip())


def _board(
    session: Session, principal: Principal, regime: str, period: str, filters: Filters
) -> tuple[dict[str, int], list[ExpectedStatus], list[ReceiverLine]]:
    _, rows = compliance_service.compliance(session, principal, regime, period)
    counts = compliance_service.counts(rows)
    receivers = by_receiver(rows)
    return counts, [r for r in rows if filters.keep(r)], receivers


def rate(counts: dict[str, int]) -> float | None:
    sent = counts["on_time"] + counts["late"]
    return 100.0 * sent / counts["expected"] if counts["expected"] else None


@router.get("/compliance", response_class=HTMLResponse)
def compliance_board(
    request: Request,
    regime: str = "",
    period: str = "",
    status: str = "",
    receiver: str = "",
    q: str = "",
    page_no: int = Query(1, alias="page", ge=1),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    filters = Filters(status, receiver, q)
    context: dict[str, Any] = {"regime": regime, "period": period, "status": status, "error": None,
                               "receiver": receiver, "q": q}  # fmt: skip
    context["counts"], context["rows"], context["receivers"] = None, [], []
    if regime and period:
        try:
            context["counts"], context["rows"], context["receivers"] = _board(
                session, principal, regime, period, filters
            )
        except ApiError as exc:
            context["error"] = bilingual(lang_of(request), exc.message, exc.message_en)
    pages = max(1, -(-len(context["rows"]) // PAGE_SIZE))
    context["page"] = min(page_no, pages)
    context["pages"] = pages
    first = (context["page"] - 1) * PAGE_SIZE
    context["first"] = first
    context["shown"] = context["rows"][first : first + PAGE_SIZE]
    context["query"] = urlencode({"regime": regime, "period": period, "status": status, "receiver": receiver,
                                  "q": q})  # fmt: skip
    return page(
        request,
        "compliance.html",
        principal,
        status=422 if context["error"] else 200,
        regimes=regime_choices(session),
        statuses=(*STATUSES, "overdue"),
        rate=rate(context["counts"]) if context["counts"] else None,
        board=context,
        page_size=PAGE_SIZE,
        default_period=str(Period.of(today(), PeriodType.MONTH).shift(-1)),
    )


@router.get("/compliance.csv")
def compliance_csv(
    regime: str,
    period: str,
    status: str = "",
    receiver: str = "",
    q: str = "",
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    _, rows, _ = _board(session, principal, regime, period, Filters(status, receiver, q))
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
