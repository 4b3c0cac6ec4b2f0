"""The five dashboard questions, each three ways: ours (``run_query``; for (d) the progress of plan
targets, ``baocao.indicators.targets.progress``), a plain SQL ``GROUP BY`` over the raw values table,
and the same SQL run by DuckDB over the same rows.

The raw table holds exactly the imported rows (element, unit id, period, options, value); a small map
table gives each commune's province as it was and today's province (with the apportioning weight),
which is what a hand-written query needs to answer by province."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics.models import MapView
from baocao.analytics.service import AnalyticsQuery, run_query
from baocao.analytics.windows import Window
from baocao.bench import indicators
from baocao.bench.generator import Scale, months
from baocao.bench.world import CATEGORY, commune_elements, province_elements
from baocao.indicators.targets import progress
from baocao.periods.periods import Period, PeriodType
from baocao.units.models import UnitLevel

RAW = "bench_raw_values"
MAP = "bench_unit_map"
MERGER = date(2025, 7, 1)  # the first day of the 34 provinces


Rows = list[tuple[Any, ...]]  # an answer: rows whose last column is the value (None: no value)
Ours = Callable[[Session, Scope], Rows]


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    ours: Ours
    sql: str
    params: dict[str, Any]
    keyed: bool = False  # both answers are (key, value) rows: compared key by key


def figures(q: AnalyticsQuery) -> Ours:
    """Our answer through ``run_query``."""

    def answer(session: Session, scope: Scope) -> Rows:
        return [(f.element, f.unit, f.period, f.options, f.value) for f in run_query(session, scope, q)]

    return answer


def target_progress(year: int, unit: str, codes: list[str]) -> Ours:
    """Our answer through ``progress``: (indicator, actual to date) of each target."""

    def answer(session: Session, scope: Scope) -> Rows:
        return [(p.indicator, p.actual) for p in progress(session, scope, year=year, unit=unit,
                                                          indicators=codes)]  # fmt: skip

    return answer


def _in(prefix: str, values: list[str]) -> tuple[str, dict[str, Any]]:
    names = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{n}" for n in names), names


def questions(scale: Scale, hanoi_id: int) -> list[Question]:
    series = months(scale)
    last = series[-1]
    first_element = commune_elements(scale.commune_elements)[0]
    five = (commune_elements(scale.commune_elements) + province_elements())[:5]
    quarter = Period.of(last.start, PeriodType.QUARTER)
    if quarter.end > last.end:
        quarter = quarter.previous()
    before = [m for m in series if m.end < MERGER][-12:]
    five_in, five_params = _in("e", five)
    by_province = (
        f"SELECT m.province_id, v.period, SUM(v.value * m.weight) FROM {RAW} v "  # noqa: S608 - constants
        f"JOIN {MAP} m ON m.unit_id = v.unit_id AND m.kind = :kind "
        "WHERE v.element = :element AND v.period BETWEEN :p0 AND :p1 GROUP BY m.province_id, v.period"
    )
    return [
        Question(
            "a_provinces_12_months",
            "1 chỉ tiêu × các tỉnh × 12 tháng / one element, all provinces, 12 months",
            figures(
                AnalyticsQuery(
                    [first_element], [Window.of(m) for m in series[-12:]], unit="CP", level=UnitLevel.PROVINCE
                )
            ),
            by_province,
            {"kind": "as_it_was", "element": first_element, "p0": str(series[-12]), "p1": str(last)},
        ),
        Question(
            "b_national_series",
            f"5 chỉ tiêu × toàn quốc × {len(series)} tháng / 5 elements, national series",
            figures(AnalyticsQuery(five, [Window.of(m) for m in series], unit="CP")),
            f"SELECT element, period, SUM(value) FROM {RAW} WHERE element IN ({five_in}) "  # noqa: S608
            "AND period BETWEEN :p0 AND :p1 GROUP BY element, period",
            {**five_params, "p0": str(series[0]), "p1": str(last)},
        ),
        Question(
            "c_communes_quarter_by",
            f"Xã của Hà Nội × {quarter} × phân tổ / Hà Nội's communes, a quarter, by option",
            figures(
                AnalyticsQuery(
                    [first_element], [Window.of(quarter)], unit="01", level=UnitLevel.COMMUNE, by=CATEGORY
                )
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
            "d_ytd_targets_30",
            "Tiến độ 30 chỉ tiêu kế hoạch (lũy kế) × toàn quốc / progress of 30 national targets (YTD)",
            target_progress(last.start.year, indicators.TARGET_UNIT, indicators.codes()),
            indicators.ytd_sql(RAW),
            indicators.ytd_params(f"{last.start.year}-01", str(last)),
            keyed=True,
        ),
        Question(
            "e_today_map_history",
            f"Bản đồ hôm nay, {len(before)} tháng trước 7/2025 / today's map, pre-merger",
            figures(
                AnalyticsQuery(
                    [first_element],
                    [Window.of(m) for m in before],
                    unit="CP",
                    level=UnitLevel.PROVINCE,
                    view=MapView.TODAY,
                )
            ),
            by_province,
            {"kind": "today", "element": first_element, "p0": str(before[0]), "p1": str(before[-1])},
        ),
    ]


def mismatch(q: Question, ours: Rows, rows: list[Any]) -> str | None:
    """Do the baseline's rows answer the same question as ours? The same number of rows with a value
    (a GROUP BY has no row for an empty group) and the same grand total (the last column); for a keyed
    question, the same value for every key. Returns what differs, or None."""
    return rows_mismatch(q.name, [r for r in ours if r[-1] is not None], rows, keyed=q.keyed)


def rows_mismatch(name: str, ours: list[Any], theirs: list[Any], *, keyed: bool = False) -> str | None:
    """The same check between two lists of rows whose last column is the value."""
    ours_total, their_total = sum(float(r[-1]) for r in ours), sum(float(r[-1]) for r in theirs)
    if len(ours) != len(theirs):
        return f"{name}: {len(ours)} rows with a value against the baseline's {len(theirs)}"
    if keyed:
        mine, other = {r[0]: float(r[-1]) for r in ours}, {r[0]: float(r[-1]) for r in theirs}
        for key in sorted(mine.keys() | other.keys(), key=str):
            if key not in mine or key not in other or not _close(mine[key], other[key]):
                return f"{name}: {key} = {mine.get(key)} against the baseline's {other.get(key)}"
    if not _close(ours_total, their_total):
        return f"{name}: total {ours_total:.6f} against the baseline's {their_total:.6f}"
    return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def shout(problem: str | None) -> None:
    """A baseline that does not answer the same question makes the comparison meaningless: say so."""
    if problem:
        print(f"!!! KHÁC KẾT QUẢ / ANSWERS DIFFER: {problem}", file=sys.stderr)
