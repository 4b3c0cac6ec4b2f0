"""Keeping facts and rollups current, in the transaction that changes a submission's state.

``on_version_sealed`` is the single entry point, called by ``baocao.submissions.workflow`` when a
version becomes submitted, accepted or returned:

* submitted: the version's values become ``submitted`` facts (replacing the submission's earlier
  submitted ones); rollups do not change (they hold accepted figures only).
* accepted: the submission's current accepted and submitted facts are closed (``known_to = now``),
  the version's values become ``accepted`` facts (``known_from = now``), and every touched
  (element, unit, period, option) has its own figure recomputed and the change carried up both maps.
* returned: the submitted facts are closed.

A reopen changes nothing: the last accepted values stay the official figures until a new version is
accepted, which replaces them at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from sqlalchemy import insert
from sqlalchemy.orm import Session

from baocao.analytics import queries
from baocao.analytics.graph import UnitGraph, unit_graph
from baocao.analytics.models import Fact, FactStatus, MapView, Rollup
from baocao.analytics.rollup import Key, Node, Part, set_own
from baocao.audit.types import utc_now
from baocao.catalog.models import UnitAggregation
from baocao.periods.periods import parse_period
from baocao.submissions.models import Submission, SubmissionState, SubmissionVersion
from baocao.timeutil import today


@dataclass(frozen=True)
class ElementRule:
    units: str
    time: str
    categories: int


def element_rules(session: Session, element_ids: list[int]) -> dict[int, ElementRule]:
    found: dict[int, list[str]] = {}
    cats: dict[int, int] = defaultdict(int)
    for element_id, units, time, category in session.execute(queries.element_rules(element_ids)):
        found[element_id] = [units, time]
        if category is not None:
            cats[element_id] += 1
    return {i: ElementRule(u, t, cats[i]) for i, (u, t) in found.items()}


@dataclass
class DbStore:
    """Rollup nodes read from the database once, changed in memory, written back as deltas."""

    session: Session
    nodes: dict[tuple[MapView, Key, int], Node] = field(default_factory=dict)
    prefetched: dict[MapView, tuple[set[Key], set[int]]] = field(default_factory=dict)

    def prefetch(self, view: MapView, keys: list[Key], unit_ids: set[int]) -> None:
        """Read every existing row of ``keys`` × ``unit_ids`` in one query; the others are new."""
        self.prefetched[view] = (set(keys), set(unit_ids))
        by = {(k.element_id, k.period, k.option_key): k for k in keys}
        stmt = queries.rollup_rows(
            view.value, sorted({k.element_id for k in keys}), sorted(unit_ids),
            sorted({k.period for k in keys}), sorted({k.option_key for k in keys}),
        )  # fmt: skip
        for row in self.session.scalars(stmt):
            found = by.get((row.data_element_id, row.period, row.option_key))
            if found is not None:
                self.nodes[(view, found, row.unit_id)] = node_of(row)

    def node(self, view: MapView, key: Key, unit_id: int) -> Node:
        found = self.nodes.get((view, key, unit_id))
        if found is None:
            keys, units = self.prefetched.get(view, (set(), set()))
            row = None
            if key not in keys or unit_id not in units:
                stmt = queries.rollup_rows(
                    view.value, [key.element_id], [unit_id], [key.period], [key.option_key]
                )
                row = self.session.scalars(stmt).first()
            found = self.nodes[(view, key, unit_id)] = node_of(row) if row else Node()
        return found

    def write(self) -> int:
        rows = []
        for (view, key, unit_id), node in self.nodes.items():
            if node.d_own.is_zero and node.d_child.is_zero:
                continue
            rows.append({
                "map": view.value, "data_element_id": key.element_id, "unit_id": unit_id,
                "period": key.period, "option_key": key.option_key, "period_type": key.period_type,
                "period_start": key.period_start, "period_end": key.period_end,
                **_columns("own", node.d_own), **_columns("child", node.d_child),
            })  # fmt: skip
        if rows:
            # One order for every transaction, so concurrent accepts lock rows alike (no deadlock).
            rows.sort(key=lambda r: tuple(str(r[k]) for k in queries.ROLLUP_KEY))
            self.session.execute(queries.upsert_rollups(self.session), rows)
        return len(rows)


def node_of(row: Rollup) -> Node:
    return Node(
        own=Part(row.own_sum, row.own_weight, row.own_n, row.own_apportioned),
        child=Part(row.child_sum, row.child_weight, row.child_n, row.child_apportioned),
    )


def _columns(prefix: str, part: Part) -> dict[str, float | int]:
    return {f"{prefix}_sum": part.sum, f"{prefix}_weight": part.weight, f"{prefix}_n": part.n,
            f"{prefix}_apportioned": part.apportioned}  # fmt: skip


def key_for(element_id: int, period: str, option_key: str) -> Key:
    when = parse_period(period)
    return Key(element_id, period, option_key, when.type.value, when.start, when.end)


def with_totals(
    values: dict[tuple[int, str], float], rules: dict[int, ElementRule]
) -> dict[tuple[int, str], float]:
    """The numeric values of a version as facts: plus the total over options ("") where the options
    add up (one disaggregation, summed over units) and the form did not give it."""
    totals: dict[int, float] = defaultdict(float)
    for (element_id, option_key), value in values.items():
        rule = rules.get(element_id)
        if option_key and rule and rule.categories == 1 and rule.units == UnitAggregation.SUM.value:
            totals[element_id] += value
    for element_id, total in totals.items():
        values.setdefault((element_id, ""), total)
    return values


def _fact_rows(
    session: Session, submission: Submission, version: SubmissionVersion, status: FactStatus, at: datetime
) -> list[dict[str, object]]:
    values = {(e, o): v for e, o, v in session.execute(queries.version_values(version.id)) if v is not None}
    values = with_totals(values, element_rules(session, [e for e, _ in values]))
    when = parse_period(submission.period)
    return [
        {"data_element_id": e, "unit_id": submission.unit_id, "period": submission.period,
         "period_type": when.type.value, "period_start": when.start, "period_end": when.end,
         "option_key": o, "value": float(v), "submission_id": submission.id, "version": version.version,
         "status": status.value, "known_from": at, "known_to": None}
        for (e, o), v in sorted(values.items())
    ]  # fmt: skip


def on_version_sealed(session: Session, submission: Submission, version: SubmissionVersion) -> None:
    """Bring facts and rollups up to date with ``version``'s new state (see the module's notes).
    Reads and writes with Core statements and no autoflush: the caller's pending changes to the
    submission are flushed (and checked for conflicts) by the caller."""
    with session.no_autoflush:
        state = version.state
        if state == SubmissionState.SUBMITTED.value:
            at = version.submitted_at or utc_now()
            session.execute(queries.supersede(submission.id, (FactStatus.SUBMITTED,), at))
            rows = _fact_rows(session, submission, version, FactStatus.SUBMITTED, at)
            if rows:
                session.execute(insert(Fact), rows)
        elif state == SubmissionState.RETURNED.value:
            session.execute(
                queries.supersede(submission.id, (FactStatus.SUBMITTED,), version.decided_at or utc_now())
            )
        elif state == SubmissionState.ACCEPTED.value:
            _accept(session, submission, version, version.decided_at or utc_now())


def _accept(session: Session, submission: Submission, version: SubmissionVersion, at: datetime) -> None:
    old: set[tuple[int, int, str, str]] = {
        (e, u, p, o)
        for e, u, p, o in session.execute(queries.current_facts_of(submission.id, FactStatus.ACCEPTED))
    }
    session.execute(queries.supersede(submission.id, (FactStatus.SUBMITTED, FactStatus.ACCEPTED), at))
    rows = _fact_rows(session, submission, version, FactStatus.ACCEPTED, at)
    if rows:
        session.execute(insert(Fact), rows)
    new = {(e, submission.unit_id, submission.period, o) for e, o in _keys(rows)}
    refresh_own(session, old | new)


def _keys(rows: list[dict[str, object]]) -> list[tuple[int, str]]:
    return [(cast(int, r["data_element_id"]), cast(str, r["option_key"])) for r in rows]


def refresh_own(session: Session, touched: set[tuple[int, int, str, str]]) -> None:
    """Recompute the own figure of each (element, unit, period, option) from the current accepted
    facts (the latest accepted wins when several submissions give the same figure) and carry the
    changes up both maps. Bulk-friendly: one read of facts, one of rollups per map, one upsert."""
    if not touched:
        return
    element_ids = sorted({t[0] for t in touched})
    latest: dict[tuple[int, int, str, str], float] = {}
    stmt = queries.current_accepted(
        element_ids, sorted({t[1] for t in touched}), sorted({t[2] for t in touched})
    )
    for e, u, p, o, found in session.execute(stmt):
        latest.setdefault((e, u, p, o), found)
    rules = element_rules(session, element_ids)
    graph = unit_graph(session)
    store = DbStore(session)
    on = today()
    _prefetch(store, graph, touched, rules, on)
    for e, u, p, o in sorted(touched):
        value = latest.get((e, u, p, o))
        new = Part(value, 1.0, 1, 0) if value is not None else Part()
        rule = rules.get(e)
        set_own(
            store, graph, key_for(e, p, o), u, new, rule.units if rule else UnitAggregation.NONE.value, on
        )
    store.write()


def _prefetch(
    store: DbStore, graph: UnitGraph, touched: set[tuple[int, int, str, str]], rules: dict[int, ElementRule],
    on: date,
) -> None:  # fmt: skip
    keys = sorted(
        {key_for(e, p, o) for e, _, p, o in touched}, key=lambda k: (k.element_id, k.period, k.option_key)
    )
    old_units: set[int] = set()
    today_units: set[int] = set()
    for _, u, p, _ in touched:
        key = key_for(0, p, "")
        path = graph.path_up(u, graph.last_day_within(u, key.period_start, key.period_end))
        old_units.update(path)
        for unit_id in path:
            for target, _, _ in graph.today_targets(unit_id, on):
                today_units.update(graph.path_up(target, on))
    store.prefetch(MapView.AS_IT_WAS, keys, old_units)
    if today_units:
        store.prefetch(MapView.TODAY, keys, today_units)


def rebuild_rollups(session: Session, chunk: int = 2000) -> int:
    """Recompute every rollup from the current accepted facts (after a bulk load, or to repair);
    returns the number of (element, unit, period, option) figures fed. Never commits."""
    session.execute(queries.delete_rollups())
    keys = sorted({(e, u, p, o) for e, u, p, o in session.execute(queries.current_accepted_keys())})
    for first in range(0, len(keys), chunk):
        refresh_own(session, {(e, u, p, o) for e, u, p, o in keys[first : first + chunk]})
    return len(keys)
