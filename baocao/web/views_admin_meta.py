"""Administration within scope, part 3: indicators (list, with their expressions; each opens its
indicator page) and plan targets (list for a year with progress, and set one for a unit in scope —
through the same checks as ``PUT /api/v1/targets``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.queries import unit_labels
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.errors import ApiError
from baocao.indicators.schemas import TargetIn
from baocao.indicators.service import TargetSpec, list_indicators, set_targets
from baocao.indicators.targets import list_targets
from baocao.timeutil import today
from baocao.web.context import problems_of
from baocao.web.formats import parse_number
from baocao.web.render import lang_of, redirect
from baocao.web.views_admin import admin_page

router = APIRouter(include_in_schema=False)
META = require(Permission.METADATA_ADMIN)
DIRECTIONS = ("at_least", "at_most", "about")


@router.get("/admin/indicators", response_class=HTMLResponse)
def indicator_admin(
    request: Request, principal: Principal = Depends(META), session: Session = Depends(get_session)
) -> Response:
    return admin_page(request, "admin_indicators.html", principal, indicators=list_indicators(session))


def targets_page(
    request: Request, session: Session, principal: Principal, year: int, status: int = 200, **extra: Any
) -> Response:
    scope = principal.scope(Permission.METADATA_ADMIN)
    targets = list_targets(session, scope, year=year)
    labels = unit_labels(session, {t.unit_id for t, _ in targets})
    return admin_page(request, "admin_targets.html", principal, status, year=year, targets=targets,
                      labels=labels, indicators=list_indicators(session), directions=DIRECTIONS,
                      **extra)  # fmt: skip


@router.get("/admin/targets", response_class=HTMLResponse)
def target_admin(
    request: Request,
    year: int = Query(0, ge=0, le=2100),
    principal: Principal = Depends(META),
    session: Session = Depends(get_session),
) -> Response:
    return targets_page(
        request, session, principal, year or today().year, saved=request.query_params.get("saved")
    )


@router.post("/admin/targets", response_class=HTMLResponse)
async def set_target(
    request: Request, principal: Principal = Depends(META), session: Session = Depends(get_session)
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    year = int(form["year"]) if form.get("year", "").isdigit() else today().year
    try:
        try:
            lang = lang_of(request)
            tolerance = form.get("tolerance")
            body = TargetIn(
                indicator=form.get("indicator", ""),
                unit=form.get("unit", "").strip(),
                year=year,
                value=parse_number(form.get("value", ""), lang),
                direction=form.get("direction", ""),
                assigned_by=form.get("assigned_by", "").strip() or (principal.username or "?"),
                tolerance=parse_number(tolerance, lang) if tolerance else None,
                source_document=form.get("source_document") or None,
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "value"
            raise ApiError(422, "invalid_target", f"Giá trị không hợp lệ ở trường '{field}'",
                           f"Invalid value in field '{field}'", field, "body") from None  # fmt: skip
        spec = TargetSpec(body.indicator, body.unit, body.year, body.value, body.direction, body.assigned_by,
                          body.tolerance, body.source_document, body.parent_unit)  # fmt: skip
        set_targets(session, principal.scope(Permission.METADATA_ADMIN), [spec], principal.username)
    except ApiError as exc:
        session.rollback()
        return targets_page(
            request, session, principal, year, exc.status, problems=problems_of(exc), form=form
        )
    return redirect(f"/admin/targets?year={year}&saved=1")
