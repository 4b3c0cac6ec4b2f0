"""``baocao users ...`` and ``baocao tokens ...``: account administration on the server itself.

Passwords come from a hidden prompt or ``--password-stdin``, never from an argument (arguments end
up in shell history and process lists). Tokens are printed once, on stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import click
from rich.table import Table
from sqlalchemy import select

from baocao.access import service
from baocao.access.models import AccountKind, Membership, ScopeMode, User
from baocao.access.queries import unit_labels, users_in_scope
from baocao.access.rules import Role
from baocao.access.tokens import find_token, issue_token, list_tokens, revoke_token
from baocao.access.units import unit_id_for_code
from baocao.cli_support import cli_transaction, console
from baocao.errors import ApiError

CLI = service.Actor("cli", None)
ROLES = click.Choice([r.value for r in Role])
MODES = click.Choice([m.value for m in ScopeMode])


@contextmanager
def _clear_errors() -> Iterator[None]:
    try:
        yield
    except ApiError as exc:
        raise click.ClickException(f"{exc.message} / {exc.message_en}") from None


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Mật khẩu / password", hide_input=True, confirmation_prompt=True))


@click.group()
def users() -> None:
    """Tài khoản và vai trò / accounts and roles."""


@users.command("create")
@click.argument("username")
@click.option("--unit", required=True, help="Mã đơn vị / unit code (01, 00004, BYT, VPCP...).")
@click.option("--role", type=ROLES, help="Vai trò đầu tiên tại đơn vị đó / a first role there.")
@click.option("--full-name", default="", help="Họ tên / full name.")
@click.option("--email", default=None)
@click.option("--system", "is_system", is_flag=True, help="Tài khoản hệ thống (chỉ mã API) / token-only.")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ stdin / read the password from stdin.")
@click.option("--no-password", is_flag=True, help="Chưa đặt mật khẩu / no password for now.")
def create(
    username: str,
    unit: str,
    role: str | None,
    full_name: str,
    email: str | None,
    is_system: bool,
    password_stdin: bool,
    no_password: bool,
) -> None:
    """Tạo tài khoản / create an account."""
    password = None if is_system or no_password else _read_password(password_stdin)
    kind = AccountKind.SYSTEM if is_system else AccountKind.PERSON
    chosen = Role(role) if role else (Role.SYSTEM if is_system else None)
    with _clear_errors(), cli_transaction() as db:
        unit_id = unit_id_for_code(db, unit, "--unit", "option")
        user = service.create_user(
            db,
            CLI,
            username=username,
            unit_id=unit_id,
            full_name=full_name,
            email=email,
            kind=kind,
            password=password,
            role=chosen,
        )
        name = user.username
    console.print(f"[green]Đã tạo / created[/green] {name}")


@users.command("grant")
@click.argument("username")
@click.option("--unit", required=True, help="Mã đơn vị / unit code.")
@click.option("--role", type=ROLES, required=True)
@click.option("--capture", type=MODES, default=None, help="Phạm vi nhập / capture scope (default: unit).")
@click.option("--view", type=MODES, default=None, help="Phạm vi xem / view scope (default: subtree).")
@click.option("--sector/--no-sector", default=None, help="Phạm vi ngành toàn quốc / sector scope.")
def grant(
    username: str, unit: str, role: str, capture: str | None, view: str | None, sector: bool | None
) -> None:
    """Cấp vai trò tại một đơn vị / grant a role at a unit."""
    with _clear_errors(), cli_transaction() as db:
        user = service.find_user(db, CLI, username)
        membership = service.grant_role(
            db,
            CLI,
            user,
            unit_id=unit_id_for_code(db, unit, "--unit", "option"),
            role=Role(role),
            capture_scope=ScopeMode(capture) if capture else None,
            view_scope=ScopeMode(view) if view else None,
            sector_scope=sector,
        )
        summary = f"#{membership.id} {role} @ {unit}, view={membership.view_scope}"
        summary += f", sector={membership.sector_scope}"
    console.print(f"[green]Đã cấp / granted[/green] {summary}")


@users.command("revoke")
@click.argument("username")
@click.option("--unit", required=True)
@click.option("--role", type=ROLES, required=True)
def revoke(username: str, unit: str, role: str) -> None:
    """Thu hồi vai trò / revoke a role."""
    with _clear_errors(), cli_transaction() as db:
        user = service.find_user(db, CLI, username)
        unit_id = unit_id_for_code(db, unit, "--unit", "option")
        found = [m for m in user.memberships if m.unit_id == unit_id and m.role == role]
        if not found:
            raise click.ClickException(f"{username} không có vai trò {role} tại {unit} / holds no such role")
        service.revoke_membership(db, CLI, user, found[0].id)
    console.print(f"[green]Đã thu hồi / revoked[/green] {role} @ {unit}")


@users.command("list")
@click.option("--unit", default=None, help="Chỉ đơn vị này / only this unit's accounts.")
def list_(unit: str | None) -> None:
    """Liệt kê tài khoản / list accounts."""
    with _clear_errors(), cli_transaction() as db:
        unit_id = unit_id_for_code(db, unit, "--unit", "option") if unit else None
        rows = list(db.scalars(users_in_scope(None, unit_id=unit_id).order_by(User.username)))
        memberships = list(db.scalars(select(Membership).where(Membership.user_id.in_([u.id for u in rows]))))
        labels = unit_labels(db, {u.unit_id for u in rows} | {m.unit_id for m in memberships})
        table = Table("username", "full name", "unit", "roles", "active")
        for u in rows:
            roles = ", ".join(
                f"{m.role}@{labels[m.unit_id].code if m.unit_id in labels else '?'}"
                for m in memberships
                if m.user_id == u.id
            )
            home = labels[u.unit_id].code if u.unit_id in labels else "?"
            table.add_row(u.username, u.full_name, home, roles, "yes" if u.is_active else "no")
    console.print(table)


@users.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True)
def set_password(username: str, password_stdin: bool) -> None:
    """Đặt mật khẩu mới (đăng xuất mọi phiên) / set a new password (ends all sessions)."""
    password = _read_password(password_stdin)
    with _clear_errors(), cli_transaction() as db:
        service.update_user(db, CLI, service.find_user(db, CLI, username), password=password)
    console.print("[green]Đã đổi mật khẩu / password changed[/green]")


@users.command("unlock")
@click.argument("username")
def unlock(username: str) -> None:
    """Mở khóa sau nhiều lần đăng nhập sai / unlock after failed logins."""
    with _clear_errors(), cli_transaction() as db:
        service.update_user(db, CLI, service.find_user(db, CLI, username), unlock=True)
    console.print("[green]Đã mở khóa / unlocked[/green]")


@click.group()
def tokens() -> None:
    """Mã API cho chương trình / API tokens for programs."""


@tokens.command("create")
@click.argument("username")
@click.option("--name", required=True, help="Dùng để làm gì / what the token is for.")
@click.option("--days", type=click.IntRange(1, 3650), default=90, show_default=True)
@click.option(
    "--regime", "regimes", multiple=True, help="Giới hạn chế độ báo cáo (lặp lại) / allowed regime."
)
def create_token(username: str, name: str, days: int, regimes: tuple[str, ...]) -> None:
    """Cấp mã API (in ra một lần duy nhất) / issue a token (printed once)."""
    with _clear_errors(), cli_transaction() as db:
        user = service.find_user(db, CLI, username)
        issued = issue_token(
            db, user, name=name, lifetime=timedelta(days=days), regimes=list(regimes) or None, actor="cli"
        )
        secret, expires = issued.secret, issued.token.expires_at
    console.print(f"Mã API (chỉ hiện một lần) / token (shown once), expires {expires:%Y-%m-%d %H:%M} UTC:")
    click.echo(secret)


@tokens.command("list")
@click.argument("username")
def list_tokens_cmd(username: str) -> None:
    """Mã API của một tài khoản / a user's tokens."""
    with _clear_errors(), cli_transaction() as db:
        table = Table("id", "name", "prefix", "expires", "revoked", "last used")
        for t in list_tokens(db, service.find_user(db, CLI, username)):
            table.add_row(
                str(t.id),
                t.name,
                t.prefix,
                f"{t.expires_at:%Y-%m-%d}",
                f"{t.revoked_at:%Y-%m-%d}" if t.revoked_at else "",
                f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "",
            )
    console.print(table)


@tokens.command("revoke")
@click.argument("token_id", type=int)
def revoke_token_cmd(token_id: int) -> None:
    """Thu hồi mã API / revoke a token."""
    with _clear_errors(), cli_transaction() as db:
        found = find_token(db, token_id)
        if found is None:
            raise click.ClickException(f"Không có mã API #{token_id} / no token #{token_id}")
        revoke_token(db, found, actor="cli")
    console.print(f"[green]Đã thu hồi / revoked[/green] #{token_id}")
