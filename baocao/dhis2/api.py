"""The DHIS2 Web API subset, mounted at ``/dhis2/api``: ``dataValueSets`` (import and export in JSON,
CSV and ADX), ``system/info`` and ``me``, with DHIS2's ``.json`` / ``.csv`` / ``.adx`` suffixes and
its versioned paths (``/dhis2/api/40/dataValueSets``). Clients sign in with HTTP Basic (a system
account's username and API token, or a person's password) or a bearer token.

Import answers are DHIS2 import summaries. Unversioned paths and versions up to 37 answer the plain
``ImportSummary`` (what dhis2.py's ``import_response_ok`` reads); versions 38 and later wrap it the
way DHIS2 ≥ 2.38 does (``{"httpStatus", "httpStatusCode", "status", "message", "response"}``).
HTTP status: 200 when nothing is in conflict or a partial import stored the rest, 409 when the
conflicts left nothing stored, 400 when the payload could not be read; errors also carry the
project's ``error`` object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from baocao import __version__
from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.principal import Principal
from baocao.access.queries import unit_labels
from baocao.access.rules import Permission
from baocao.audit.types import utc_now
from baocao.deps import get_session
from baocao.dhis2 import exporter, formats
from baocao.dhis2.conflicts import DocumentError, ImportSummary
from baocao.dhis2.importer import ImportOptions, import_values
from baocao.dhis2.mapping import MappingIndex
from baocao.dhis2.models import MappingKind
from baocao.dhis2.resolve import SCHEMES, STRATEGIES, Schemes
from baocao.errors import ApiError, invalid
from baocao.submissions.models import EntryPath
from baocao.submissions.present import actor_for

router = APIRouter(tags=["dhis2"])
DHIS2_VERSION = "2.40.0"  # the DHIS2 version whose API this subset follows (clients parse it)
WRAPPED_FROM = 38
ADX = "application/adx+xml"
CSV_TYPES = ("text/csv", "application/csv")


async def raw_body(request: Request) -> bytes:
    body = await request.body()
    if len(body) > formats.MAX_BYTES:
        raise ApiError(
            413,
            "too_large",
            "Dữ liệu gửi lên lớn quá 20 MB",
            "The payload is larger than 20 MB",
            field="body",
            location="body",
        )
    return body


def _choice(value: str | None, allowed: tuple[str, ...], name: str, default: str) -> str:
    chosen = (value or default).upper()
    if chosen not in allowed:
        raise invalid(
            name,
            f"'{name}' phải là một trong {', '.join(allowed)}",
            f"'{name}' must be one of {', '.join(allowed)}",
        )
    return chosen


def _schemes(request: Request, default: str) -> Schemes:
    q = request.query_params
    base = _choice(q.get("idScheme"), SCHEMES, "idScheme", default)
    return Schemes(
        data_element=_choice(q.get("dataElementIdScheme"), SCHEMES, "dataElementIdScheme", base),
        org_unit=_choice(q.get("orgUnitIdScheme"), SCHEMES, "orgUnitIdScheme", base),
        category_option_combo=_choice(
            q.get("categoryOptionComboIdScheme"), SCHEMES, "categoryOptionComboIdScheme", base
        ),
        data_set=_choice(q.get("dataSetIdScheme"), SCHEMES, "dataSetIdScheme", base),
    )


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "false").lower() in ("true", "1", "yes")


def _format(request: Request, for_input: bool) -> str:
    """json, csv or adx: from the suffix, else the Content-Type (input) or Accept (output) header."""
    path = request.url.path
    for suffix in ("json", "csv", "adx"):
        if path.endswith(f".{suffix}"):
            return suffix
    header = request.headers.get("content-type" if for_input else "accept", "").lower()
    if ADX in header:
        return "adx"
    if any(t in header for t in CSV_TYPES):
        return "csv"
    return "json"


def _wrapped(request: Request) -> bool:
    version = request.path_params.get("api_version")
    return version is not None and int(version) >= WRAPPED_FROM


def _summary_response(request: Request, summary: ImportSummary, status: int | None = None) -> JSONResponse:
    status = status or (409 if summary.status == "ERROR" else 200)
    body: dict[str, Any] = summary.as_dict()
    if _wrapped(request):
        body = {
            "httpStatus": "OK" if status == 200 else "Conflict" if status == 409 else "Bad Request",
            "httpStatusCode": status,
            "status": {"SUCCESS": "OK"}.get(summary.status, summary.status),
            "message": body["description_en"],
            "response": body,
        }
    if summary.status == "ERROR":
        first = summary.conflicts[0]
        vi, en = summary.description()
        body["error"] = ApiError(
            status,
            "import_conflicts",
            f"{vi}. {first.message}",
            f"{en}. {first.message_en}",
            field=first.property,
            location=first.location,
        ).as_dict()["error"]
        body["error"]["details"] = [
            {"message": c.message, "message_en": c.message_en, "field": c.property, "location": c.location}
            for c in summary.conflicts[:200]
        ]
    return JSONResponse(body, status_code=status)


def post_data_value_sets(
    request: Request,
    body: bytes = Depends(raw_body),
    principal: Principal = Depends(require(Permission.SUBMISSIONS_WRITE)),
    client: ClientInfo = Depends(client_info),
    session: Session = Depends(get_session),
) -> JSONResponse:
    q = request.query_params
    kind = _format(request, for_input=True)
    options = ImportOptions(
        strategy=_choice(q.get("importStrategy"), STRATEGIES, "importStrategy", "CREATE_AND_UPDATE"),
        dry_run=_flag(request, "dryRun"),
        atomic=_choice(q.get("atomicMode"), ("ALL", "NONE"), "atomicMode", "ALL") == "ALL",
        schemes=_schemes(request, "CODE" if kind == "adx" else "UID"),
    )
    defaults = {k: q.get(k) for k in ("dataSet", "period", "orgUnit")}
    try:
        if kind == "adx":
            rows = formats.parse_adx(body)
        elif kind == "csv":
            header = q.get("firstRowIsHeader", "true").lower() != "false"
            rows = formats.parse_csv(body, defaults, header=header)
        else:
            rows = formats.parse_json(body, defaults)
    except DocumentError as exc:
        summary = ImportSummary(dry_run=options.dry_run, atomic=options.atomic, conflicts=exc.conflicts)
        return _summary_response(request, summary, 400)
    actor = actor_for(principal, client, EntryPath.DHIS2)
    return _summary_response(request, import_values(session, rows, options, actor))


def get_data_value_sets(
    request: Request,
    data_set: list[str] = Query([], alias="dataSet"),
    period: list[str] = Query([]),
    org_unit: list[str] = Query([], alias="orgUnit"),
    start_date: str | None = Query(None, alias="startDate"),
    end_date: str | None = Query(None, alias="endDate"),
    principal: Principal = Depends(require(Permission.SUBMISSIONS_READ)),
    session: Session = Depends(get_session),
) -> Response:
    kind = _format(request, for_input=False)
    req = exporter.ExportRequest(
        data_set,
        org_unit,
        period,
        start_date,
        end_date,
        _schemes(request, "CODE" if kind == "adx" else "UID"),
    )
    values = exporter.export(session, principal, req)
    if kind == "csv":
        return Response(exporter.render_csv(values), media_type="application/csv; charset=utf-8")
    if kind == "adx":
        stamp = utc_now().isoformat(timespec="seconds")
        return Response(exporter.render_adx(session, values, stamp), media_type=f"{ADX}; charset=utf-8")
    return JSONResponse(exporter.render_json(values, req))


def system_info(
    request: Request, _: Principal = Depends(require(Permission.AUTHENTICATED))
) -> dict[str, Any]:
    now = utc_now()
    return {
        "version": DHIS2_VERSION,
        "revision": f"baocao-{__version__}",
        "buildTime": now.isoformat(timespec="seconds"),
        "serverDate": now.isoformat(timespec="seconds"),
        "serverTimeZoneId": "Asia/Ho_Chi_Minh",
        "calendar": "iso8601",
        "dateFormat": "yyyy-mm-dd",
        "contextPath": str(request.base_url).rstrip("/") + "/dhis2",
        "systemName": "baocao — Hệ thống thông tin báo cáo quốc gia",
        "systemId": "baocao",
    }


def me(
    principal: Principal = Depends(require(Permission.AUTHENTICATED)),
    session: Session = Depends(get_session),
) -> dict[str, Any]:
    user = principal.user
    assert user is not None
    index = MappingIndex.load(session)
    units = sorted({g.unit_id for g in principal.grants})
    labels = unit_labels(session, units)
    org_units = []
    for unit_id in units:
        code = labels[unit_id].code
        uid = index.identifier(MappingKind.ORG_UNIT, code, "UID")
        org_units.append(
            {"id": uid, "code": index.identifier(MappingKind.ORG_UNIT, code, "CODE"), "baocao_unit": code}
        )
    return {
        "id": str(user.id),
        "username": user.username,
        "name": user.full_name or user.username,
        "displayName": user.full_name or user.username,
        "userCredentials": {"username": user.username},
        "organisationUnits": org_units,
        "authorities": [p.value for p in principal.permissions()],
        "regimes": sorted(principal.regimes) if principal.regimes is not None else None,
    }


def _register(
    name: str, endpoint: Callable[..., Any], methods: list[str], suffixes: tuple[str, ...], summary: str
) -> None:
    for prefix in ("", "/{api_version:int}"):
        for suffix in suffixes:
            router.add_api_route(
                f"{prefix}/{name}{suffix}",
                endpoint,
                methods=methods,
                summary=summary,
                include_in_schema=prefix == "" and suffix == "",
            )


_register(
    "dataValueSets",
    post_data_value_sets,
    ["POST"],
    ("", ".json", ".csv", ".adx"),
    "Nhập dataValueSets (JSON, CSV, ADX) / import data values",
)
_register(
    "dataValueSets",
    get_data_value_sets,
    ["GET"],
    ("", ".json", ".csv", ".adx"),
    "Xuất dataValueSets / export data values",
)
_register("system/info", system_info, ["GET"], ("", ".json"), "Thông tin hệ thống / system info")
_register("me", me, ["GET"], ("", ".json"), "Tài khoản đang dùng / current user")
