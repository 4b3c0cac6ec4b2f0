"""``/open``: open data without sign-in (``Permission.PUBLIC``): each public indicator's CSV and its
CSVW metadata, and the DCAT-AP catalogue in Turtle and JSON-LD. Not public or not there: 404 alike."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.opendata import metadata, service

router = APIRouter(prefix="/open", tags=["open data"])
PUBLIC = require(Permission.PUBLIC)
CACHE = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}


def _base(request: Request) -> str:
    return str(request.base_url)


@router.get(
    "/indicators/{code}.csv", summary="Số liệu một chỉ tiêu công bố (CSV) / a public indicator as CSV"
)
def indicator_csv(
    code: str, _: Principal = Depends(PUBLIC), session: Session = Depends(get_session)
) -> Response:
    indicator = service.public_indicator(session, code)
    body = metadata.render_csv(service.open_rows(session, indicator))
    headers = {
        **CACHE,
        "Link": f'<{code}.csv-metadata.json>; rel="describedby"; type="application/csvm+json"',
    }
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/indicators/{code}.csv-metadata.json", summary="Siêu dữ liệu CSVW / CSVW metadata")
def indicator_metadata(
    code: str, request: Request, _: Principal = Depends(PUBLIC), session: Session = Depends(get_session)
) -> Response:
    indicator = service.public_indicator(session, code)
    body = json.dumps(metadata.csvw_metadata(indicator, _base(request)), ensure_ascii=False, indent=2)
    return Response(body, media_type="application/csvm+json", headers=CACHE)


def _graph(request: Request, session: Session) -> metadata.Graph:
    found = [(i, service.span(session, i)) for i in service.public_indicators(session)]
    return metadata.catalogue(_base(request), found)


@router.get("/catalog.ttl", summary="Danh mục DCAT-AP (Turtle) / DCAT-AP catalogue (Turtle)")
def catalog_turtle(
    request: Request, _: Principal = Depends(PUBLIC), session: Session = Depends(get_session)
) -> Response:
    body = _graph(request, session).serialize(format="turtle")
    return Response(body, media_type="text/turtle; charset=utf-8", headers=CACHE)


@router.get("/catalog.jsonld", summary="Danh mục DCAT-AP (JSON-LD) / DCAT-AP catalogue (JSON-LD)")
def catalog_jsonld(
    request: Request, _: Principal = Depends(PUBLIC), session: Session = Depends(get_session)
) -> Response:
    body = _graph(request, session).serialize(format="json-ld", auto_compact=True)
    return Response(body, media_type="application/ld+json", headers=CACHE)
