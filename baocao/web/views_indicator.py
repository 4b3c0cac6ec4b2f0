"""The indicator page: time series with a period-type switch, cùng kỳ and lũy kế; the province map and
ranking (communes when the unit is a province); the as-it-was / today's-map switch; the lineage of a
figure. Charts read the small JSON endpoints below; the tables are in the page itself."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.analytics.models import MapView
from baocao.deps import get_session
from baocao.errors import invalid
from baocao.periods.periods import Period, PeriodError, PeriodType, parse_period
from baocao.units.models import UnitLevel
from baocao.web import figures
from baocao.web.geo import ISLANDS
from baocao.web.render import NO_STORE, page
from baocao.web.subjects import Subject, choices, find

router = APIRouter(include_in_schema=False)
READ = require(Permission.ANALYTICS_READ)
KINDS = (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR)


def _kind(text: str) -> PeriodType | None:
    if not text:
        return None
    try:
        kind = PeriodType(text)
    except ValueError:
        kind = None
    if kind not in KINDS:
        raise invalid(
            "period_type", f"Loại kỳ '{text}' không dùng được ở đây", f"Period type '{text}' is not offered"
        )
    return kind


def _view(text: str) -> MapView:
    try:
        return MapView(text or MapView.AS_IT_WAS.value)
    except ValueError:
        raise invalid("map", f"Bản đồ '{text}' không có", f"No map '{text}'") from None


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise invalid("period", exc.message, exc.message_en) from None


class Ask:
    """The parameters every indicator view shares, read once."""

    def __init__(
        self, session: Session, principal: Principal, code: str, unit: str, period_type: str, period: str,
        view: str,
    ) -> None:  # fmt: skip
        self.scope = principal.scope(Permission.ANALYTICS_READ)
        self.subject: Subject = find(session, code)
        self.point = figures.viewpoint(session, principal, unit or None)
        self.view = _view(view)
        self.latest = figures.latest(session, self.scope, self.subject, self.point)
        chosen = _period(period) if period else None
        kind = _kind(period_type) or (chosen.type if chosen and chosen.type in KINDS else None)
        if kind is None:
            kind = self.latest.type if self.latest and self.latest.type in KINDS else PeriodType.YEAR
        self.kind: PeriodType = kind
        base = chosen or self.latest
        self.period = Period.of(base.end, self.kind) if base else None
        # Before the unit existed its code named another unit: such a period is read on today's map.
        self.coerced = self.period is not None and self.period.end < self.point.since
        if self.coerced:
            self.view = MapView.TODAY

    def places(
        self, session: Session, view: MapView | None = None, alone: bool = False
    ) -> list[figures.Place]:
        if self.period is None:
            return []
        level = None if alone else self.point.below
        return figures.places(session, self.scope, self.subject, self.point, self.period, view or self.view,
                              level)  # fmt: skip


def _json(data: Any) -> JSONResponse:
    return JSONResponse(data, headers=NO_STORE)


@router.get("/indicators", response_class=HTMLResponse)
def indicator_list(
    request: Request, principal: Principal = Depends(READ), session: Session = Depends(get_session)
) -> Response:
    return page(request, "indicators.html", principal, subjects=choices(session))


@router.get("/indicators/{code}", response_class=HTMLResponse)
def indicator_page(
    request: Request, code: str, unit: str = "", period_type: str = "", period: str = "", map: str = "",
    principal: Principal = Depends(READ), session: Session = Depends(get_session),
) -> Response:  # fmt: skip
    ask = Ask(session, principal, code, unit, period_type, period, map)
    series = figures.series(session, ask.scope, ask.subject, ask.point, ask.kind, ask.view)
    ranking = ask.places(session)
    merged_note = ask.period is not None and ask.period.end < figures.MERGER and ask.view == MapView.AS_IT_WAS
    return page(
        request, "indicator.html", principal, ask=ask, series=series, ranking=ranking,
        kinds=KINDS, merged_note=merged_note, islands=ISLANDS,
    )  # fmt: skip


@router.get("/indicators/{code}/series.json")
def series_json(
    code: str, unit: str = "", period_type: str = "", period: str = "", map: str = "",
    principal: Principal = Depends(READ), session: Session = Depends(get_session),
) -> Response:  # fmt: skip
    ask = Ask(session, principal, code, unit, period_type, period, map)
    return _json(figures.series(session, ask.scope, ask.subject, ask.point, ask.kind, ask.view))


@router.get("/indicators/{code}/places.json")
def places_json(
    code: str, unit: str = "", period_type: str = "", period: str = "", map: str = "",
    principal: Principal = Depends(READ), session: Session = Depends(get_session),
) -> Response:  # fmt: skip
    """The values for the map (today's provinces) and the ranking (the units of the view asked)."""
    ask = Ask(session, principal, code, unit, period_type, period, map)
    ranking = ask.places(session)
    shapes: list[figures.Place] = []
    if ask.period is not None and ask.point.below is not None:
        drawn = figures.map_view_for(ask.period, ask.view)
        if ask.point.below == UnitLevel.PROVINCE:
            shapes = ranking if drawn == ask.view else ask.places(session, drawn)
        else:  # a province: itself on the map, its communes in the ranking
            shapes = ask.places(session, drawn, alone=True)
    as_dict = lambda p: {"code": p.code, "name": p.name, "value": p.value, "flags": list(p.flags)}  # noqa: E731
    return _json({
        "code": ask.subject.code, "period": str(ask.period) if ask.period else None, "map": ask.view.value,
        "level": ask.point.below.value if ask.point.below else None,
        "shapes": [as_dict(p) for p in shapes], "ranking": [as_dict(p) for p in ranking],
    })  # fmt: skip


@router.get("/indicators/{code}/lineage.json")
def lineage_json(
    code: str, unit: str = "", period: str = "", map: str = "",
    principal: Principal = Depends(READ), session: Session = Depends(get_session),
) -> Response:  # fmt: skip
    """Which submissions make the figure of ``unit`` for ``period``."""
    if not period:
        raise invalid("period", "Cần kỳ (period=...)", "Give a period (period=...)")
    scope = principal.scope(Permission.ANALYTICS_READ)
    subject = find(session, code)
    # The code is read on the period's last day (as it was) or today by the analytics service, which
    # also refuses a unit outside the scope.
    unit = unit or figures.viewpoint(session, principal).code
    found = figures.lineage(session, scope, subject, unit, _period(period), _view(map))
    for source in found["sources"]:
        at = source["accepted_at"]
        source["accepted_at"] = at.isoformat() if at else None
    return _json({"code": code, "unit": unit, "period": period, **found})
