"""Answering analytics queries: what (elements), where (units), when (windows), by (options), on which
map. The usual answer reads maintained rollups (an index lookup per window); ``include_submitted``
and ``as_known_on`` rebuild the rollups in memory from the chosen facts (``evaluate``). The viewer's
scope is a clause of the rollup query and every named unit must be in it: an aggregate never holds
data the viewer may not see."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics import queries
from baocao.analytics.evaluate import Evaluation, evaluate, lineage
from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.analytics.maintain import ElementRule, element_rules, key_for
from baocao.analytics.models import FactStatus, MapView
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
    # Indicator codes (baocao.indicators): answered after the elements, as figures of their own.
    indicators: list[str] = field(default_factory=list)


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


class Cell(NamedTuple):
    """One stored figure (a rollup row, or one rebuilt in memory). A named tuple: an answer builds
    thousands of them, and a tuple is the cheapest object Python makes."""

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
    # A national view sees every unit: asking the database unit by unit would only say yes.
    national = scope.regimes is None and scope.is_national()
    for code, unit_id in zip(codes, named, strict=True):
        if not national and not scope.contains(unit_id, as_of=day):
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
    if not found or national:
        return found
    allowed = select(Unit.id).where(Unit.id.in_(found), scope.where(Unit.id, as_of=day))
    keep = set(session.scalars(allowed))
    return [u for u in found if u in keep]


def _descendants_at(graph: UnitGraph, unit_id: int, day: date, level: str) -> list[int]:
    found: list[int] = []
    todo = deque([unit_id])
    while todo:
        current = todo.popleft()
        for child in sorted(graph.children(current, day), key=lambda c: c.code):
            if child.level == level:
                found.append(child.unit_id)
            else:
                todo.append(child.unit_id)
    return found


def reference_day(q: AnalyticsQuery, window: Window) -> date:
    return today() if q.view == MapView.TODAY else min(window.end, today())


def run_query(session: Session, scope: Scope, q: AnalyticsQuery) -> list[Figure]:
    """One figure per window × element × unit (× option with ``by``), then per window × indicator ×
    unit, in that order; ``value`` None when nothing was reported. ``scope``:
    ``principal.scope(Permission.ANALYTICS_READ)``."""
    # Imported here: indicators build on this module.
    from baocao.indicators.evaluate import evaluate_indicators

    answers = _element_answers(session, scope, q) if q.elements or not q.indicators else {}
    indicators = evaluate_indicators(session, scope, q) if q.indicators else {}
    figures: list[Figure] = []
    for window in q.windows:
        figures += answers.get(window, []) + indicators.get(window, [])
    return figures


def _element_answers(session: Session, scope: Scope, q: AnalyticsQuery) -> dict[Window, list[Figure]]:
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
        cells = _cells(session, scope, q, evaluation, [e.id for e in elements], unit_ids, span, day,
                       totals=q.by is None)  # fmt: skip
        starts = {k: [c.period_start for c in v] for k, v in cells.items()}
        for window in windows:
            found = answers[window] = []
            shown_on = reference_day(q, window)
            labels = {u: unit_label(graph, u, window, shown_on) for u in unit_ids}
            for element in elements:
                rule = rules[element.id]
                for unit_id in unit_ids:
                    key = (element.id, unit_id)
                    inside = _inside(cells.get(key), starts.get(key), window)
                    marks = _Marks(evaluation, graph, q.view, unit_id, window)
                    found += _figures(element, rule, labels[unit_id], window, q.by, inside, marks)
    return answers


def _inside(cells: list[Cell] | None, starts: list[date] | None, window: Window) -> list[Cell]:
    """The cells within the window, from cells sorted by start (``starts``: their start days)."""
    if not cells or starts is None:
        return []
    lo, hi = bisect_left(starts, window.start), bisect_right(starts, window.end)
    return [c for c in cells[lo:hi] if c.period_end <= window.end]


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
    unit_ids: list[int], window: Window, day: date, *, totals: bool | None = None,
) -> dict[tuple[int, int], list[Cell]]:  # fmt: skip
    """Cells per (element, unit), sorted by period start. ``totals``: True, the totals over options
    (key "") alone (an answer without ``by``); False, the others alone (with ``by``); None, all."""
    found: dict[tuple[int, int], list[Cell]] = defaultdict(list)
    if not unit_ids:
        return found
    if evaluation is None:
        stmt = queries.rollups_in_range(
            q.view.value, element_ids, unit_ids, window.start, window.end,
            queries.rollup_scope(scope, day), totals=totals,
        )  # fmt: skip
        # Core rows straight from the connection: the ORM's result machinery costs more than the query.
        for e, u, period, kind, start, end, option, *own_child in session.connection().execute(stmt):
            # The effective figure (see Rollup): own when the unit has one, else its children's.
            part = Part(*own_child[:4]) if own_child[2] > 0 else Part(*own_child[4:])
            if part.n == 0:
                continue  # every value behind the row was withdrawn by a later version
            found[(e, u)].append(Cell(e, u, period, kind, start, end, option, part))
        return _by_start(found)
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
    return _by_start(found)


def _by_start(found: dict[tuple[int, int], list[Cell]]) -> dict[tuple[int, int], list[Cell]]:
    for cells in found.values():
        cells.sort(key=lambda c: (c.period_start, c.period_end, c.period, c.option_key))
    return found


def option_groups(cells: list[Cell], by: str | None) -> dict[str, list[Cell]]:
    """Cells per answer option: "" (the total) without ``by``; with it, one group per option of that
    disaggregation (from keys naming it alone, else summed over the other disaggregations)."""
    if by is None:
        return {"": [c for c in cells if c.option_key == ""]}
    alone: dict[str, list[Cell]] = defaultdict(list)
    mixed: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        parts = _option_parts(cell.option_key)
        if by in parts:
            (alone if len(parts) == 1 else mixed)[f"{by}={parts[by]}"].append(cell)
    groups = dict(alone)
    for option, group in mixed.items():
        groups.setdefault(option, group)
    return dict(sorted(groups.items()))


@lru_cache(maxsize=4096)
def _option_parts(option_key: str) -> dict[str, str]:
    """``a=x;b=y`` as ``{a: x, b: y}`` (cached: read only)."""
    return dict(p.split("=", 1) for p in option_key.split(";") if "=" in p)


def _figures(
    element: DataElement, rule: ElementRule, label: tuple[str, str, str], window: Window,
    by: str | None, cells: list[Cell], marks: _Marks,
) -> list[Figure]:  # fmt: skip
    code, name, level = label
    groups = option_groups(cells, by) if cells or by is None else {}
    out = []
    for options, group in groups.items():
        value, flags = combine(group, rule, window)
        if marks.submitted(group):
            flags += ("submitted",)
        out.append(Figure(element.code, element.name, code, name, level, window.label, options, value, flags))
    return out


def unit_label(graph: UnitGraph, unit_id: int, window: Window, day: date) -> tuple[str, str, str]:
    """Code, name and level of a unit as shown for a window: on ``day``, else its last day within it."""
    unit = graph.at(unit_id, day) or graph.at(
        unit_id, graph.last_day_within(unit_id, window.start, window.end)
    )
    return (unit.code, unit.name, unit.level) if unit else ("?", "?", "?")


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


_TILES = tuple(t.value for t in TILES)


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
    for tile in _TILES:
        found = [c for c in cells if c.period_type == tile]
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
    if len(chosen) == 1:  # the usual answer: one stored period spans the window
        part = chosen[0].part
        one = ("apportioned",) if part.apportioned else ()
        return round(_value(part, rule), 10), one if complete else (*one, "partial")
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
