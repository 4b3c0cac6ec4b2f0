"""Sign in, sign out and the language switch (the access module's sessions and CSRF tokens)."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from baocao.access.authn import LoginContext, PasswordAuthenticator, PasswordCredentials
from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.access.websessions import COOKIE_NAME, end_session, set_session_cookie, start_session
from baocao.audit.service import record_event
from baocao.config import Settings
from baocao.deps import get_session, get_settings
from baocao.web.i18n import LANG_COOKIE, LANGUAGES
from baocao.web.render import page, redirect

router = APIRouter(include_in_schema=False)
PUBLIC = require(Permission.PUBLIC)
YEAR = 365 * 24 * 3600
# Login CSRF: the sign-in form carries a random value that must equal this cookie's (double submit),
# so another site cannot sign a browser in to an account of its choosing.
LOGIN_COOKIE = "baocao_login"


def _login_page(request: Request, next_path: str, status: int = 200, **context: Any) -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = page(request, "login.html", status=status, next=next_path, login_token=token, **context)
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/login", httponly=True, samesite="strict")
    return response


def safe_next(target: str | None) -> str:
    """Only a path of this site (no scheme, no host, no ``//``) may follow a sign-in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None, _: Principal = Depends(PUBLIC)) -> Response:
    return _login_page(request, safe_next(next), failed=False)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    login_token: str = Form(""),
    _: Principal = Depends(PUBLIC),
    db: Session = Depends(get_session),
    settings: Settings = Depends(get_settings),
    client: ClientInfo = Depends(client_info),
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, login_token):
        return _login_page(request, safe_next(next), 403, failed=False, stale=True, username=username)
    user = None
    if username and password:
        credentials = PasswordCredentials(username, password)
        user = PasswordAuthenticator(settings).authenticate(
            db, credentials, LoginContext(client.ip, "session")
        )
    if user is None:
        # Returned, not raised: the failure count and the audit event must be committed.
        return _login_page(request, safe_next(next), 401, failed=True, username=username)
    lifetime = timedelta(hours=settings.session_hours)
    raw_id = start_session(db, user, lifetime=lifetime, ip=client.ip, user_agent=client.user_agent)
    response = redirect(safe_next(next))
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    set_session_cookie(response, raw_id, lifetime, client.secure)
    return response


@router.post("/logout")
def logout(
    request: Request,
    principal: Principal = Depends(require(Permission.AUTHENTICATED)),
    db: Session = Depends(get_session),
    client: ClientInfo = Depends(client_info),
) -> Response:
    end_session(db, request.cookies.get(COOKIE_NAME, ""))
    record_event(
        db, "auth.logout", actor=principal.username, target=f"user:{principal.username}", ip=client.ip
    )
    response = redirect("/login")
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=client.secure)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, back: str | None = None, _: Principal = Depends(PUBLIC)) -> Response:
    response = redirect(quote(safe_next(back), safe="/?=&-_.~%"))
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=YEAR, path="/", samesite="lax")
    return response
