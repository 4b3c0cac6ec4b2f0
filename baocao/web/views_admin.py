"""Administration within scope, part 1: the index, administrative units (reference data, read-only:
the tree on a day, versions and successions) and reporting regimes (list, versions, upload of a new
version as YAML with line-precise errors through ``baocao.regimes.loader``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.access.scope import Scope
from baocao.deps import get_session
from baocao.errors import ApiError
from baocao.regimes.loader import load_regime, owners_within
from baocao.regimes.models import Regime, RegimeVersion
from baocao.timeutil import parse_date_param, today
from baocao.units import service as units
from baocao.units.models import UnitVersion
from baocao.web.context import problems_of
from baocao.web.figures import out_of_scope
from baocao.web.render import page

router = APIRouter(include_in_schema=False)
UNITS = require(Permission.UNITS_READ)
REGIMES = require(Permission.REGIMES_READ)
REGIMES_ADMIN = require(Permission.REGIMES_ADMIN)
SECTIONS = (
    ("/admin/units", "admin.units", Permission.UNITS_READ),
    ("/admin/regimes", "admin.regimes", Permission.REGIMES_READ),
    ("/admin/indicators", "admin.indicators", Permission.METADATA_ADMIN),
    ("/admin/targets", "admin.targets", Permission.METADATA_ADMIN),
    ("/admin/users", "admin.users", Permission.USERS_ADMIN),
)
UPLOAD_LIMIT = 2 * 1024 * 1024


def sections(principal: Principal) -> list[tuple[str, str]]:
    return [(href, key) for href, key, permission in SECTIONS if principal.can(permission)]


def admin_page(
    request: Request, template: str, principal: Principal, status: int = 200, **context: Any
) -> Response:
    return page(request, template, principal, status, sections=sections(principal), **context)


@router.get("/admin", response_class=HTMLResponse)
def admin_index(request: Request, principal: Principal = Depends(UNITS)) -> Response:
    return admin_page(request, "admin_index.html", principal)


def _anchor(session: Session, principal: Principal, scope: Scope, day: date) -> str:
    """Where the tree starts: the country for national scopes, else the account's own unit."""
    if scope.is_national():
        return "CP"
    assert principal.user is not None
    code = session.scalar(
        select(UnitVersion.code)
        .where(UnitVersion.unit_id == principal.user.unit_id)
        .order_by(UnitVersion.valid_from.desc())
    )
    return code or "CP"


@router.get("/admin/units", response_class=HTMLResponse)
def unit_tree(
    request: Request, parent: str = "", as_of: str = "",
    principal: Principal = Depends(UNITS), session: Session = Depends(get_session),
) -> Response:  # fmt: skip
    day = parse_date_param(as_of or None, "as_of") or today()
    scope = principal.scope(Permission.UNITS_READ)
    code = parent or _anchor(session, principal, scope, day)
    unit = units.resolve_unit(session, code, day, field="parent", location="query")
    if not scope.contains(unit.unit_id, as_of=day):
        raise out_of_scope(code)
    children = units.descendants(session, code, day, max_depth=1, limit=5000).items
    trail = units.ancestors(session, code, day)
    return admin_page(request, "admin_units.html", principal, unit=unit, children=children, trail=trail,
                      day=day, successors=units.successors(session, code, day),
                      predecessors=units.predecessors(session, code, day),
                      versions=sorted(unit.unit.versions, key=lambda v: v.valid_from))  # fmt: skip


def _regimes(session: Session, principal: Principal) -> list[tuple[Regime, RegimeVersion]]:
    stmt = select(Regime).order_by(Regime.code)
    if principal.regimes is not None:
        stmt = stmt.where(Regime.code.in_(sorted(principal.regimes)))
    return [(r, max(r.versions, key=lambda v: v.version)) for r in session.scalars(stmt) if r.versions]


@router.get("/admin/regimes", response_class=HTMLResponse)
def regime_list(
    request: Request,
    code: str = "",
    principal: Principal = Depends(REGIMES),
    session: Session = Depends(get_session),
) -> Response:
    return regimes_page(request, session, principal, code)


def regimes_page(
    request: Request, session: Session, principal: Principal, code: str, status: int = 200, **extra: Any
) -> Response:
    found = _regimes(session, principal)
    chosen = next((r for r, _ in found if r.code == code), None)
    versions = sorted(chosen.versions, key=lambda v: v.version, reverse=True) if chosen else []
    return admin_page(request, "admin_regimes.html", principal, status, regimes=found, chosen=chosen,
                      versions=versions, may_upload=principal.can(Permission.REGIMES_ADMIN),
                      **extra)  # fmt: skip


@router.post("/admin/regimes/upload", response_class=HTMLResponse)
async def regime_upload(
    request: Request,
    file: UploadFile = File(...),
    principal: Principal = Depends(REGIMES_ADMIN),
    session: Session = Depends(get_session),
) -> Response:
    """A new version of a regime, as its YAML file; every problem is listed with its line, and
    nothing is stored unless the whole file is right."""
    scope = principal.scope(Permission.REGIMES_ADMIN)
    name = file.filename or "upload.yaml"
    data = await file.read(UPLOAD_LIMIT + 1)

    authorise = owners_within(scope)

    try:
        if len(data) > UPLOAD_LIMIT:
            raise ApiError(
                413, "too_large", "Tệp lớn hơn 2 MB", "The file is larger than 2 MB", "file", "body"
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ApiError(422, "invalid_body", f"Tệp không phải UTF-8 (byte {exc.start})",
                           f"The file is not UTF-8 (byte {exc.start})", "file", "body") from None  # fmt: skip
        user_id = principal.user.id if principal.user else None
        result = load_regime(session, text, user_id, name=name, actor=principal.username, authorise=authorise)
    except ApiError as exc:
        session.rollback()  # nothing of a refused file stays
        return regimes_page(request, session, principal, "", exc.status, problems=problems_of(exc))
    return regimes_page(request, session, principal, result.code, loaded=result)
