"""Reading the catalogue: search and look-up of data elements and categories."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from baocao.catalog.models import Category, DataElement, DataElementCategory
from baocao.errors import not_found
from baocao.units.naming import fold

# An element always comes with its categories and their options: lists and details show them.
_WITH_CATEGORIES = selectinload(DataElement.categories).selectinload(DataElementCategory.category)
_WITH_OPTIONS = _WITH_CATEGORIES.selectinload(Category.options)


def search_data_elements(
    session: Session, *, q: str | None, domain: str | None, limit: int, offset: int
) -> tuple[list[DataElement], int]:
    """One page of elements ordered by code, and the total; ``q`` ignores case and diacritics."""
    base = select(DataElement.id).order_by(DataElement.code)
    if domain:
        base = base.where(DataElement.domain == domain)
    if q and q.strip():
        # Folding happens in Python: neither engine folds Vietnamese ("đ") the same way, and the
        # catalogue stays small (hundreds of elements), so scanning three short columns is cheap.
        rows = session.execute(
            base.add_columns(DataElement.code, DataElement.name, DataElement.name_en)
        ).all()
        found = [row.id for row in rows if _matches(q, row.code, row.name, row.name_en)]
        total, ids = len(found), found[offset : offset + limit]
    else:
        total = session.scalar(select(func.count()).select_from(base.order_by(None).subquery())) or 0
        ids = list(session.scalars(base.limit(limit).offset(offset)))
    return _elements_in_order(session, ids), total


def _matches(query: str, *texts: str) -> bool:
    """The folded query occurs in one of the folded texts (as the units search does with LIKE)."""
    needle = fold(query)
    return any(needle in fold(text) for text in texts)


def _elements_in_order(session: Session, ids: Sequence[int]) -> list[DataElement]:
    if not ids:
        return []
    loaded = session.scalars(select(DataElement).where(DataElement.id.in_(ids)).options(_WITH_OPTIONS))
    by_id = {e.id: e for e in loaded}
    return [by_id[i] for i in ids]


def get_data_element(session: Session, code: str) -> DataElement:
    element = session.scalars(
        select(DataElement).where(DataElement.code == code).options(_WITH_OPTIONS)
    ).one_or_none()
    if element is None:
        raise not_found("chỉ tiêu", "data element", code, field="code")
    return element


def list_categories(session: Session, *, limit: int, offset: int) -> tuple[list[Category], int]:
    total = session.scalar(select(func.count()).select_from(Category)) or 0
    page = session.scalars(
        select(Category)
        .order_by(Category.code)
        .limit(limit)
        .offset(offset)
        .options(selectinload(Category.options))
    )
    return list(page), total


def get_category(session: Session, code: str) -> Category:
    category = session.scalars(
        select(Category).where(Category.code == code).options(selectinload(Category.options))
    ).one_or_none()
    if category is None:
        raise not_found("phân tổ", "category", code, field="code")
    return category


def elements_using(session: Session, category: Category) -> list[str]:
    """Codes of the data elements disaggregated by ``category``."""
    return list(
        session.scalars(
            select(DataElement.code)
            .join(DataElementCategory, DataElementCategory.data_element_id == DataElement.id)
            .where(DataElementCategory.category_id == category.id)
            .order_by(DataElement.code)
        )
    )
