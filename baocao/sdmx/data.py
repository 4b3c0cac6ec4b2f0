"""Data queries: an SDMX key and period range become analytics queries, answered by
``baocao.analytics.service.run_query`` within the caller's scope, so SDMX clients read exactly the
figures the analytics API answers (map "as it was": a code is read on each period's last day).

* Periods: those of the flow's frequency with a current fact in ``[startPeriod, endPeriod]``.
* Units: the REF_AREA codes asked for, or (wildcard) every unit holding a figure in the caller's scope.
* Disaggregations: the totals (every category ``_T``), and per category dimension the figures by that
  category (the others ``_T``), as ``by=`` answers them; cross-classified cells are not served. An
  element without a disaggregation has ``_Z`` (not applicable) in that dimension, never ``_T``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.analytics.models import Fact, MapView, Rollup
from baocao.analytics.service import AnalyticsQuery, Figure, run_query
from baocao.analytics.windows import MAX_WINDOWS, Window
from baocao.catalog.models import DataElement
from baocao.periods.periods import parse_period
from baocao.sdmx import queries
from baocao.sdmx.model import AREA, INDICATOR, INDICATOR_FLOW, NOT_APPLICABLE, TOTAL, Flow, to_sdmx_period
from baocao.sdmx.rest import SdmxError, no_results
from baocao.sdmx.structures import Catalogue
from baocao.timeutil import today
from baocao.units.models import Unit, UnitVersion
from baocao.units.queries import valid_on

EARLIEST, LATEST = date(1900, 1, 1), date(9999, 12, 31)
VIEW = MapView.AS_IT_WAS


@dataclass(frozen=True)
class Observation:
    key: tuple[tuple[str, str], ...]  # (dimension id, code) of every key dimension, in DSD order
    period: str  # SDMX notation
    value: float
    unit_measure: str
    status: str  # A accepted, P provisional (submitted, not yet accepted)

    def code(self, dim: str) -> str:
        return dict(self.key)[dim]


@dataclass(frozen=True)
class DataRequest:
    flow: Flow
    wanted: dict[str, set[str]]  # dimension id → codes (absent: any)
    start: date | None = None
    end: date | None = None
    include_submitted: bool = False


def query_data(session: Session, scope: Scope, catalogue: Catalogue, req: DataRequest) -> list[Observation]:
    flow = req.flow
    codes = [c for c in flow.elements if c in req.wanted.get(INDICATOR, {c})]
    plan: list[tuple[str | None, list[str], list[str]]]  # (by, element codes, indicator codes) per query
    if flow.id == INDICATOR_FLOW:
        # Indicators: answered as GET /api/v1/analytics?indicator= answers them, for the periods and
        # units where the elements they read hold figures.
        inputs = _indicator_inputs(session, codes) if codes else []
        plan = [(None, [], codes)]
    else:
        elements = [catalogue.elements[c] for c in codes if c in catalogue.elements]
        inputs = [e.id for e in elements]
        plan = [
            (
                by,
                [e.code for e in elements if by is None or any(c.category.code == by for c in e.categories)],
                [],
            )
            for by in [None, *_categories(flow, req)]
        ]
    if not codes or not inputs:
        raise no_results("Không có chỉ tiêu nào khớp khóa", "No indicator of the dataflow matches the key")
    windows = _windows(session, flow, inputs, req)
    graph = unit_graph(session)
    groups: dict[date, list[Window]] = defaultdict(list)
    for window in windows:
        groups[graph.epoch(min(window.end, today()))].append(window)
    found: list[Observation] = []
    for group in groups.values():
        day = min(group[-1].end, today())
        units = _units(session, scope, graph, req, inputs, group, day)
        if not units:
            continue
        for by, names, indicators in plan:
            if not names and not indicators:
                continue
            q = AnalyticsQuery(
                elements=names,
                indicators=indicators,
                windows=group,
                units=units,
                by=by,
                view=VIEW,
                include_submitted=req.include_submitted,
            )
            found += [
                o for f in run_query(session, scope, q) if (o := _observation(flow, f)) and _kept(o, req)
            ]
    if not found:
        raise no_results()
    return found


def _indicator_inputs(session: Session, codes: list[str]) -> list[int]:
    """Ids of the data elements the indicators read (nested indicators inlined)."""
    # Imported here: the indicators capability builds on analytics, which this module also uses.
    from baocao.indicators.evaluate import compile_indicators
    from baocao.indicators.expressions import names

    wanted = {n.code for c in compile_indicators(session, codes) for n in names(c.tree)}
    return sorted(session.scalars(select(DataElement.id).where(DataElement.code.in_(sorted(wanted)))))


def _windows(session: Session, flow: Flow, element_ids: list[int], req: DataRequest) -> list[Window]:
    kind = flow.period_type.value if flow.period_type else None
    stmt = queries.reported_periods(element_ids, kind, req.start or EARLIEST, req.end or LATEST)
    periods = sorted((parse_period(p) for p in session.scalars(stmt)), key=lambda p: (p.start, p.end))
    if not periods:
        raise no_results("Không có số liệu trong khoảng kỳ này", "No data for these periods")
    if len(periods) > MAX_WINDOWS:
        raise SdmxError(
            413,
            510,
            f"Quá nhiều kỳ ({len(periods)}); hãy thu hẹp startPeriod/endPeriod",
            f"Too many periods ({len(periods)}, at most {MAX_WINDOWS}); narrow startPeriod/endPeriod",
        )
    return [Window.of(p) for p in periods]


def _categories(flow: Flow, req: DataRequest) -> list[str]:
    """Categories to answer by: those whose dimension asks for something other than the total."""
    found = []
    for dim in flow.dsd.key_dimensions:
        if dim.category is not None and not req.wanted.get(dim.id, {"*"}) <= {TOTAL, NOT_APPLICABLE}:
            found.append(dim.category)
    return found


def _units(
    session: Session,
    scope: Scope,
    graph: UnitGraph,
    req: DataRequest,
    element_ids: list[int],
    windows: list[Window],
    day: date,
) -> list[str]:
    """Unit codes to ask about on ``day``: those named that exist then, or every unit in scope holding
    a figure (and, with provisional values, every unit that sent one and the units above it)."""
    named = req.wanted.get(AREA)
    if named:
        stmt = select(UnitVersion.code).where(UnitVersion.code.in_(sorted(named)), valid_on(UnitVersion, day))
        return sorted(set(session.scalars(stmt)))
    periods = [w.label for w in windows]
    ids = set(
        session.scalars(
            queries.figure_units(VIEW.value, element_ids, periods, scope.where(Rollup.unit_id, as_of=day))
        )
    )
    if req.include_submitted:
        sent = session.scalars(queries.fact_units(element_ids, periods, scope.where(Fact.unit_id, as_of=day)))
        above = {u for unit_id in sent for u in graph.path_up(unit_id, day)} - ids
        if above:  # the units above a sender may be outside the caller's scope
            inside = select(Unit.id).where(Unit.id.in_(sorted(above)), scope.where(Unit.id, as_of=day))
            ids |= set(session.scalars(inside))
    found = {u.code for i in ids if (u := graph.at(i, day)) is not None}
    return sorted(found)


def _observation(flow: Flow, figure: Figure) -> Observation | None:
    if figure.value is None:
        return None
    options = dict(p.split("=", 1) for p in figure.options.split(";") if "=" in p)
    key = []
    for dim in flow.dsd.key_dimensions:
        if dim.id == AREA:
            key.append((dim.id, figure.unit))
        elif dim.id == INDICATOR:
            key.append((dim.id, figure.element))
        elif not flow.applies(figure.element, dim.category):
            key.append((dim.id, NOT_APPLICABLE))
        else:
            key.append((dim.id, options.get(dim.category or "", TOTAL)))
    status = "P" if "submitted" in figure.flags else "A"
    unit = flow.element_units.get(figure.element, "NONE")
    return Observation(tuple(key), to_sdmx_period(figure.period), figure.value, unit, status)


def _kept(obs: Observation, req: DataRequest) -> bool:
    return all(code in req.wanted.get(dim, {code}) for dim, code in obs.key)
