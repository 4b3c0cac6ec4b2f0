"""The bench's 30 indicators (one per province element) and a national target (unit CP) for each, for
question (d): progress against plan targets (``baocao.indicators.targets.progress``).

Three kinds, in turn: ``P_i / P_j * 1000`` (per 1,000 of the next element), ``P_i / P_j * 100`` (a
percentage) and ``P_i / 1000`` (the element in thousands). The province elements are flows, so the
year-to-date actual of a ratio is the ratio of the year-to-date sums. ``ytd_sql`` answers the same from
the raw table with one ``GROUP BY`` and the definitions written out as a small table.

Element ``BENCH_P01`` also receives the freshness value of the current month (``run.freshness``); it
only appears next to ``BENCH_P02``, whose current month stays empty, so the actual stays the last
complete year-to-date window, the one the baseline sums."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from baocao.bench.world import province_elements
from baocao.catalog.models import Domain
from baocao.errors import invalid
from baocao.indicators.models import Better, Direction
from baocao.indicators.service import (
    IndicatorSpec,
    TargetSpec,
    check_definitions,
    check_target,
    save_indicators,
    save_targets,
)

ACTOR = "bench"
TARGET_UNIT = "CP"
ASSIGNED_BY = "Đo hiệu năng / benchmark"
DIRECTIONS = (Direction.AT_LEAST, Direction.AT_MOST, Direction.ABOUT)


@dataclass(frozen=True)
class Definition:
    code: str
    numerator: str
    denominator: str  # "" for a scaled element
    factor: float  # multiplies numerator / denominator (or the numerator alone)
    target: float  # the year's national target (a round figure near the generated values)

    @property
    def expression(self) -> str:
        if not self.denominator:
            return f"{self.numerator} / {round(1 / self.factor)}"
        return f"{self.numerator} / {self.denominator} * {self.factor:g}"


def definitions() -> list[Definition]:
    elements = province_elements()
    found = []
    for i, element in enumerate(elements, start=1):
        other = elements[i % len(elements)]
        code = f"CT_{element}"
        if i % 3 == 1:
            found.append(Definition(code, element, other, 1000.0, 1000.0))
        elif i % 3 == 2:
            found.append(Definition(code, element, other, 100.0, 100.0))
        else:  # in thousands: a year of 34 provinces × ≈ 400 a month is ≈ 160
            found.append(Definition(code, element, "", 0.001, 150.0))
    return found


def codes() -> list[str]:
    return [d.code for d in definitions()]


def _names(d: Definition) -> tuple[str, str, str]:
    if not d.denominator:
        return f"{d.numerator} (nghìn)", f"{d.numerator} (thousands)", "nghìn đơn vị"
    if d.factor == 100.0:
        return f"Tỷ lệ {d.numerator} so với {d.denominator}", f"{d.numerator} as % of {d.denominator}", "%"
    return (
        f"{d.numerator} trên 1.000 {d.denominator}",
        f"{d.numerator} per 1,000 {d.denominator}",
        f"trên 1.000 {d.denominator}",
    )


def indicator_specs() -> list[IndicatorSpec]:
    specs = []
    for d in definitions():
        name, name_en, measure = _names(d)
        specs.append(
            IndicatorSpec(
                d.code, f"Đo hiệu năng: {name}", f"Benchmark: {name_en}", Domain.ECONOMIC_GROWTH.value,
                d.expression, measure, 2, Better.NEUTRAL.value, is_public=False,
            )
        )  # fmt: skip
    return specs


def target_specs(year: int) -> list[TargetSpec]:
    specs = []
    for index, d in enumerate(definitions()):
        direction = DIRECTIONS[index // 3 % len(DIRECTIONS)]  # each kind gets every direction
        tolerance = d.target * 0.05 if direction is Direction.ABOUT else None
        specs.append(TargetSpec(d.code, TARGET_UNIT, year, d.target, direction.value, ASSIGNED_BY, tolerance))
    return specs


def ensure_indicators(session: Session, year: int) -> None:
    """Save the indicators and the ``year``'s targets (upserts: running again changes nothing), after
    the same checks as ``baocao indicators load`` / ``baocao targets load``."""
    specs = indicator_specs()
    faults = check_definitions(session, specs)
    if faults:
        code, fault = next(iter(faults.items()))
        raise invalid(f"{code}.expression", fault.message, fault.message_en, "bench")
    save_indicators(session, specs, ACTOR)
    targets = target_specs(year)
    pending = {(t.indicator, t.unit, t.year) for t in targets}
    for target in targets:
        for field, message, message_en in check_target(session, target, pending):
            raise invalid(f"{target.indicator}.{field}", message, message_en, "bench")
    save_targets(session, targets, ACTOR)


def ytd_sql(raw: str) -> str:
    """The 30 year-to-date actuals from the raw table (``:p0``..``:p1`` months, elements ``:e0``...):
    one ``GROUP BY`` per element, then each definition's arithmetic. Rows: (indicator code, value)."""
    rows = " UNION ALL ".join(
        f"SELECT '{d.code}', '{d.numerator}', '{d.denominator}', {d.factor!r}" for d in definitions()
    )
    names = ", ".join(f":e{i}" for i in range(len(province_elements())))
    return (
        f"WITH d(code, num, den, factor) AS ({rows}), "  # noqa: S608 - constants of this module
        f"s AS (SELECT element, SUM(value) AS v FROM {raw} WHERE element IN ({names}) "
        "AND period BETWEEN :p0 AND :p1 GROUP BY element) "
        "SELECT d.code, n.v * d.factor / (CASE WHEN d.den = '' THEN 1 ELSE NULLIF(m.v, 0) END) "
        "FROM d JOIN s n ON n.element = d.num LEFT JOIN s m ON m.element = d.den"
    )


def ytd_params(first_month: str, last_month: str) -> dict[str, str]:
    return {
        **{f"e{i}": e for i, e in enumerate(province_elements())},
        "p0": first_month,
        "p1": last_month,
    }
