"""Wall mode for the operation centre: full screen at 1920×1080, large type, rotating the chosen
panels (overview tiles, the map of an indicator, the compliance board of a regime), each panel
refreshed in place every minute by htmx (no page reload, no flicker)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.analytics.models import MapView
from baocao.deps import get_session
from baocao.errors import ApiError, invalid, not_found
from baocao.periods.periods import Period, PeriodType
from baocao.regimes.models import Regime, RegimeVersion
from baocao.submissions import compliance as compliance_service
from baocao.timeutil import now, today
from baocao.web import figures, preferences
from baocao.web.geo import ISLANDS
from baocao.web.render import page
from baocao.web.subjects import find
from baocao.web.tiles import tiles
from baocao.web.views_compliance import rate
from baocao.web.views_home import regime_choices

router = APIRouter(include_in_schema=False)
READ = require(Permission.ANALYTICS_READ)
PANELS = ("overview", "map", "compliance")
REFRESH_SECONDS = 60


def _panels(text: str) -> list[str]:
    chosen = [p.strip() for p in text.split(",") if p.strip()] or list(PANELS)
    for name in chosen:
        if name not in PANELS:
            raise invalid("panels", f"Không có bảng '{name}'", f"No panel '{name}'")
    return chosen


def _panel(
    session: Session, principal: Principal, name: str, regime: str, period: str, code: str = ""
) -> dict[str, Any]:
    """What one panel shows (the same services and scope as the pages)."""
    assert principal.user is not None
    scope = principal.scope(Permission.ANALYTICS_READ)
    point = figures.viewpoint(session, principal)
    shown, _, _ = preferences.tiles_for(session, principal.user.id, point.unit_id)
    context: dict[str, Any] = {"name": name, "point": point}
    if name == "overview":
        context["tiles"] = tiles(session, scope, shown[:6], point)
    elif name == "map":
        # The indicator asked for, else the first tile that has figures.
        candidates = [find(session, code)] if code else shown
        subject, latest = None, None
        for subject in candidates:
            latest = figures.latest(session, scope, subject, point)
            if latest is not None:
                break
        context["subject"], context["period"] = subject, latest
        if subject is not None and latest is not None:
            ranking = figures.places(session, scope, subject, point, latest, MapView.AS_IT_WAS, point.below)
            context["ranking"] = [p for p in ranking if p.value is not None][:10]
    elif name == "compliance":
        if not principal.can(Permission.SUBMISSIONS_READ):
            raise ApiError(403, "forbidden", "Không có quyền xem báo cáo", "You may not read reports")
        codes = [c for c, _, _ in regime_choices(session)]
        regime = regime or (codes[0] if codes else "")
        period = period or _last_period(session, regime)
        context["regime"], context["period"] = regime, period
        if regime:
            try:
                _, rows = compliance_service.compliance(session, principal, regime, period)
            except ApiError as exc:  # e.g. a period that does not fit the regime: said on the panel
                context["error"] = (exc.message, exc.message_en)
                return context
            counts = compliance_service.counts(rows)
            context["counts"], context["rate"] = counts, rate(counts)
    return context


def _last_period(session: Session, regime: str) -> str:
    """The regime's last finished period (by its latest version's frequency; monthly otherwise)."""
    frequency = session.scalar(
        select(RegimeVersion.frequency)
        .join(Regime, Regime.id == RegimeVersion.regime_id)
        .where(Regime.code == regime)
        .order_by(RegimeVersion.version.desc())
        .limit(1)
    )
    kind = PeriodType(frequency) if frequency in {k.value for k in PeriodType} else PeriodType.MONTH
    return str(Period.of(today(), kind).shift(-1))


@router.get("/wall", response_class=HTMLResponse)
def wall(
    request: Request,
    panels: str = "",
    seconds: int = Query(20, ge=5, le=600),
    regime: str = "",
    period: str = "",
    code: str = "",
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    chosen = _panels(panels)
    shown = [_panel(session, principal, name, regime, period, code) for name in chosen]
    return page(
        request, "wall.html", principal, panels=shown, chosen=chosen, seconds=seconds,
        refresh=REFRESH_SECONDS, regime=regime, period=period, code=code, updated=now(), islands=ISLANDS,
    )  # fmt: skip


@router.get("/wall/panel/{name}", response_class=HTMLResponse)
def wall_panel(
    request: Request,
    name: str,
    regime: str = "",
    period: str = "",
    code: str = "",
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    """One panel's content, for the refresh in place."""
    if name not in PANELS:
        raise not_found("bảng", "panel", name, field="name")
    panel = _panel(session, principal, name, regime, period, code)
    return page(request, "_wall_panel.html", principal, panel=panel, updated=now(), islands=ISLANDS)
