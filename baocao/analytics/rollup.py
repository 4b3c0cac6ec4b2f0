"""The rollup arithmetic, shared by the database maintenance and the in-memory evaluation (vintages,
submitted values, lineage): set a unit's own figure, then carry the change of its effective figure up
the tree by deltas.

A figure is a ``Part``: sum, weight (for averages: sum / weight), the number of contributing values
and how many of those were apportioned. A unit's effective figure is its own when it has one, else
its children's aggregate: a province that reports its consolidated figure is never added to its
communes' figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from baocao.analytics.graph import UnitGraph
from baocao.analytics.models import MapView
from baocao.catalog.models import UnitAggregation
from baocao.timeutil import today


@dataclass(frozen=True)
class Part:
    sum: float = 0.0
    weight: float = 0.0
    n: int = 0
    apportioned: int = 0

    def __add__(self, other: Part) -> Part:
        return Part(self.sum + other.sum, self.weight + other.weight, self.n + other.n,
                    self.apportioned + other.apportioned)  # fmt: skip

    def __sub__(self, other: Part) -> Part:
        return Part(self.sum - other.sum, self.weight - other.weight, self.n - other.n,
                    self.apportioned - other.apportioned)  # fmt: skip

    def scaled(self, weight: float, apportioned: bool) -> Part:
        extra = self.n if apportioned else 0
        return Part(self.sum * weight, self.weight * weight, self.n, self.apportioned + extra)

    @property
    def is_zero(self) -> bool:
        return self.n == 0 and self.apportioned == 0 and self.sum == 0.0 and self.weight == 0.0


@dataclass(frozen=True)
class Key:
    """What a rollup row is about, apart from the map and the unit."""

    element_id: int
    period: str
    option_key: str
    period_type: str
    period_start: date
    period_end: date


@dataclass
class Node:
    own: Part = field(default_factory=Part)
    child: Part = field(default_factory=Part)
    d_own: Part = field(default_factory=Part)  # changes made in this run (the database store writes them)
    d_child: Part = field(default_factory=Part)

    @property
    def effective(self) -> Part:
        return self.own if self.own.n > 0 else self.child


class Store(Protocol):
    def node(self, view: MapView, key: Key, unit_id: int) -> Node: ...


@dataclass
class MemoryStore:
    nodes: dict[tuple[MapView, Key, int], Node] = field(default_factory=dict)

    def node(self, view: MapView, key: Key, unit_id: int) -> Node:
        return self.nodes.setdefault((view, key, unit_id), Node())


def _carry(store: Store, view: MapView, key: Key, path: list[int], own_delta: Part) -> list[tuple[int, Part]]:
    """Add ``own_delta`` to the own figure of ``path[0]`` and carry the effective change up ``path``.
    Returns each unit whose effective figure changed, with the change."""
    changed: list[tuple[int, Part]] = []
    delta, own = own_delta, True
    for unit_id in path:
        node = store.node(view, key, unit_id)
        before = node.effective
        if own:
            node.own, node.d_own = node.own + delta, node.d_own + delta
            own = False
        else:
            node.child, node.d_child = node.child + delta, node.d_child + delta
        delta = node.effective - before
        if delta.is_zero:
            break
        changed.append((unit_id, delta))
    return changed


def set_own(
    store: Store,
    graph: UnitGraph,
    key: Key,
    unit_id: int,
    new: Part,
    aggregation: str,
    on: date | None = None,
) -> None:
    """Make ``new`` the unit's own figure (as it was) and update both maps."""
    day = graph.last_day_within(unit_id, key.period_start, key.period_end)
    node = store.node(MapView.AS_IT_WAS, key, unit_id)
    delta = new - node.own
    if delta.is_zero:
        return
    rolls = aggregation != UnitAggregation.NONE.value
    path = graph.path_up(unit_id, day) if rolls else [unit_id]
    changed = _carry(store, MapView.AS_IT_WAS, key, path, delta)
    on = on or today()
    for old_unit, change in changed:
        for target, weight, apportioned in graph.today_targets(old_unit, on):
            if not rolls and (target != old_unit or apportioned):
                continue  # a figure that does not add up is not carried onto another unit
            today_path = graph.path_up(target, on) if rolls else [target]
            _carry(store, MapView.TODAY, key, today_path, change.scaled(weight, apportioned))
