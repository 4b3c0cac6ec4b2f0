"""Administration within scope, part 2: accounts and roles (list, create, grant, revoke) through
``baocao.access.service``, which refuses units outside the administrator's scope and records every
change in the audit log. Every form carries the CSRF token (checked by the guard)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from baocao.access import service
from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.models import User
from baocao.access.principal import Principal
from baocao.access.queries import memberships_in_scope, unit_labels, users_in_scope
from baocao.access.rules import ROLE_NAMES, Permission, Role
from baocao.deps import get_session
from baocao.errors import ApiError, invalid
from baocao.timeutil import today
from baocao.units.service import resolve_unit
from baocao.web.context import problems_of
from baocao.web.render import redirect
from baocao.web.views_admin import admin_page

router = APIRouter(include_in_schema=False)
ADMIN = require(Permission.USERS_ADMIN)
LIST_LIMIT = 200
ROLES = [r for r in Role if r != Role.SYSTEM]  # system accounts get their tokens through the API


def _actor(principal: Principal, client: ClientInfo) -> service.Actor:
    return service.Actor(principal.username or "?", principal.scope(Permission.USERS_ADMIN), client.ip)


def users_page(
    request: Request, session: Session, principal: Principal, q: str = "", status: int = 200, **extra: Any
) -> Response:
    scope = principal.scope(Permission.USERS_ADMIN)
    stmt = users_in_scope(scope, q=q or None).order_by(User.username).limit(LIST_LIMIT)
    users = list(session.scalars(stmt))
    memberships = list(session.scalars(memberships_in_scope(users, scope))) if users else []
    labels = unit_labels(session, {u.unit_id for u in users} | {m.unit_id for m in memberships})
    roles: dict[int, list[Any]] = {}
    for m in memberships:
        roles.setdefault(m.user_id, []).append(m)
    return admin_page(request, "admin_users.html", principal, status, users=users, roles=roles, labels=labels,
                      q=q, role_choices=ROLES, role_names=ROLE_NAMES, **extra)  # fmt: skip


@router.get("/admin/users", response_class=HTMLResponse)
def user_list(
    request: Request,
    q: str = "",
    principal: Principal = Depends(ADMIN),
    session: Session = Depends(get_session),
) -> Response:
    return users_page(request, session, principal, q, done=request.query_params.get("done"))


def _role(text: str) -> Role:
    try:
        role = Role(text)
    except ValueError:
        role = Role.SYSTEM
    if role == Role.SYSTEM:
        raise invalid(
            "role", f"Vai trò '{text}' không cấp được ở đây", f"Role '{text}' cannot be granted here", "body"
        )
    return role


def _unit_id(session: Session, code: str) -> int:
    return resolve_unit(session, code.strip(), today(), field="unit", location="body").unit_id


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.post("/admin/users", response_class=HTMLResponse)
async def create_user(
    request: Request,
    principal: Principal = Depends(ADMIN),
    session: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> Response:
    form = await _form(request)
    try:
        user = service.create_user(
            session, _actor(principal, client), username=form.get("username", ""),
            unit_id=_unit_id(session, form.get("unit", "")), full_name=form.get("full_name", ""),
            password=form.get("password") or None, role=_role(form.get("role", "")),
        )  # fmt: skip
    except ApiError as exc:
        session.rollback()
        return users_page(
            request, session, principal, status=exc.status, problems=problems_of(exc), form=form
        )
    return redirect(f"/admin/users?q={user.username}&done=created")


@router.post("/admin/users/{username}/grant", response_class=HTMLResponse)
async def grant(
    request: Request,
    username: str,
    principal: Principal = Depends(ADMIN),
    session: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> Response:
    form = await _form(request)
    actor = _actor(principal, client)
    try:
        user = service.find_user(session, actor, username)
        service.grant_role(session, actor, user, unit_id=_unit_id(session, form.get("unit", "")),
                           role=_role(form.get("role", "")))  # fmt: skip
    except ApiError as exc:
        session.rollback()
        return users_page(request, session, principal, username, exc.status, problems=problems_of(exc))
    return redirect(f"/admin/users?q={username}&done=granted")


@router.post("/admin/users/{username}/revoke/{membership_id}", response_class=HTMLResponse)
def revoke(
    username: str,
    membership_id: int,
    principal: Principal = Depends(ADMIN),
    session: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> Response:
    actor = _actor(principal, client)
    user = service.find_user(session, actor, username)  # 404 outside the scope
    service.revoke_membership(session, actor, user, membership_id)
    return redirect(f"/admin/users?q={username}&done=revoked")
