"""KPI tiles of the dashboard and the wall (value, cùng kỳ, target progress, sparkline), for all the
chosen subjects in a few queries: one ``run_query`` for the indicators (their latest period found
among probe windows that also give the sparkline), one for the data elements (latest period from the
rollups, then their sparkline windows), one target-progress call per plan year."""

from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics.service import Figure
from baocao.analytics.windows import Window
from baocao.periods.periods import Period, PeriodType
from baocao.timeutil import today
from baocao.web.figures import Viewpoint, change
from baocao.web.subjects import Subject, ask, first_complete, latest_period, probe_periods

SPARK = {PeriodType.MONTH: 12, PeriodType.QUARTER: 8, PeriodType.HALF_YEAR: 6, PeriodType.YEAR: 8}


@dataclass(frozen=True)
class Target:
    value: float | None
    ratio: float | None  # 0..1+ of the target reached
    status: str  # dat | khong_dat | nguy_co | chua_co_so_lieu


@dataclass
class Tile:
    subject: Subject
    period: str | None = None
    value: float | None = None
    previous: float | None = None  # cùng kỳ
    change: float | None = None  # % against cùng kỳ
    spark: list[tuple[str, float | None]] = field(default_factory=list)
    target: Target | None = None
    flags: tuple[str, ...] = ()


def _spark(period: Period, point: Viewpoint) -> list[Period]:
    return point.lived([period.shift(-i) for i in range(SPARK.get(period.type, 8) - 1, -1, -1)])


def tiles(session: Session, scope: Scope, subjects: list[Subject], point: Viewpoint) -> list[Tile]:
    found: dict[str, dict[str, Figure]] = defaultdict(dict)
    latest: dict[str, Period | None] = {}
    indicators = [s for s in subjects if s.kind == "indicator"]
    if indicators:
        probes = probe_periods(today(), point.since)
        windows = [Window.of(p) for ps in probes.values() for p in ps]
        for f in ask(session, scope, indicators, windows, unit=point.code) if windows else []:
            found[f.element][f.period] = f
        for s in indicators:
            latest[s.code] = first_complete(found[s.code], probes)
    elements = [s for s in subjects if s.kind == "element"]
    wanted: set[Period] = set()
    for s in elements:
        period = latest[s.code] = latest_period(session, scope, s, point.unit_id)
        if period is not None:
            wanted |= {*_spark(period, point), *point.lived([period.same_period_last_year()])}
    if wanted:
        windows = [Window.of(p) for p in sorted(wanted, key=lambda p: (p.start, p.end))]
        for f in ask(session, scope, elements, windows, unit=point.code):
            found[f.element][f.period] = f
    progress = targets(session, scope, indicators, point, latest)
    return [_tile(s, latest.get(s.code), found[s.code], progress.get(s.code), point) for s in subjects]


def _tile(subject: Subject, period: Period | None, found: dict[str, Figure], target: Target | None,
          point: Viewpoint) -> Tile:  # fmt: skip
    if period is None:
        return Tile(subject, target=target)
    now = found.get(str(period))
    before = found.get(str(period.same_period_last_year()))
    value = now.value if now else None
    previous = before.value if before else None
    spark = [(str(p), found[str(p)].value if str(p) in found else None) for p in _spark(period, point)]
    flags = now.flags if now else ()
    return Tile(subject, str(period), value, previous, change(value, previous), spark, target, flags)


def targets(
    session: Session,
    scope: Scope,
    indicators: list[Subject],
    point: Viewpoint,
    latest: dict[str, Period | None],
) -> dict[str, Target]:
    """Progress against the plan of the latest period's year (``baocao.indicators.targets``)."""
    if not indicators:
        return {}
    try:
        module: Any = importlib.import_module("baocao.indicators.targets")
    except ImportError:
        return {}
    years: dict[int, list[str]] = defaultdict(list)
    for s in indicators:
        period = latest.get(s.code)
        years[period.end.year if period else today().year].append(s.code)
    out: dict[str, Target] = {}
    for year, codes in years.items():
        for p in module.progress(session, scope, year=year, unit=point.code, indicators=codes):
            out[p.indicator] = Target(p.target, p.ratio, str(p.status))
    return out
