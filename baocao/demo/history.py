"""Demo history 2010 → last month: statistical regimes built from the catalogue (monthly flows,
quarterly accounts, yearly stocks and rates; provinces → Chính phủ, and communes → their province for
population) and plausible values for them, imported through the bulk import path.

Values are seeded (``random.Random`` with string seeds), so every database gets the same history.
They follow each province's size, a growth of 6–8 % a year, Tết (lower January and February flows,
a busier December), the COVID dip (2020 Q2, 2021 Q3), population stocks that grow slowly, and rates
kept within 0–100. From July 2025 a merged province's figure is the sum of what its predecessors'
would have been, so the series run on across the merger. Elements the profiles do not know get a
fallback by their type. Imported once: a database that already has history is left alone.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.catalog.models import CategoryOption, DataElement, DataElementCategory
from baocao.imports.rows import ValueRow
from baocao.imports.service import import_values
from baocao.periods.periods import Period, PeriodType, periods_between
from baocao.regimes.loader import load_regime
from baocao.regimes.models import Regime
from baocao.submissions.actors import system_actor
from baocao.submissions.models import EntryPath
from baocao.timeutil import today

HISTORY_STEP = "history"
START = date(2010, 1, 1)
MERGER = date(2025, 7, 1)
QUARTERLY = frozenset({"GRDP_HH", "GRDP_SS2010", "VON_DAU_TU_XH", "LUC_LUONG_LD", "TY_LE_THAT_NGHIEP"})
MONTHLY_RATES = frozenset({"CPI_CUNG_KY"})
COMMUNE_ELEMENTS = ("DAN_SO",)
COMMUNE_PROVINCES = ("01", "24", "27")  # Hà Nội; Bắc Ninh (and, before 7/2025, Bắc Giang 24, Bắc Ninh 27)
COMMUNE_YEARS = 3
REGIMES = {"month": "TK_LS_THANG", "quarter": "TK_LS_QUY", "year": "TK_LS_NAM", "commune": "TK_LS_XA_NAM"}
# Per element: (yearly national size in its unit of measure, yearly growth) for flows and stocks, or
# (start %, end %) for rates. Provinces get a seeded share of the national size.
SIZES: dict[str, tuple[float, float]] = {
    "GRDP_HH": (6_000_000, 0.10),
    "GRDP_SS2010": (3_500_000, 0.065),
    "VON_DAU_TU_XH": (2_000_000, 0.09),
    "THU_NSNN": (1_200_000, 0.08),
    "THU_NOI_DIA": (950_000, 0.09),
    "THU_DAU_THO": (50_000, -0.03),
    "THU_XNK": (180_000, 0.05),
    "THU_VIEN_TRO": (5_000, 0.0),
    "CHI_NSDP": (900_000, 0.08),
    "GIAI_NGAN_DTC": (400_000, 0.1),
    "XUAT_KHAU": (250_000, 0.11),
    "NHAP_KHAU": (240_000, 0.1),
    "DN_THANH_LAP_MOI": (110_000, 0.05),
    "VON_DK_MOI": (1_000_000, 0.08),
    "DN_QUAY_LAI": (50_000, 0.06),
    "DN_TAM_NGUNG": (60_000, 0.05),
    "DN_GIAI_THE": (17_000, 0.05),
    "FDI_DANG_KY": (30_000, 0.05),
    "FDI_THUC_HIEN": (18_000, 0.06),
    "LUC_LUONG_LD": (50_000, 0.01),
    "DAN_SO": (86_000_000, 0.01),
    "HOC_SINH": (17_000_000, 0.015),
    "TRUONG_HOC": (43_000, 0.005),
    "GIAO_VIEN": (900_000, 0.01),
    "BAC_SI": (70_000, 0.04),
    "GIUONG_BENH": (250_000, 0.03),
    "TNGT_SO_VU": (30_000, -0.05),
    "CTR_SH_THU_GOM": (50_000, 0.05),
    "TT_NGUOI_CHET": (200, 0.0),
    "TT_NGUOI_MAT_TICH": (50, 0.0),
    "TT_NGUOI_BI_THUONG": (300, 0.0),
    "TT_NHA_HU_HONG": (20_000, 0.0),
    "TT_THIET_HAI_KT": (15_000, 0.0),
    "DUONG_CAO_TOC": (200, 0.2),
    "HK_CANG_HANG_KHONG": (60_000_000, 0.09),
    "SAN_LUONG_DIEN": (100_000, 0.09),
    "DON_SANG_CHE": (4_000, 0.07),
}
RATES: dict[str, tuple[float, float]] = {
    "TY_LE_THAT_NGHIEP": (2.9, 2.2),
    "TY_LE_LD_DAO_TAO": (40.0, 70.0),
    "TY_LE_BHYT": (60.0, 94.0),
    "TY_LE_HO_NGHEO": (14.0, 1.9),
    "TY_LE_CHE_PHU_RUNG": (39.5, 42.0),
    "TY_LE_DVC_TOAN_TRINH": (0.0, 55.0),
    "TY_LE_HS_DUNG_HAN": (85.0, 98.0),
    "CPI_CUNG_KY": (104.0, 103.5),
    "PM25_TB": (30.0, 24.0),
}


def frequency_of(element: DataElement) -> str:
    """Quarterly national accounts, monthly flows, yearly for stocks, rates and the rest."""
    if element.code in QUARTERLY:
        return "quarter"
    if element.code in MONTHLY_RATES or (
        element.aggregation_time == "sum" and not element.code.startswith("TT_")
    ):
        return "month"
    return "year"


def _regime_text(code: str, frequency: str, units: str, receiver: str, rows: list[str]) -> str:
    body = "\n".join(rows)
    return f"""code: {code}
version: 1
name: Số liệu thống kê lịch sử ({frequency}) — minh họa
name_en: Historical statistics ({frequency}) — demo
content: Chuỗi số liệu thống kê từ năm 2010 phục vụ phân tích (dữ liệu minh họa, không phải số liệu thật).
report_type: dinh_ky
legal_basis: Nghị định số 60/2018/NĐ-CP (chế độ báo cáo thống kê) — minh họa.
frequency: {frequency}
cutoff_convention: statistical
deadline: {{rule: days_after_cutoff, days: 15}}
grace_days: 5
reporting_units: {units}
receiver: {receiver}
sending_methods: [he_thong]
owner: VPCP
valid_from: {START.isoformat()}
forms:
  - code: B01
    name: Số liệu thống kê
    name_en: Statistics
    columns:
      - {{code: C1, label: Thực hiện, label_en: Actual}}
    rows:
{body}"""


def _cells(session: Session, elements: list[DataElement]) -> dict[str, list[str]]:
    """Per element the option keys history gives: the total, and the options of a single
    disaggregation (two or more disaggregations: the total only)."""
    ids = [e.id for e in elements]
    cats: dict[int, list[int]] = {}
    for element_id, category_id in session.execute(
        select(DataElementCategory.data_element_id, DataElementCategory.category_id).where(
            DataElementCategory.data_element_id.in_(ids)
        )
    ):
        cats.setdefault(element_id, []).append(category_id)
    out: dict[str, list[str]] = {}
    for element in elements:
        keys = [""]
        found = cats.get(element.id, [])
        if len(found) == 1:
            from baocao.catalog.models import Category

            category = session.get(Category, found[0])
            options = session.scalars(
                select(CategoryOption.code).where(CategoryOption.category_id == found[0])
            )
            if category is not None:
                keys += [f"{category.code}={o}" for o in sorted(options)]
        out[element.code] = keys
    return out


def ensure_regimes(session: Session) -> dict[str, dict[str, list[str]]]:
    """The history regimes (loaded once) and, per regime, element → option keys."""
    elements = list(
        session.scalars(
            select(DataElement)
            .where(DataElement.value_type.in_(("number", "integer", "percent")))
            .order_by(DataElement.code)
        )
    )
    keys = _cells(session, elements)
    plan: dict[str, dict[str, list[str]]] = {code: {} for code in REGIMES.values()}
    for element in elements:
        plan[REGIMES[frequency_of(element)]][element.code] = keys[element.code]
    plan[REGIMES["commune"]] = {c: [""] for c in COMMUNE_ELEMENTS if c in keys}
    with tempfile.TemporaryDirectory() as folder:
        for kind, code in REGIMES.items():
            if not plan[code] or session.scalar(select(Regime.id).where(Regime.code == code)):
                continue
            rows = []
            for i, (name, options) in enumerate(plan[code].items(), start=1):
                for j, key in enumerate(options):
                    opts = f", options: {{{key.replace('=', ': ')}}}" if key else ""
                    rows.append(
                        f"      - {{code: R{i:02d}{j}, label: {name} {key}, label_en: {name} {key}, "
                        f"element: {name}{opts}}}"
                    )
            frequency = "year" if kind == "commune" else kind
            units, receiver = (
                ("all_communes", "{rule: parent, level: province}")
                if kind == "commune"
                else ("all_provinces", "CP")
            )
            path = Path(folder) / f"{code}.yaml"
            path.write_text(_regime_text(code, frequency, units, receiver, rows), encoding="utf-8")
            load_regime(session, path, actor="demo")
    return plan


def _units_at(
    graph: UnitGraph, level: str, day: date, cache: dict[tuple[str, date], list[tuple[int, str]]]
) -> list[tuple[int, str]]:
    key = (level, graph.epoch(day))
    if key not in cache:
        cache[key] = sorted(
            (
                (v.unit_id, v.code)
                for vs in graph.versions.values()
                for v in vs
                if v.level == level and v.valid_on(day)
            ),
            key=lambda u: u[1],
        )
    return cache[key]


class Shares:
    """Each province's share of the national figures; today's provinces sum their predecessors'."""

    def __init__(self, graph: UnitGraph, cache: dict[tuple[str, date], list[tuple[int, str]]]) -> None:
        from baocao.demo.figures import PROFILES

        old = _units_at(graph, "province", date(2025, 6, 30), cache)
        weights = {
            u: PROFILES[c].revenue if c in PROFILES else random.Random(f"share|{c}").uniform(600, 2500)  # noqa: S311
            for u, c in old
        }
        total = sum(weights.values())
        self.share = {u: w / total for u, w in weights.items()}
        for unit_id, weight in list(self.share.items()):
            for target, part, _ in graph.today_targets(unit_id):
                if target != unit_id:
                    self.share[target] = self.share.get(target, 0.0) + weight * part


def _growth(year: float, rate: float) -> float:
    return (1 + rate) ** (year - 2010)


def _covid(period: Period) -> float:
    quarter = (period.start.year, (period.start.month - 1) // 3 + 1)
    return {(2020, 2): 0.9, (2020, 3): 0.95, (2021, 3): 0.88, (2021, 4): 0.96}.get(quarter, 1.0)


def _season(period: Period) -> float:
    if period.type != PeriodType.MONTH:
        return 1.0
    return {1: 0.85, 2: 0.75, 12: 1.25}.get(period.start.month, 1.0)


def _rounded(element: DataElement, value: float) -> float:
    digits = 0 if element.value_type == "integer" else max(element.decimals or 0, 0)
    return round(value, digits)


def _values(
    element: DataElement,
    keys: list[str],
    period: Period,
    share: float,
    code: str,
    rng: random.Random,
) -> Iterator[tuple[str, float]]:
    year = period.start.year + (period.start.month - 1) / 12
    if element.code in RATES or element.value_type == "percent":
        start, end = RATES.get(element.code, (50.0, 60.0))
        offset = random.Random(f"rate|{element.code}|{code}").uniform(0.9, 1.05)  # noqa: S311
        base = start + (end - start) * min(max((year - 2010) / 16, 0), 1)
        if element.code == "TY_LE_THAT_NGHIEP" and period.start.year in (2020, 2021):
            base += 1.0
        value = base * (offset if element.code != "CPI_CUNG_KY" else 1.0) * rng.uniform(0.98, 1.02)
        cap = 200.0 if element.code == "CPI_CUNG_KY" else 99.5
        yield "", _rounded(element, min(max(value, 0.0), cap))
        for key in keys[1:]:
            yield key, _rounded(element, min(max(value * rng.uniform(0.8, 1.2), 0.0), cap))
        return
    size, rate = SIZES.get(element.code, (10_000.0, 0.05))
    per = {PeriodType.MONTH: 12, PeriodType.QUARTER: 4}.get(period.type, 1)
    stock = element.aggregation_time in ("last", "average")
    value = size * share * _growth(year, rate) * (1.0 if stock else _covid(period) * _season(period) / per)
    value *= rng.uniform(0.97, 1.03)
    if element.aggregation_units == "average":
        value = size * rng.uniform(0.8, 1.2)
    if len(keys) == 1:
        yield "", _rounded(element, value)
        return
    parts = [random.Random(f"part|{element.code}|{k}").uniform(0.5, 1.5) for k in keys[1:]]  # noqa: S311
    found = [_rounded(element, value * p / sum(parts)) for p in parts]
    yield "", _rounded(element, sum(found))
    yield from zip(keys[1:], found, strict=True)


def history_rows(
    session: Session, graph: UnitGraph, kind: str, plan: dict[str, list[str]]
) -> Iterator[ValueRow]:
    """The rows of one history regime, period by period, unit by unit (seeded)."""
    elements = {e.code: e for e in session.scalars(select(DataElement).where(DataElement.code.in_(plan)))}
    last_month = Period.of(today(), PeriodType.MONTH).previous()
    cache: dict[tuple[str, date], list[tuple[int, str]]] = {}
    shares = Shares(graph, cache)
    rng = random.Random(f"baocao-demo-history|{kind}")  # noqa: S311 - demo figures
    line = 0
    if kind == "commune":
        years = [
            Period.of(date(y, 1, 1), PeriodType.YEAR)
            for y in range(last_month.start.year - COMMUNE_YEARS, last_month.start.year)
        ]
        periods = years
    else:
        kind_type = {"month": PeriodType.MONTH, "quarter": PeriodType.QUARTER, "year": PeriodType.YEAR}[kind]
        last = Period.of(last_month.end, kind_type)
        if last.end > last_month.end:
            last = last.previous()
        periods = periods_between(Period.of(START, kind_type), last)
    for period in periods:
        if kind == "commune":
            units = [
                (u, c)
                for u, c in _units_at(graph, "commune", period.end, cache)
                if any(
                    graph.at(a, period.end) and graph.at(a, period.end).code in COMMUNE_PROVINCES  # type: ignore[union-attr]
                    for a in graph.path_up(u, period.end)[1:]
                )
            ]
        else:
            units = _units_at(graph, "province", period.end, cache)
        for unit_id, code in units:
            share = shares.share.get(unit_id, 0.01) if kind != "commune" else 0.01 / 100
            for element_code, keys in plan.items():
                for key, value in _values(elements[element_code], keys, period, share, code, rng):
                    line += 1
                    yield ValueRow(line, element_code, code, str(period), key, value)


def seed_history(session: Session, progress: Callable[[str, int, int], None] | None = None) -> int:
    """Import the history once; returns the number of values imported (0 when already there)."""
    report = progress or (lambda _step, _done, _total: None)
    if session.scalar(select(Regime.id).where(Regime.code == REGIMES["month"])) is not None:
        from baocao.submissions.models import Submission

        regime_id = session.scalar(select(Regime.id).where(Regime.code == REGIMES["month"]))
        if session.scalar(select(Submission.id).where(Submission.regime_id == regime_id).limit(1)):
            report(HISTORY_STEP, 1, 1)
            return 0
    plans = ensure_regimes(session)
    graph = unit_graph(session)
    actor = system_actor("demo", EntryPath.DEMO)
    total = 0
    kinds = [k for k in REGIMES if plans[REGIMES[k]]]
    for done, kind in enumerate(kinds):
        report(HISTORY_STEP, done, len(kinds))
        code = REGIMES[kind]
        found = import_values(
            session,
            code,
            history_rows(session, graph, kind, plans[code]),
            actor,
            source=f"demo-history:{code}",
        )
        total += found.values
    report(HISTORY_STEP, len(kinds), len(kinds))
    return total
