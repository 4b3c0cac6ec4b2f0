"""/api/v1/auth: browser login and logout, API tokens, and "who am I"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from baocao.access.authn import LoginContext, PasswordAuthenticator, PasswordCredentials
from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.present import token_info, user_out
from baocao.access.principal import AuthMethod, Principal
from baocao.access.rules import Permission
from baocao.access.schemas import LoginOut, MeOut, TokenInfo, TokenOut
from baocao.access.tokens import find_token, issue_token, list_tokens, revoke_token
from baocao.access.websessions import (
    COOKIE_NAME,
    csrf_token_for,
    end_session,
    set_session_cookie,
    start_session,
)
from baocao.audit.service import record_event
from baocao.audit.types import utc_now
from baocao.config import Settings
from baocao.deps import get_session, get_settings
from baocao.errors import ApiError, invalid, not_found

router = APIRouter(prefix="/auth", tags=["auth"])

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_CREDENTIALS_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            media: {
                "schema": {
                    "type": "object",
                    "required": ["username", "password"],
                    "properties": {
                        "username": {"type": "string"},
                        "password": {"type": "string", "format": "password"},
                    },
                }
            }
            for media in ("application/json", "application/x-www-form-urlencoded")
        },
    }
}


async def read_credentials(request: Request) -> PasswordCredentials:
    """username and password from a JSON body or a form (OAuth2 password-grant clients send forms)."""
    data: Any
    if request.headers.get("content-type", "").startswith(_FORM_TYPES):
        data = dict((await request.form()).items())
    else:
        try:
            data = await request.json()
        except ValueError:
            data = None
    if not isinstance(data, dict):
        raise invalid(
            "body", "Cần username và password (JSON hoặc form)", "Send username and password", "body"
        )
    values = []
    for name in ("username", "password"):
        value = data.get(name)
        if not isinstance(value, str) or not value:
            raise invalid(name, f"Thiếu '{name}'", f"'{name}' is required", "body")
        values.append(value)
    return PasswordCredentials(values[0], values[1])


def _refused() -> JSONResponse:
    # Returned, not raised: the transaction must commit the failure count and the audit event.
    error = ApiError(
        401,
        "invalid_credentials",
        "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang tạm khóa do đăng nhập sai nhiều lần",
        "Wrong username or password, or the account is locked after repeated failures",
    )
    return JSONResponse(error.as_dict(), status_code=401, headers={**NO_STORE, "WWW-Authenticate": "Bearer"})


@router.post(
    "/login",
    response_model=LoginOut,
    summary="Đăng nhập trình duyệt / browser login (sets the session cookie)",
    openapi_extra=_CREDENTIALS_BODY,
)
def login(
    response: Response,
    credentials: PasswordCredentials = Depends(read_credentials),
    _: Principal = Depends(require(Permission.PUBLIC)),
    db: Session = Depends(get_session),
    settings: Settings = Depends(get_settings),
    client: ClientInfo = Depends(client_info),
) -> Any:
    user = PasswordAuthenticator(settings).authenticate(db, credentials, LoginContext(client.ip, "session"))
    if user is None:
        return _refused()
    lifetime = timedelta(hours=settings.session_hours)
    raw_id = start_session(db, user, lifetime=lifetime, ip=client.ip, user_agent=client.user_agent)
    set_session_cookie(response, raw_id, lifetime, client.secure)
    response.headers.update(NO_STORE)
    return LoginOut(
        user=user_out(db, user, user.memberships),
        csrf_token=csrf_token_for(settings.secret_key, raw_id),
        expires_at=utc_now() + lifetime,
    )


@router.post(
    "/logout",
    status_code=204,
    summary="Đăng xuất / log out (ends the session, or revokes the token in use)",
)
def logout(
    request: Request,
    principal: Principal = Depends(require(Permission.AUTHENTICATED)),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> Response:
    response = Response(status_code=204)
    if principal.method == AuthMethod.TOKEN and principal.token is not None:
        revoke_token(db, principal.token, actor=principal.username, ip=client.ip)
    else:
        end_session(db, request.cookies.get(COOKIE_NAME, ""))
        response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=client.secure)
    record_event(
        db, "auth.logout", actor=principal.username, target=f"user:{principal.username}", ip=client.ip
    )
    return response


@router.get("/me", response_model=MeOut, summary="Tài khoản đang dùng / the signed-in account")
def me(
    response: Response,
    principal: Principal = Depends(require(Permission.AUTHENTICATED)),
    db: Session = Depends(get_session),
) -> MeOut:
    assert principal.user is not None
    response.headers.update(NO_STORE)
    regimes = principal.regimes
    return MeOut(
        user=user_out(db, principal.user, principal.user.memberships),
        auth="token" if principal.method == AuthMethod.TOKEN else "session",
        csrf_token=principal.csrf_token,
        permissions=[p.value for p in principal.permissions()],
        regimes=sorted(regimes) if regimes is not None else None,
    )


@router.post(
    "/token",
    response_model=TokenOut,
    summary="Cấp mã API bằng mật khẩu / API token for a program (OAuth2 password style)",
    openapi_extra=_CREDENTIALS_BODY,
)
def token(
    credentials: PasswordCredentials = Depends(read_credentials),
    _: Principal = Depends(require(Permission.PUBLIC)),
    db: Session = Depends(get_session),
    settings: Settings = Depends(get_settings),
    client: ClientInfo = Depends(client_info),
) -> Any:
    user = PasswordAuthenticator(settings).authenticate(db, credentials, LoginContext(client.ip, "token"))
    if user is None:
        return _refused()
    lifetime = timedelta(hours=settings.token_hours)
    stamp = utc_now().strftime("%Y-%m-%d %H:%M")
    issued = issue_token(
        db, user, name=f"password grant {stamp}", lifetime=lifetime, actor=user.username, ip=client.ip
    )
    body = TokenOut(access_token=issued.secret, expires_in=int(lifetime.total_seconds()))
    return JSONResponse(body.model_dump(), headers=NO_STORE)


@router.get("/tokens", response_model=list[TokenInfo], summary="Mã API của tôi / my API tokens")
def my_tokens(
    principal: Principal = Depends(require(Permission.AUTHENTICATED)),
    db: Session = Depends(get_session),
) -> list[TokenInfo]:
    assert principal.user is not None
    return [token_info(t) for t in list_tokens(db, principal.user)]


@router.delete("/tokens/{token_id}", status_code=204, summary="Thu hồi mã API / revoke one of my tokens")
def revoke_my_token(
    token_id: int,
    principal: Principal = Depends(require(Permission.AUTHENTICATED)),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> Response:
    assert principal.user is not None
    found = find_token(db, token_id, owner=principal.user)
    if found is None:
        raise not_found("mã API", "token", str(token_id), field="token_id")
    revoke_token(db, found, actor=principal.username, ip=client.ip)
    return Response(status_code=204)
