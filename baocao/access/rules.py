"""Every permission, in one table: which roles grant it and which scope limits it.

Routes declare their permission with ``Depends(require(Permission.X))`` (see ``baocao.access.guard``);
``tests/access/test_route_rules.py`` fails for any route without one. Services then limit their
queries with ``principal.scope(Permission.X)`` (see ``baocao.access.scope``).

To add a capability: add its permissions here, give them to roles, declare them on the routes, and
add rows to the authorisation matrix (``tests/<capability>/authz_rows.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    REPORTER = "reporter"  # enters and submits for their own unit
    APPROVER = "approver"  # accepts or returns submissions sent to their unit
    LEADER = "leader"  # sees analytics and reports within scope
    VIEWER = "viewer"  # same reach as a leader, for staff
    ANALYST = "analyst"  # exports within scope
    ADMINISTRATOR = "administrator"  # manages metadata and users within scope
    SYSTEM = "system"  # a connected system: API token, one unit, named regimes


ROLE_NAMES: dict[Role, str] = {
    Role.REPORTER: "Cán bộ báo cáo",
    Role.APPROVER: "Cán bộ phê duyệt",
    Role.LEADER: "Lãnh đạo",
    Role.VIEWER: "Người xem",
    Role.ANALYST: "Chuyên viên phân tích",
    Role.ADMINISTRATOR: "Quản trị",
    Role.SYSTEM: "Hệ thống kết nối",
}


class Permission(StrEnum):
    PUBLIC = "public"  # published reference data: units, catalogue, periods, calendar, health, OpenAPI
    AUTHENTICATED = "authenticated"  # any signed-in account (its own profile and tokens)
    UNITS_READ = "units.read"
    REGIMES_READ = "regimes.read"
    REGIMES_ADMIN = "regimes.admin"
    SUBMISSIONS_READ = "submissions.read"
    SUBMISSIONS_WRITE = "submissions.write"
    SUBMISSIONS_APPROVE = "submissions.approve"
    ANALYTICS_READ = "analytics.read"
    EXPORT = "export"
    USERS_ADMIN = "users.admin"
    METADATA_ADMIN = "metadata.admin"
    AUDIT_READ = "audit.read"


class Reach(StrEnum):
    """Which of a membership's scopes limits a permission."""

    NONE = "none"  # not limited by units (public, or about the account itself)
    VIEW = "view"  # the membership's view scope (default: its unit's subtree as of today)
    CAPTURE = "capture"  # the membership's capture scope (default: its unit only)


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role] | None  # None: no role needed
    reach: Reach
    description: str
    anonymous: bool = False  # True: no sign-in needed


ALL = frozenset(Role)
PEOPLE_WHO_SEE = frozenset({Role.LEADER, Role.VIEWER, Role.ANALYST})

RULES: dict[Permission, Rule] = {
    Permission.PUBLIC: Rule(None, Reach.NONE, "Dữ liệu tham chiếu công bố / published reference data", True),
    Permission.AUTHENTICATED: Rule(None, Reach.NONE, "Tài khoản đã đăng nhập / any signed-in account"),
    Permission.UNITS_READ: Rule(ALL, Reach.VIEW, "Xem đơn vị / read units"),
    Permission.REGIMES_READ: Rule(ALL, Reach.VIEW, "Xem chế độ báo cáo / read regimes"),
    Permission.REGIMES_ADMIN: Rule(
        frozenset({Role.ADMINISTRATOR}), Reach.VIEW, "Quản lý chế độ báo cáo / manage regimes"
    ),
    Permission.SUBMISSIONS_READ: Rule(
        frozenset({Role.REPORTER, Role.APPROVER, Role.SYSTEM, Role.ADMINISTRATOR} | PEOPLE_WHO_SEE),
        Reach.VIEW,
        "Xem báo cáo đã gửi / read submissions",
    ),
    Permission.SUBMISSIONS_WRITE: Rule(
        frozenset({Role.REPORTER, Role.SYSTEM}), Reach.CAPTURE, "Nhập và gửi báo cáo / enter and submit"
    ),
    Permission.SUBMISSIONS_APPROVE: Rule(
        frozenset({Role.APPROVER}), Reach.VIEW, "Tiếp nhận hoặc trả lại báo cáo / accept or return"
    ),
    Permission.ANALYTICS_READ: Rule(PEOPLE_WHO_SEE, Reach.VIEW, "Xem phân tích / read analytics"),
    Permission.EXPORT: Rule(frozenset({Role.ANALYST}), Reach.VIEW, "Xuất dữ liệu / export data"),
    Permission.USERS_ADMIN: Rule(
        frozenset({Role.ADMINISTRATOR}), Reach.VIEW, "Quản lý tài khoản / manage accounts"
    ),
    Permission.METADATA_ADMIN: Rule(
        frozenset({Role.ADMINISTRATOR}), Reach.VIEW, "Quản lý danh mục / manage metadata"
    ),
    Permission.AUDIT_READ: Rule(frozenset({Role.ADMINISTRATOR}), Reach.VIEW, "Xem nhật ký / read audit log"),
}


def roles_granting(permission: Permission) -> frozenset[Role] | None:
    """The roles that grant ``permission``; None when no role is needed."""
    return RULES[permission].roles


def role_grants(role: Role | str, permission: Permission) -> bool:
    roles = RULES[permission].roles
    return roles is None or Role(role) in roles


def permissions_of(role: Role | str) -> frozenset[Permission]:
    return frozenset(p for p, rule in RULES.items() if rule.roles is not None and Role(role) in rule.roles)


# Scopes a new membership gets unless the grant says otherwise.
DEFAULT_CAPTURE: dict[Role, str] = {
    Role.REPORTER: "unit",
    Role.SYSTEM: "unit",
}
# Roles that, at a ministry, also see their sector nationwide by default.
SECTOR_ROLES = frozenset({Role.APPROVER, Role.LEADER, Role.VIEWER, Role.ANALYST, Role.ADMINISTRATOR})
