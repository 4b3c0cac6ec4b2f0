"""Rollups for a whole batch, computed by the database: the arithmetic of ``baocao.analytics.rollup``
(a unit's effective figure is its own when it has one, else its children's aggregate; changes carried
up by deltas; today's map fed through the succession links) as a few ``INSERT ... SELECT`` statements
per tree level over temporary tables, instead of Python per value.

Python only describes the trees the batch touches (``bulk_tree``: each (unit, period) node's level and
parent on the period's reference day; ``bulk_today``: today's tree; ``bulk_targets``: the succession
weights) — one row per node, not per value. Then, per map and level, bottom up:

1. the deltas arriving at the level's nodes are summed per node (``bulk_delta`` → ``bulk_level``);
2. each node's change of effective figure is computed against its stored row (``bulk_change``);
3. the changes of elements that add up go to the parent as child deltas (back into ``bulk_delta``).

Today's map starts from every as-it-was change, scaled by the succession weights. At the end the summed
deltas of every node are added to ``analytics_rollups`` in one upsert (``col = col + excluded.col``).
The totals are those of the one-value-at-a-time path: a node's final figures are sums of its children's
effective figures, whatever order the deltas come in.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from baocao.analytics.graph import UnitGraph
from baocao.analytics.queries import ROLLUP_DELTAS, ROLLUP_KEY
from baocao.catalog.models import UnitAggregation
from baocao.imports.temp import TempTables

RANK = {"commune": 0, "district": 1, "province": 2, "government": 3}
PARTS = ("s", "w", "n", "a")  # sum, weight, count, apportioned (see ``rollup.Part``)
OWN = ", ".join(f"o{p}" for p in PARTS)
CHILD = ", ".join(f"c{p}" for p in PARTS)
Node = tuple[int, int, int | None, int]  # unit, level, parent (None: top), parent's level

TABLES = {
    "bulk_figures": "e INTEGER, p VARCHAR(16), o VARCHAR(200), u INTEGER, "
    "s FLOAT, w FLOAT DEFAULT 1.0, n INTEGER DEFAULT 1, a INTEGER DEFAULT 0, sid INTEGER, ver INTEGER",
    "bulk_tree": "u INTEGER, p VARCHAR(16), lv INTEGER, parent INTEGER, plv INTEGER, leaf INTEGER, "
    "PRIMARY KEY (u, p)",
    "bulk_today": "u INTEGER PRIMARY KEY, lv INTEGER, parent INTEGER, plv INTEGER, leaf INTEGER",
    "bulk_targets": "u INTEGER, target INTEGER, wt FLOAT, app INTEGER",
    "bulk_rolls": "e INTEGER PRIMARY KEY",
    "bulk_periods": "p VARCHAR(16) PRIMARY KEY, type VARCHAR(16), start DATE, stop DATE",
    "bulk_delta": "m VARCHAR(12), e INTEGER, p VARCHAR(16), o VARCHAR(200), u INTEGER, lv INTEGER, "
    "os FLOAT, ow FLOAT, on_ INTEGER, oa INTEGER, cs FLOAT, cw FLOAT, cn INTEGER, ca INTEGER",
    "bulk_level": "m VARCHAR(12), e INTEGER, p VARCHAR(16), o VARCHAR(200), u INTEGER, lv INTEGER, "
    "os FLOAT, ow FLOAT, on_ INTEGER, oa INTEGER, cs FLOAT, cw FLOAT, cn INTEGER, ca INTEGER",
    "bulk_change": "m VARCHAR(12), e INTEGER, p VARCHAR(16), o VARCHAR(200), u INTEGER, lv INTEGER, "
    "s FLOAT, w FLOAT, n INTEGER, a INTEGER",
}
_OWN_COLS = "os, ow, on_, oa"
_CHILD_COLS = "cs, cw, cn, ca"


class Trees:
    """The nodes a batch reaches in both maps, from the units graph in memory (cached per unit/day)."""

    def __init__(self, graph: UnitGraph, on: date) -> None:
        self.graph, self.on = graph, on
        self._paths: dict[tuple[int, date], list[Node]] = {}
        self._days: dict[tuple[int, date, date], date] = {}
        self.tree: dict[tuple[int, str], Node] = {}
        self.targets: dict[int, list[tuple[int, float, bool]]] = {}
        self.today: dict[int, Node] = {}

    def _nodes(self, unit_id: int, day: date) -> list[Node]:
        """The path up from ``unit_id`` on ``day``, each node with a level above its child's (the
        same for every day of one epoch of the tree)."""
        key = (unit_id, self.graph.epoch(day))
        found = self._paths.get(key)
        if found is None:
            path = self.graph.path_up(unit_id, day)
            levels: list[int] = []
            for uid in path:
                version = self.graph.at(uid, day)
                rank = RANK.get(version.level, 0) if version else 0
                levels.append(max(rank, levels[-1] + 1) if levels else rank)
            found = [
                (uid, levels[i], path[i + 1] if i + 1 < len(path) else None, 0) for i, uid in enumerate(path)
            ]
            self._paths[key] = found
        return found

    def add(self, unit_id: int, period: str, start: date, end: date) -> None:
        """A unit's own figure for a period: its path as it was and, for each node, today's."""
        key = (unit_id, start, end)
        day = self._days.get(key)
        if day is None:
            day = self._days[key] = self.graph.last_day_within(unit_id, start, end)
        tree = self.tree
        for node in self._nodes(unit_id, day):
            if (node[0], period) in tree:
                continue
            tree[(node[0], period)] = node
            if node[0] not in self.targets:
                targets = self.targets[node[0]] = self.graph.today_targets(node[0], self.on)
                for target, _, _ in targets:
                    for up in self._nodes(target, self.on):
                        self.today.setdefault(up[0], up)


def rolls_of(rules: dict[int, str]) -> list[int]:
    """The elements whose figures add up over units (aggregation over units other than none)."""
    return sorted(e for e, units in rules.items() if units != UnitAggregation.NONE.value)


def load_trees(temp: TempTables, trees: Trees) -> None:
    """Fill the tree tables; a parent's level is read from its own node, so every delta for one node
    arrives at one level."""
    tree, today = trees.tree, trees.today
    parents = {(n[2], p) for (_, p), n in tree.items() if n[2] is not None}
    temp.fill(
        "bulk_tree",
        (
            (
                u,
                p,
                lv,
                parent,
                tree[(parent, p)][1] if parent is not None else None,
                int((u, p) not in parents),
            )
            for (_, p), (u, lv, parent, _) in tree.items()
        ),
    )
    parents_today = {n[2] for n in today.values() if n[2] is not None}
    temp.fill(
        "bulk_today",
        (
            (u, lv, parent, today[parent][1] if parent is not None else None, int(u not in parents_today))
            for u, lv, parent, _ in today.values()
        ),
    )
    temp.fill(
        "bulk_targets",
        ((u, t, w, int(a)) for u, targets in trees.targets.items() for t, w, a in targets),
    )


def _key_match(alias: str, view: str) -> str:
    return (
        f"r.map = '{view}' AND r.data_element_id = {alias}.e AND r.unit_id = {alias}.u "
        f"AND r.period = {alias}.p AND r.option_key = {alias}.o"
    )


def _eff(name: str, part: str, own_delta: str, child_delta: str) -> str:
    """The change of effective figure for one part: own when own n > 0, else the children's."""
    own, child = f"coalesce(r.own_{part}, 0)", f"coalesce(r.child_{part}, 0)"
    new = (
        f"CASE WHEN coalesce(r.own_n, 0) + l.on_ > 0 THEN {own} + l.{own_delta} "
        f"ELSE {child} + l.{child_delta} END"
    )
    old = f"CASE WHEN coalesce(r.own_n, 0) > 0 THEN {own} ELSE {child} END"
    return f"({new}) - ({old}) AS {name}"


EFFECTIVE = ", ".join(
    _eff(name, part, own, child)
    for name, part, own, child in (
        ("s", "sum", "os", "cs"),
        ("w", "weight", "ow", "cw"),
        ("n", "n", "on_", "cn"),
        ("a", "apportioned", "oa", "ca"),
    )
)


_SUMS = "sum(os), sum(ow), sum(on_), sum(oa), sum(cs), sum(cw), sum(cn), sum(ca)"
_INTO_DELTA = f"INSERT INTO bulk_delta (m, e, p, o, u, lv, {_OWN_COLS}, {_CHILD_COLS}) "
_INTO_LEVEL = f"INSERT INTO bulk_level (m, e, p, o, u, lv, {_OWN_COLS}, {_CHILD_COLS}) "


def _levels(session: Session, view: str, levels: list[int], tree_join: str) -> None:
    """Steps 1–3 for every level of ``view``, bottom up. A leaf's deltas are in ``bulk_level``
    already (they come from one place each); a parent's are summed here."""
    for level in levels:
        params = {"m": view, "lv": level}
        session.execute(
            text(
                _INTO_LEVEL + f"SELECT m, e, p, o, u, lv, {_SUMS} FROM bulk_delta "  # noqa: S608
                "WHERE m = :m AND lv = :lv GROUP BY m, e, p, o, u, lv"
            ),
            params,
        )
        session.execute(
            text(
                "INSERT INTO bulk_change (m, e, p, o, u, lv, s, w, n, a) "  # noqa: S608
                "SELECT m, e, p, o, u, lv, s, w, n, a FROM "
                f"(SELECT l.m, l.e, l.p, l.o, l.u, l.lv, {EFFECTIVE} "
                f"FROM bulk_level l LEFT JOIN analytics_rollups r ON {_key_match('l', view)} "
                "WHERE l.m = :m AND l.lv = :lv) x WHERE NOT (s = 0 AND w = 0 AND n = 0 AND a = 0)"
            ),
            params,
        )
        session.execute(
            text(
                _INTO_DELTA + "SELECT c.m, c.e, c.p, c.o, t.parent, t.plv, 0, 0, 0, 0, "  # noqa: S608
                f"sum(c.s), sum(c.w), sum(c.n), sum(c.a) FROM bulk_change c JOIN {tree_join} "
                "WHERE c.m = :m AND c.lv = :lv AND t.parent IS NOT NULL "
                "AND c.e IN (SELECT e FROM bulk_rolls) GROUP BY c.m, c.e, c.p, c.o, t.parent, t.plv"
            ),
            params,
        )


def carry(session: Session, trees: Trees) -> None:
    """From ``bulk_figures`` (the new own figures, as it was) to every node's deltas in ``bulk_level``."""
    own = (
        "SELECT 'as_it_was', f.e, f.p, f.o, f.u, t.lv, f.s - coalesce(r.own_sum, 0), "  # noqa: S608
        "f.w - coalesce(r.own_weight, 0), f.n - coalesce(r.own_n, 0), "
        "f.a - coalesce(r.own_apportioned, 0), 0, 0, 0, 0 "
        "FROM bulk_figures f JOIN bulk_tree t ON t.u = f.u AND t.p = f.p "
        f"LEFT JOIN analytics_rollups r ON {_key_match('f', 'as_it_was')} WHERE t.leaf = :leaf"
    )
    session.execute(text(_INTO_LEVEL + own), {"leaf": 1})
    session.execute(text(_INTO_DELTA + own), {"leaf": 0})
    _levels(
        session,
        "as_it_was",
        sorted({n[1] for n in trees.tree.values()}),
        "bulk_tree t ON t.u = c.u AND t.p = c.p",
    )
    onto = (
        "SELECT 'today', c.e, c.p, c.o, g.target, tt.lv, sum(c.s * g.wt), sum(c.w * g.wt), sum(c.n), "
        "sum(c.a + CASE WHEN g.app = 1 THEN c.n ELSE 0 END), 0, 0, 0, 0 "
        "FROM bulk_change c JOIN bulk_targets g ON g.u = c.u JOIN bulk_today tt ON tt.u = g.target "
        "WHERE c.m = 'as_it_was' AND tt.leaf = :leaf AND (c.e IN (SELECT e FROM bulk_rolls) "
        "OR (g.target = g.u AND g.app = 0)) GROUP BY c.e, c.p, c.o, g.target, tt.lv"
    )
    session.execute(text(_INTO_LEVEL + onto), {"leaf": 1})
    session.execute(text(_INTO_DELTA + onto), {"leaf": 0})
    _levels(session, "today", sorted({n[1] for n in trees.today.values()}), "bulk_today t ON t.u = c.u")


def write(session: Session) -> None:
    """Add every node's summed deltas to its rollup row (created when new), in key order: the index
    pages are visited once each, in turn (a large table does not fit in the cache), and concurrent
    writers lock rows alike on PostgreSQL."""
    order = "ORDER BY l.m, l.e, l.u, l.p, l.o "
    names = ", ".join((*ROLLUP_KEY, "period_type", "period_start", "period_end", *ROLLUP_DELTAS))
    keys = ", ".join(ROLLUP_KEY)
    sets = ", ".join(f"{c} = analytics_rollups.{c} + excluded.{c}" for c in ROLLUP_DELTAS)
    zero = " AND ".join(f"l.{c} = 0" for c in ("os", "ow", "on_", "oa", "cs", "cw", "cn", "ca"))
    session.execute(
        text(
            f"INSERT INTO analytics_rollups ({names}) "  # noqa: S608 - fixed names only
            f"SELECT l.m, l.e, l.u, l.p, l.o, bp.type, bp.start, bp.stop, {_OWN_COLS}, {_CHILD_COLS} "
            f"FROM bulk_level l JOIN bulk_periods bp ON bp.p = l.p WHERE NOT ({zero}) {order}"
            f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"
        )
    )
