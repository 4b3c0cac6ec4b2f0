"""Plan targets (chỉ tiêu kế hoạch được giao): one indicator, one unit, one year, with a direction, and
their progress — the actual to date, a projection to the year's end and a status.

* **actual**: the indicator on the latest year-to-date window (1 January → end of month m) that has a
  value, preferring windows the reported periods cover fully. A flow (``time_kind``) is thus summed
  from January; a stock or a rate is its latest value.
* **projection**: flows are scaled by the elapsed share of the year (actual × days in the year / days
  from 1 January to the end of the actual's window); anything else projects its latest value.
* **status**: no actual → ``chua_co_so_lieu``. A year that is over and whose actual covers all of it →
  ``dat`` / ``khong_dat`` on the actual. Otherwise (running, or the year's last figures not in yet) →
  ``dat`` if the projection meets the target, else ``nguy_co``.

A target's unit is read on 31 December of its year. Progress is measured on today's map for units in
force today (history of merged predecessors counts), else on the map as it was.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.analytics.models import MapView
from baocao.analytics.service import AnalyticsQuery, Figure, run_query
from baocao.analytics.windows import Window
from baocao.catalog.models import DataElement
from baocao.errors import ApiError, invalid
from baocao.indicators.evaluate import compile_indicators, time_kind, year_to_date
from baocao.indicators.models import Direction, Indicator, Target
from baocao.periods.periods import Period, PeriodType
from baocao.timeutil import today as current_day
from baocao.units.service import resolve_unit

STATUS_NAMES: dict[str, tuple[str, str]] = {
    "dat": ("Đạt", "Met"),
    "khong_dat": ("Không đạt", "Not met"),
    "nguy_co": ("Có nguy cơ không đạt", "At risk"),
    "chua_co_so_lieu": ("Chưa có số liệu", "No data yet"),
}
DIRECTION_NAMES: dict[str, tuple[str, str]] = {
    Direction.AT_LEAST.value: ("Tối thiểu", "At least"),
    Direction.AT_MOST.value: ("Tối đa", "At most"),
    Direction.ABOUT.value: ("Khoảng", "About"),
}


@dataclass(frozen=True)
class TargetProgress:
    indicator: str
    indicator_name: str
    unit: str
    unit_name: str
    year: int
    target: float
    direction: str
    actual: float | None
    actual_period: str | None
    projection: float | None
    ratio: float | None  # actual / target
    status: str
    status_name: str = ""
    tolerance: float | None = None
    assigned_by: str = ""
    source_document: str | None = None
    flags: tuple[str, ...] = ()


def year_end(year: int) -> date:
    return date(year, 12, 31)


def meets(value: float, target: float, direction: str, tolerance: float | None) -> bool:
    if direction == Direction.AT_LEAST.value:
        return value >= target
    if direction == Direction.AT_MOST.value:
        return value <= target
    return abs(value - target) <= (tolerance or 0)


def status_of(actual: float | None, projection: float | None, target: Target, *, final: bool) -> str:
    if actual is None or projection is None:
        return "chua_co_so_lieu"
    if final:
        return "dat" if meets(actual, target.value, target.direction, target.tolerance) else "khong_dat"
    return "dat" if meets(projection, target.value, target.direction, target.tolerance) else "nguy_co"


def list_targets(
    session: Session, scope: Scope, *, year: int | None = None, unit: str | None = None,
    indicators: list[str] | None = None,
) -> list[tuple[Target, Indicator]]:  # fmt: skip
    """Targets within the scope (on 31 December of their year, or today if earlier)."""
    stmt = select(Target, Indicator).join(Indicator, Indicator.id == Target.indicator_id)
    day = min(year_end(year), current_day()) if year else current_day()
    if year is not None:
        stmt = stmt.where(Target.year == year)
    if unit:
        version = resolve_unit(
            session, unit, year_end(year) if year else None, field="unit", location="query"
        )
        if not scope.contains(version.unit_id, as_of=day):
            raise ApiError(403, "unit_out_of_scope", f"Đơn vị '{unit}' nằm ngoài phạm vi được xem số liệu",
                           f"Unit '{unit}' is outside the scope you may see", field="unit",
                           location="query")  # fmt: skip
        stmt = stmt.where(Target.unit_id == version.unit_id)
    if indicators:
        known = set(session.scalars(select(Indicator.code).where(Indicator.code.in_(indicators))))
        for code in indicators:
            if code not in known:
                raise invalid("indicator", f"Không có chỉ tiêu tổng hợp '{code}'", f"No indicator '{code}'")
        stmt = stmt.where(Indicator.code.in_(indicators))
    stmt = stmt.where(scope.where(Target.unit_id, as_of=day))
    return [(t, i) for t, i in session.execute(stmt.order_by(Target.year, Indicator.code, Target.unit_id))]


def progress(
    session: Session, scope: Scope, *, year: int, unit: str | None = None,
    indicators: list[str] | None = None, today: date | None = None,
) -> list[TargetProgress]:  # fmt: skip
    """Progress of every target of ``year`` in scope (optionally of one unit, some indicators)."""
    day = today or current_day()
    found = list_targets(session, scope, year=year, unit=unit, indicators=indicators)
    if not found:
        return []
    graph = unit_graph(session)
    rules = {
        code: how for code, how in session.execute(select(DataElement.code, DataElement.aggregation_time))
    }
    trees = {c.code: c.tree for c in compile_indicators(session, sorted({i.code for _, i in found}))}
    flows = {code for code, tree in trees.items() if time_kind(tree, lambda e: rules.get(e, "")) == "flow"}
    last_month = 12 if year < day.year else day.month if year == day.year else 0
    # Units in force today are measured on today's map; others as they were, up to their last day.
    groups: dict[tuple[MapView, date], list[int]] = defaultdict(list)
    for target, _ in found:
        live = graph.at(target.unit_id, current_day()) is not None
        last = (
            year_end(year)
            if live
            else graph.last_day_within(target.unit_id, date(year, 1, 1), year_end(year))
        )
        groups[(MapView.TODAY if live else MapView.AS_IT_WAS, last)].append(target.unit_id)
    figures: dict[tuple[str, int], list[tuple[Window, Figure]]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for (view, last), unit_ids in groups.items():
        months = [m for m in range(1, last_month + 1) if date(year, m, 1) <= last]
        windows = [year_to_date(Window.of(Period.of(date(year, m, 1), PeriodType.MONTH))) for m in months]
        if not windows:
            continue
        on = current_day() if view == MapView.TODAY else min(last, current_day())
        codes = {}
        for unit_id in dict.fromkeys(unit_ids):
            at = graph.at(unit_id, on)
            if at is not None:
                codes[at.code] = unit_id
                names[unit_id] = (at.code, at.name)
        pairs = {(i.code, t.unit_id) for t, i in found if t.unit_id in codes.values()}
        wanted = sorted({code for code, _ in pairs})
        by_label = {w.label: w for w in windows}
        # The latest complete year to date is the answer: ask the last month, then the one before,
        # then the rest, and stop once every target has a complete figure (usually after one ask).
        for batch in (windows[-1:], windows[-2:-1], windows[:-2]):
            if not batch:
                continue
            q = AnalyticsQuery(elements=[], indicators=wanted, windows=batch, units=list(codes), view=view)
            for figure in run_query(session, scope, q):
                figures[(figure.element, codes[figure.unit])].append((by_label[figure.period], figure))
            if all(_complete(figures.get(pair, [])) for pair in pairs):
                break
    answers = []
    for target, indicator in found:
        code, name = names.get(target.unit_id) or _unit_name(graph, target.unit_id, year)
        chosen = _latest(figures.get((indicator.code, target.unit_id), []))
        actual = chosen[1].value if chosen else None
        window = chosen[0] if chosen else None
        projection = actual
        if actual is not None and window is not None and indicator.code in flows:
            elapsed = (window.end - date(year, 1, 1)).days + 1
            projection = round(actual * ((year_end(year) - date(year, 1, 1)).days + 1) / elapsed, 10)
        final = day > year_end(year) and window is not None and window.end == year_end(year)
        status = status_of(actual, projection, target, final=final)
        answers.append(TargetProgress(
            indicator.code, indicator.name, code, name, year, target.value, target.direction, actual,
            window.label if window else None, projection,
            round(actual / target.value, 10) if actual is not None and target.value else None,
            status, STATUS_NAMES[status][0], target.tolerance, target.assigned_by, target.source_document,
            chosen[1].flags if chosen else (),
        ))  # fmt: skip
    return answers


def _complete(found: list[tuple[Window, Figure]]) -> bool:
    return any(f.value is not None and "partial" not in f.flags for _, f in found)


def _latest(found: list[tuple[Window, Figure]]) -> tuple[Window, Figure] | None:
    """The latest window with a value, preferring ones whose periods were all reported."""
    with_value = sorted((p for p in found if p[1].value is not None), key=lambda p: p[0].end)
    complete = [p for p in with_value if "partial" not in p[1].flags]
    chosen = complete or with_value
    return chosen[-1] if chosen else None


def _unit_name(graph: UnitGraph, unit_id: int, year: int) -> tuple[str, str]:
    at = graph.at(unit_id, graph.last_day_within(unit_id, date(year, 1, 1), year_end(year)))
    return (at.code, at.name) if at else ("?", "?")
