"""The slower, exact path: rebuild rollups in memory from a chosen set of facts (as known on a date,
or with submitted values) with the same arithmetic as the maintained rollups, and walk them top-down
to say which facts made a figure (lineage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from baocao.analytics import queries
from baocao.analytics.graph import UnitGraph
from baocao.analytics.maintain import ElementRule, key_for
from baocao.analytics.models import Fact, FactStatus, MapView
from baocao.analytics.rollup import Key, MemoryStore, Part, set_own
from baocao.catalog.models import UnitAggregation
from baocao.timeutil import today


@dataclass
class Evaluation:
    store: MemoryStore
    own_fact: dict[tuple[Key, int], Fact]  # the fact giving each unit's own figure (as it was)


def evaluate(
    session: Session, graph: UnitGraph, rules: dict[int, ElementRule], start: date, end: date, *,
    include_submitted: bool = False, as_known_on: datetime | None = None,
) -> Evaluation:  # fmt: skip
    """Rollups of every fact of ``rules``' elements for periods within ``[start, end]``."""
    stmt = queries.facts_in_range(
        sorted(rules), start, end, include_submitted=include_submitted, as_known_on=as_known_on
    )
    facts = list(session.scalars(stmt))
    # Within a submission a submitted (newer) version replaces the accepted one.
    by_cell: dict[tuple[int, int, str], Fact] = {}
    for fact in sorted(facts, key=lambda f: (f.status == FactStatus.SUBMITTED.value, f.known_from, f.id)):
        by_cell[(fact.submission_id, fact.data_element_id, fact.option_key)] = fact
    own: dict[tuple[Key, int], Fact] = {}
    for fact in sorted(by_cell.values(), key=lambda f: (f.known_from, f.id)):
        own[(key_for(fact.data_element_id, fact.period, fact.option_key), fact.unit_id)] = fact
    store = MemoryStore()
    on = today()
    for (key, unit_id), fact in own.items():
        rule = rules.get(key.element_id)
        units = rule.units if rule else UnitAggregation.NONE.value
        set_own(store, graph, key, unit_id, Part(fact.value, 1.0, 1, 0), units, on)
    return Evaluation(store, own)


def lineage(evaluation: Evaluation, graph: UnitGraph, view: MapView, key: Key, unit_id: int) -> list[Fact]:
    """The facts that made the effective figure of ``unit_id`` for ``key`` on the map."""
    if view == MapView.AS_IT_WAS:
        return _as_it_was(evaluation, graph, key, unit_id)
    found: list[Fact] = []
    on = today()
    node = evaluation.store.nodes.get((MapView.TODAY, key, unit_id))
    if node is None or node.effective.n == 0:
        return found
    if node.own.n > 0:
        for (view_, key_, old), old_node in evaluation.store.nodes.items():
            if view_ != MapView.AS_IT_WAS or key_ != key or old_node.effective.n == 0:
                continue
            if any(target == unit_id for target, _, _ in graph.today_targets(old, on)):
                found += _as_it_was(evaluation, graph, key, old)
        return found
    for child in graph.children(unit_id, on):
        found += lineage(evaluation, graph, view, key, child.unit_id)
    return found


def _as_it_was(evaluation: Evaluation, graph: UnitGraph, key: Key, unit_id: int) -> list[Fact]:
    node = evaluation.store.nodes.get((MapView.AS_IT_WAS, key, unit_id))
    if node is None or node.effective.n == 0:
        return []
    fact = evaluation.own_fact.get((key, unit_id))
    if node.own.n > 0 and fact is not None:
        return [fact]
    day = graph.last_day_within(unit_id, key.period_start, key.period_end)
    found: list[Fact] = []
    for child in graph.children(unit_id, day):
        found += _as_it_was(evaluation, graph, key, child.unit_id)
    return found
