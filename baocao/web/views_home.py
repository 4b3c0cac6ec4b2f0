"""The home page: what needs attention for each role (reporter: reports due or returned; approver:
the inbox; units below not yet sent)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.periods.periods import Period, PeriodType
from baocao.regimes.models import Regime, RegimeVersion
from baocao.submissions import queries, reminders
from baocao.timeutil import today
from baocao.units.models import UnitVersion
from baocao.units.queries import valid_on
from baocao.web.render import page
from baocao.web.views_review import waiting

router = APIRouter(include_in_schema=False)
DUE_WITHIN_DAYS = 75  # a monthly report of next month is due within ~70 days


def regime_choices(session: Session) -> list[tuple[str, str, str]]:
    """(code, name, name_en) of every regime, named by its latest version."""
    latest: dict[str, tuple[str, str, str]] = {}
    for code, name, name_en in session.execute(
        select(Regime.code, RegimeVersion.name, RegimeVersion.name_en)
        .join(RegimeVersion, RegimeVersion.regime_id == Regime.id)
        .order_by(Regime.code, RegimeVersion.version)
    ):
        latest[code] = (code, name, name_en)
    return list(latest.values())


def home_unit_code(session: Session, principal: Principal) -> str:
    assert principal.user is not None
    code = session.scalar(
        select(UnitVersion.code).where(
            UnitVersion.unit_id == principal.user.unit_id, valid_on(UnitVersion, today())
        )
    )
    return code or ""


@dataclass(frozen=True)
class ReceiveGroup:
    regime: str
    regime_name: str
    period: str
    deadline: date
    not_sent: int
    overdue: bool


def receive_groups(items: list[reminders.Reminder]) -> list[ReceiveGroup]:
    """Reports from below not yet sent, one line per regime and period (the board has the units)."""
    counted: Counter[tuple[str, str, str, date]] = Counter(
        (r.regime, r.regime_name, r.period, r.deadline) for r in items
    )
    on = today()
    return [ReceiveGroup(*key, n, key[3] < on) for key, n in sorted(counted.items(), key=lambda kv: kv[0][3])]


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    principal: Principal = Depends(require(Permission.AUTHENTICATED)),
    session: Session = Depends(get_session),
) -> Response:
    reports = principal.can(Permission.SUBMISSIONS_READ)
    due: list[reminders.Reminder] = []
    overdue: list[reminders.Reminder] = []
    recent: list[Any] = []
    inbox: list[Any] = []
    if reports:
        due = reminders.reminders(session, principal, within_days=DUE_WITHIN_DAYS)
        overdue = reminders.reminders(session, principal, overdue=True, overdue_since_days=62)
        recent, _ = queries.list_submissions(session, principal, queries.Filters(), 10, 0)
    if principal.can(Permission.SUBMISSIONS_APPROVE):
        inbox = waiting(session, principal)
    writes = principal.can(Permission.SUBMISSIONS_WRITE)
    return page(
        request,
        "home.html",
        principal,
        due=[r for r in overdue + due if r.role == "report"],
        receive=receive_groups([r for r in overdue + due if r.role == "receive"]),
        recent=recent,
        inbox=inbox,
        writes=writes,
        regimes=regime_choices(session) if writes else [],
        unit_code=home_unit_code(session, principal),
        this_month=str(Period.of(today(), PeriodType.MONTH)),
    )
