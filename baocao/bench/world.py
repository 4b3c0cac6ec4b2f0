"""The benchmark's world: reference units, a catalogue of ``N`` commune elements (two options each)
and 30 province elements, and two monthly regimes (communes → their province, provinces → the
Government) valid from 2010, loaded into the database under test."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from baocao.catalog.loader import load_catalogue
from baocao.regimes.loader import load_regime
from baocao.units.reference import import_reference

PROVINCE_ELEMENTS = 30
CATEGORY = "bench_gt"
OPTIONS = ("nam", "nu")
COMMUNE_REGIME = "BENCH_XA"
PROVINCE_REGIME = "BENCH_TINH"


def commune_elements(count: int) -> list[str]:
    return [f"BENCH_C{i:02d}" for i in range(1, count + 1)]


def province_elements() -> list[str]:
    return [f"BENCH_P{i:02d}" for i in range(1, PROVINCE_ELEMENTS + 1)]


def _element(code: str, categories: bool) -> str:
    extra = f"\n    categories: [{CATEGORY}]" if categories else ""
    return f"""
  - code: {code}
    name: Chỉ tiêu đo hiệu năng {code}
    name_en: Benchmark element {code}
    unit_of_measure: đơn vị
    unit_of_measure_en: units
    value_type: number
    aggregation_units: sum
    aggregation_time: sum
    decimals: 1
    domain: economic_growth{extra}"""


def catalogue_text(commune_count: int) -> str:
    options = "\n".join(f"      - {{code: {o}, name: {o}, name_en: {o}}}" for o in OPTIONS)
    elements = "".join(_element(c, True) for c in commune_elements(commune_count))
    elements += "".join(_element(c, False) for c in province_elements())
    return f"""categories:
  - code: {CATEGORY}
    name: Phân tổ đo hiệu năng
    name_en: Benchmark disaggregation
    options:
{options}
data_elements:{elements}
"""


def _regime(code: str, units: str, receiver: str, rows: str) -> str:
    return f"""code: {code}
version: 1
name: Báo cáo đo hiệu năng {code}
name_en: Benchmark report {code}
content: Số liệu sinh tự động để đo hiệu năng.
report_type: dinh_ky
legal_basis: Không áp dụng (đo hiệu năng).
frequency: month
cutoff_convention: statistical
deadline: {{rule: days_after_cutoff, days: 10}}
grace_days: 2
reporting_units: {units}
receiver: {receiver}
sending_methods: [he_thong]
owner: VPCP
valid_from: 2010-01-01
forms:
  - code: B01
    name: Số liệu
    name_en: Figures
    columns:
      - {{code: C1, label: Số liệu, label_en: Value}}
    rows:
{rows}"""


def regime_texts(commune_count: int) -> dict[str, str]:
    commune_rows = "\n".join(
        f"      - {{code: R{i:02d}{o}, label: {c} {o}, label_en: {c} {o}, element: {c}, "
        f"options: {{{CATEGORY}: {o}}}}}"
        for i, c in enumerate(commune_elements(commune_count), start=1)
        for o in OPTIONS
    )
    province_rows = "\n".join(
        f"      - {{code: R{i:02d}, label: {c}, label_en: {c}, element: {c}}}"
        for i, c in enumerate(province_elements(), start=1)
    )
    return {
        COMMUNE_REGIME: _regime(
            COMMUNE_REGIME, "all_communes", "{rule: parent, level: province}", commune_rows
        ),
        PROVINCE_REGIME: _regime(PROVINCE_REGIME, "all_provinces", "CP", province_rows),
    }


def build_world(session: Session, commune_count: int) -> None:
    """Load units, the catalogue and the two regimes (idempotent), in the caller's transaction."""
    import_reference(session)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench_catalogue.yaml"
        path.write_text(catalogue_text(commune_count), encoding="utf-8")
        load_catalogue(session, path)
        for code, text in regime_texts(commune_count).items():
            regime = Path(folder) / f"{code.lower()}.yaml"
            regime.write_text(text, encoding="utf-8")
            load_regime(session, regime, actor="bench")
