"""SDMX 2.1 REST under ``/sdmx/rest`` (mounted outside /api/v1: clients expect the SDMX layout).

Structures (``dataflow``, ``datastructure``, ``codelist``, ``conceptscheme``) are published reference
data (``public``). Data needs ``analytics.read`` and answers within the caller's scope; uploads need
``submissions.write``. GET errors are SDMX-ML error messages; upload errors use our JSON error shape
(line and column of every problem)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.config import Settings
from baocao.deps import get_session, get_settings
from baocao.errors import ApiError
from baocao.sdmx import data_text, data_xml
from baocao.sdmx.data import DataRequest, query_data
from baocao.sdmx.model import AREA, Media, PeriodError, period_bounds
from baocao.sdmx.rest import SdmxError, bad_syntax, data_path, negotiate, no_results, parse_key, structure_ref
from baocao.sdmx.service import RESOURCES, matching_flows, select_structures
from baocao.sdmx.structure_xml import structure_message
from baocao.sdmx.structures import Catalogue, build_catalogue
from baocao.sdmx.upload import UploadOut, upload_csv
from baocao.sdmx.xmlbase import INTERNAL, NO_RESULTS, SEMANTIC, SYNTAX, UNAUTHORISED, error_message

PREFIX = "/sdmx/rest"
ERROR_MEDIA = "application/xml"
_CODES = {400: SYNTAX, 401: UNAUTHORISED, 403: UNAUTHORISED, 404: NO_RESULTS, 422: SEMANTIC}


def _sdmx_error(
    status: int, code: int, message: str, message_en: str, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        error_message(code, message, message_en), status_code=status, media_type=ERROR_MEDIA, headers=headers
    )


class SdmxRoute(APIRoute):
    """Answers every failure of a GET as an SDMX-ML error message (what SDMX clients parse)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except SdmxError as exc:
                return _sdmx_error(exc.status, exc.code, exc.message, exc.message_en)
            except ApiError as exc:
                if request.method != "GET":
                    raise
                status = 400 if exc.status == 422 else exc.status
                where = f" ({exc.field})" if exc.field else ""
                return _sdmx_error(
                    status, _CODES.get(exc.status, INTERNAL), exc.message + where, exc.message_en + where
                )
            except HTTPException as exc:
                if request.method != "GET":
                    raise
                return _sdmx_error(
                    exc.status_code,
                    _CODES.get(exc.status_code, INTERNAL),
                    "Cần đăng nhập (Bearer token)" if exc.status_code == 401 else "Lỗi",
                    str(exc.detail),
                    dict(exc.headers or {}),
                )
            except RequestValidationError as exc:
                if request.method != "GET":
                    raise
                return _sdmx_error(400, SYNTAX, "Tham số không hợp lệ", f"Invalid parameters: {exc.errors()}")

        return handler


router = APIRouter(prefix=PREFIX, tags=["sdmx"], route_class=SdmxRoute)
PUBLIC = Depends(require(Permission.PUBLIC))


def catalogue_of(
    session: Session = Depends(get_session), settings: Settings = Depends(get_settings)
) -> Catalogue:
    return build_catalogue(session, settings.sdmx_agency)


def _structures(resource: str) -> Callable[..., Response]:
    def endpoint(
        request: Request,
        rest: str = "",
        references: str = Query(
            "none",
            description="none, parents, parentsandsiblings, children, "
            "descendants, all, dataflow, datastructure, codelist, conceptscheme",
        ),
        detail: str = Query("full", description="full, allstubs, referencestubs, referencepartial..."),
        format: str | None = Query(None, description="structure (SDMX-ML 2.1)"),
        _: Principal = PUBLIC,
        session: Session = Depends(get_session),
        catalogue: Catalogue = Depends(catalogue_of),
    ) -> Response:
        media = negotiate(request.headers.get("accept"), format, data=False)
        selection = select_structures(
            session, catalogue, resource, structure_ref(rest), references.lower(), detail.lower()
        )
        body = structure_message(catalogue.agency, selection, str(request.base_url).rstrip("/") + PREFIX)
        return Response(body, media_type=media)

    endpoint.__name__ = f"sdmx_{resource}"
    return endpoint


for _resource in RESOURCES:
    _endpoint = _structures(_resource)
    for _path in (f"/{_resource}", f"/{_resource}/{{rest:path}}"):
        router.add_api_route(
            _path,
            _endpoint,
            methods=["GET"],
            response_class=Response,
            summary=f"SDMX {_resource} (SDMX-ML 2.1 structure)",
            name=f"sdmx_{_resource}{'_path' if 'rest' in _path else ''}",
        )


def _period(text: str | None, name: str, *, end: bool) -> Any:
    if not text:
        return None
    try:
        return period_bounds(text, end=end)
    except PeriodError as exc:
        raise bad_syntax(f"{name}: {exc.message}", f"{name}: {exc.message_en}") from None


@router.get("/data/{rest:path}", response_class=Response, summary="SDMX data (SDMX-ML, SDMX-CSV, SDMX-JSON)")
def sdmx_data(
    request: Request,
    rest: str,
    start_period: str | None = Query(None, alias="startPeriod", examples=["2025-01"]),
    end_period: str | None = Query(None, alias="endPeriod", examples=["2025-12"]),
    dimension_at_observation: str | None = Query(None, alias="dimensionAtObservation"),
    include_submitted: bool = Query(
        False, alias="includeSubmitted", description="also values submitted, not yet accepted (OBS_STATUS=P)"
    ),
    format: str | None = Query(None, description="genericdata, structurespecificdata, csv, csv1, jsondata"),
    principal: Principal = Depends(require(Permission.ANALYTICS_READ)),
    session: Session = Depends(get_session),
    catalogue: Catalogue = Depends(catalogue_of),
) -> Response:
    media = negotiate(request.headers.get("accept"), format, data=True)
    path = data_path(rest)
    flows = matching_flows(catalogue, path.flow)
    if len(flows) != 1:
        raise no_results(f"Không có dataflow '{path.flow.ident}'", f"No dataflow '{path.flow.ident}'")
    flow = flows[0]
    start, end = _period(start_period, "startPeriod", end=False), _period(end_period, "endPeriod", end=True)
    if start and end and start > end:
        raise bad_syntax("startPeriod sau endPeriod", "startPeriod is after endPeriod")
    wanted = parse_key(path.key, flow.dsd)
    req = DataRequest(flow, wanted, start, end, include_submitted)
    observations = query_data(session, principal.scope(Permission.ANALYTICS_READ), catalogue, req)
    shape = data_xml.layout(flow, observations, dimension_at_observation)
    agency = catalogue.agency
    if media == Media.GENERIC:
        body = data_xml.generic(agency, flow, shape)
    elif media == Media.SPECIFIC:
        body = data_xml.structure_specific(agency, flow, shape)
    elif media == Media.CSV1:
        body = data_text.csv_v1(agency, flow, observations)
    elif media == Media.CSV2:
        body = data_text.csv_v2(agency, flow, observations)
    else:
        body = data_text.sdmx_json(agency, flow, shape, _labels(session, catalogue, flow, observations))
    return Response(body, media_type=media)


def _labels(
    session: Session, catalogue: Catalogue, flow: Any, observations: list[Any]
) -> dict[str, dict[str, str]]:
    """Code → name per dimension and for UNIT_MEASURE (SDMX-JSON carries names with values)."""
    found: dict[str, dict[str, str]] = {}
    for dim in flow.dsd.key_dimensions:
        if dim.id == AREA or dim.codelist is None:
            continue  # CL_AREA is large; areas are named by code
        codelist = catalogue.codelist(session, dim.codelist)
        found[dim.id] = {c.id: c.name.en or c.name.vi for c in codelist.codes} if codelist else {}
    measures = catalogue.codelists["CL_UNIT_MEASURE"]
    found["UNIT_MEASURE"] = {c.id: c.name.en or c.name.vi for c in measures.codes}
    return found


@router.post(
    "/data/{rest:path}", response_model=UploadOut, summary="Tải lên SDMX-CSV 2.0 / upload SDMX-CSV 2.0"
)
async def sdmx_upload(
    request: Request,
    rest: str,
    submit: bool = Query(False, description="also submit each report after writing its values"),
    principal: Principal = Depends(require(Permission.SUBMISSIONS_WRITE)),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
    catalogue: Catalogue = Depends(catalogue_of),
) -> UploadOut:
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        body = await upload.read() if upload is not None and not isinstance(upload, str) else b""
    else:
        body = await request.body()
    # The database work is synchronous: off the event loop, like FastAPI's own sync routes.
    return await run_in_threadpool(
        upload_csv, session, catalogue, data_path(rest), body, principal, client, submit=submit
    )
