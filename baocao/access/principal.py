"""Who is asking: an account and its memberships, or nobody (anonymous)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session

from baocao.access.models import AccountKind, ApiToken, ScopeMode, User
from baocao.access.rules import RULES, Permission, Reach, Role, permissions_of
from baocao.access.scope import Grant, Scope


class AuthMethod(StrEnum):
    ANONYMOUS = "anonymous"
    SESSION = "session"  # browser cookie (unsafe methods need the CSRF token)
    TOKEN = "token"  # noqa: S105 - Authorization: Bearer
    BASIC = "basic"  # Authorization: Basic with a password (DHIS2 clients; see access/basic.py)


@dataclass(frozen=True)
class Principal:
    user: User | None
    grants: tuple[Grant, ...] = ()
    method: AuthMethod = AuthMethod.ANONYMOUS
    db: Session | None = field(default=None, repr=False, compare=False)
    token: ApiToken | None = field(default=None, repr=False, compare=False)
    csrf_token: str | None = field(default=None, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def username(self) -> str | None:
        return self.user.username if self.user else None

    @property
    def regimes(self) -> frozenset[str] | None:
        """Regime codes the API token in use is limited to (system accounts), or None."""
        if self.token is None or self.token.regimes is None:
            return None
        return frozenset(str(code) for code in self.token.regimes)

    def grants_for(self, permission: Permission) -> tuple[Grant, ...]:
        roles = RULES[permission].roles
        if roles is None:
            return self.grants
        return tuple(g for g in self.grants if g.role in roles)

    def can(self, permission: Permission) -> bool:
        rule = RULES[permission]
        if rule.anonymous:
            return True
        if not self.is_authenticated:
            return False
        return rule.roles is None or bool(self.grants_for(permission))

    def scope(self, permission: Permission) -> Scope:
        """Where ``permission`` reaches for this principal; empty when it does not hold it.

        Filter data with the scope of the permission the route declared. ``PUBLIC`` and
        ``AUTHENTICATED`` reach everything (their scope is unlimited): never filter unit data with them.
        """
        rule = RULES[permission]
        if not self.can(permission):
            return Scope(self.db)
        if rule.reach == Reach.NONE:
            return Scope(self.db, self.grants, self.regimes, unlimited=True)
        return Scope(self.db, self.grants_for(permission), self.regimes)

    def permissions(self) -> list[Permission]:
        held: set[Permission] = set()
        for grant in self.grants:
            held |= permissions_of(grant.role)
        return sorted(held)


def anonymous(db: Session | None = None) -> Principal:
    return Principal(user=None, db=db)


def principal_for(
    db: Session,
    user: User,
    method: AuthMethod,
    *,
    token: ApiToken | None = None,
    csrf_token: str | None = None,
) -> Principal:
    grants = []
    for m in user.memberships:
        view, capture, sector = ScopeMode(m.view_scope), ScopeMode(m.capture_scope), m.sector_scope
        if user.kind == AccountKind.SYSTEM.value:
            # A connected system acts for exactly its own unit, whatever the row says.
            view, capture, sector = ScopeMode.UNIT, ScopeMode.UNIT, False
        grants.append(Grant(m.id, m.unit_id, Role(m.role), capture, view, sector))
    return Principal(user, tuple(grants), method, db, token, csrf_token)
