"""SQL of the access capability that is more than a one-liner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from baocao.access.models import Membership, User
from baocao.access.scope import Scope
from baocao.timeutil import today
from baocao.units.models import UnitVersion


@dataclass(frozen=True)
class UnitLabel:
    unit_id: int
    code: str
    name: str
    level: str


def unit_labels(db: Session, unit_ids: Iterable[int], as_of: date | None = None) -> dict[int, UnitLabel]:
    """Code and name of each unit on ``as_of`` (or of its last version, for units that ended)."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    as_of = as_of or today()
    rows = db.execute(
        select(UnitVersion.unit_id, UnitVersion.code, UnitVersion.name, UnitVersion.level)
        .where(UnitVersion.unit_id.in_(ids), UnitVersion.valid_from <= as_of)
        .order_by(UnitVersion.unit_id, UnitVersion.valid_from)
    ).all()
    labels = {r.unit_id: UnitLabel(r.unit_id, r.code, r.name, r.level) for r in rows}
    missing = [i for i in ids if i not in labels]
    if missing:  # units that start after as_of: their first version
        for r in db.execute(
            select(UnitVersion.unit_id, UnitVersion.code, UnitVersion.name, UnitVersion.level)
            .where(UnitVersion.unit_id.in_(missing))
            .order_by(UnitVersion.unit_id, UnitVersion.valid_from.desc())
        ).all():
            labels[r.unit_id] = UnitLabel(r.unit_id, r.code, r.name, r.level)
    return labels


def users_in_scope(scope: Scope | None, *, unit_id: int | None = None, q: str | None = None) -> Select[User]:
    """Accounts whose home unit is in ``scope`` (None: every account), optionally filtered."""
    stmt = select(User)
    if scope is not None:
        stmt = stmt.where(scope.where(User.unit_id))
    if unit_id is not None:
        stmt = stmt.where(User.unit_id == unit_id)
    if q:
        pattern = f"%{q.strip().lower()}%"
        stmt = stmt.where(
            or_(func.lower(User.username).like(pattern), func.lower(User.full_name).like(pattern))
        )
    return stmt


def memberships_in_scope(users: User | list[User], scope: Scope | None) -> Select[Membership]:
    """Memberships of one or several accounts at units in ``scope`` (None: all of them)."""
    ids = [u.id for u in users] if isinstance(users, list) else [users.id]
    stmt = select(Membership).where(Membership.user_id.in_(ids))
    if scope is not None:
        stmt = stmt.where(scope.where(Membership.unit_id))
    return stmt.order_by(Membership.id)


def count(db: Session, stmt: Select[User]) -> int:
    return db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
