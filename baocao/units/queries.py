"""SQL for units: versions valid on a day, their parents, the tree below and above a unit, successions.

Everything is built with SQLAlchemy expressions (bound parameters only) and runs on SQLite and
PostgreSQL alike; the recursive CTEs use only ``WITH RECURSIVE ... UNION ALL``, which both support.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, case, func, literal_column, or_, select
from sqlalchemy.orm import QueryableAttribute, aliased
from sqlalchemy.sql.selectable import CTE

from baocao.units.models import Unit, UnitLevel, UnitSuccession, UnitVersion

# A guard against a cycle in hand-edited data: the real tree is at most four levels deep.
MAX_DEPTH = 12

LEVEL_ORDER = {level.value: rank for rank, level in enumerate(UnitLevel)}

Day = date | ColumnElement[Any] | QueryableAttribute[Any]


def valid_on(version: type[UnitVersion], day: Day) -> ColumnElement[bool]:
    """The version is in force on ``day`` (half-open ``[valid_from, valid_to)``)."""
    return and_(version.valid_from <= day, or_(version.valid_to.is_(None), version.valid_to > day))


def valid_day_before(version: type[UnitVersion], day: Day) -> ColumnElement[bool]:
    """The version was in force on the day before ``day``, without date arithmetic in SQL."""
    return and_(version.valid_from < day, or_(version.valid_to.is_(None), version.valid_to >= day))


def level_rank(version: type[UnitVersion]) -> ColumnElement[int]:
    return case(LEVEL_ORDER, value=version.level, else_=len(LEVEL_ORDER))


def _columns(
    v: type[UnitVersion], p: type[UnitVersion]
) -> list[ColumnElement[Any] | QueryableAttribute[Any]]:
    return [
        v.id,
        v.unit_id,
        Unit.uid,
        v.code,
        v.name,
        v.name_en,
        v.short_name,
        v.type,
        v.level,
        v.valid_from,
        v.valid_to,
        p.code.label("parent_code"),
        p.name.label("parent_name"),
    ]


def _aliases() -> tuple[type[UnitVersion], type[UnitVersion]]:
    return aliased(UnitVersion, name="v"), aliased(UnitVersion, name="pv")


def unit_rows(day: date) -> tuple[Select[Any], type[UnitVersion]]:
    """Versions with their unit's uid and their parent's code and name on ``day``.

    Returns the statement and the version alias, on which callers add their own filters (the
    version's own validity included: a caller may want versions of other days).
    """
    v, p = _aliases()
    stmt = (
        select(*_columns(v, p))
        .join(Unit, Unit.id == v.unit_id)
        .outerjoin(p, and_(p.unit_id == v.parent_id, valid_on(p, day)))
    )
    return stmt, v


def version_on(code: str, day: date) -> Select[UnitVersion]:
    return select(UnitVersion).where(UnitVersion.code == code, valid_on(UnitVersion, day))


def latest_version(code: str) -> Select[UnitVersion]:
    """The most recent version that carried ``code`` (for a code no unit carries today)."""
    return (
        select(UnitVersion).where(UnitVersion.code == code).order_by(UnitVersion.valid_from.desc()).limit(1)
    )


def subtree(unit_id: int, day: date, max_depth: int | None = None, name: str = "unit_subtree") -> CTE:
    """The unit (depth 0) and every unit below it on ``day``, with its depth.

    ``nesting=True`` keeps the WITH clause inside the statement that uses it, so two subtrees (or a
    subtree inside another CTE query) can live in one statement.
    """
    limit = min(max_depth, MAX_DEPTH) if max_depth is not None else MAX_DEPTH
    root = select(UnitVersion.unit_id.label("unit_id"), literal_column("0", Integer).label("depth")).where(
        UnitVersion.unit_id == unit_id, valid_on(UnitVersion, day)
    )
    tree = root.cte(name, recursive=True, nesting=True)
    child = aliased(UnitVersion, name="child")
    step = (
        select(child.unit_id, tree.c.depth + 1)
        .join(tree, child.parent_id == tree.c.unit_id)
        .where(valid_on(child, day), tree.c.depth < limit)
    )
    return tree.union_all(step)


def ancestors_cte(unit_id: int, day: date) -> CTE:
    """The units above ``unit_id`` on ``day``: depth 1 is the parent, 2 the grandparent, ..."""
    start = aliased(UnitVersion, name="start")
    root = select(start.parent_id.label("unit_id"), literal_column("1", Integer).label("depth")).where(
        start.unit_id == unit_id, valid_on(start, day), start.parent_id.is_not(None)
    )
    up = root.cte("unit_ancestors", recursive=True, nesting=True)
    above = aliased(UnitVersion, name="above")
    step = (
        select(above.parent_id, up.c.depth + 1)
        .join(up, above.unit_id == up.c.unit_id)
        .where(valid_on(above, day), above.parent_id.is_not(None), up.c.depth < MAX_DEPTH)
    )
    return up.union_all(step)


def count_of(stmt: Select[Any]) -> Select[int]:
    return select(func.count()).select_from(stmt.order_by(None).subquery())


def successions(unit_id: int, *, forward: bool) -> Select[Any]:
    """Successors (``forward``) or predecessors of a unit, each as it was around the succession date.

    A successor is shown as it was on the effective date, a predecessor on the day before it.
    """
    s = UnitSuccession
    v, p = _aliases()
    valid = valid_on if forward else valid_day_before
    other, this = (s.successor_id, s.predecessor_id) if forward else (s.predecessor_id, s.successor_id)
    return (
        select(*_columns(v, p), s.kind, s.effective_date, s.share, s.note)
        .select_from(s)
        .join(v, and_(v.unit_id == other, valid(v, s.effective_date)))
        .join(Unit, Unit.id == v.unit_id)
        .outerjoin(p, and_(p.unit_id == v.parent_id, valid(p, s.effective_date)))
        .where(this == unit_id)
        .order_by(s.effective_date, level_rank(v), v.code)
    )
