"""Where an indicator figure came from: every element figure its expression read (nested indicators
inlined; ``growth``, ``yoy`` and ``ytd`` over their shifted windows), each with the submissions and
values that made it. The inputs are read exactly as ``evaluate_indicators`` reads them, on the
in-memory path of ``baocao.analytics.evaluate``, so the value shown and its sources agree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.analytics.evaluate import evaluate
from baocao.analytics.graph import unit_graph
from baocao.analytics.lineage import Source, facts_behind, sources
from baocao.analytics.maintain import element_rules
from baocao.analytics.service import (
    AnalyticsQuery,
    _cells,
    _Marks,
    end_of_day,
    reference_day,
    resolve_elements,
    units_on,
)
from baocao.analytics.windows import Window
from baocao.errors import invalid
from baocao.indicators.evaluate import compile_indicators, compute, needed, ordered
from baocao.indicators.expressions import Expr, Ref
from baocao.indicators.inputs import Inputs, Split, option_key, split_by
from baocao.indicators.models import Indicator


@dataclass(frozen=True)
class InputLineage:
    """One element figure the expression read: for which options and window, its value and sources."""

    element: str
    element_name: str
    options: str
    period: str
    value: float | None
    flags: tuple[str, ...]
    sources: list[Source]


@dataclass(frozen=True)
class IndicatorLineage:
    code: str
    name: str
    expression: str
    value: float | None
    flags: tuple[str, ...]
    inputs: list[InputLineage]
    sources: list[Source]  # every source of every input, once


def explain_indicator(session: Session, scope: Scope, q: AnalyticsQuery, options: str) -> IndicatorLineage:
    """The figure of ``q`` (one indicator, one unit, one window; ``options`` "" or ``category=option``
    of a ``by`` split) and the element figures and facts behind it. A unit outside the scope answers
    403, as for an element's lineage."""
    [indicator] = compile_indicators(session, q.indicators[:1])
    split, option = _split(session, indicator.code, indicator.tree, options)
    window = q.windows[0]
    graph = unit_graph(session)
    day = reference_day(q, window)
    unit_id = units_on(session, graph, scope, q, day)[0]
    wanted: set[tuple[Ref, Window]] = set()
    needed(indicator.tree, window, wanted)
    expression = session.scalar(select(Indicator.expression).where(Indicator.code == indicator.code)) or ""
    if not wanted:  # a constant reads no element
        value, flags = compute(indicator.tree, window, lambda ref, at: (None, frozenset()))
        return IndicatorLineage(indicator.code, indicator.name, expression, value, ordered(flags), [], [])
    elements = resolve_elements(session, sorted({r.element for r, _ in wanted}))
    rules = element_rules(session, [e.id for e in elements])
    span = Window("", min(w.start for _, w in wanted), max(w.end for _, w in wanted))
    known = end_of_day(q.as_known_on) if q.as_known_on else None
    evaluation = evaluate(session, graph, rules, span.start, span.end,
                          include_submitted=q.include_submitted, as_known_on=known)  # fmt: skip
    cells = _cells(session, scope, q, evaluation, [e.id for e in elements], [unit_id], span, day)
    marks = _Marks(evaluation, graph, q.view, unit_id, window)
    by_code = {e.code: e for e in elements}
    get = Inputs(cells, by_code, rules, marks, unit_id, split, option)
    value, flags = compute(indicator.tree, window, get)
    inputs: list[InputLineage] = []
    for ref, at in sorted(wanted, key=lambda w: (w[0].element, w[0].option, w[1].start, w[1].end)):
        input_value, input_flags = get(ref, at)
        facts = facts_behind(evaluation, graph, q.view, get.group(ref, at), at, unit_id)
        name = by_code[ref.element].name
        inputs.append(InputLineage(ref.element, name, option_key(get.parts(ref)), at.label, input_value,
                                   ordered(input_flags), sources(session, facts)))  # fmt: skip
    every = list(dict.fromkeys(s for i in inputs for s in i.sources))
    shown = None if value is None else round(value, 10)
    return IndicatorLineage(indicator.code, indicator.name, expression, shown, ordered(flags), inputs, every)


def _split(session: Session, code: str, tree: Expr, options: str) -> tuple[Split | None, str]:
    """``options`` of an indicator row: "" (no split) or ``category=option`` of ``by=category``."""
    if not options:
        return None, ""
    category, _, option = options.partition("=")
    if not option or ";" in options:
        raise invalid("options", f"'{options}' không phải một phân tổ (dạng t_gt=nu)",
                      f"'{options}' is not one option (like t_gt=nu)")  # fmt: skip
    split = split_by(session, [(code, tree)], category, field="options")
    if option not in split.options:
        raise invalid("options", f"Phân tổ '{category}' không có '{option}'",
                      f"Disaggregation '{category}' has no option '{option}'")  # fmt: skip
    return split, option
