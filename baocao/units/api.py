"""/api/v1/units: look-up, lists, tree and successions of administrative and agency units."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.rules import Permission
from baocao.deps import get_session
from baocao.paging import Page, Paging, paging
from baocao.timeutil import parse_date_param
from baocao.units import service
from baocao.units.models import UnitLevel
from baocao.units.schemas import SuccessionOut, TreeUnitOut, UnitOut

router = APIRouter(prefix="/units", tags=["units"], dependencies=[Depends(require(Permission.PUBLIC))])

AS_OF = (
    "Ngày tham chiếu YYYY-MM-DD (mặc định: hôm nay, giờ Việt Nam) / reference date YYYY-MM-DD "
    "(default: today, Vietnam time)"
)
AS_OF_CODE = (
    AS_OF + ". Không ghi: đơn vị mang mã hôm nay, hoặc đơn vị cuối cùng mang mã này / "
    "omitted: the unit carrying the code today, or else the last one that carried it"
)
LEVEL = "Cấp đơn vị / unit level: government, ministry, province, district, commune"
CODE = "Mã đơn vị (tỉnh 2 số, huyện 3 số, xã 5 số, bộ: BTC...) / unit code (province 2 digits, ...)"


def _as_of(as_of: str | None = Query(None, description=AS_OF)) -> date | None:
    return parse_date_param(as_of, "as_of")


def _as_of_code(as_of: str | None = Query(None, description=AS_OF_CODE)) -> date | None:
    return parse_date_param(as_of, "as_of")


def _page(items: list[UnitOut], total: int, page: Paging) -> Page[UnitOut]:
    return Page[UnitOut](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("", summary="Danh sách đơn vị / list units")
def list_units(
    level: UnitLevel | None = Query(None, description=LEVEL),
    parent: str | None = Query(None, description="Mã đơn vị cấp trên trực tiếp / direct parent's code"),
    q: str | None = Query(
        None,
        description="Tìm theo tên, có dấu hay không dấu, hoặc đầu mã / name with or without accents, "
        "or start of the code",
    ),
    as_of: date | None = Depends(_as_of),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[UnitOut]:
    found = service.list_units(
        session, as_of=as_of, level=level, parent_code=parent, q=q, limit=page.limit, offset=page.offset
    )
    return _page([UnitOut.of(r) for r in found.items], found.total, page)


@router.get("/{code}", summary="Đơn vị mang mã vào một ngày / the unit carrying a code on a day")
def get_unit(
    code: str = Path(description=CODE),
    as_of: date | None = Depends(_as_of_code),
    session: Session = Depends(get_session),
) -> UnitOut:
    return UnitOut.of(service.get_unit(session, code, as_of))


def _successions(found: list[service.SuccessionRow], page: Paging) -> Page[SuccessionOut]:
    # Short lists (a handful of links), paged in memory for the same shape as every list.
    items = [SuccessionOut.of(r) for r in found[page.offset : page.offset + page.limit]]
    return Page[SuccessionOut](items=items, total=len(found), limit=page.limit, offset=page.offset)


@router.get("/{code}/successors", summary="Đơn vị kế thừa / successors")
def successors(
    code: str = Path(description=CODE),
    as_of: date | None = Depends(_as_of_code),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[SuccessionOut]:
    return _successions(service.successors(session, code, as_of), page)


@router.get("/{code}/predecessors", summary="Đơn vị tiền thân / predecessors")
def predecessors(
    code: str = Path(description=CODE),
    as_of: date | None = Depends(_as_of_code),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[SuccessionOut]:
    return _successions(service.predecessors(session, code, as_of), page)


@router.get("/{code}/descendants", summary="Đơn vị trực thuộc (mọi cấp) / units below")
def descendants(
    code: str = Path(description=CODE),
    as_of: date | None = Depends(_as_of_code),
    level: UnitLevel | None = Query(None, description=LEVEL),
    max_depth: int | None = Query(
        None, ge=1, le=10, description="Số cấp tối đa bên dưới (1 = trực tiếp) / levels below (1 = children)"
    ),
    include_self: bool = Query(False, description="Kèm chính đơn vị (depth 0) / include the unit itself"),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[TreeUnitOut]:
    found = service.descendants(
        session,
        code,
        as_of,
        level=level,
        max_depth=max_depth,
        include_self=include_self,
        limit=page.limit,
        offset=page.offset,
    )
    items = [TreeUnitOut.of(r) for r in found.items]
    return Page[TreeUnitOut](items=items, total=found.total, limit=page.limit, offset=page.offset)


@router.get("/{code}/ancestors", summary="Đơn vị cấp trên, từ Chính phủ xuống / units above, top first")
def ancestors(
    code: str = Path(description=CODE),
    as_of: date | None = Depends(_as_of_code),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[TreeUnitOut]:
    found = service.ancestors(session, code, as_of)
    items = [TreeUnitOut.of(r) for r in found[page.offset : page.offset + page.limit]]
    return Page[TreeUnitOut](items=items, total=len(found), limit=page.limit, offset=page.offset)
