"""The national-scale generator: monthly values of every commune in force each month (10,047 before
1 July 2025, 3,321 after) for ``N`` elements with two options, and of every province for 30 elements,
over ``M`` months ending last month. Streamed: a row is made when the importer asks for it, so ten
million values never sit in memory. Seeded: the same scale gives the same values."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from baocao.analytics.graph import UnitGraph
from baocao.bench.world import OPTIONS, commune_elements, province_elements
from baocao.imports.rows import ValueRow
from baocao.periods.periods import Period, PeriodType, periods_between
from baocao.timeutil import today


@dataclass(frozen=True)
class Scale:
    name: str
    months: int
    commune_elements: int
    repeats: int  # timed runs of each query


SCALES = {
    "quick": Scale("quick", 20, 1, 15),
    "national": Scale("national", 120, 5, 20),
}


def months(scale: Scale) -> list[Period]:
    last = Period.of(today(), PeriodType.MONTH).shift(-1)
    return periods_between(last.shift(-(scale.months - 1)), last)


def units_at(graph: UnitGraph, level: str, day: date) -> list[tuple[int, str]]:
    found = [
        (v.unit_id, v.code)
        for vs in graph.versions.values()
        for v in vs
        if v.level == level and v.valid_on(day)
    ]
    return sorted(found, key=lambda u: u[1])


def _base(code: str, cache: dict[str, float]) -> float:
    found = cache.get(code)
    if found is None:
        found = cache[code] = random.Random(f"bench|{code}").uniform(20.0, 400.0)  # noqa: S311 - synthetic
    return found


def _rows(
    graph: UnitGraph,
    scale: Scale,
    level: str,
    elements: list[str],
    options: tuple[str, ...],
) -> Iterator[tuple[str, int, str, str, str, float]]:
    rng = random.Random(f"bench|{scale.name}|{level}")  # noqa: S311
    units: dict[date, list[tuple[int, str]]] = {}
    bases: dict[str, float] = {}
    for period in months(scale):
        text = str(period)
        season = 0.8 if period.start.month in (1, 2) else 1.0  # Tết
        trend = 1.0 + 0.06 * (period.start.year - 2010)
        epoch = graph.epoch(period.end)
        if epoch not in units:
            units[epoch] = units_at(graph, level, period.end)
        for unit_id, code in units[epoch]:
            base = _base(code, bases) * season * trend
            for element in elements:
                for option in options:
                    value = round(base * rng.uniform(0.7, 1.3), 1)
                    yield element, unit_id, code, text, option, value


def commune_rows(graph: UnitGraph, scale: Scale) -> Iterator[tuple[str, int, str, str, str, float]]:
    """(element, unit id, unit code, period, options, value) of the commune regime."""
    keys = tuple(f"bench_gt={o}" for o in OPTIONS)
    return _rows(graph, scale, "commune", commune_elements(scale.commune_elements), keys)


def province_rows(graph: UnitGraph, scale: Scale) -> Iterator[tuple[str, int, str, str, str, float]]:
    return _rows(graph, scale, "province", province_elements(), ("",))


def as_import(rows: Iterator[tuple[str, int, str, str, str, float]]) -> Iterator[ValueRow]:
    for line, (element, _, code, period, options, value) in enumerate(rows, start=1):
        yield ValueRow(line, element, code, period, options, value)
