"""``GET /api/v1/analytics`` and ``GET /api/v1/analytics/lineage`` (permission ``analytics.read``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.analytics import export
from baocao.analytics.lineage import Source, explain
from baocao.analytics.models import MapView
from baocao.analytics.schemas import AnalyticsOut, FigureOut, LineageInputOut, LineageOut, SourceOut
from baocao.analytics.service import AnalyticsQuery, Figure, describe, run_query
from baocao.analytics.windows import windows
from baocao.deps import get_session
from baocao.errors import invalid
from baocao.indicators.lineage import explain_indicator
from baocao.timeutil import parse_date_param
from baocao.units.models import UnitLevel

router = APIRouter(prefix="/analytics", tags=["analytics"])

READ = Depends(require(Permission.ANALYTICS_READ))
Codes = Annotated[list[str], Query(description="Mã chỉ tiêu, lặp lại được / element code, repeatable",
                                   examples=["T_HS"])]  # fmt: skip
Indicators = Annotated[
    list[str],
    Query(description="Mã chỉ tiêu tổng hợp, lặp lại được / indicator code, repeatable (GET /indicators)",
          examples=["TANG_TRUONG_GRDP"]),
]  # fmt: skip
MapParam = Annotated[
    MapView, Query(alias="map", description="as_it_was: đơn vị như trong kỳ; today: bản đồ hôm nay")
]
PeriodParam = Annotated[
    list[str],
    Query(description="Kỳ, lặp lại được: 2025, 2025-H1, 2025-Q3, 2025-07 / periods", examples=["2025-07"]),
]
RELATIVE_HELP = "last_12_months, this_year, ytd (lũy kế), same_period_last_year (cùng kỳ); lặp lại được"
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _query(
    element: list[str], indicator: list[str], unit: str | None, units: str | None, level: str | None,
    period: list[str], start: str | None, end: str | None, period_type: str | None, relative: list[str],
    by: str | None, view: MapView, include_submitted: bool, as_known_on: str | None,
) -> AnalyticsQuery:  # fmt: skip
    unit_level = None
    if level:
        try:
            unit_level = UnitLevel(level)
        except ValueError:
            raise invalid("level", f"Cấp '{level}' không có", f"No unit level '{level}'") from None
    if unit and units:
        raise invalid("units", "Chỉ dùng một trong 'unit' và 'units'", "Use either 'unit' or 'units'")
    return AnalyticsQuery(
        elements=element,
        indicators=indicator,
        windows=windows(period, start, end, period_type, relative),
        unit=unit,
        level=unit_level,
        units=[u.strip() for u in (units or "").split(",") if u.strip()],
        by=by or None,
        view=view,
        include_submitted=include_submitted,
        as_known_on=_known_on(as_known_on),
    )


def _known_on(text: str | None) -> date | None:
    """``YYYY-MM-DD`` (as known at the end of that day) or an ISO instant (``2025-08-01T09:30+07:00``)."""
    if text and len(text) > 10:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            message = f"'{text}' không phải ngày hay thời điểm hợp lệ"
            raise invalid("as_known_on", message, f"'{text}' is not a date or an ISO 8601 instant") from None
    return parse_date_param(text, "as_known_on")


QUERY_DESCRIPTION = (
    "What (`element`), where (`unit`; `unit` + `level` for its units at a level; `units=a,b`), when "
    "(`period` repeatable; `from`/`to` + `period_type`; `relative`), by (`by=category`), on which map "
    "(`map=as_it_was|today`). Accepted figures, maintained as submissions are accepted; "
    "`include_submitted=true` adds values sent but not yet accepted (flagged), `as_known_on=YYYY-MM-DD` "
    "answers as known at the end of that day. Only units in the caller's scope are answered.\n\n"
    "Examples: `?element=T_HS&unit=01&level=commune&period=2025-07&by=t_gt`, "
    "`?element=DAN_SO&unit=24&period=2024&map=today`, `?element=T_KINHPHI&unit=01&relative=ytd`, "
    "`?element=T_HS&units=01,79&from=2025-01&to=2025-12&format=csv`, "
    "`?indicator=TANG_TRUONG_GRDP&unit=CP&level=province&period=2025-Q3&relative=ytd` (indicators, "
    "after the elements; with `by=category`, a row per option of it: inputs disaggregated by it read that "
    "option, the others their total; 422 naming `by` if no input has it)."
)


class QueryParams:
    """The query parameters shared by the table (`/analytics`) and the analyst's export."""

    def __init__(
        self,
        element: Codes = [],  # noqa: B006 - FastAPI copies the default
        indicator: Indicators = [],  # noqa: B006
        unit: str | None = Query(None, description="Mã đơn vị / unit code", examples=["01"]),
        units: str | None = Query(
            None, description="Danh sách mã, cách nhau dấu phẩy / comma-separated codes"
        ),
        level: str | None = Query(None, description="province | district | commune: các đơn vị ở cấp này"),
        period: PeriodParam = [],  # noqa: B006 - FastAPI copies the default
        start: str | None = Query(
            None, alias="from", description="Kỳ đầu / first period", examples=["2025-01"]
        ),
        end: str | None = Query(None, alias="to", description="Kỳ cuối / last period", examples=["2025-12"]),
        period_type: str | None = Query(None, description="month | quarter | half_year | year"),
        relative: list[str] = Query([], description=RELATIVE_HELP),
        by: str | None = Query(None, description="Mã phân tổ / disaggregation code", examples=["t_gt"]),
        view: MapParam = MapView.AS_IT_WAS,
        include_submitted: bool = Query(False, description="Tính cả số liệu đã gửi, chưa tiếp nhận"),
        as_known_on: str | None = Query(
            None,
            description="YYYY-MM-DD (cuối ngày đó) hoặc thời điểm ISO: số liệu như đã biết khi đó / vintage",
        ),
    ) -> None:
        self.query = _query(element, indicator, unit, units, level, period, start, end, period_type, relative,
                            by, view, include_submitted, as_known_on)  # fmt: skip


def _file(figures: list[Figure], fmt: str) -> Response:
    body = export.to_csv(figures) if fmt == "csv" else export.to_xlsx(figures)
    return Response(body, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="analytics.{fmt}"'})  # fmt: skip


@router.get(
    "",
    response_model=AnalyticsOut,
    summary="Số liệu tổng hợp / aggregated figures",
    description=QUERY_DESCRIPTION,
    responses={200: {"content": {MEDIA["csv"]: {}, MEDIA["xlsx"]: {}}}},
)
def analytics(
    params: QueryParams = Depends(),
    format: Literal["json", "csv", "xlsx"] = Query("json", description="json | csv | xlsx"),
    principal: Principal = READ,
    session: Session = Depends(get_session),
) -> AnalyticsOut | Response:
    figures = run_query(session, principal.scope(Permission.ANALYTICS_READ), params.query)
    if format != "json":
        return _file(figures, format)
    rows = [FigureOut(**{**f.__dict__, "flags": list(f.flags)}) for f in figures]
    return AnalyticsOut(**describe(params.query), rows=rows)


@router.get(
    "/export",
    summary="Xuất dữ liệu (chuyên viên phân tích) / export for analysts",
    description="The same query as `/analytics`, as a CSV or Excel file, for holders of `export` "
    "(analysts) within their scope.\n\n" + QUERY_DESCRIPTION,
    response_class=Response,
    responses={200: {"content": {MEDIA["csv"]: {}, MEDIA["xlsx"]: {}}}},
)
def analytics_export(
    params: QueryParams = Depends(),
    format: Literal["csv", "xlsx"] = Query("csv", description="csv | xlsx"),
    principal: Principal = Depends(require(Permission.EXPORT)),
    session: Session = Depends(get_session),
) -> Response:
    return _file(run_query(session, principal.scope(Permission.EXPORT), params.query), format)


@router.get(
    "/lineage",
    response_model=LineageOut,
    summary="Nguồn gốc một số liệu / where a figure came from",
    description=(
        "The submissions (unit, period, version, accepted by whom and when) and the values that made one "
        "figure. Example: `?element=T_HS&unit=01&period=2025-07&options=t_gt=nu`.\n\n"
        "With `indicator=CODE` instead of `element`: the indicator's value and expression, and in `inputs` "
        "every element figure its expression read (nested indicators inlined; `growth`, `yoy`, `ytd` over "
        "their shifted periods), each with its sources; `sources` lists them all once. `options` is then "
        "`''` or the option of a `by` split (`t_gt=nu`). Example: "
        "`?indicator=TANG_TRUONG_GRDP&unit=01&period=2025-Q3`. A unit outside the caller's scope answers "
        "403, as for an element."
    ),
)
def analytics_lineage(
    element: str | None = Query(None, description="Mã chỉ tiêu / element code (hoặc / or `indicator`)"),
    indicator: str | None = Query(
        None, description="Mã chỉ tiêu tổng hợp (thay cho element) / indicator code (instead of element)"
    ),
    unit: str = Query(..., description="Mã đơn vị / unit code"),
    period: str = Query(..., description="Kỳ / period"),
    view: MapParam = MapView.AS_IT_WAS,
    options: str = Query("", description="Phân tổ, '' = tổng / options, e.g. t_gt=nu"),
    include_submitted: bool = Query(False),
    as_known_on: str | None = Query(None, description="YYYY-MM-DD"),
    principal: Principal = READ,
    session: Session = Depends(get_session),
) -> LineageOut:
    if bool(element) == bool(indicator):
        message = (
            "Cần đúng một trong 'element' và 'indicator'",
            "Give exactly one of 'element' and 'indicator'",
        )
        raise invalid("indicator" if indicator else "element", *message)
    q = _query([element] if element else [], [indicator] if indicator else [], unit, None, None, [period],
               None, None, None, [], None, view, include_submitted, as_known_on)  # fmt: skip
    scope = principal.scope(Permission.ANALYTICS_READ)
    shown = {"unit": unit, "period": period, "map": view.value, "options": options.strip()}
    if indicator:
        told = explain_indicator(session, scope, q, options.strip())
        inputs = [LineageInputOut(**{**i.__dict__, "flags": list(i.flags), "sources": _sources(i.sources)})
                  for i in told.inputs]  # fmt: skip
        return LineageOut(element=None, indicator=told.code, indicator_name=told.name,
                          expression=told.expression, value=told.value, flags=list(told.flags),
                          sources=_sources(told.sources), inputs=inputs, **shown)  # fmt: skip
    found = explain(session, scope, q, options.strip())
    return LineageOut(element=element, value=found.value, flags=list(found.flags),
                      sources=_sources(found.sources), **shown)  # fmt: skip


def _sources(found: list[Source]) -> list[SourceOut]:
    return [SourceOut(**{**s.__dict__, "options": s.option_key}) for s in found]
