"""Models → API bodies (unit ids become codes and names, as of today)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from baocao.access.models import AccountKind, ApiToken, Membership, ScopeMode, User
from baocao.access.queries import UnitLabel, unit_labels
from baocao.access.rules import Role
from baocao.access.schemas import MembershipOut, TokenInfo, UnitRef, UserOut
from baocao.audit.types import utc_now


def _ref(labels: dict[int, UnitLabel], unit_id: int) -> UnitRef:
    label = labels.get(unit_id)
    return UnitRef(code=label.code, name=label.name) if label else UnitRef(code="?", name="?")


def membership_out(m: Membership, labels: dict[int, UnitLabel]) -> MembershipOut:
    return MembershipOut(
        id=m.id,
        unit=_ref(labels, m.unit_id),
        role=Role(m.role),
        capture_scope=ScopeMode(m.capture_scope),
        view_scope=ScopeMode(m.view_scope),
        sector_scope=m.sector_scope,
        granted_at=m.granted_at,
        granted_by=m.granted_by,
    )


def users_out(db: Session, pairs: Sequence[tuple[User, Sequence[Membership]]]) -> list[UserOut]:
    """Each user with the memberships the caller may see, unit labels looked up in one query."""
    ids = {u.unit_id for u, _ in pairs} | {m.unit_id for _, ms in pairs for m in ms}
    labels = unit_labels(db, ids)
    now = utc_now()
    return [
        UserOut(
            username=u.username,
            full_name=u.full_name,
            email=u.email,
            kind=AccountKind(u.kind),
            unit=_ref(labels, u.unit_id),
            is_active=u.is_active,
            locked=u.locked_until is not None and u.locked_until > now,
            last_login_at=u.last_login_at,
            created_at=u.created_at,
            memberships=[membership_out(m, labels) for m in ms],
        )
        for u, ms in pairs
    ]


def user_out(db: Session, user: User, memberships: Sequence[Membership]) -> UserOut:
    return users_out(db, [(user, memberships)])[0]


def token_info(token: ApiToken) -> TokenInfo:
    return TokenInfo(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        regimes=[str(r) for r in token.regimes] if token.regimes is not None else None,
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
        last_used_at=token.last_used_at,
    )
