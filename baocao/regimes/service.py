"""Regimes as of a date or a period: which version applies, who reports, to whom, by when.

Who reports and who receives are resolved on the period's *reference day*, its last calendar day
(``2025-06`` → 30 June 2025: 63 provinces; ``2025-07`` → 31 July 2025: 34 provinces), with the units
service, so the 2025 merger changes the reporting units without editing the regime. The version that
applies to a period is the one in force on that day too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.config import Settings
from baocao.errors import ApiError, invalid, not_found
from baocao.periods.deadlines import parse_rule
from baocao.periods.holidays import WorkingCalendar
from baocao.periods.periods import Period, PeriodError, parse_period
from baocao.periods.windows import CutoffConvention
from baocao.regimes import unitrules
from baocao.regimes.models import Regime, RegimeVersion
from baocao.regimes.spec import PERIOD_TYPES
from baocao.timeutil import today
from baocao.units import queries as unit_queries
from baocao.units.models import UnitLevel, UnitVersion
from baocao.units.service import children, resolve_unit, subtree_unit_ids

CHUNK = 900  # ids per IN (...) list, well under every backend's limit on bound parameters
PERIOD_EXAMPLES = {
    "month": "2025-07",
    "quarter": "2025-Q3",
    "half_year": "2025-H1",
    "nine_months": "2025-9M",
    "year": "2025",
    "ad_hoc": "2025-07-14",
}


@dataclass(frozen=True)
class ExpectedSubmission:
    """One report a period calls for."""

    unit: UnitVersion
    receiver: UnitVersion | None  # None: the rule finds no receiver for this unit (e.g. no parent)
    deadline: date
    # Last day entry stays open: deadline + the version's grace days (it locks the day after).
    open_until: date


@dataclass(frozen=True)
class Expected:
    regime: Regime
    version: RegimeVersion
    period: Period
    deadline: date
    open_until: date
    items: list[ExpectedSubmission]


def get_regime(session: Session, code: str) -> Regime:
    regime = session.scalar(select(Regime).where(Regime.code == code))
    if regime is None:
        raise not_found("chế độ báo cáo", "regime", code, field="code")
    return regime


def _regime(session: Session, regime: Regime | str) -> Regime:
    return get_regime(session, regime) if isinstance(regime, str) else regime


def version_on(regime: Regime, day: date) -> RegimeVersion | None:
    """The version in force on ``day`` (validity is half-open: ``[valid_from, valid_to)``)."""
    for version in regime.versions:
        if version.valid_from <= day and (version.valid_to is None or day < version.valid_to):
            return version
    return None


def current_version(regime: Regime, as_of: date | None = None) -> RegimeVersion:
    """The version in force on ``as_of`` (today by default), else the latest one."""
    return version_on(regime, as_of or today()) or regime.versions[-1]


def get_version(session: Session, regime: Regime | str, number: int) -> RegimeVersion:
    found = _regime(session, regime)
    for version in found.versions:
        if version.version == number:
            return version
    raise not_found("phiên bản", "version", f"{found.code} v{number}", field="version")


def as_period(period: Period | str, field: str = "period") -> Period:
    if isinstance(period, Period):
        return period
    try:
        return parse_period(period)
    except PeriodError as exc:
        raise invalid(
            field, f"{exc.message} (kỳ '{period}')", f"{exc.message_en} (period '{period}')"
        ) from None


def reference_day(period: Period) -> date:
    """The day on which a period's units, receivers and regime version are taken: its last day."""
    return period.end


def version_for_period(session: Session, regime: Regime | str, period: Period | str) -> RegimeVersion:
    """The version that applies to ``period``; 422 naming ``period`` if none, or if the period does
    not fit the regime's frequency (``2025-Q3`` for a monthly regime)."""
    found, when = _regime(session, regime), as_period(period)
    day = reference_day(when)
    version = version_on(found, day)
    if version is None:
        raise invalid(
            "period",
            f"Chế độ báo cáo '{found.code}' không có phiên bản hiệu lực vào ngày {day:%d/%m/%Y} (kỳ {when})",
            f"Regime '{found.code}' has no version in force on {day.isoformat()} (period {when})",
        )
    if PERIOD_TYPES[version.frequency] != when.type:
        example = PERIOD_EXAMPLES[version.frequency]
        raise invalid(
            "period",
            f"Chế độ '{found.code}' có tần suất '{version.frequency}': kỳ báo cáo có dạng {example}, "
            f"không phải '{when}'",
            f"Regime '{found.code}' has frequency '{version.frequency}': periods look like {example}, "
            f"not '{when}'",
        )
    return version


def _at_level(session: Session, level: UnitLevel, day: date) -> list[UnitVersion]:
    stmt = select(UnitVersion).where(
        UnitVersion.level == level.value, unit_queries.valid_on(UnitVersion, day)
    )
    return list(session.scalars(stmt.order_by(UnitVersion.code)))


def _on(session: Session, code: str, day: date) -> UnitVersion | None:
    return session.scalars(unit_queries.version_on(code, day)).first()


def reporting_units(session: Session, version: RegimeVersion, period: Period | str) -> list[UnitVersion]:
    """The units that must report for ``period``, as they are on its reference day."""
    rule, day = version.reporting_units_rule, reference_day(as_period(period))
    name = rule["rule"]
    if name in unitrules.LEVEL_RULES:
        return _at_level(session, unitrules.LEVEL_RULES[name], day)
    if name == unitrules.CHILDREN_OF:
        parent = _on(session, rule["unit"], day)
        return children(session, parent.unit_id, day) if parent else []
    if name == unitrules.COMMUNES_OF_RECEIVER:
        receiver = _on(session, version.receiver_rule["unit"], day)
        if receiver is None:
            return []
        stmt = select(UnitVersion).where(
            UnitVersion.unit_id.in_(subtree_unit_ids(session, receiver.unit_id, day)),
            UnitVersion.level == UnitLevel.COMMUNE.value,
            unit_queries.valid_on(UnitVersion, day),
        )
        return list(session.scalars(stmt.order_by(UnitVersion.code)))
    if name == unitrules.LIST:
        # A listed code that no unit carries that day (e.g. a merged province) simply drops out.
        return [u for u in (_on(session, code, day) for code in rule["units"]) if u is not None]
    raise ValueError(f"unknown reporting units rule {name!r}")


def must_report(session: Session, version: RegimeVersion, unit: UnitVersion, period: Period | str) -> bool:
    """Whether ``unit`` is one of the reporting units for ``period`` (without listing them all)."""
    rule, day = version.reporting_units_rule, reference_day(as_period(period))
    current = _versions_of(session, [unit.unit_id], day).get(unit.unit_id)
    if current is None:
        return False
    name = rule["rule"]
    if name in unitrules.LEVEL_RULES:
        return current.level == unitrules.LEVEL_RULES[name].value
    if name == unitrules.LIST:
        return current.code in rule["units"]
    return any(u.unit_id == unit.unit_id for u in reporting_units(session, version, period))


def _versions_of(session: Session, unit_ids: Iterable[int], day: date) -> dict[int, UnitVersion]:
    ids, found = sorted(set(unit_ids)), {}
    for start in range(0, len(ids), CHUNK):
        stmt = select(UnitVersion).where(
            UnitVersion.unit_id.in_(ids[start : start + CHUNK]), unit_queries.valid_on(UnitVersion, day)
        )
        found.update({v.unit_id: v for v in session.scalars(stmt)})
    return found


def receivers_for(
    session: Session, version: RegimeVersion, units: Sequence[UnitVersion], period: Period | str
) -> dict[int, UnitVersion | None]:
    """Each unit's receiving unit (by the unit's id) on the period's reference day, in a few queries."""
    rule, day = version.receiver_rule, reference_day(as_period(period))
    if rule["rule"] == unitrules.FIXED:
        fixed = _on(session, rule["unit"], day)
        return {u.unit_id: fixed for u in units}
    level = rule.get("level")
    current = _versions_of(session, [u.unit_id for u in units], day)
    # Walk up from each unit until its parent (or the ancestor at ``level``) is found.
    found: dict[int, UnitVersion | None] = {u.unit_id: None for u in units}
    pending = {u.unit_id: current[u.unit_id].parent_id for u in units if u.unit_id in current}
    for _ in range(unit_queries.MAX_DEPTH):
        pending = {unit: parent for unit, parent in pending.items() if parent is not None}
        if not pending:
            break
        parents = _versions_of(session, [p for p in pending.values() if p is not None], day)
        following = {}
        for unit, parent_id in pending.items():
            parent = parents.get(parent_id) if parent_id is not None else None
            if parent is None:
                continue
            if level is None or parent.level == level:
                found[unit] = parent
            else:
                following[unit] = parent.parent_id
        pending = following
    return found


def receiver_for(
    session: Session, version: RegimeVersion, unit: UnitVersion, period: Period | str
) -> UnitVersion:
    """The unit ``unit`` reports to for ``period``; 422 when the rule finds none."""
    receiver = receivers_for(session, version, [unit], period)[unit.unit_id]
    if receiver is None:
        day = reference_day(as_period(period))
        vi, en = unitrules.describe(version.receiver_rule)
        raise ApiError(
            422,
            "no_receiver",
            f"Không xác định được đơn vị nhận báo cáo của '{unit.code}' vào ngày {day:%d/%m/%Y} ({vi})",
            f"No receiving unit for '{unit.code}' on {day.isoformat()} ({en})",
            field="receiver",
        )
    return receiver


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The working calendar of the environment's settings (extra holidays and working days)."""
    return WorkingCalendar.from_settings(Settings.from_env())


def deadline_for(
    version: RegimeVersion, period: Period | str, calendar: WorkingCalendar | None = None
) -> date:
    rule = parse_rule(version.deadline_rule)
    convention = CutoffConvention(version.cutoff_convention)
    return rule.due(as_period(period), convention, calendar or default_calendar())


def open_until(version: RegimeVersion, deadline: date) -> date:
    """The last day entry stays open: the deadline plus the version's grace days."""
    return deadline + timedelta(days=version.grace_days)


def expected_submissions(
    session: Session, regime: Regime | str, period: Period | str, calendar: WorkingCalendar | None = None
) -> Expected:
    """Who must report for ``period``, to whom and by when."""
    found, when = _regime(session, regime), as_period(period)
    version = version_for_period(session, found, when)
    due = deadline_for(version, when, calendar)
    last_day = open_until(version, due)
    units = reporting_units(session, version, when)
    receivers = receivers_for(session, version, units, when)
    items = [ExpectedSubmission(u, receivers[u.unit_id], due, last_day) for u in units]
    return Expected(found, version, when, due, last_day, items)


def resolve_reporting_unit(session: Session, code: str, period: Period | str) -> UnitVersion:
    """The unit carrying ``code`` on the period's reference day (404 naming the code if none)."""
    return resolve_unit(session, code, reference_day(as_period(period)), field="unit", location="body")
