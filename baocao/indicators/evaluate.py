"""Indicators answered by the analytics engine: the element figures an indicator needs (with the time
shifts of ``growth``, ``yoy`` and ``ytd``) are read the way ``run_query`` reads them — same units,
scope, map, vintage and flags — then the expression is computed per unit and window.

A missing input or a division by zero gives no value (``None``) and a flag, never an exception."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics.graph import unit_graph
from baocao.analytics.maintain import ElementRule, element_rules
from baocao.analytics.service import (
    AnalyticsQuery,
    Figure,
    _cells,
    _evaluation,
    _Marks,
    reference_day,
    resolve_elements,
    unit_label,
    units_on,
)
from baocao.analytics.windows import Window
from baocao.catalog.models import DataElement, TimeAggregation
from baocao.errors import ApiError, invalid
from baocao.indicators.expressions import (
    Binary,
    Call,
    Expr,
    ExpressionError,
    Name,
    Num,
    Ref,
    Unary,
    names,
    parse,
    position_of,
)
from baocao.indicators.inputs import Inputs, Value, split_by
from baocao.indicators.models import Indicator
from baocao.periods.periods import Period, PeriodError, PeriodType, parse_period

# Flags in the order they are shown; the first four come from the element figures.
FLAG_ORDER = ("apportioned", "partial", "submitted", "not_aggregated", "missing_input", "division_by_zero")


class DefinitionError(ExpressionError):
    """An indicator's expression that cannot be used: ``indicator`` is the one at fault."""

    def __init__(self, indicator: str, position: int, message: str, message_en: str) -> None:
        super().__init__(position, f"{indicator}: {message}", f"{indicator}: {message_en}")
        self.indicator = indicator


# --- definitions --------------------------------------------------------------------------------------


def inline(code: str, expressions: dict[str, str], elements: set[str]) -> Expr:
    """The tree of indicator ``code`` with nested indicators replaced by their own trees. Every name must
    be an element or an indicator; a cycle (A uses B uses A) is an error naming the chain."""
    return _inline(code, expressions, elements, (code,))


def _inline(code: str, expressions: dict[str, str], elements: set[str], chain: tuple[str, ...]) -> Expr:
    text = expressions[code]
    try:
        tree = parse(text)
    except ExpressionError as exc:
        raise DefinitionError(code, exc.position, exc.reason, exc.reason_en) from None
    replaced: dict[Name, Expr] = {}
    for name in names(tree):
        if name.code in expressions:
            where = position_of(text, name.code)
            if name.options:
                raise DefinitionError(code, where, f"chỉ tiêu tổng hợp '{name.code}' không nhận phân tổ",
                                      f"indicator '{name.code}' takes no options")  # fmt: skip
            if name.code in chain:
                loop = " → ".join((*chain, name.code))
                raise DefinitionError(code, where, f"tham chiếu vòng: {loop}", f"circular reference: {loop}")
            replaced[name] = _inline(name.code, expressions, elements, (*chain, name.code))
        elif name.code not in elements:
            raise DefinitionError(code, position_of(text, name.code),
                                  f"không có chỉ tiêu hay chỉ tiêu tổng hợp '{name.code}'",
                                  f"no data element or indicator '{name.code}'")  # fmt: skip
    return _substitute(tree, replaced) if replaced else tree


def _substitute(node: Expr, replaced: dict[Name, Expr]) -> Expr:
    if isinstance(node, Name):
        return replaced.get(node, node)
    if isinstance(node, Unary):
        return Unary(_substitute(node.operand, replaced))
    if isinstance(node, Binary):
        return Binary(node.op, _substitute(node.left, replaced), _substitute(node.right, replaced))
    if isinstance(node, Call):
        return Call(node.function, tuple(_substitute(a, replaced) for a in node.args))
    return node


@dataclass(frozen=True)
class Compiled:
    code: str
    name: str
    tree: Expr


def compile_indicators(session: Session, codes: list[str], field: str = "indicator") -> list[Compiled]:
    """The indicators asked for, their trees ready to evaluate; 422 naming ``field`` otherwise."""
    every = {i.code: i for i in session.scalars(select(Indicator))}
    elements = set(session.scalars(select(DataElement.code)))
    found = []
    for code in dict.fromkeys(codes):
        if code not in every:
            raise invalid(field, f"Không có chỉ tiêu tổng hợp '{code}'", f"No indicator '{code}'")
        try:
            tree = inline(code, {c: i.expression for c, i in every.items()}, elements)
        except DefinitionError as exc:
            raise ApiError(422, "invalid_indicator", exc.message, exc.message_en, field=field) from None
        found.append(Compiled(code, every[code].name, tree))
    return found


def time_kind(node: Expr, rules: Callable[[str], str]) -> str:
    """ "flow" when the value grows with the length of the period (a sum over time, or such a sum per
    a level, like GRDP per capita), else "level" (stocks, rates, ratios of flows, growth)."""
    if isinstance(node, Num):
        return "const"
    if isinstance(node, Name):
        return "flow" if rules(node.code) == TimeAggregation.SUM.value else "level"
    if isinstance(node, Unary):
        return time_kind(node.operand, rules)
    if isinstance(node, Call):
        return time_kind(node.args[0], rules) if node.function in ("ytd", "abs") else "level"
    assert isinstance(node, Binary)
    left, right = time_kind(node.left, rules), time_kind(node.right, rules)
    kinds = {left, right}
    if node.op in ("+", "-"):
        return "flow" if kinds <= {"flow", "const"} and "flow" in kinds else "level"
    if node.op == "*":
        return "flow" if list((left, right)).count("flow") == 1 else "level"
    return "flow" if left == "flow" and right != "flow" else "level"


# --- windows ------------------------------------------------------------------------------------------


def _period_of(window: Window) -> Period | None:
    try:
        period = parse_period(window.label)
    except PeriodError:
        return None
    return period if (period.start, period.end) == (window.start, window.end) else None


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _add_months(day: date, months: int, keep_month_end: bool) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = _month_end(year, month + 1)
    if keep_month_end and day == _month_end(day.year, day.month):
        return last
    return date(year, month + 1, min(day.day, last.day))


def _shift_months(window: Window, months: int, label: str) -> Window:
    """The window moved by whole months (an end on a month's last day stays on one)."""
    return Window(label, _add_months(window.start, months, False), _add_months(window.end, months, True))


def previous(window: Window) -> Window:
    """The period before: 2025-07 → 2025-06, 2025-Q1 → 2024-Q4; a span of n months moves n months."""
    period = _period_of(window)
    if period is not None and period.type is not PeriodType.NINE_MONTHS:
        return Window.of(period.shift(-1))
    months = (window.end.year - window.start.year) * 12 + window.end.month - window.start.month + 1
    return _shift_months(window, -months, f"{window.label}-{months}m")


def last_year(window: Window) -> Window:
    """Cùng kỳ năm trước: the same window one year earlier."""
    period = _period_of(window)
    if period is not None:
        return Window.of(period.same_period_last_year())
    return _shift_months(window, -12, f"{window.label}-1y")


def year_to_date(window: Window) -> Window:
    """Lũy kế: from 1 January of the window's last day to that day."""
    start = date(window.end.year, 1, 1)
    found = Window(f"{window.end.year}-01-01..{window.end.isoformat()}", start, window.end)
    exact = sorted(found.exact(), key=len)
    return Window(exact[0], start, window.end) if exact else found


SHIFTS: dict[str, Callable[[Window], Window]] = {"growth": previous, "yoy": last_year, "ytd": year_to_date}


def needed(node: Expr, window: Window, into: set[tuple[Ref, Window]]) -> None:
    """Every (element reference, window) whose figure the expression needs at ``window``."""
    if isinstance(node, Name):
        into.add((Ref.of(node), window))
    elif isinstance(node, Unary):
        needed(node.operand, window, into)
    elif isinstance(node, Binary):
        needed(node.left, window, into)
        needed(node.right, window, into)
    elif isinstance(node, Call):
        for arg in node.args:
            if node.function in SHIFTS:
                needed(arg, SHIFTS[node.function](window), into)
            if node.function != "ytd":
                needed(arg, window, into)


# --- arithmetic ---------------------------------------------------------------------------------------


def compute(node: Expr, window: Window, get: Callable[[Ref, Window], Value]) -> Value:
    """The expression's value at ``window``: None with ``missing_input`` when an input has no value,
    ``division_by_zero`` when a divisor (or the base of a growth) is 0."""
    if isinstance(node, Num):
        return node.value, frozenset()
    if isinstance(node, Name):
        value, flags = get(Ref.of(node), window)
        return value, flags | {"missing_input"} if value is None else flags
    if isinstance(node, Unary):
        value, flags = compute(node.operand, window, get)
        return (None if value is None else -value), flags
    if isinstance(node, Call):
        return _call(node, window, get)
    assert isinstance(node, Binary)
    (left, lf), (right, rf) = compute(node.left, window, get), compute(node.right, window, get)
    flags = lf | rf
    if left is None or right is None:
        return None, flags
    if node.op == "/":
        return (None, flags | {"division_by_zero"}) if right == 0 else (left / right, flags)
    return (left + right if node.op == "+" else left - right if node.op == "-" else left * right), flags


def _call(node: Call, window: Window, get: Callable[[Ref, Window], Value]) -> Value:
    if node.function == "ytd":
        return compute(node.args[0], year_to_date(window), get)
    if node.function in ("growth", "yoy"):
        (now, nf), (then, tf) = (compute(node.args[0], window, get),
                                 compute(node.args[0], SHIFTS[node.function](window), get))  # fmt: skip
        flags = nf | tf
        if now is None or then is None:
            return None, flags
        if then == 0:
            return None, flags | {"division_by_zero"}
        return (now / then - 1) * 100, flags
    args = [compute(a, window, get) for a in node.args]
    flags = frozenset().union(*(f for _, f in args))
    values = [v for v, _ in args]
    if any(v is None for v in values):
        return None, flags
    present = [v for v in values if v is not None]
    if node.function == "abs":
        return abs(present[0]), flags
    return (min(present) if node.function == "min" else max(present)), flags


def ordered(flags: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(flags, key=lambda f: (FLAG_ORDER.index(f) if f in FLAG_ORDER else 99, f)))


# --- answering ----------------------------------------------------------------------------------------


def evaluate_indicators(session: Session, scope: Scope, q: AnalyticsQuery) -> dict[Window, list[Figure]]:
    """Per window of ``q``: one figure per unit × indicator (× option of ``q.by``, see ``split_by``)."""
    compiled = compile_indicators(session, q.indicators)
    split = split_by(session, [(i.code, i.tree) for i in compiled], q.by) if q.by else None
    wants: dict[Window, set[tuple[Ref, Window]]] = {}
    for window in q.windows:
        wants[window] = set()
        for indicator in compiled:
            needed(indicator.tree, window, wants[window])
    refs = {ref for found in wants.values() for ref, _ in found}
    elements = resolve_elements(session, sorted({r.element for r in refs})) if refs else []
    by_code = {e.code: e for e in elements}
    rules: dict[int, ElementRule] = element_rules(session, [e.id for e in elements])
    graph = unit_graph(session)
    every_window = sorted({w for found in wants.values() for _, w in found} | set(q.windows),
                          key=lambda w: (w.start, w.end))  # fmt: skip
    evaluation = _evaluation(session, graph, rules, dataclasses.replace(q, windows=every_window))
    epochs: dict[date, list[Window]] = defaultdict(list)
    for window in q.windows:
        epochs[graph.epoch(reference_day(q, window))].append(window)
    # (the answer's option key, the option read): one row per option with ``by``, else the total.
    options = [(split.key(o), o) for o in split.options] if split else [("", "")]
    answers: dict[Window, list[Figure]] = {}
    for windows in epochs.values():
        day = reference_day(q, windows[-1])
        unit_ids = units_on(session, graph, scope, q, day)
        inputs = {w for window in windows for _, w in wants[window]} | set(windows)
        span = Window("", min(w.start for w in inputs), max(w.end for w in inputs))
        cells = _cells(session, scope, q, evaluation, [e.id for e in elements], unit_ids, span, day)
        for window in windows:
            found = answers[window] = []
            for unit_id in unit_ids:
                marks = _Marks(evaluation, graph, q.view, unit_id, window)
                gets = [(key, Inputs(cells, by_code, rules, marks, unit_id, split, o)) for key, o in options]
                code, name, level = unit_label(graph, unit_id, window, reference_day(q, window))
                for indicator in compiled:
                    for key, get in gets:
                        value, flags = compute(indicator.tree, window, get)
                        shown = None if value is None else round(value, 10)
                        found.append(Figure(indicator.code, indicator.name, code, name, level, window.label,
                                            key, shown, ordered(flags)))  # fmt: skip
    return answers
