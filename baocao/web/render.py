"""Rendering pages: the Jinja2 environment with the catalogue and the format filters, the page context
(who is signed in, the language, the CSRF token, the navigation), and HTML error pages for non-API paths.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.errors import ApiError
from baocao.web import formats
from baocao.web.i18n import LANG_COOKIE, bilingual, pick, translator

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
ENV.filters["day"] = formats.day
ENV.filters["moment"] = formats.moment
NO_STORE = {"Cache-Control": "no-store"}
ADMIN_PERMISSIONS = (Permission.USERS_ADMIN, Permission.REGIMES_ADMIN, Permission.METADATA_ADMIN)


def lang_of(request: Request) -> str:
    return pick(request.cookies.get(LANG_COOKIE))


def nav_items(principal: Principal | None) -> list[tuple[str, str]]:
    """Only pages that exist and that the account may open."""
    if principal is None or not principal.is_authenticated:
        return []
    items = [("/", "nav.home")]
    if principal.can(Permission.SUBMISSIONS_APPROVE):
        items.append(("/inbox", "nav.inbox"))
    if principal.can(Permission.ANALYTICS_READ):
        items[1:1] = [("/dashboard", "nav.dashboard"), ("/indicators", "nav.indicators")]
    if principal.can(Permission.SUBMISSIONS_READ):
        items.append(("/compliance", "nav.compliance"))
    if principal.can(Permission.ANALYTICS_READ):
        items.append(("/wall", "nav.wall"))
    if any(principal.can(p) for p in ADMIN_PERMISSIONS):
        items.append(("/admin", "nav.admin"))
    return items


def page(
    request: Request,
    template: str,
    principal: Principal | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = lang_of(request)
    t = translator(lang)
    body = ENV.get_template(template).render(
        request=request,
        lang=lang,
        t=t,
        both=lambda vi, en: bilingual(lang, vi, en),
        num=lambda value, decimals=None: formats.number(value, lang, decimals),
        tojson=formats.to_json,
        pct=lambda value: formats.percent(value, lang),
        num_text=lambda text: formats.number_text(text, lang),
        principal=principal,
        csrf_token=principal.csrf_token if principal else None,
        nav=nav_items(principal),
        path=request.url.path,
        **context,
    )
    return HTMLResponse(body, status_code=status, headers=NO_STORE)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# Machine interfaces answer errors in their own formats (JSON, SDMX-ML, DHIS2), never with pages.
MACHINE_PREFIXES = ("/api/", "/dhis2/", "/sdmx/", "/open/")


def _is_page(request: Request) -> bool:
    # The pages' own JSON endpoints (``*.json``, for the charts) answer JSON errors too.
    path = request.url.path
    return not path.startswith(MACHINE_PREFIXES) and not path.endswith(".json")


async def _delegate(handler: Any, request: Request, exc: Exception) -> Response:
    result = handler(request, exc)
    answer: Response = await result if inspect.isawaitable(result) else result
    return answer


def install_error_pages(app: FastAPI) -> None:
    """Pages answer errors in HTML (401 → the sign-in page); /api/ keeps its JSON answers."""
    api_error = app.exception_handlers[ApiError]
    http_error = app.exception_handlers[StarletteHTTPException]

    def error_page(request: Request, status: int, message: str | None) -> HTMLResponse:
        return page(request, "error.html", None, status, code=status, message=message)

    async def on_api_error(request: Request, exc: Exception) -> Response:
        if not _is_page(request) or not isinstance(exc, ApiError):
            return await _delegate(api_error, request, exc)
        if exc.status == 401:
            return redirect(f"/login?next={request.url.path}")
        return error_page(request, exc.status, bilingual(lang_of(request), exc.message, exc.message_en))

    async def on_http_error(request: Request, exc: Exception) -> Response:
        if not _is_page(request) or not isinstance(exc, StarletteHTTPException):
            return await _delegate(http_error, request, exc)
        if exc.status_code == 401:
            return redirect(f"/login?next={request.url.path}")
        return error_page(request, exc.status_code, None)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)


def json_error(exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.as_dict(), status_code=exc.status)
