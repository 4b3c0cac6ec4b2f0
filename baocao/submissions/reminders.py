"""Reminders: reports due within N days, or overdue, for the caller's units.

"The caller's units" are the units the caller reports for (``submissions.write`` capture scope: role
``report``) and the units that report to a unit the caller approves for (role ``receive``). Only
reports not yet sent count (missing, draft, returned). Ad hoc regimes have no periods to expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.principal import Principal
from baocao.access.rules import Permission, Reach
from baocao.errors import ApiError
from baocao.periods.periods import periods_within
from baocao.regimes import service as regimes
from baocao.regimes.models import Frequency, Regime
from baocao.regimes.spec import PERIOD_TYPES
from baocao.submissions.compliance import NOT_SENT, chunks, statuses
from baocao.submissions.guard import acts_for_receiver
from baocao.timeutil import today
from baocao.units.models import Unit

LONGEST_PERIOD = timedelta(days=400)  # a year's period ends at most this long before its deadline


@dataclass(frozen=True)
class Reminder:
    regime: str
    regime_name: str
    period: str
    unit_code: str
    unit_name: str
    role: str  # report | receive
    deadline: date
    days_left: int  # negative: overdue by that many days
    status: str
    submission_id: int | None


def _capture_ids(session: Session, principal: Principal, regime: Regime, unit_ids: list[int]) -> set[int]:
    scope = principal.scope(Permission.SUBMISSIONS_WRITE)
    if scope.is_empty or not scope.allows_regime(regime.code):
        return set()
    found: set[int] = set()
    for chunk in chunks(sorted(unit_ids)):
        found.update(
            session.scalars(
                select(Unit.id).where(Unit.id.in_(chunk), scope.where(Unit.id, reach=Reach.CAPTURE))
            )
        )
    return found


def _for_regime(
    session: Session, principal: Principal, regime: Regime, first: date, last: date, on: date
) -> list[Reminder]:
    out: list[Reminder] = []
    kinds = {PERIOD_TYPES[v.frequency] for v in regime.versions if v.frequency != Frequency.AD_HOC}
    for kind in kinds:
        for period in periods_within(first - LONGEST_PERIOD, last, kind):
            try:
                version = regimes.version_for_period(session, regime, period)
            except ApiError:
                continue
            due = regimes.deadline_for(version, period)
            if not first <= due <= last:
                continue
            expected = regimes.expected_submissions(session, regime, period)
            reporting = _capture_ids(session, principal, regime, [i.unit.unit_id for i in expected.items])
            receivers = {
                r.unit_id: acts_for_receiver(session, principal, r.unit_id, regime.code)
                for r in {i.receiver for i in expected.items if i.receiver is not None}
            }
            mine = {}
            for item in expected.items:
                if item.unit.unit_id in reporting:
                    mine[item.unit.unit_id] = "report"
                elif item.receiver is not None and receivers.get(item.receiver.unit_id):
                    mine[item.unit.unit_id] = "receive"
            items = [i for i in expected.items if i.unit.unit_id in mine]
            for row in statuses(session, expected, items, on):
                if row.status in NOT_SENT:
                    out.append(
                        Reminder(
                            regime.code,
                            version.name,
                            str(period),
                            row.unit_code,
                            row.unit_name,
                            mine[row.unit_id],
                            row.deadline,
                            (row.deadline - on).days,
                            row.status,
                            row.submission_id,
                        )
                    )
    return out


def reminders(
    session: Session,
    principal: Principal,
    *,
    within_days: int | None = None,
    overdue: bool = False,
    overdue_since_days: int = 366,
    on: date | None = None,
) -> list[Reminder]:
    """Reports due from today to ``within_days`` ahead, or (``overdue``) whose deadline has passed in
    the last ``overdue_since_days`` days, not yet sent, for the caller's units; by deadline."""
    on = on or today()
    if overdue:
        first, last = on - timedelta(days=overdue_since_days), on - timedelta(days=1)
    else:
        first, last = on, on + timedelta(days=within_days or 0)
    allowed = principal.regimes
    stmt = select(Regime).order_by(Regime.code)
    if allowed is not None:
        stmt = stmt.where(Regime.code.in_(sorted(allowed)))
    out = []
    for regime in session.scalars(stmt):
        out.extend(_for_regime(session, principal, regime, first, last, on))
    return sorted(out, key=lambda r: (r.deadline, r.regime, r.period, r.unit_code))
