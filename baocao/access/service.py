"""Managing accounts and memberships, always within the acting administrator's scope.

``Actor.scope`` is the administrator's ``principal.scope(Permission.USERS_ADMIN)``; None means the
server's own command line, which is unrestricted. An account is visible when its home unit is in
scope; a role can be granted or revoked only at a unit in scope. Accounts outside the scope answer
404, as if they did not exist; units are public, so a unit outside the scope answers 403.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.models import AccountKind, Membership, ScopeMode, User
from baocao.access.passwords import WeakPassword, check_strength, hash_password
from baocao.access.queries import UnitLabel, memberships_in_scope, unit_labels, users_in_scope
from baocao.access.rules import SECTOR_ROLES, Reach, Role
from baocao.access.scope import Scope
from baocao.access.websessions import end_all_sessions
from baocao.audit.service import record_event
from baocao.errors import ApiError, invalid, not_found
from baocao.units.models import UnitLevel

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$")
# Memberships at these units see the whole country by default: the Government and its Office.
NATIONAL_UNIT_CODES = frozenset({"CP", "VPCP"})


@dataclass(frozen=True)
class Actor:
    name: str  # username, or "cli"
    scope: Scope | None  # None: unrestricted (the server's command line)
    ip: str | None = None

    def sees_unit(self, unit_id: int) -> bool:
        return self.scope is None or self.scope.contains(unit_id)

    @property
    def is_national(self) -> bool:
        return self.scope is None or self.scope.is_national(Reach.VIEW)


def _out_of_scope(label: UnitLabel | None, field: str) -> ApiError:
    code = label.code if label else "?"
    return ApiError(
        403,
        "unit_out_of_scope",
        f"Đơn vị '{code}' nằm ngoài phạm vi quản lý của bạn",
        f"Unit '{code}' is outside the units you manage",
        field=field,
        location="body",
    )


def _weak(exc: WeakPassword) -> ApiError:
    return invalid("password", exc.message, exc.message_en, location="body")


def find_user(db: Session, actor: Actor, username: str) -> User:
    """The account ``username`` if the actor may see it; 404 otherwise (existing or not)."""
    stmt = users_in_scope(actor.scope).where(User.username == username.strip().lower())
    user = db.scalar(stmt)
    if user is None:
        raise not_found("tài khoản", "account", username, field="username")
    return user


def visible_memberships(db: Session, actor: Actor, user: User) -> list[Membership]:
    return list(db.scalars(memberships_in_scope(user, actor.scope)))


def visible_memberships_of(db: Session, actor: Actor, users: list[User]) -> dict[int, list[Membership]]:
    """For a page of accounts, in one query: user id → the memberships the actor may see."""
    found: dict[int, list[Membership]] = {u.id: [] for u in users}
    if users:
        for membership in db.scalars(memberships_in_scope(users, actor.scope)):
            found[membership.user_id].append(membership)
    return found


def create_user(
    db: Session,
    actor: Actor,
    *,
    username: str,
    unit_id: int,
    full_name: str = "",
    email: str | None = None,
    kind: AccountKind = AccountKind.PERSON,
    password: str | None = None,
    role: Role | None = None,
) -> User:
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise invalid(
            "username",
            "Tên đăng nhập gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch ngang hoặc gạch dưới",
            "A username has 3–64 characters a-z, 0-9, '.', '-' or '_'",
            location="body",
        )
    if not actor.sees_unit(unit_id):
        raise _out_of_scope(unit_labels(db, [unit_id]).get(unit_id), "unit")
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        raise ApiError(
            409,
            "username_taken",
            f"Tên đăng nhập '{username}' đã có",
            f"Username '{username}' is taken",
            "username",
        )
    if kind == AccountKind.SYSTEM and password is not None:
        raise invalid(
            "password", "Tài khoản hệ thống chỉ dùng mã API", "System accounts use API tokens only", "body"
        )
    password_hash = None
    if password is not None:
        try:
            check_strength(password, username)
        except WeakPassword as exc:
            raise _weak(exc) from None
        password_hash = hash_password(password)
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email,
        kind=kind.value,
        unit_id=unit_id,
        password_hash=password_hash,
    )
    db.add(user)
    db.flush()
    record_event(
        db,
        "users.create",
        actor=actor.name,
        target=f"user:{username}",
        ip=actor.ip,
        details={"unit_id": unit_id, "kind": kind.value, "with_password": password is not None},
    )
    if role is not None:
        grant_role(db, actor, user, unit_id=unit_id, role=role)
    return user


def grant_role(
    db: Session,
    actor: Actor,
    user: User,
    *,
    unit_id: int,
    role: Role,
    capture_scope: ScopeMode | None = None,
    view_scope: ScopeMode | None = None,
    sector_scope: bool | None = None,
) -> Membership:
    label = unit_labels(db, [unit_id]).get(unit_id)
    if not actor.sees_unit(unit_id):
        raise _out_of_scope(label, "unit")
    is_system = user.kind == AccountKind.SYSTEM.value
    if is_system != (role == Role.SYSTEM):
        raise invalid(
            "role",
            "Vai trò 'system' chỉ dành cho tài khoản hệ thống, và tài khoản hệ thống chỉ có vai trò đó",
            "The 'system' role is for system accounts only, and system accounts have only that role",
            location="body",
        )
    if is_system and user.memberships:
        raise ApiError(
            409,
            "system_account_has_unit",
            "Tài khoản hệ thống chỉ gắn với một đơn vị",
            "A system account belongs to exactly one unit",
            field="unit",
        )
    national_unit = label is not None and (
        label.code in NATIONAL_UNIT_CODES or label.level == UnitLevel.GOVERNMENT
    )
    if view_scope is None:
        view_scope = ScopeMode.NATIONAL if national_unit else ScopeMode.SUBTREE
    if is_system:
        view_scope = ScopeMode.UNIT
    capture_scope = capture_scope or ScopeMode.UNIT
    if ScopeMode.NATIONAL in (view_scope, capture_scope) and not actor.is_national:
        raise ApiError(
            403,
            "national_scope_forbidden",
            "Chỉ quản trị cấp quốc gia được cấp phạm vi toàn quốc",
            "Only a national administrator may grant a nationwide scope",
            field="view_scope",
            location="body",
        )
    if sector_scope is None:
        sector_scope = label is not None and label.level == UnitLevel.MINISTRY and role in SECTOR_ROLES
    duplicate = select(Membership.id).where(
        Membership.user_id == user.id, Membership.unit_id == unit_id, Membership.role == role.value
    )
    if db.scalar(duplicate) is not None:
        raise ApiError(
            409,
            "membership_exists",
            f"Tài khoản đã có vai trò '{role.value}' tại đơn vị này",
            f"The account already holds the '{role.value}' role at this unit",
            field="role",
        )
    membership = Membership(
        user=user,
        unit_id=unit_id,
        role=role.value,
        capture_scope=capture_scope.value,
        view_scope=view_scope.value,
        sector_scope=sector_scope,
        granted_by=actor.name,
    )
    db.add(membership)
    db.flush()
    record_event(
        db,
        "memberships.grant",
        actor=actor.name,
        target=f"user:{user.username}",
        ip=actor.ip,
        details={
            "membership_id": membership.id,
            "unit": label.code if label else unit_id,
            "role": role.value,
            "capture_scope": capture_scope.value,
            "view_scope": view_scope.value,
            "sector_scope": sector_scope,
        },
    )
    return membership


def revoke_membership(db: Session, actor: Actor, user: User, membership_id: int) -> None:
    stmt = memberships_in_scope(user, actor.scope).where(Membership.id == membership_id)
    membership = db.scalar(stmt)
    if membership is None:
        raise not_found("vai trò", "membership", str(membership_id), field="membership_id")
    label = unit_labels(db, [membership.unit_id]).get(membership.unit_id)
    details = {"membership_id": membership.id, "unit": label.code if label else membership.unit_id}
    details["role"] = membership.role
    user.memberships.remove(membership)
    db.delete(membership)
    db.flush()
    record_event(
        db,
        "memberships.revoke",
        actor=actor.name,
        target=f"user:{user.username}",
        ip=actor.ip,
        details=details,
    )


def update_user(
    db: Session,
    actor: Actor,
    user: User,
    *,
    full_name: str | None = None,
    email: str | None = None,
    is_active: bool | None = None,
    unlock: bool = False,
    password: str | None = None,
) -> User:
    changed: list[str] = []
    if full_name is not None and full_name.strip() != user.full_name:
        user.full_name, changed = full_name.strip(), [*changed, "full_name"]
    if email is not None and email != user.email:
        user.email, changed = email or None, [*changed, "email"]
    if is_active is not None and is_active != user.is_active:
        user.is_active, changed = is_active, [*changed, "is_active"]
        if not is_active:
            end_all_sessions(db, user)
    if unlock and (user.locked_until is not None or user.failed_logins):
        user.locked_until, user.failed_logins, changed = None, 0, [*changed, "unlocked"]
    if password is not None:
        if user.kind == AccountKind.SYSTEM.value:
            raise invalid(
                "password",
                "Tài khoản hệ thống chỉ dùng mã API",
                "System accounts use API tokens only",
                "body",
            )
        try:
            check_strength(password, user.username)
        except WeakPassword as exc:
            raise _weak(exc) from None
        user.password_hash, changed = hash_password(password), [*changed, "password"]
        end_all_sessions(db, user)
    if changed:
        record_event(
            db,
            "users.update",
            actor=actor.name,
            target=f"user:{user.username}",
            ip=actor.ip,
            details={"changed": changed},
        )
    return user
