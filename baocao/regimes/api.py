"""/api/v1/regimes: reporting regimes (chế độ báo cáo), their versions, and who must report.

Regimes are metadata every signed-in account may read (``regimes.read``); loading a regime file needs
``regimes.admin`` and the regime's issuing unit (``owner``) within the administrator's scope.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.errors import not_found
from baocao.paging import Page, Paging, paging
from baocao.periods.api import working_calendar
from baocao.periods.holidays import WorkingCalendar
from baocao.regimes import present, service
from baocao.regimes.loader import load_regime, owners_within
from baocao.regimes.models import Regime
from baocao.regimes.schemas import (
    ExpectedItem,
    ExpectedPage,
    LoadResultOut,
    RegimeDetail,
    RegimeSummary,
    VersionSummary,
)
from baocao.regimes.upload import YamlUpload, yaml_upload
from baocao.timeutil import parse_date_param

router = APIRouter(prefix="/regimes", tags=["regimes"])

READ = require(Permission.REGIMES_READ)
ADMIN = require(Permission.REGIMES_ADMIN)


def _visible(principal: Principal, code: str) -> None:
    """A token limited to some regimes sees no other (answered as missing, revealing nothing)."""
    if principal.regimes is not None and code not in principal.regimes:
        raise not_found("chế độ báo cáo", "regime", code, field="code")


def _regime(session: Session, principal: Principal, code: str) -> Regime:
    _visible(principal, code)
    return service.get_regime(session, code)


@router.get("", response_model=Page[RegimeSummary], summary="Các chế độ báo cáo / regimes")
def list_regimes(
    as_of: str | None = Query(None, description="Phiên bản hiệu lực ngày (YYYY-MM-DD) / version in force on"),
    page: Paging = Depends(paging),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Page[RegimeSummary]:
    day = parse_date_param(as_of, "as_of")
    stmt = select(Regime).order_by(Regime.code)
    if principal.regimes is not None:
        stmt = stmt.where(Regime.code.in_(sorted(principal.regimes)))
    regimes = [r for r in session.scalars(stmt) if r.versions]
    items = [
        present.summary(session, r, service.current_version(r, day))
        for r in regimes[page.offset : page.offset + page.limit]
    ]
    return Page(items=items, total=len(regimes), limit=page.limit, offset=page.offset)


@router.post(
    "",
    response_model=LoadResultOut,
    status_code=201,
    summary="Nạp chế độ báo cáo từ tệp YAML / load a regime from YAML",
    responses={
        200: {"description": "Cùng nội dung đã có, không thay đổi / same content already stored"},
        422: {"description": "Lỗi trong tệp, nêu dòng và trường (details) / problems with line and field"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/yaml": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"yaml": {"type": "string"}, "filename": {"type": "string"}},
                        "required": ["yaml"],
                    }
                },
            },
        }
    },
)
def load(
    response: Response,
    upload: YamlUpload = Depends(yaml_upload),
    principal: Principal = Depends(ADMIN),
    session: Session = Depends(get_session),
) -> LoadResultOut:
    scope = principal.scope(Permission.REGIMES_ADMIN)

    authorise = owners_within(scope)

    result = load_regime(
        session,
        upload.text,
        principal.user.id if principal.user else None,
        name=upload.filename,
        actor=principal.username,
        authorise=authorise,
    )
    if not result.created:
        response.status_code = 200
    return LoadResultOut(
        code=result.code,
        version=result.version,
        created=result.created,
        closed_version=result.closed_version,
        digest=result.digest,
        source=result.source,
    )


@router.get(
    "/{code}", response_model=RegimeDetail, summary="Một chế độ báo cáo, phiên bản hiện hành / one regime"
)
def get_regime(
    code: str,
    as_of: str | None = Query(None, description="Phiên bản hiệu lực ngày (YYYY-MM-DD) / version in force on"),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> RegimeDetail:
    regime = _regime(session, principal, code)
    version = service.current_version(regime, parse_date_param(as_of, "as_of"))
    return present.detail(session, regime, version)


@router.get(
    "/{code}/versions", response_model=Page[VersionSummary], summary="Các phiên bản / versions of a regime"
)
def list_versions(
    code: str,
    page: Paging = Depends(paging),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Page[VersionSummary]:
    versions = _regime(session, principal, code).versions
    items = [present.version_summary(v) for v in versions[page.offset : page.offset + page.limit]]
    return Page(items=items, total=len(versions), limit=page.limit, offset=page.offset)


@router.get("/{code}/versions/{number}", response_model=RegimeDetail, summary="Một phiên bản / one version")
def get_version(
    code: str,
    number: int,
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> RegimeDetail:
    regime = _regime(session, principal, code)
    return present.detail(session, regime, service.get_version(session, regime, number))


@router.get(
    "/{code}/versions/{number}/source",
    summary="Tệp YAML đã nạp / the YAML file as loaded",
    response_class=Response,
    responses={200: {"content": {"application/yaml": {}}}},
)
def get_source(
    code: str,
    number: int,
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
) -> Response:
    version = service.get_version(session, _regime(session, principal, code), number)
    return Response(version.source_yaml, media_type="application/yaml; charset=utf-8")


@router.get(
    "/{code}/expected",
    response_model=ExpectedPage,
    summary="Đơn vị phải báo cáo, đơn vị nhận, thời hạn / who must report, to whom, by when",
)
def expected(
    code: str,
    period: str = Query(description="Kỳ báo cáo / period, e.g. 2025-07, 2025-Q3, 2025, 2025-07-14"),
    receiver: str | None = Query(None, description="Chỉ đơn vị gửi cho đơn vị này / only those reporting to"),
    page: Paging = Depends(paging),
    principal: Principal = Depends(READ),
    session: Session = Depends(get_session),
    calendar: WorkingCalendar = Depends(working_calendar),
) -> ExpectedPage:
    result = service.expected_submissions(session, _regime(session, principal, code), period, calendar)
    items = result.items
    if receiver:
        items = [i for i in items if i.receiver is not None and i.receiver.code == receiver]
    shown = [
        ExpectedItem(
            unit=present.unit_ref(i.unit),
            receiver=present.unit_ref(i.receiver) if i.receiver else None,
            deadline=i.deadline,
            open_until=i.open_until,
        )
        for i in items[page.offset : page.offset + page.limit]
    ]
    return ExpectedPage(
        items=shown,
        total=len(items),
        limit=page.limit,
        offset=page.offset,
        regime=result.regime.code,
        version=result.version.version,
        period=str(result.period),
        period_name=result.period.name,
        deadline=result.deadline,
        open_until=result.open_until,
    )
