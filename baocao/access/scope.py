"""Where a principal may act, as SQL to put *inside* a service's query.

``principal.scope(Permission.X)`` keeps the memberships whose role grants X. The scope then gives:

* ``view_unit_ids(as_of)`` / ``capture_unit_ids(as_of)``: a SELECT of unit ids, for
  ``WHERE t.unit_id IN (...)``. A membership reaches its unit (``unit``), its subtree on ``as_of``
  (``subtree``, the default view scope; the tree comes from ``baocao.units.service``), the whole
  country (``national``: the Government and its Office) or nothing (``none``).
* ``sector_unit_ids()``: ministries whose sector the principal sees nationwide: the regimes those
  units own or receive, from every province (Bộ Y tế sees health reports, not budget reports).
* ``regimes``: the regime codes an API token is limited to (system accounts), or None.
* ``where(...)``: all of the above as one boolean clause, the usual way for a service to apply it.

A list and its total use the same clause, so neither ever counts rows outside the scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    exists,
    false,
    literal,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.orm import Session

from baocao.access.models import ScopeMode
from baocao.access.rules import Reach, Role
from baocao.timeutil import today
from baocao.units.models import Unit
from baocao.units.service import subtree_unit_ids


@dataclass(frozen=True)
class Grant:
    """One membership, as the scope needs it."""

    membership_id: int
    unit_id: int
    role: Role
    capture: ScopeMode
    view: ScopeMode
    sector: bool


@dataclass(frozen=True)
class Scope:
    db: Session | None
    grants: tuple[Grant, ...] = ()
    # Regime codes a token is limited to; None = not limited by regime.
    regimes: frozenset[str] | None = None
    # Set for permissions with no unit reach (PUBLIC, AUTHENTICATED): everything is in scope.
    unlimited: bool = field(default=False)

    @property
    def is_empty(self) -> bool:
        return not self.unlimited and not self.grants

    def view_unit_ids(self, as_of: date | None = None) -> Select[int]:
        """Units whose data the principal may see on ``as_of`` (default: today in Vietnam)."""
        return self._unit_ids(Reach.VIEW, as_of)

    def capture_unit_ids(self, as_of: date | None = None) -> Select[int]:
        """Units for which the principal may enter data on ``as_of``."""
        return self._unit_ids(Reach.CAPTURE, as_of)

    def anchor_unit_ids(self) -> tuple[int, ...]:
        """The units the memberships are held at (e.g. the receiving unit for approvals)."""
        return tuple(sorted({g.unit_id for g in self.grants}))

    def sector_unit_ids(self) -> tuple[int, ...]:
        """Units whose owned or received regimes the principal sees nationwide (ministries)."""
        return tuple(sorted({g.unit_id for g in self.grants if g.sector}))

    def allows_regime(self, regime_code: str) -> bool:
        return self.regimes is None or regime_code in self.regimes

    def is_national(self, reach: Reach = Reach.VIEW) -> bool:
        return self.unlimited or any(_mode(g, reach) == ScopeMode.NATIONAL for g in self.grants)

    def where(
        self,
        unit_id: SQLColumnExpression[int],
        *,
        as_of: date | None = None,
        reach: Reach = Reach.VIEW,
        regime_code: SQLColumnExpression[str] | None = None,
        regime_owner_id: SQLColumnExpression[int] | None = None,
        regime_receiver_id: SQLColumnExpression[int] | None = None,
    ) -> ColumnElement[bool]:
        """The clause a service adds to its query: the row's unit is in scope, or (view reach, with
        the regime columns given) the row belongs to a regime of the principal's sector; and the
        row's regime is one the token allows."""
        if self.unlimited:
            return true()
        if not self.grants:
            return false()
        clause: ColumnElement[bool] = unit_id.in_(self._unit_ids(reach, as_of))
        sector = self.sector_unit_ids()
        if reach == Reach.VIEW and sector:
            by_sector = [c.in_(sector) for c in (regime_owner_id, regime_receiver_id) if c is not None]
            if by_sector:
                clause = or_(clause, *by_sector)
        if self.regimes is not None:
            if regime_code is None:
                raise ValueError("this scope is limited to regimes: pass the query's regime_code column")
            clause = and_(clause, regime_code.in_(sorted(self.regimes)))
        return clause

    def contains(self, unit_id: int, *, as_of: date | None = None, reach: Reach = Reach.VIEW) -> bool:
        """For one object: is ``unit_id`` in scope? (One EXISTS query; lists use ``where``.)"""
        if self.unlimited:
            return True
        if not self.grants:
            return False
        assert self.db is not None
        ids = self._unit_ids(reach, as_of).subquery()
        found = self.db.scalar(select(exists().where(ids.c[0] == literal(unit_id))))
        return bool(found)

    def _unit_ids(self, reach: Reach, as_of: date | None) -> Select[int]:
        if self.unlimited or self.is_national(reach):
            return select(Unit.id)
        as_of = as_of or today()
        single = sorted({g.unit_id for g in self.grants if _mode(g, reach) == ScopeMode.UNIT})
        roots = sorted({g.unit_id for g in self.grants if _mode(g, reach) == ScopeMode.SUBTREE})
        parts: list[Select[int]] = []
        if single:
            parts.append(select(Unit.id).where(Unit.id.in_(single)))
        if roots:
            assert self.db is not None, "a scope with subtrees needs the request's session"
            # Each subtree in its own subquery: the WITH RECURSIVE of each stays inside it, so
            # several subtrees (or a query with a subtree of its own) never clash on the CTE's name.
            for i, root in enumerate(roots):
                tree = subtree_unit_ids(self.db, root, as_of).subquery(f"scope_tree_{i}")
                parts.append(select(tree.c[0]))
        if not parts:
            return select(Unit.id).where(false())
        if len(parts) == 1:
            return parts[0]
        combined = union(*parts).subquery("scope_units")
        return select(combined.c[0])


def _mode(grant: Grant, reach: Reach) -> ScopeMode:
    if reach == Reach.CAPTURE:
        return grant.capture
    if reach == Reach.VIEW:
        return grant.view
    return ScopeMode.NATIONAL
