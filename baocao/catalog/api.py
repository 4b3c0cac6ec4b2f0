"""Catalogue API: data elements (chỉ tiêu) and categories (phân tổ), read-only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.rules import Permission
from baocao.catalog import service
from baocao.catalog.models import Domain
from baocao.catalog.schemas import CategoryDetail, CategoryOut, DataElementDetail, DataElementSummary
from baocao.deps import get_session
from baocao.paging import Page, Paging, paging

router = APIRouter(tags=["catalogue"], dependencies=[Depends(require(Permission.PUBLIC))])


@router.get(
    "/data-elements",
    response_model=Page[DataElementSummary],
    summary="Danh sách chỉ tiêu / list data elements",
)
def list_data_elements(
    q: str | None = Query(
        None,
        max_length=200,
        description="Tìm theo mã hoặc tên, có dấu hay không dấu / code or name, with or without diacritics",
    ),
    domain: Domain | None = Query(None, description="Lĩnh vực / field of Decision 293/QĐ-TTg"),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[DataElementSummary]:
    elements, total = service.search_data_elements(
        session, q=q, domain=domain.value if domain else None, limit=page.limit, offset=page.offset
    )
    return Page(
        items=[DataElementSummary.of(e) for e in elements], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/data-elements/{code}",
    response_model=DataElementDetail,
    summary="Một chỉ tiêu, kèm phân tổ / one data element with its categories",
)
def get_data_element(code: str, session: Session = Depends(get_session)) -> DataElementDetail:
    return DataElementDetail.of(service.get_data_element(session, code))


@router.get("/categories", response_model=Page[CategoryOut], summary="Danh sách phân tổ / list categories")
def list_categories(
    page: Paging = Depends(paging), session: Session = Depends(get_session)
) -> Page[CategoryOut]:
    categories, total = service.list_categories(session, limit=page.limit, offset=page.offset)
    return Page(
        items=[CategoryOut.of(c) for c in categories], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/categories/{code}",
    response_model=CategoryDetail,
    summary="Một phân tổ, kèm các chỉ tiêu dùng nó / one category and the elements using it",
)
def get_category(code: str, session: Session = Depends(get_session)) -> CategoryDetail:
    category = service.get_category(session, code)
    return CategoryDetail(
        **CategoryOut.of(category).model_dump(), data_elements=service.elements_using(session, category)
    )
