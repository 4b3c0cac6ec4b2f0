"""Answering analytics queries: what (elements), where (units), when (windows), by (options), on which
map. The usual answer reads maintained rollups (an index lookup per window); ``include_submitted``
and ``as_known_on`` rebuild the rollups in memory from the chosen facts (``evaluate``). The viewer's
scope is a clause of the rollup query and every named unit must be in it: an aggregate never holds
data the viewer may not see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics import queries
from baocao.analytics.evaluate import Evaluation, evaluate, lineage
from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.analytics.maintain import ElementRule, element_rules, key_for, node_of
from baocao.analytics.models import FactStatus, MapView, Rollup
from baocao.analytics.rollup import Part
from baocao.analytics.windows import TILES, Window
from baocao.catalog.models import DataElement, TimeAggregation, UnitAggregation
from baocao.errors import ApiError, invalid
from baocao.timeutil import VIETNAM, today
from baocao.units.models import Unit, UnitLevel
from baocao.units.service import resolve_unit


@dataclass(frozen=True)
class AnalyticsQuery:
    elements: list[str]
    windows: list[Window]
    unit: str | None = None
    level: UnitLevel | None = None
    units: list[str] = field(default_factory=list)
    by: str | None = None
    view: MapView = MapView.AS_IT_WAS
    include_submitted: bool = False
    as_known_on: date | None = None


@dataclass(frozen=True)
class Figure:
    element: str
    element_name: str
    unit: str
    unit_name: str
    unit_level: str
    period: str
    options: str
    value: float | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    """One stored figure (a rollup row, or one rebuilt in memory)."""

    element_id: int
    unit_id: int
    period: str
    period_type: str
    period_start: date
    period_end: date
    option_key: str
    part: Part


def end_of_day(day: date) -> datetime:
    """The instant a vintage is taken at: a date means the end of that day in Vietnam; an instant
    (``datetime``) is itself."""
    if isinstance(day, datetime):
        return day if day.tzinfo else day.replace(tzinfo=VIETNAM)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=VIETNAM)


def resolve_elements(session: Session, codes: list[str]) -> list[DataElement]:
    if not codes:
        raise invalid(
            "element", "Cần ít nhất một chỉ tiêu (element=MÃ)", "Give at least one element (element=CODE)"
        )
    found = {e.code: e for e in session.scalars(select(DataElement).where(DataElement.code.in_(codes)))}
    for code in codes:
        if code not in found:
            raise invalid("element", f"Không có chỉ tiêu '{code}'", f"No data element '{code}'")
    return [found[c] for c in dict.fromkeys(codes)]


def units_on(session: Session, graph: UnitGraph, scope: Scope, q: AnalyticsQuery, day: date) -> list[int]:
    """The units asked about on ``day``: named ones must be in scope (403 otherwise); a level's units
    are limited to the scope inside the query."""
    codes = q.units or ([q.unit] if q.unit else [])
    if not codes:
        raise invalid("unit", "Cần đơn vị (unit=MÃ hoặc units=a,b)", "Give a unit (unit=CODE or units=a,b)")
    field_name = "units" if q.units else "unit"
    named = [resolve_unit(session, c, day, field=field_name, location="query").unit_id for c in codes]
    for code, unit_id in zip(codes, named, strict=True):
        if not scope.contains(unit_id, as_of=day):
            raise ApiError(
                403,
                "unit_out_of_scope",
                f"Đơn vị '{code}' nằm ngoài phạm vi được xem số liệu",
                f"Unit '{code}' is outside the scope you may see",
                field=field_name,
                location="query",
            )
    if q.level is None:
        return named
    found: list[int] = []
    for unit_id in named:
        found += _descendants_at(graph, unit_id, day, q.level.value)
    if not found:
        return []
    allowed = select(Unit.id).where(Unit.id.in_(found), scope.where(Unit.id, as_of=day))
    keep = set(session.scalars(allowed))
    return [u for u in found if u in keep]


def _descendants_at(graph: UnitGraph, unit_id: int, day: date, level: str) -> list[int]:
    found: list[int] = []
    todo = [unit_id]
    while todo:
        current = todo.pop(0)
        for child in sorted(graph.children(current, day), key=lambda c: c.code):
            if child.level == level:
                found.append(child.unit_id)
            else:
                todo.append(child.unit_id)
    return found


def reference_day(q: AnalyticsQuery, window: Window) -> date:
    return today() if q.view == MapView.TODAY else min(window.end, today())


def run_query(session: Session, scope: Scope, q: AnalyticsQuery) -> list[Figure]:
    """One figure per window × element × unit (× option with ``by``), in that order; ``value`` None
    when nothing was reported. ``scope``: ``principal.scope(Permission.ANALYTICS_READ)``."""
    elements = resolve_elements(session, q.elements)
    rules = element_rules(session, [e.id for e in elements])
    graph = unit_graph(session)
    evaluation = _evaluation(session, graph, rules, q)
    # Windows whose reference days fall in one epoch of the units tree see the same units, scope and
    # tree: one look-up of units and one rollup query serve them all (a 10-year monthly series
    # costs a handful of queries, not hundreds).
    epochs: dict[date, list[Window]] = defaultdict(list)
    for window in q.windows:
        epochs[graph.epoch(reference_day(q, window))].append(window)
    answers: dict[Window, list[Figure]] = {}
    for windows in epochs.values():
        day = reference_day(q, windows[-1])
        unit_ids = units_on(session, graph, scope, q, day)
        span = Window("", min(w.start for w in windows), max(w.end for w in windows))
        cells = _cells(session, scope, q, evaluation, [e.id for e in elements], unit_ids, span, day)
        for window in windows:
            found = answers[window] = []
            for element in elements:
                for unit_id in unit_ids:
                    inside = [c for c in cells.get((element.id, unit_id), []) if _within(c, window)]
                    marks = _Marks(evaluation, graph, q.view, unit_id, window)
                    found += _figures(graph, element, rules[element.id], unit_id, window,
                                      reference_day(q, window), q.by, inside, marks)  # fmt: skip
    figures: list[Figure] = []
    for window in q.windows:
        figures += answers[window]
    return figures


def _within(cell: Cell, window: Window) -> bool:
    return window.start <= cell.period_start and cell.period_end <= window.end


def _evaluation(
    session: Session, graph: UnitGraph, rules: dict[int, ElementRule], q: AnalyticsQuery
) -> Evaluation | None:
    if not (q.include_submitted or q.as_known_on) or not q.windows:
        return None
    start, end = min(w.start for w in q.windows), max(w.end for w in q.windows)
    known = end_of_day(q.as_known_on) if q.as_known_on else None
    return evaluate(
        session, graph, rules, start, end, include_submitted=q.include_submitted, as_known_on=known
    )


def _cells(
    session: Session, scope: Scope, q: AnalyticsQuery, evaluation: Evaluation | None, element_ids: list[int],
    unit_ids: list[int], window: Window, day: date,
) -> dict[tuple[int, int], list[Cell]]:  # fmt: skip
    found: dict[tuple[int, int], list[Cell]] = defaultdict(list)
    if not unit_ids:
        return found
    if evaluation is None:
        stmt = queries.rollups_in_range(
            q.view.value,
            element_ids,
            unit_ids,
            window.start,
            window.end,
            scope.where(Rollup.unit_id, as_of=day),
        )
        for row in session.scalars(stmt):
            part = node_of(row).effective
            if part.n == 0:
                continue  # every value behind the row was withdrawn by a later version
            found[(row.data_element_id, row.unit_id)].append(
                Cell(
                    row.data_element_id,
                    row.unit_id,
                    row.period,
                    row.period_type,
                    row.period_start,
                    row.period_end,
                    row.option_key,
                    part,
                )
            )
        return found
    wanted = set(unit_ids)
    for (view, key, unit_id), node in evaluation.store.nodes.items():
        if view != q.view or unit_id not in wanted or key.element_id not in element_ids:
            continue
        if key.period_start < window.start or key.period_end > window.end or node.effective.n == 0:
            continue
        found[(key.element_id, unit_id)].append(
            Cell(
                key.element_id,
                unit_id,
                key.period,
                key.period_type,
                key.period_start,
                key.period_end,
                key.option_key,
                node.effective,
            )
        )
    return found


def option_groups(cells: list[Cell], by: str | None) -> dict[str, list[Cell]]:
    """Cells per answer option: "" (the total) without ``by``; with it, one group per option of that
    disaggregation (from keys naming it alone, else summed over the other disaggregations)."""
    if by is None:
        return {"": [c for c in cells if c.option_key == ""]}
    alone: dict[str, list[Cell]] = defaultdict(list)
    mixed: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        parts = dict(p.split("=", 1) for p in cell.option_key.split(";") if "=" in p)
        if by in parts:
            (alone if len(parts) == 1 else mixed)[f"{by}={parts[by]}"].append(cell)
    groups = dict(alone)
    for option, group in mixed.items():
        groups.setdefault(option, group)
    return dict(sorted(groups.items()))


def _figures(
    graph: UnitGraph, element: DataElement, rule: ElementRule, unit_id: int, window: Window, day: date,
    by: str | None, cells: list[Cell], marks: _Marks,
) -> list[Figure]:  # fmt: skip
    unit = graph.at(unit_id, day) or graph.at(
        unit_id, graph.last_day_within(unit_id, window.start, window.end)
    )
    code, name, level = (unit.code, unit.name, unit.level) if unit else ("?", "?", "?")
    groups = option_groups(cells, by) if cells or by is None else {}
    out = []
    for options, group in groups.items():
        value, flags = combine(group, rule, window)
        if marks.submitted(group):
            flags += ("submitted",)
        out.append(Figure(element.code, element.name, code, name, level, window.label, options, value, flags))
    return out


@dataclass(frozen=True)
class _Marks:
    """Flags that need the facts behind a figure (only on the in-memory path)."""

    evaluation: Evaluation | None
    graph: UnitGraph
    view: MapView
    unit_id: int
    window: Window

    def submitted(self, cells: list[Cell]) -> bool:
        """Does a submitted, not yet accepted value make the figure?"""
        if self.evaluation is None:
            return False
        for cell in choose(cells, self.window)[0]:
            key = key_for(cell.element_id, cell.period, cell.option_key)
            facts = lineage(self.evaluation, self.graph, self.view, key, self.unit_id)
            if any(f.status == FactStatus.SUBMITTED.value for f in facts):
                return True
        return False


def _value(part: Part, rule: ElementRule) -> float:
    if rule.units == UnitAggregation.AVERAGE.value and part.weight:
        return part.sum / part.weight
    return part.sum


def choose(cells: list[Cell], window: Window) -> tuple[list[Cell], bool]:
    """The cells answering a window and whether they cover all of it: those of a period spanning it
    exactly; else the stored periods inside it, coarsest first, each kept where no coarser one
    already covers its days (quarters reported for Q1–Q3 and months for October–November make
    January–November)."""
    exact = window.exact()
    chosen = [c for c in cells if c.period in exact]
    if chosen:
        return chosen, True
    spans: list[tuple[date, date]] = []
    for tile in TILES:
        found = [c for c in cells if c.period_type == tile.value]
        fresh = [c for c in found if not any(c.period_start <= e and s <= c.period_end for s, e in spans)]
        chosen += fresh
        spans += [(c.period_start, c.period_end) for c in fresh]
    days = sum((e - s).days + 1 for s, e in set(spans))
    return chosen, days >= (window.end - window.start).days + 1


def combine(cells: list[Cell], rule: ElementRule, window: Window) -> tuple[float | None, tuple[str, ...]]:
    """The window's value from its cells (see ``choose``), combined over time by the element's rule:
    flows sum, stocks take the last period, averages average, others are not aggregated.
    Flags: apportioned, partial (the stored periods do not cover the whole window)."""
    chosen, complete = choose(cells, window)
    if not chosen:
        return None, ()
    # Several cells for one sub-period can only come from several option keys summed (by=...).
    per_period: dict[str, Part] = defaultdict(Part)
    ends: dict[str, date] = {}
    for cell in chosen:
        per_period[cell.period] = per_period[cell.period] + cell.part
        ends[cell.period] = cell.period_end
    flags: list[str] = []
    if any(p.apportioned for p in per_period.values()):
        flags.append("apportioned")
    if not complete:
        flags.append("partial")
    values = [(ends[p], _value(part, rule)) for p, part in per_period.items()]
    if len(values) == 1:
        return round(values[0][1], 10), tuple(flags)
    how = rule.time
    if how == TimeAggregation.SUM.value:
        return round(sum(v for _, v in values), 10), tuple(flags)
    if how == TimeAggregation.LAST.value:
        return round(max(values)[1], 10), tuple(flags)
    if how == TimeAggregation.AVERAGE.value:
        return round(sum(v for _, v in values) / len(values), 10), tuple(flags)
    return None, (*flags, "not_aggregated")


def describe(q: AnalyticsQuery) -> dict[str, Any]:
    return {"map": q.view.value, "include_submitted": q.include_submitted,
            "as_known_on": q.as_known_on.isoformat() if q.as_known_on else None}  # fmt: skip
