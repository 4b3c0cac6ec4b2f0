"""The overview dashboard: KPI tiles for the unit a person looks at (value, unit of measure, change
against cùng kỳ, target progress, sparkline), and the choice of tiles, saved per account and unit."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.web import preferences
from baocao.web.figures import viewpoint
from baocao.web.render import page, redirect
from baocao.web.tiles import tiles as make_tiles

router = APIRouter(include_in_schema=False)
READ = require(Permission.ANALYTICS_READ)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    unit: str = "",
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    assert principal.user is not None
    scope = principal.scope(Permission.ANALYTICS_READ)
    point = viewpoint(session, principal, unit or None)
    shown, every, own = preferences.tiles_for(session, principal.user.id, point.unit_id)
    tiles = make_tiles(session, scope, shown, point)
    return page(
        request, "dashboard.html", principal, point=point, tiles=tiles, every=every, own=own,
        shown={s.code for s in shown}, saved=request.query_params.get("saved") == "1",
    )  # fmt: skip


@router.post("/dashboard/tiles")
async def choose_tiles(
    request: Request, principal: Principal = Depends(READ), session: Session = Depends(get_session)
) -> Response:
    assert principal.user is not None
    form = await request.form()
    unit = str(form.get("unit") or "")
    point = viewpoint(session, principal, unit or None)  # 403 outside the scope
    codes = [str(v) for v in form.getlist("tile") if isinstance(v, str)]
    preferences.save_choice(session, principal.user.id, point.unit_id, codes)
    return redirect(f"/dashboard?unit={point.code}&saved=1")
