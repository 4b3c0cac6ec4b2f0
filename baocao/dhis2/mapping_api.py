"""``/api/v1/dhis2/mappings``: the administrator's view of the DHIS2 mapping table."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.dhis2.mapping import MappingRow, list_mappings, save_mappings
from baocao.dhis2.models import MappingKind
from baocao.dhis2.schemas import MappingOut, MappingsIn, MappingsSaved

router = APIRouter(prefix="/dhis2", tags=["dhis2"])
ADMIN = require(Permission.METADATA_ADMIN)


@router.get("/mappings", response_model=list[MappingOut], summary="Bảng ánh xạ DHIS2 / DHIS2 mapping table")
def get_mappings(
    kind: MappingKind | None = Query(None),
    _: Principal = Depends(ADMIN),
    session: Session = Depends(get_session),
) -> list[MappingOut]:
    return [
        MappingOut(
            id=m.id,
            kind=MappingKind(m.kind),
            dhis2_uid=m.dhis2_uid,
            dhis2_code=m.dhis2_code,
            target=m.target,
            name=m.name,
            updated_at=m.updated_at,
            updated_by=m.updated_by,
        )
        for m in list_mappings(session, kind.value if kind else None)
    ]


@router.put(
    "/mappings", response_model=MappingsSaved, summary="Ghi bảng ánh xạ DHIS2 / save the DHIS2 mapping"
)
def put_mappings(
    body: MappingsIn,
    principal: Principal = Depends(ADMIN),
    session: Session = Depends(get_session),
) -> MappingsSaved:
    rows = [
        MappingRow(m.kind.value, m.dhis2_uid or None, m.dhis2_code or None, m.target, m.name, f"items[{i}]")
        for i, m in enumerate(body.items)
    ]
    saved = save_mappings(session, rows, actor=principal.username, replace=body.replace)
    return MappingsSaved(saved=saved, total=len(list_mappings(session)))
