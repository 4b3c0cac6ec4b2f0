"""Our structures, built from the catalogue, the regimes and the units tree on each request:

* a dataflow per regime (``A_TINH``): the numeric elements of its forms (every version), its
  frequency; a dataflow ``INDICATORS`` for the indicator set once indicators exist;
* a data structure definition per dataflow (``DSD_<flow>``): REF_AREA, INDICATOR, one dimension per
  disaggregation its forms use, TIME_PERIOD; attributes UNIT_MEASURE and OBS_STATUS;
* codelists CL_AREA (every unit code ever used, with the validity of each unit that carried it in
  an annotation), CL_INDICATOR, CL_<category> (options, ``_T`` total, ``_Z`` not applicable: an element
  without that disaggregation), CL_UNIT_MEASURE, CL_OBS_STATUS.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.catalog.models import Category, DataElement, ValueType
from baocao.periods.periods import PeriodType
from baocao.regimes.models import Frequency
from baocao.sdmx import queries
from baocao.sdmx.model import (
    AREA,
    INDICATOR,
    INDICATOR_FLOW,
    NOT_APPLICABLE,
    TIME,
    TOTAL,
    Annotation,
    Code,
    Codelist,
    Dimension,
    Dsd,
    Flow,
    Text,
    sdmx_id,
)

NUMERIC = frozenset({ValueType.NUMBER.value, ValueType.INTEGER.value, ValueType.PERCENT.value})
FREQUENCY_PERIOD = {
    Frequency.MONTH.value: PeriodType.MONTH,
    Frequency.QUARTER.value: PeriodType.QUARTER,
    Frequency.HALF_YEAR.value: PeriodType.HALF_YEAR,
    Frequency.NINE_MONTHS.value: PeriodType.NINE_MONTHS,
    Frequency.YEAR.value: PeriodType.YEAR,
    Frequency.AD_HOC.value: PeriodType.DAY,
}
OBS_STATUS_CODES = (
    Code("A", Text("Số liệu đã tiếp nhận", "Normal value (accepted)")),
    Code("P", Text("Số liệu sơ bộ: đã gửi, chưa tiếp nhận", "Provisional value (submitted, not accepted)")),
)


@dataclass
class Catalogue:
    """Every dataflow and DSD, and every codelist but CL_AREA (built only when asked for)."""

    agency: str
    flows: dict[str, Flow]
    codelists: dict[str, Codelist]
    elements: dict[str, DataElement]
    categories: dict[str, Category]

    @property
    def dsds(self) -> dict[str, Dsd]:
        return {f.dsd.id: f.dsd for f in self.flows.values()}

    def codelist_ids(self) -> list[str]:
        return ["CL_AREA", *self.codelists]

    def codelist(self, session: Session, codelist_id: str) -> Codelist | None:
        if codelist_id == "CL_AREA":
            return area_codelist(unit_graph(session))
        return self.codelists.get(codelist_id)


def _category_dimension(category: Category) -> Dimension:
    return Dimension(
        category.code.upper(),
        f"CL_{category.code.upper()}",
        Text(category.name, category.name_en),
        category.code,
    )


def _dsd(flow_id: str, name: Text, categories: list[Category]) -> Dsd:
    dims = (
        Dimension(AREA, "CL_AREA", Text("Đơn vị", "Reference area (unit)")),
        Dimension(INDICATOR, "CL_INDICATOR", Text("Chỉ tiêu", "Indicator (data element)")),
        *(_category_dimension(c) for c in categories),
        Dimension(TIME, None, Text("Kỳ báo cáo", "Time period")),
    )
    return Dsd(f"DSD_{flow_id}", name, dims)


def build_catalogue(session: Session, agency: str) -> Catalogue:
    elements = {
        e.code: e
        for e in session.scalars(select(DataElement).options(selectinload(DataElement.categories)))
        if e.value_type in NUMERIC
    }
    by_id = {e.id: e for e in elements.values()}
    categories = {
        c.code: c for c in session.scalars(select(Category).options(selectinload(Category.options)))
    }
    cells: dict[str, set[int]] = defaultdict(set)
    used: dict[str, set[str]] = defaultdict(set)
    for regime, element_id, option_key in session.execute(queries.regime_cells()):
        if element_id in by_id:
            cells[regime].add(element_id)
            used[regime] |= {p.split("=", 1)[0] for p in option_key.split(";") if "=" in p}
    latest = {code: version for code, version in session.execute(queries.latest_versions())}
    units = {e.code: sdmx_id(e.unit_of_measure_en or e.unit_of_measure) for e in elements.values()}
    flows: dict[str, Flow] = {}
    for regime, version in sorted(latest.items()):
        codes = tuple(sorted(by_id[i].code for i in cells.get(regime, ())))
        order = [c.category.code for e in codes for c in elements[e].categories]
        cats = [categories[c] for c in dict.fromkeys(order) if c in used[regime]]
        name = Text(version.name, version.name_en)
        flows[regime] = Flow(
            regime,
            name,
            _dsd(regime, name, cats),
            FREQUENCY_PERIOD.get(version.frequency),
            codes,
            regime,
            Text(version.content),
            {c: units[c] for c in codes},
            {c: frozenset(x.category.code for x in elements[c].categories) for c in codes},
        )
    indicator_codes = _indicator_codes(session)
    codelists = _codelists(elements, categories, indicator_codes)
    if indicator_codes:
        name = Text("Bộ chỉ tiêu kinh tế - xã hội", "Socio-economic indicator set")
        flows[INDICATOR_FLOW] = Flow(
            INDICATOR_FLOW,
            name,
            _dsd(INDICATOR_FLOW, name, []),
            None,
            tuple(indicator_codes),
            None,
            None,
            {c: sdmx_id(u) for c, (_, u) in indicator_codes.items()},
        )
    return Catalogue(agency, flows, codelists, elements, categories)


def _indicator_codes(session: Session) -> dict[str, tuple[Text, str]]:
    """Indicator code → (name, unit of measure), when the indicators capability is installed."""
    if importlib.util.find_spec("baocao.indicators.service") is None:
        return {}
    from baocao.indicators.service import list_indicators

    return {i.code: (Text(i.name, i.name_en), i.unit_measure) for i in list_indicators(session)}


def _codelists(
    elements: dict[str, DataElement], categories: dict[str, Category], indicators: dict[str, tuple[Text, str]]
) -> dict[str, Codelist]:
    found: dict[str, Codelist] = {}
    indicator_codes = [
        Code(e.code, Text(e.name, e.name_en)) for e in sorted(elements.values(), key=lambda e: e.code)
    ]
    indicator_codes += [Code(c, name) for c, (name, _) in indicators.items() if c not in elements]
    found["CL_INDICATOR"] = Codelist(
        "CL_INDICATOR", Text("Chỉ tiêu", "Indicators and data elements"), tuple(indicator_codes)
    )
    for category in categories.values():
        codes = [
            Code(TOTAL, Text("Tổng số", "Total")),
            Code(NOT_APPLICABLE, Text("Không áp dụng (chỉ tiêu không phân tổ)", "Not applicable")),
        ]
        codes += [Code(o.code, Text(o.name, o.name_en)) for o in category.options]
        cl = f"CL_{category.code.upper()}"
        found[cl] = Codelist(cl, Text(category.name, category.name_en), tuple(codes))
    measures: dict[str, Text] = {}
    for e in elements.values():
        measures.setdefault(
            sdmx_id(e.unit_of_measure_en or e.unit_of_measure), Text(e.unit_of_measure, e.unit_of_measure_en)
        )
    for unit in (u for _, u in indicators.values()):
        measures.setdefault(sdmx_id(unit), Text(unit))
    found["CL_UNIT_MEASURE"] = Codelist(
        "CL_UNIT_MEASURE",
        Text("Đơn vị tính", "Unit of measure"),
        tuple(Code(k, v) for k, v in sorted(measures.items())),
    )
    found["CL_OBS_STATUS"] = Codelist(
        "CL_OBS_STATUS", Text("Trạng thái số liệu", "Observation status"), OBS_STATUS_CODES
    )
    return found


_AREA_CACHE: list[tuple[UnitGraph, Codelist]] = []  # the graph itself: a new graph is a new tree


def area_codelist(graph: UnitGraph) -> Codelist:
    """One code per unit code ever used. A code is reused (24 was Bắc Giang until 30 June 2025, Bắc
    Ninh since): the name is the latest unit's, and the annotation VALIDITY lists every unit that
    carried it with its validity (``from/to``, ``to`` empty while in force)."""
    if _AREA_CACHE and _AREA_CACHE[0][0] is graph:
        return _AREA_CACHE[0][1]
    by_code: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for versions in graph.versions.values():
        for v in versions:
            until = v.valid_to.isoformat() if v.valid_to else ""
            by_code[v.code].append((v.valid_from.isoformat(), until, v.name))
    codes = []
    for code in sorted(by_code):
        spans = sorted(by_code[code])
        first, last = spans[0], spans[-1]
        text = "; ".join(f"{s}/{e} {n}" for s, e, n in spans)
        note = Annotation("VALIDITY", f"{first[0]}/{last[1]}", Text(text))
        codes.append(Code(code, Text(last[2]), (note,)))
    codelist = Codelist(
        "CL_AREA",
        Text(
            "Đơn vị hành chính và cơ quan (hiện hành và lịch sử)",
            "Administrative units and agencies (current and historic)",
        ),
        tuple(codes),
    )
    _AREA_CACHE[:] = [(graph, codelist)]
    return codelist
