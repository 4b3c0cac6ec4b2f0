"""The units tree and succession links in memory, cached per process and database.

Rollup maintenance walks up the tree of a period for every value, and the "today" map follows
succession links: both are dictionary look-ups here instead of recursive queries. The cache is keyed
by the database URL and the units tables' revision (``UnitsRevision``, raised by triggers on every
write to them), so a units import or a new succession is seen by the next call; ``invalidate()``
drops it explicitly.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.timeutil import today
from baocao.units.models import SuccessionKind, UnitLevel, UnitsRevision, UnitSuccession, UnitVersion

# Figures add up along the territorial tree only: commune → (district) → province → Chính phủ.
# Ministries' figures stay at the ministry.
TERRITORIAL = frozenset({UnitLevel.COMMUNE.value, UnitLevel.DISTRICT.value, UnitLevel.PROVINCE.value})
ROLLS_INTO = frozenset({UnitLevel.DISTRICT.value, UnitLevel.PROVINCE.value, UnitLevel.GOVERNMENT.value})


@dataclass(frozen=True)
class UnitAt:
    unit_id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: date
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class Link:
    successor_id: int
    effective_date: date
    kind: str
    share: float | None


@dataclass
class UnitGraph:
    versions: dict[int, list[UnitAt]] = field(default_factory=lambda: defaultdict(list))
    links: dict[int, list[Link]] = field(default_factory=lambda: defaultdict(list))
    children_of: dict[int, list[UnitAt]] = field(default_factory=lambda: defaultdict(list))
    change_days: list[date] = field(default_factory=list)  # every valid_from / valid_to, sorted

    def epoch(self, day: date) -> date:
        """The last day on or before ``day`` when any unit changed: days of one epoch see one tree."""
        i = bisect_right(self.change_days, day)
        return self.change_days[i - 1] if i else date.min

    def at(self, unit_id: int, day: date) -> UnitAt | None:
        """The unit's version in force on ``day``."""
        for version in self.versions.get(unit_id, ()):
            if version.valid_on(day):
                return version
        return None

    def last_day_within(self, unit_id: int, start: date, end: date) -> date:
        """The day to read the tree for a figure of ``[start, end]``: the period's last day, or the
        unit's last day in force if it ended within the period."""
        for version in reversed(self.versions.get(unit_id, ())):
            if version.valid_from <= end and (version.valid_to is None or version.valid_to > start):
                if version.valid_to is not None and version.valid_to <= end:
                    return date.fromordinal(version.valid_to.toordinal() - 1)
                return end
        return end

    def path_up(self, unit_id: int, day: date) -> list[int]:
        """The unit and the territorial units its figures roll into on ``day``, bottom up."""
        path = [unit_id]
        current = self.at(unit_id, day)
        while current is not None and current.level in TERRITORIAL and current.parent_id is not None:
            parent = self.at(current.parent_id, day)
            if parent is None or parent.level not in ROLLS_INTO or parent.unit_id in path:
                break
            path.append(parent.unit_id)
            current = parent
        return path

    def children(self, unit_id: int, day: date) -> list[UnitAt]:
        """Units whose figures roll into ``unit_id`` on ``day``."""
        parent = self.at(unit_id, day)
        if parent is None or parent.level not in ROLLS_INTO:
            return []
        return [c for c in self.children_of.get(unit_id, ()) if c.valid_on(day) and c.level in TERRITORIAL]

    def today_targets(self, unit_id: int, on: date | None = None) -> list[tuple[int, float, bool]]:
        """Today's units that carry ``unit_id``'s figures: ``(unit_id, weight, apportioned)``.

        A unit in force today carries its own. Otherwise the succession links are followed: a full
        link carries everything, partial links carry the declared ``share`` or, without one, an equal
        part among the partial successors."""
        on = on or today()
        found: dict[int, tuple[float, bool]] = {}
        self._follow(unit_id, on, 1.0, False, found, 0)
        return [(uid, w, a) for uid, (w, a) in found.items()]

    def _follow(
        self, unit_id: int, on: date, weight: float, apportioned: bool, found: dict[int, tuple[float, bool]],
        depth: int,
    ) -> None:  # fmt: skip
        links = self.links.get(unit_id, [])
        if self.at(unit_id, on) is not None or not links or depth > 12:
            if self.at(unit_id, on) is not None:
                w, a = found.get(unit_id, (0.0, False))
                found[unit_id] = (w + weight, a or apportioned)
            return
        partial = [link for link in links if link.kind == SuccessionKind.PARTIAL.value]
        for link in links:
            if link.kind == SuccessionKind.PARTIAL.value:
                share = link.share if link.share is not None else 1.0 / len(partial)
                self._follow(link.successor_id, on, weight * share, True, found, depth + 1)
            else:
                self._follow(link.successor_id, on, weight, apportioned, found, depth + 1)


_LOCK = threading.Lock()
_CACHE: dict[str, tuple[int, UnitGraph]] = {}


def _revision(session: Session) -> int:
    """The units tables' revision (raised by database triggers on every write to them)."""
    return session.execute(select(UnitsRevision.revision).where(UnitsRevision.id == 1)).scalar_one()


def _load(session: Session) -> UnitGraph:
    graph = UnitGraph()
    rows = session.execute(
        select(
            UnitVersion.unit_id, UnitVersion.code, UnitVersion.name, UnitVersion.level,
            UnitVersion.parent_id, UnitVersion.valid_from, UnitVersion.valid_to,
        ).order_by(UnitVersion.unit_id, UnitVersion.valid_from)
    )  # fmt: skip
    for row in rows:
        version = UnitAt(*row)
        graph.versions[version.unit_id].append(version)
        if version.parent_id is not None:
            graph.children_of[version.parent_id].append(version)
    graph.change_days = sorted(
        {v.valid_from for vs in graph.versions.values() for v in vs}
        | {v.valid_to for vs in graph.versions.values() for v in vs if v.valid_to is not None}
    )
    links = session.execute(
        select(
            UnitSuccession.predecessor_id, UnitSuccession.successor_id, UnitSuccession.effective_date,
            UnitSuccession.kind, UnitSuccession.share,
        ).order_by(UnitSuccession.id)
    )  # fmt: skip
    for pred, succ, effective, kind, share in links:
        graph.links[pred].append(Link(succ, effective, kind, share))
    return graph


def unit_graph(session: Session) -> UnitGraph:
    """The cached graph of the session's database (reloaded when the units tables changed)."""
    key = str(session.get_bind().engine.url)
    revision = _revision(session)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == revision:
            return cached[1]
    graph = _load(session)
    with _LOCK:
        _CACHE[key] = (revision, graph)
    return graph


def invalidate() -> None:
    """Forget every cached graph (after changing units outside the usual imports)."""
    with _LOCK:
        _CACHE.clear()
