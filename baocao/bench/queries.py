"""The five dashboard questions, each three ways: our analytics query (``run_query``), a plain SQL
``GROUP BY`` over the raw values table, and the same SQL run by DuckDB over the same rows.

The raw table holds exactly the imported rows (element, unit id, period, options, value); a small map
table gives each commune's province as it was and today's province (with the apportioning weight),
which is what a hand-written query needs to answer by province."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from typing import Any

from baocao.analytics.models import MapView
from baocao.analytics.service import AnalyticsQuery, Figure
from baocao.analytics.windows import Window
from baocao.bench.generator import Scale, months
from baocao.bench.world import CATEGORY, commune_elements, province_elements
from baocao.periods.periods import Period, PeriodType, parse_period
from baocao.units.models import UnitLevel

RAW = "bench_raw_values"
MAP = "bench_unit_map"
MERGER = date(2025, 7, 1)  # the first day of the 34 provinces


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    ours: AnalyticsQuery
    sql: str
    params: dict[str, Any]


def _in(prefix: str, values: list[str]) -> tuple[str, dict[str, Any]]:
    names = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{n}" for n in names), names


def questions(scale: Scale, hanoi_id: int) -> list[Question]:
    series = months(scale)
    last = series[-1]
    first_element = commune_elements(scale.commune_elements)[0]
    five = (commune_elements(scale.commune_elements) + province_elements())[:5]
    thirty = province_elements()
    quarter = Period.of(last.start, PeriodType.QUARTER)
    if quarter.end > last.end:
        quarter = quarter.previous()
    before = [m for m in series if m.end < MERGER][-12:]
    five_in, five_params = _in("e", five)
    thirty_in, thirty_params = _in("e", thirty)
    by_province = (
        f"SELECT m.province_id, v.period, SUM(v.value * m.weight) FROM {RAW} v "  # noqa: S608 - constants
        f"JOIN {MAP} m ON m.unit_id = v.unit_id AND m.kind = :kind "
        "WHERE v.element = :element AND v.period BETWEEN :p0 AND :p1 GROUP BY m.province_id, v.period"
    )
    ytd = Window(f"{last.start.year}-01..{last}", parse_period(f"{last.start.year}-01").start, last.end)
    return [
        Question(
            "a_provinces_12_months",
            "1 chỉ tiêu × các tỉnh × 12 tháng / one element, all provinces, 12 months",
            AnalyticsQuery(
                [first_element], [Window.of(m) for m in series[-12:]], unit="CP", level=UnitLevel.PROVINCE
            ),
            by_province,
            {"kind": "as_it_was", "element": first_element, "p0": str(series[-12]), "p1": str(last)},
        ),
        Question(
            "b_national_series",
            f"5 chỉ tiêu × toàn quốc × {len(series)} tháng / 5 elements, national series",
            AnalyticsQuery(five, [Window.of(m) for m in series], unit="CP"),
            f"SELECT element, period, SUM(value) FROM {RAW} WHERE element IN ({five_in}) "  # noqa: S608
            "AND period BETWEEN :p0 AND :p1 GROUP BY element, period",
            {**five_params, "p0": str(series[0]), "p1": str(last)},
        ),
        Question(
            "c_communes_quarter_by",
            f"Xã của Hà Nội × {quarter} × phân tổ / Hà Nội's communes, a quarter, by option",
            AnalyticsQuery(
                [first_element], [Window.of(quarter)], unit="01", level=UnitLevel.COMMUNE, by=CATEGORY
            ),
            f"SELECT v.unit_id, v.options, SUM(v.value) FROM {RAW} v JOIN {MAP} m "  # noqa: S608
            "ON m.unit_id = v.unit_id AND m.kind = :kind WHERE m.province_id = :province "
            "AND v.element = :element AND v.period BETWEEN :p0 AND :p1 GROUP BY v.unit_id, v.options",
            {
                "kind": "as_it_was",
                "province": hanoi_id,
                "element": first_element,
                "p0": f"{quarter.start:%Y-%m}",
                "p1": f"{quarter.end:%Y-%m}",
            },
        ),
        Question(
            "d_ytd_30",
            "Lũy kế 30 chỉ tiêu × toàn quốc / year to date, 30 elements, national",
            AnalyticsQuery(thirty, [ytd], unit="CP"),
            f"SELECT element, SUM(value) FROM {RAW} WHERE element IN ({thirty_in}) "  # noqa: S608
            "AND period BETWEEN :p0 AND :p1 GROUP BY element",
            {**thirty_params, "p0": f"{last.start.year}-01", "p1": str(last)},
        ),
        Question(
            "e_today_map_history",
            f"Bản đồ hôm nay, {len(before)} tháng trước 7/2025 / today's map, pre-merger",
            AnalyticsQuery(
                [first_element],
                [Window.of(m) for m in before],
                unit="CP",
                level=UnitLevel.PROVINCE,
                view=MapView.TODAY,
            ),
            by_province,
            {"kind": "today", "element": first_element, "p0": str(before[0]), "p1": str(before[-1])},
        ),
    ]


def mismatch(q: Question, figures: list[Figure], rows: list[Any]) -> str | None:
    """Do the baseline's rows answer the same question as ours? The same number of figures with a
    value (a GROUP BY has no row for an empty group) and the same grand total (its last column).
    Returns what differs, or None."""
    return rows_mismatch(q.name, [(f.value,) for f in figures if f.value is not None], rows)


def rows_mismatch(name: str, ours: list[Any], theirs: list[Any]) -> str | None:
    """The same check between two lists of rows whose last column is the value."""
    ours_total, their_total = sum(float(r[-1]) for r in ours), sum(float(r[-1]) for r in theirs)
    if len(ours) != len(theirs):
        return f"{name}: {len(ours)} rows with a value against the baseline's {len(theirs)}"
    if abs(ours_total - their_total) > 1e-6 * max(1.0, abs(their_total)):
        return f"{name}: total {ours_total:.6f} against the baseline's {their_total:.6f}"
    return None


def shout(problem: str | None) -> None:
    """A baseline that does not answer the same question makes the comparison meaningless: say so."""
    if problem:
        print(f"!!! KHÁC KẾT QUẢ / ANSWERS DIFFER: {problem}", file=sys.stderr)
