"""Units as of a day: look-up by code, lists, the tree below and above a unit, successions.

A code alone is never an identity (codes 24, 00004... meant another unit before 1 July 2025), so every
look-up takes a day. Functions take a Session and never commit.

When a caller gives no day, "today" (Vietnam time) is used; a look-up by code that finds no unit
today falls back to the last unit that carried the code (e.g. ``BKHDT`` or ``02``, retired), and the
tree and parent around it are then shown as on its last day.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import RowMapping, Select, or_, select
from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.timeutil import today
from baocao.units import queries
from baocao.units.models import UnitLevel, UnitVersion
from baocao.units.naming import fold

T = TypeVar("T")


@dataclass(frozen=True)
class UnitRow:
    """One unit as it was on a day, with its parent's code and name on that day."""

    id: int  # the version's id
    unit_id: int
    uid: str
    code: str
    name: str
    name_en: str | None
    short_name: str | None
    type: str
    level: str
    valid_from: date
    valid_to: date | None
    parent_code: str | None
    parent_name: str | None
    depth: int | None = None

    @classmethod
    def of(cls, row: RowMapping) -> UnitRow:
        return cls(**{f.name: row[f.name] for f in fields(cls) if f.name in row})


@dataclass(frozen=True)
class SuccessionRow:
    unit: UnitRow  # the other side of the link (successor or predecessor)
    kind: str
    effective_date: date
    share: float | None
    note: str | None


@dataclass(frozen=True)
class Slice(Generic[T]):
    items: list[T]
    total: int


def unit_not_found(code: str, day: date | None, field: str = "code", location: str = "path") -> ApiError:
    if day is None:
        return ApiError(
            404,
            "not_found",
            f"Không có đơn vị nào mang mã '{code}'",
            f"No unit has code '{code}'",
            field=field,
            location=location,
        )
    return ApiError(
        404,
        "not_found",
        f"Không có đơn vị nào mang mã '{code}' vào ngày {day.isoformat()}",
        f"No unit has code '{code}' on {day.isoformat()}",
        field=field,
        location=location,
    )


def resolve_unit(
    session: Session, code: str, as_of: date | None = None, *, field: str = "code", location: str = "path"
) -> UnitVersion:
    """The version carrying ``code`` on ``as_of``; 404 ``ApiError`` naming the code if none.

    Without ``as_of``: today's, or else the latest version that carried the code.
    """
    version = session.scalars(queries.version_on(code, as_of or today())).first()
    if version is None and as_of is None:
        version = session.scalars(queries.latest_version(code)).first()
    if version is None:
        raise unit_not_found(code, as_of, field, location)
    return version


def reference_day(version: UnitVersion, as_of: date | None) -> date:
    """The day on which to show a unit's surroundings: ``as_of``, or today if the version is in force,
    or else the version's last day (or its first, if it only starts later)."""
    if as_of is not None:
        return as_of
    day = today()
    if version.valid_from > day:
        return version.valid_from
    if version.valid_to is not None and version.valid_to <= day:
        return version.valid_to - timedelta(days=1)
    return day


def _rows(session: Session, stmt: Select[Any]) -> list[UnitRow]:
    return [UnitRow.of(r) for r in session.execute(stmt).mappings()]


def get_unit(session: Session, code: str, as_of: date | None = None) -> UnitRow:
    version = resolve_unit(session, code, as_of)
    stmt, v = queries.unit_rows(reference_day(version, as_of))
    return _rows(session, stmt.where(v.id == version.id))[0]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_units(
    session: Session,
    *,
    as_of: date | None = None,
    level: UnitLevel | None = None,
    parent_code: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Slice[UnitRow]:
    """Units in force on ``as_of`` (today by default), filtered; ``parent_code`` gives direct children,
    ``q`` matches the name without accents ("ha noi", "dak lak") or the start of the code."""
    day = as_of or today()
    stmt, v = queries.unit_rows(day)
    stmt = stmt.where(queries.valid_on(v, day))
    if level is not None:
        stmt = stmt.where(v.level == level.value)
    if parent_code:
        parent = resolve_unit(session, parent_code, day, field="parent", location="query")
        stmt = stmt.where(v.parent_id == parent.unit_id)
    if q and q.strip():
        stmt = stmt.where(
            or_(
                v.search_name.like(f"%{_like_escape(fold(q))}%", escape="\\"),
                v.code.like(f"{_like_escape(q.strip())}%", escape="\\"),
            )
        )
    total = session.scalar(queries.count_of(stmt)) or 0
    page = stmt.order_by(queries.level_rank(v), v.code).limit(limit).offset(offset)
    return Slice(_rows(session, page), total)


def descendants(
    session: Session,
    code: str,
    as_of: date | None = None,
    *,
    level: UnitLevel | None = None,
    max_depth: int | None = None,
    include_self: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> Slice[UnitRow]:
    """Units below ``code`` on the day (children at depth 1, grandchildren at 2, ...)."""
    version = resolve_unit(session, code, as_of)
    day = reference_day(version, as_of)
    tree = queries.subtree(version.unit_id, day, max_depth)
    stmt, v = queries.unit_rows(day)
    stmt = (
        stmt.add_columns(tree.c.depth).join(tree, tree.c.unit_id == v.unit_id).where(queries.valid_on(v, day))
    )
    if not include_self:
        stmt = stmt.where(tree.c.depth > 0)
    if level is not None:
        stmt = stmt.where(v.level == level.value)
    total = session.scalar(queries.count_of(stmt)) or 0
    page = stmt.order_by(tree.c.depth, queries.level_rank(v), v.code).limit(limit).offset(offset)
    return Slice(_rows(session, page), total)


def ancestors(session: Session, code: str, as_of: date | None = None) -> list[UnitRow]:
    """Units above ``code`` on the day, from the top (Chính phủ) down to the direct parent."""
    version = resolve_unit(session, code, as_of)
    day = reference_day(version, as_of)
    up = queries.ancestors_cte(version.unit_id, day)
    stmt, v = queries.unit_rows(day)
    stmt = (
        stmt.add_columns(up.c.depth)
        .join(up, up.c.unit_id == v.unit_id)
        .where(queries.valid_on(v, day))
        .order_by(up.c.depth.desc())
    )
    return _rows(session, stmt)


def _successions(session: Session, code: str, as_of: date | None, forward: bool) -> list[SuccessionRow]:
    version = resolve_unit(session, code, as_of)
    result = session.execute(queries.successions(version.unit_id, forward=forward)).mappings()
    return [
        SuccessionRow(UnitRow.of(r), r["kind"], r["effective_date"], r["share"], r["note"]) for r in result
    ]


def successors(session: Session, code: str, as_of: date | None = None) -> list[SuccessionRow]:
    """Units that took over (all or part of) the unit carrying ``code``, as they were on that date."""
    return _successions(session, code, as_of, forward=True)


def predecessors(session: Session, code: str, as_of: date | None = None) -> list[SuccessionRow]:
    """Units that went (wholly or partly) into the unit carrying ``code``, as they were the day before."""
    return _successions(session, code, as_of, forward=False)


def children(
    session: Session, unit_id: int, as_of: date, level: UnitLevel | None = None
) -> list[UnitVersion]:
    """Direct children of a unit on ``as_of`` (versions, ordered by code)."""
    stmt = select(UnitVersion).where(UnitVersion.parent_id == unit_id, queries.valid_on(UnitVersion, as_of))
    if level is not None:
        stmt = stmt.where(UnitVersion.level == level.value)
    return list(session.scalars(stmt.order_by(UnitVersion.code)))


def subtree_unit_ids(session: Session, unit_id: int, as_of: date) -> Select[int]:
    """``SELECT unit_id`` of the unit and everything below it on ``as_of``, for scope filters:
    ``stmt.where(Submission.unit_id.in_(subtree_unit_ids(session, user_unit_id, today())))``.
    (``session`` is unused today; it keeps the signature of the other helpers.)"""
    tree = queries.subtree(unit_id, as_of)
    return select(tree.c.unit_id)
