"""Paged lists: every list endpoint answers ``{"items": [...], "total": N, "limit": L, "offset": O}``."""

from __future__ import annotations

from typing import Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T")

MAX_LIMIT = 1000


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class Paging(BaseModel):
    limit: int = 50
    offset: int = 0


def paging(
    limit: int = Query(50, ge=1, le=MAX_LIMIT, description="Số dòng mỗi trang / rows per page"),
    offset: int = Query(0, ge=0, description="Bỏ qua N dòng đầu / rows to skip"),
) -> Paging:
    return Paging(limit=limit, offset=offset)
