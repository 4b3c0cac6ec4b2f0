"""Demo accounts: every role at a commune, its province, a ministry and the Government's Office.

CHỈ DÙNG CHO DEMO / demo only: the passwords are printed and well known.
``baocao demo`` calls ``seed_demo_users`` and ``print_demo_users``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access import service
from baocao.access.models import AccountKind, Membership, User
from baocao.access.passwords import hash_password
from baocao.access.queries import unit_labels
from baocao.access.rules import ROLE_NAMES, Role
from baocao.access.tokens import issue_token
from baocao.access.units import unit_id_for_code

DEMO_PASSWORD = "demo-baocao-2025"  # noqa: S105 - printed on purpose, demo only
DEMO_TOKEN_DAYS = 365
# (unit code, username prefix): a 2025 commune of Hà Nội, Hà Nội, the Ministry of Health, the
# Government Office (whose administrator is the national administrator).
DEMO_SITES = (("00004", "badinh"), ("01", "hanoi"), ("BYT", "byt"), ("VPCP", "vpcp"))
SHORT = {Role.ADMINISTRATOR: "admin"}
DEMO = service.Actor("demo", None)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    unit_code: str
    unit_name: str
    password: str | None  # None for system accounts (API token only)
    token: str | None = None  # a system account's token, only on the run that created it


def demo_username(prefix: str, role: Role) -> str:
    return f"{prefix}.{SHORT.get(role, role.value)}"


def seed_demo_users(db: Session) -> list[DemoUser]:
    """Create the demo accounts that are missing (re-running changes nothing else)."""
    seeded: list[DemoUser] = []
    shared_hash: str | None = None  # one argon2 hash for the one demo password: seeding stays quick
    for code, prefix in DEMO_SITES:
        unit_id = unit_id_for_code(db, code, "unit", "demo")
        label = unit_labels(db, [unit_id])[unit_id]
        for role in Role:
            username = demo_username(prefix, role)
            is_system = role == Role.SYSTEM
            user = db.scalar(select(User).where(User.username == username))
            token = None
            if user is None:
                user = service.create_user(
                    db,
                    DEMO,
                    username=username,
                    unit_id=unit_id,
                    full_name=f"{ROLE_NAMES[role]} — {label.name} (demo)",
                    kind=AccountKind.SYSTEM if is_system else AccountKind.PERSON,
                )
                if not is_system:
                    shared_hash = shared_hash or hash_password(DEMO_PASSWORD)
                    user.password_hash = shared_hash
                else:
                    token = issue_token(
                        db, user, name="demo", lifetime=timedelta(days=DEMO_TOKEN_DAYS), actor=DEMO.name
                    ).secret
            held = select(Membership.id).where(
                Membership.user_id == user.id, Membership.unit_id == unit_id, Membership.role == role.value
            )
            if db.scalar(held) is None:
                service.grant_role(db, DEMO, user, unit_id=unit_id, role=role)
            password = None if is_system else DEMO_PASSWORD
            seeded.append(DemoUser(username, role, label.code, label.name, password, token))
    return seeded


def print_demo_users(users: list[DemoUser], console: Console) -> None:
    """The accounts as a table, under an unmissable warning."""
    console.print(
        Panel(
            "[bold]CHỈ DÙNG CHO DEMO / DEMO ONLY[/bold]\n"
            "Các tài khoản này có mật khẩu công khai. Không dùng trên máy chủ thật; xóa hoặc đổi mật khẩu "
            "trước khi đưa vào sử dụng.\n"
            "These accounts have published passwords. Never use them on a real server; remove them or "
            "change their passwords before going live.",
            title="⚠ baocao demo",
            border_style="bold red",
        )
    )
    table = Table("username", "role", "unit", "password / token")
    for u in users:
        if u.password is not None:
            secret = u.password
        elif u.token is not None:
            secret = f"token: {u.token}"
        else:
            secret = "(token issued earlier; `baocao tokens create` for a new one)"  # noqa: S105
        table.add_row(u.username, u.role.value, f"{u.unit_code} {u.unit_name}", secret)
    console.print(table)
    console.print("[bold red]CHỈ DÙNG CHO DEMO / demo only[/bold red]")
