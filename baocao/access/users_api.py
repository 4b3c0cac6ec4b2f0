"""/api/v1/users: accounts and their roles, managed by administrators within their scope."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.orm import Session

from baocao.access import service
from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.models import User
from baocao.access.present import membership_out, user_out, users_out
from baocao.access.principal import Principal
from baocao.access.queries import count, unit_labels, users_in_scope
from baocao.access.rules import Permission
from baocao.access.schemas import MembershipCreate, MembershipOut, UserCreate, UserOut, UserUpdate
from baocao.access.units import unit_id_for_code
from baocao.deps import get_session
from baocao.paging import Page, Paging, paging

router = APIRouter(prefix="/users", tags=["users"])

ADMIN = require(Permission.USERS_ADMIN)


def _actor(principal: Principal, client: ClientInfo) -> service.Actor:
    return service.Actor(principal.username or "?", principal.scope(Permission.USERS_ADMIN), client.ip)


@router.get("", response_model=Page[UserOut], summary="Tài khoản trong phạm vi / accounts in your scope")
def list_users(
    unit: str | None = Query(None, description="Chỉ tài khoản thuộc đơn vị này / only this unit's accounts"),
    q: str | None = Query(None, max_length=100, description="Tìm theo tên / search username or name"),
    page: Paging = Depends(paging),
    principal: Principal = Depends(ADMIN),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> Page[UserOut]:
    actor = _actor(principal, client)
    unit_id = unit_id_for_code(db, unit, "unit", "query") if unit else None
    stmt = users_in_scope(actor.scope, unit_id=unit_id, q=q)
    total = count(db, stmt)
    users = list(db.scalars(stmt.order_by(User.username).limit(page.limit).offset(page.offset)))
    memberships = service.visible_memberships_of(db, actor, users)
    items = users_out(db, [(u, memberships[u.id]) for u in users])
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.post("", response_model=UserOut, status_code=201, summary="Tạo tài khoản / create an account")
def create_user(
    body: UserCreate,
    principal: Principal = Depends(ADMIN),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> UserOut:
    actor = _actor(principal, client)
    user = service.create_user(
        db,
        actor,
        username=body.username,
        unit_id=unit_id_for_code(db, body.unit, "unit", "body"),
        full_name=body.full_name,
        email=body.email,
        kind=body.kind,
        password=body.password.get_secret_value() if body.password else None,
        role=body.role,
    )
    return user_out(db, user, service.visible_memberships(db, actor, user))


@router.get("/{username}", response_model=UserOut, summary="Một tài khoản / one account")
def get_user(
    username: str,
    principal: Principal = Depends(ADMIN),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> UserOut:
    actor = _actor(principal, client)
    user = service.find_user(db, actor, username)
    return user_out(db, user, service.visible_memberships(db, actor, user))


@router.patch("/{username}", response_model=UserOut, summary="Sửa, khóa, mở khóa tài khoản / update")
def update_user(
    username: str,
    body: UserUpdate,
    principal: Principal = Depends(ADMIN),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> UserOut:
    actor = _actor(principal, client)
    user = service.find_user(db, actor, username)
    service.update_user(
        db,
        actor,
        user,
        full_name=body.full_name,
        email=body.email,
        is_active=body.is_active,
        unlock=body.unlock,
        password=body.password.get_secret_value() if body.password else None,
    )
    return user_out(db, user, service.visible_memberships(db, actor, user))


@router.post(
    "/{username}/memberships",
    response_model=MembershipOut,
    status_code=201,
    summary="Cấp vai trò tại một đơn vị / grant a role at a unit",
)
def grant(
    username: str,
    body: MembershipCreate,
    principal: Principal = Depends(ADMIN),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> MembershipOut:
    actor = _actor(principal, client)
    user = service.find_user(db, actor, username)
    unit_id = unit_id_for_code(db, body.unit, "unit", "body")
    membership = service.grant_role(
        db,
        actor,
        user,
        unit_id=unit_id,
        role=body.role,
        capture_scope=body.capture_scope,
        view_scope=body.view_scope,
        sector_scope=body.sector_scope,
    )
    return membership_out(membership, unit_labels(db, [unit_id]))


@router.delete(
    "/{username}/memberships/{membership_id}", status_code=204, summary="Thu hồi vai trò / revoke a role"
)
def revoke(
    username: str,
    membership_id: int,
    principal: Principal = Depends(ADMIN),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> Response:
    actor = _actor(principal, client)
    user = service.find_user(db, actor, username)
    service.revoke_membership(db, actor, user, membership_id)
    return Response(status_code=204)
