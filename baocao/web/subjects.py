"""What a tile or an indicator page shows: a data element, or (once ``baocao.indicators`` answers them)
a computed indicator. Both are asked through ``baocao.analytics.service.run_query``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics.models import MapView, Rollup
from baocao.analytics.service import AnalyticsQuery, Figure, run_query
from baocao.analytics.windows import Window
from baocao.catalog.models import DataElement
from baocao.errors import not_found
from baocao.periods.periods import Period, PeriodType
from baocao.units.models import UnitLevel

NUMERIC = ("number", "integer", "percent")
# Indicators join run_query when the indicators capability gives AnalyticsQuery an ``indicators`` list.
HAS_INDICATORS = "indicators" in {f.name for f in fields(AnalyticsQuery)}


@dataclass(frozen=True)
class Subject:
    code: str
    kind: str  # "element" | "indicator"
    name: str
    name_en: str
    measure: str
    measure_en: str
    decimals: int
    better: str  # "up": higher is better; "down": lower is better
    element_id: int | None = None


def _indicators(session: Session) -> list[Subject]:
    if not HAS_INDICATORS:
        return []
    from baocao.indicators.service import list_indicators

    return [
        Subject(i.code, "indicator", i.name, i.name_en, i.unit_measure, i.unit_measure, i.decimals, i.better)
        for i in list_indicators(session)
    ]


def _element(e: DataElement) -> Subject:
    return Subject(e.code, "element", e.name, e.name_en, e.unit_of_measure, e.unit_of_measure_en,
                   e.decimals, "up", e.id)  # fmt: skip


def choices(session: Session) -> list[Subject]:
    """Everything a tile may show: indicators first, then numeric data elements."""
    elements = session.scalars(
        select(DataElement).where(DataElement.value_type.in_(NUMERIC)).order_by(DataElement.code)
    )
    return _indicators(session) + [_element(e) for e in elements]


def find(session: Session, code: str) -> Subject:
    element = session.scalar(select(DataElement).where(DataElement.code == code))
    if element is not None and element.value_type in NUMERIC:
        return _element(element)
    for subject in _indicators(session):
        if subject.code == code:
            return subject
    raise not_found("chỉ tiêu", "indicator", code, field="code")


def ask(
    session: Session,
    scope: Scope,
    subject: Subject | list[Subject],
    windows: list[Window],
    *,
    unit: str | None = None,
    units: list[str] | None = None,
    level: UnitLevel | None = None,
    view: MapView = MapView.AS_IT_WAS,
) -> list[Figure]:
    """The subjects' figures (totals) for the windows, in window order (× subject × unit); one query
    for several subjects (``Figure.element`` is the element's or the indicator's code)."""
    subjects = subject if isinstance(subject, list) else [subject]
    elements = [s.code for s in subjects if s.kind == "element"]
    extra: dict[str, Any] = {"elements": elements}
    if HAS_INDICATORS:
        extra["indicators"] = [s.code for s in subjects if s.kind == "indicator"]
    q = AnalyticsQuery(windows=windows, unit=unit, units=units or [], level=level, view=view, **extra)
    return run_query(session, scope, q)


def latest_period(session: Session, scope: Scope, subject: Subject, unit_id: int) -> Period | None:
    """The finest-grained latest period the unit has an accepted figure for (elements: from the
    rollups, in scope; indicators: probed through run_query by ``probe_latest``)."""
    if subject.element_id is None:
        return None
    stmt = (
        select(Rollup.period_type, func.max(Rollup.period_end))
        .where(
            Rollup.map == MapView.AS_IT_WAS.value,
            Rollup.data_element_id == subject.element_id,
            Rollup.unit_id == unit_id,
            Rollup.option_key == "",
            (Rollup.own_n + Rollup.child_n) > 0,
            scope.where(Rollup.unit_id),
        )
        .group_by(Rollup.period_type)
    )
    found = {kind: end for kind, end in session.execute(stmt)}
    for kind in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.HALF_YEAR, PeriodType.YEAR):
        end = found.get(kind.value)
        if end is not None:
            return Period.of(end, kind)
    return None


def probe_periods(now: date, since: date = date.min) -> dict[PeriodType, list[Period]]:
    """The periods asked to find a subject's latest figure (newest first per type, finest type first),
    and its sparkline and cùng kỳ; periods ending before ``since`` (the unit's first day, before which
    its code meant another unit) are left out."""
    month, quarter, year = (
        Period.of(now, k) for k in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR)
    )
    probes = {
        PeriodType.MONTH: [month.shift(-i) for i in range(0, 25)],
        PeriodType.QUARTER: [quarter.shift(-i) for i in range(0, 13)],
        PeriodType.YEAR: [year.shift(-i) for i in range(0, 10)],
    }
    return {kind: [p for p in ps if p.end >= since] for kind, ps in probes.items()}


def first_complete(figures: dict[str, Figure], probes: dict[PeriodType, list[Period]]) -> Period | None:
    """The latest period with a complete figure, finest type first."""
    for periods in probes.values():
        for p in periods:
            f = figures.get(str(p))
            if f is not None and f.value is not None and "partial" not in f.flags:
                return p
    return None


def probe_latest(
    session: Session, scope: Scope, subject: Subject, unit: str, now: date, since: date = date.min
) -> Period | None:
    """The latest period with a complete figure, from the probe periods in one query."""
    probes = probe_periods(now, since)
    windows = [Window.of(p) for ps in probes.values() for p in ps]
    if not windows:
        return None
    return first_complete({f.period: f for f in ask(session, scope, subject, windows, unit=unit)}, probes)
