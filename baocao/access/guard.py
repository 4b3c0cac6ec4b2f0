"""``require(Permission.X)``: the one dependency every route declares.

    @router.get("/users", dependencies=[])
    def list_users(principal: Principal = Depends(require(Permission.USERS_ADMIN)), ...)

It answers 401 without valid credentials, 403 without a role granting X, and returns the
``Principal`` whose ``scope(X)`` the route hands to its service. Credentials are, in order: an
``Authorization: Bearer`` API token, then the ``baocao_session`` cookie (unsafe methods must then
carry the CSRF token in ``X-CSRF-Token`` or the form field ``csrf_token``). ``Permission.PUBLIC``
reads no credentials at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from baocao.access.basic import authenticate_basic, basic_allowed
from baocao.access.principal import AuthMethod, Principal, anonymous, principal_for
from baocao.access.rules import RULES, Permission
from baocao.access.tokens import authenticate_token
from baocao.access.transport import client_ip, is_secure
from baocao.access.websessions import (
    COOKIE_NAME,
    CSRF_FIELD,
    CSRF_HEADER,
    csrf_matches,
    csrf_token_for,
    find_session,
)
from baocao.config import Settings
from baocao.deps import get_session, get_settings
from baocao.errors import ApiError

# The attribute tests/access/test_route_rules.py looks for in every route's dependency tree.
PERMISSION_MARKER = "__baocao_permission__"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class ClientInfo:
    ip: str | None
    user_agent: str | None
    secure: bool  # came over TLS (directly, or through a trusted proxy)


def client_info(request: Request, settings: Settings = Depends(get_settings)) -> ClientInfo:
    peer = request.client.host if request.client else None
    return ClientInfo(
        ip=client_ip(peer, request.headers, settings),
        user_agent=request.headers.get("user-agent"),
        secure=is_secure(request.url.scheme, request.headers, settings),
    )


def unauthenticated(message_en: str = "Sign in or send a valid API token") -> HTTPException:
    return HTTPException(401, message_en, headers={"WWW-Authenticate": "Bearer"})


def invalid_token() -> HTTPException:
    return HTTPException(
        401,
        "The API token is malformed, unknown, expired or revoked",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def forbidden(permission: Permission) -> ApiError:
    return ApiError(
        403,
        "forbidden",
        f"Tài khoản không có quyền '{permission.value}' cho thao tác này",
        f"Your account lacks the '{permission.value}' permission for this action",
    )


async def presented_csrf(request: Request) -> str | None:
    """The CSRF token the request carries: the header, or else a form field. The form is read only
    when it is the one place left to look (cookie sign-in, unsafe method, no header), so bearer
    requests and routes that read their own body are not affected."""
    header = request.headers.get(CSRF_HEADER)
    if header or request.method in SAFE_METHODS:
        return header
    if "authorization" in request.headers or COOKIE_NAME not in request.cookies:
        return None
    if request.headers.get("content-type", "").startswith(_FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def current_principal(
    request: Request,
    csrf: str | None = Depends(presented_csrf),
    db: Session = Depends(get_session),
    settings: Settings = Depends(get_settings),
) -> Principal:
    authorization = request.headers.get("authorization")
    if authorization is not None:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "basic" and basic_allowed(request.url.path):
            return _basic_principal(request, db, settings, credentials)
        if scheme.lower() != "bearer" or not credentials.strip():
            raise invalid_token()
        token = authenticate_token(db, credentials.strip())
        if token is None:
            raise invalid_token()
        return principal_for(db, token.user, AuthMethod.TOKEN, token=token)
    raw_id = request.cookies.get(COOKIE_NAME)
    if raw_id:
        web = find_session(db, raw_id)
        if web is not None:
            if request.method not in SAFE_METHODS and not csrf_matches(settings.secret_key, raw_id, csrf):
                raise ApiError(
                    403,
                    "csrf_failed",
                    "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang",
                    "Missing or wrong CSRF token (send it in X-CSRF-Token); reload the page",
                    field=CSRF_HEADER,
                    location="header",
                )
            csrf_token = csrf_token_for(settings.secret_key, raw_id)
            return principal_for(db, web.user, AuthMethod.SESSION, csrf_token=csrf_token)
    return anonymous(db)


def _basic_principal(request: Request, db: Session, settings: Settings, credentials: str) -> Principal:
    peer = request.client.host if request.client else None
    found = authenticate_basic(db, credentials, settings, client_ip(peer, request.headers, settings))
    if found is None:
        # Keep the failure count and the audit event: the 401 below rolls the request back.
        db.commit()
        raise HTTPException(
            401, "Wrong username, password or API token", headers={"WWW-Authenticate": "Bearer"}
        )
    user, token = found
    if token is not None:
        return principal_for(db, user, AuthMethod.TOKEN, token=token)
    return principal_for(db, user, AuthMethod.BASIC)


def _public() -> Principal:
    return anonymous()


_REQUIREMENTS: dict[Permission, Callable[..., Principal]] = {}


def require(permission: Permission) -> Callable[..., Principal]:
    """The dependency declaring that a route needs ``permission`` (one per permission, reused)."""
    if permission in _REQUIREMENTS:
        return _REQUIREMENTS[permission]
    if RULES[permission].anonymous:

        def dependency() -> Principal:
            return _public()

    else:

        def dependency(principal: Principal = Depends(current_principal)) -> Principal:  # type: ignore[misc]
            if not principal.is_authenticated:
                raise unauthenticated()
            if not principal.can(permission):
                raise forbidden(permission)
            return principal

    dependency.__name__ = f"require_{permission.name.lower()}"
    dependency.__doc__ = f"Needs permission '{permission.value}': {RULES[permission].description}"
    setattr(dependency, PERMISSION_MARKER, permission)
    _REQUIREMENTS[permission] = dependency
    return dependency
