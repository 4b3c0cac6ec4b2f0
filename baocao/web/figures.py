"""The figures behind the dashboard, the indicator page and the wall: KPI tiles (value, cùng kỳ, target,
sparkline), a time series with year-on-year change and lũy kế, provinces for the map and ranking,
communes for the drill-down, and a figure's lineage. Everything goes through ``run_query`` with the
viewer's analytics scope (a unit outside it answers 403 there)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.access.scope import Scope
from baocao.analytics.lineage import explain
from baocao.analytics.models import MapView
from baocao.analytics.service import AnalyticsQuery
from baocao.analytics.windows import Window
from baocao.errors import ApiError, not_found
from baocao.periods.periods import Period, PeriodType
from baocao.timeutil import today
from baocao.units.models import UnitLevel, UnitVersion
from baocao.units.queries import valid_on
from baocao.units.service import resolve_unit
from baocao.web.subjects import Subject, ask, latest_period, probe_latest

MERGER = date(2025, 7, 1)  # the 34-province map is in force from this day
SERIES = {PeriodType.MONTH: 36, PeriodType.QUARTER: 16, PeriodType.YEAR: 17}


@dataclass(frozen=True)
class Viewpoint:
    """The unit a person's overview is about: the country for national scopes, else their unit."""

    code: str
    unit_id: int
    name: str
    national: bool  # the viewer's scope is the whole country
    level: str  # the unit's level: government / ministry → provinces below; province → communes
    since: date = date.min  # the unit's first day: before it its code named another unit (as it was)

    def lived(self, periods: list[Period], view: MapView = MapView.AS_IT_WAS) -> list[Period]:
        """The periods the unit existed in (as it was); today's map carries history onto it anyway."""
        return periods if view == MapView.TODAY else [p for p in periods if p.end >= self.since]

    @property
    def below(self) -> UnitLevel | None:
        """The level the map and ranking list under this unit (None: the unit alone)."""
        if self.level in (UnitLevel.GOVERNMENT.value, UnitLevel.MINISTRY.value):
            return UnitLevel.PROVINCE
        if self.level in (UnitLevel.PROVINCE.value, UnitLevel.DISTRICT.value):
            return UnitLevel.COMMUNE
        return None


def viewpoint(session: Session, principal: Principal, code: str | None = None) -> Viewpoint:
    scope = principal.scope(Permission.ANALYTICS_READ)
    national = scope.is_national()
    if not code:
        if national:
            code = "CP"
        else:
            assert principal.user is not None
            code = session.scalar(
                select(UnitVersion.code).where(
                    UnitVersion.unit_id == principal.user.unit_id, valid_on(UnitVersion, today())
                )
            )
            if code is None:
                raise not_found("đơn vị", "unit", str(principal.user.unit_id), field="unit")
    version = resolve_unit(session, code, today(), field="unit", location="query")
    if not scope.contains(version.unit_id):
        raise out_of_scope(version.code)
    since = session.scalar(
        select(func.min(UnitVersion.valid_from)).where(UnitVersion.unit_id == version.unit_id)
    )
    return Viewpoint(version.code, version.unit_id, version.name, national, version.level, since or date.min)


def out_of_scope(code: str) -> ApiError:
    return ApiError(
        403,
        "unit_out_of_scope",
        f"Đơn vị '{code}' nằm ngoài phạm vi được xem số liệu",
        f"Unit '{code}' is outside the scope you may see",
        field="unit",
        location="query",
    )


def change(value: float | None, previous: float | None) -> float | None:
    """Per cent change against cùng kỳ."""
    if value is None or previous is None or previous == 0:
        return None
    return 100.0 * (value - previous) / abs(previous)


def latest(session: Session, scope: Scope, subject: Subject, point: Viewpoint) -> Period | None:
    found = latest_period(session, scope, subject, point.unit_id)
    if found is None and subject.kind == "indicator":
        found = probe_latest(session, scope, subject, point.code, today(), point.since)
    return found


def series(
    session: Session, scope: Scope, subject: Subject, point: Viewpoint, kind: PeriodType, view: MapView
) -> dict[str, Any]:
    """Values, change against cùng kỳ (%) and lũy kế for the last periods of ``kind`` up to the latest."""
    end = latest(session, scope, subject, point)
    last = Period.of(end.end if end else today(), kind)
    count = SERIES.get(kind, 12)
    periods = point.lived([last.shift(-i) for i in range(count - 1, -1, -1)], view) or [last]
    earlier = [p.same_period_last_year() for p in periods]
    plain = [Window.of(p) for p in dict.fromkeys([*point.lived(earlier, view), *periods])]
    ytd = (
        [Window(f"ytd:{p}", date(p.end.year, 1, 1), p.end) for p in periods]
        if kind != PeriodType.YEAR
        else []
    )
    figures = {f.period: f for f in ask(session, scope, subject, plain + ytd, unit=point.code, view=view)}

    def value(label: str) -> float | None:
        f = figures.get(label)
        return f.value if f else None

    return {
        "code": subject.code,
        "unit": point.code,
        "unit_name": point.name,
        "periods": [str(p) for p in periods],
        "values": [value(str(p)) for p in periods],
        "yoy": [change(value(str(p)), value(str(e))) for p, e in zip(periods, earlier, strict=True)],
        "ytd": [value(f"ytd:{p}") for p in periods] if ytd else [],
        "latest": str(end) if end else None,
        "map": view.value,
    }


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    value: float | None
    flags: tuple[str, ...]


def places(
    session: Session, scope: Scope, subject: Subject, point: Viewpoint, period: Period, view: MapView,
    level: UnitLevel | None,
) -> list[Place]:  # fmt: skip
    """The units at ``level`` under the viewpoint (or the unit itself) for one period, highest first
    (units with no figure last)."""
    window = [Window.of(period)]
    figures = ask(session, scope, subject, window, unit=point.code, level=level, view=view)
    found = [Place(f.unit, f.unit_name, f.value, f.flags) for f in figures]
    return sorted(found, key=lambda p: (p.value is None, -(p.value or 0), p.code))


def map_view_for(period: Period, view: MapView) -> MapView:
    """The 34-province shapes can only be coloured with today's units: a period before 1/7/2025 seen
    as it was is drawn with its figures carried onto today's provinces (the ranking keeps the old units)."""
    return MapView.TODAY if period.end < MERGER else view


def lineage(
    session: Session, scope: Scope, subject: Subject, unit: str, period: Period, view: MapView
) -> dict[str, Any]:
    """The sources of a figure; for an indicator, those of every element figure its expression read."""
    window = [Window.of(period)]
    if subject.kind == "indicator":
        from baocao.indicators.lineage import explain_indicator

        q = AnalyticsQuery(elements=[], indicators=[subject.code], windows=window, unit=unit, view=view)
        found: Any = explain_indicator(session, scope, q, "")
    else:
        q = AnalyticsQuery(elements=[subject.code], windows=window, unit=unit, view=view)
        found = explain(session, scope, q, "")
    return {
        "value": found.value,
        "flags": list(found.flags),
        "supported": True,
        "kind": subject.kind,
        "sources": [
            {
                "submission_id": s.submission_id,
                "element": s.element,
                "regime": s.regime,
                "unit": s.unit,
                "unit_name": s.unit_name,
                "period": s.period,
                "version": s.version,
                "status": s.status,
                "accepted_at": s.accepted_at,
                "accepted_by": s.accepted_by,
                "value": s.value,
            }
            for s in found.sources
        ],
    }
