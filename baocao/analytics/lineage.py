"""Where a figure came from: the submissions (unit, period, version, accepted by whom and when) and the
values that made it, found by walking the same rollups top-down."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.models import User
from baocao.access.scope import Scope
from baocao.analytics.evaluate import Evaluation, evaluate, lineage
from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.analytics.maintain import element_rules, key_for
from baocao.analytics.models import Fact, MapView
from baocao.analytics.service import (
    AnalyticsQuery,
    Cell,
    choose,
    end_of_day,
    option_groups,
    reference_day,
    resolve_elements,
    run_query,
    units_on,
)
from baocao.analytics.windows import Window
from baocao.catalog.models import DataElement
from baocao.regimes.models import Regime
from baocao.submissions.models import Submission, SubmissionVersion


@dataclass(frozen=True)
class Source:
    submission_id: int
    element: str
    regime: str
    unit: str
    unit_name: str
    period: str
    version: int
    status: str
    accepted_at: datetime | None
    accepted_by: str | None
    option_key: str
    value: float


@dataclass(frozen=True)
class Lineage:
    value: float | None
    flags: tuple[str, ...]
    sources: list[Source]


def explain(session: Session, scope: Scope, q: AnalyticsQuery, option_key: str) -> Lineage:
    """The figure of ``q`` (one element, one unit, one window) and the facts behind it."""
    by = option_key.split("=", 1)[0] if option_key else None
    q = replace(q, by=by)
    figures = [f for f in run_query(session, scope, q) if f.options == option_key]
    elements = resolve_elements(session, q.elements)
    rules = element_rules(session, [e.id for e in elements])
    graph = unit_graph(session)
    window = q.windows[0]
    unit_id = units_on(session, graph, scope, q, reference_day(q, window))[0]
    known = end_of_day(q.as_known_on) if q.as_known_on else None
    evaluation = evaluate(
        session,
        graph,
        rules,
        window.start,
        window.end,
        include_submitted=q.include_submitted,
        as_known_on=known,
    )
    cells = [
        Cell(
            k.element_id, u, k.period, k.period_type, k.period_start, k.period_end, k.option_key, n.effective
        )
        for (v, k, u), n in evaluation.store.nodes.items()
        if v == q.view and u == unit_id and n.effective.n > 0
    ]
    facts = facts_behind(
        evaluation, graph, q.view, option_groups(cells, by).get(option_key, []), window, unit_id
    )
    figure = figures[0] if figures else None
    return Lineage(figure.value if figure else None, figure.flags if figure else (), sources(session, facts))


def facts_behind(
    evaluation: Evaluation, graph: UnitGraph, view: MapView, cells: list[Cell], window: Window, unit_id: int
) -> list[Fact]:
    """The facts that made the figure of ``window`` from ``cells`` (one unit's cells of one option)."""
    facts: list[Fact] = []
    for cell in choose(cells, window)[0]:
        facts += lineage(
            evaluation, graph, view, key_for(cell.element_id, cell.period, cell.option_key), unit_id
        )
    return facts


def sources(session: Session, facts: list[Fact]) -> list[Source]:
    """The facts as sources: with their submission's regime, unit and who accepted them, and when."""
    if not facts:
        return []
    ids = sorted({f.submission_id for f in facts})
    rows = session.execute(
        select(Submission.id, Regime.code, Submission.unit_id)
        .join(Regime, Regime.id == Submission.regime_id)
        .where(Submission.id.in_(ids))
    ).all()
    regime_of = {sid: code for sid, code, _ in rows}
    decided = {
        (sid, n): (at, by)
        for sid, n, at, by in session.execute(
            select(SubmissionVersion.submission_id, SubmissionVersion.version, SubmissionVersion.decided_at,
                   User.username)
            .outerjoin(User, User.id == SubmissionVersion.decided_by_id)
            .where(SubmissionVersion.submission_id.in_(ids))
        )
    }  # fmt: skip
    element_ids = sorted({f.data_element_id for f in facts})
    codes = {i: c for i, c in session.execute(select(DataElement.id, DataElement.code)
                                              .where(DataElement.id.in_(element_ids)))}  # fmt: skip
    graph = unit_graph(session)
    out = []
    for fact in sorted(facts, key=lambda f: (f.unit_id, f.period, f.option_key)):
        unit = graph.at(fact.unit_id, graph.last_day_within(fact.unit_id, fact.period_start, fact.period_end))
        at, by = decided.get((fact.submission_id, fact.version), (None, None))
        accepted = fact.status == "accepted"
        out.append(
            Source(
                fact.submission_id,
                codes.get(fact.data_element_id, "?"),
                regime_of.get(fact.submission_id, "?"),
                unit.code if unit else "?",
                unit.name if unit else "?",
                fact.period,
                fact.version,
                fact.status,
                at if accepted else None,
                by if accepted else None,
                fact.option_key,
                fact.value,
            )
        )
    return out
