"""GET /api/v1/health: is the node up and can it reach its database?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import text
from sqlalchemy.orm import Session

from baocao import __version__
from baocao.access.guard import require
from baocao.access.rules import Permission
from baocao.deps import get_session

router = APIRouter(tags=["health"], dependencies=[Depends(require(Permission.PUBLIC))])


@router.get("/health", summary="Tình trạng hệ thống / health check")
def health(session: Session = Depends(get_session)) -> dict[str, Any]:
    session.execute(text("SELECT 1"))
    return {
        "status": "ok",
        "version": __version__,
        "database": session.get_bind().dialect.name,
    }
