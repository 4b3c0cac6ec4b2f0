"""``/api/v1/indicators`` (definitions) and ``/api/v1/targets`` (plan targets and their progress)."""

from __future__ import annotations

from fastapi import APIRouter, Body, Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.guard import require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.analytics.graph import unit_graph
from baocao.deps import get_session
from baocao.indicators.models import Target
from baocao.indicators.schemas import IndicatorOut, ProgressOut, SavedOut, TargetIn, TargetOut
from baocao.indicators.service import (
    TargetSpec,
    get_indicator,
    list_indicators,
    set_targets,
)
from baocao.indicators.targets import list_targets, progress, year_end
from baocao.paging import Page, Paging, paging

router = APIRouter(tags=["indicators"])
READ = Depends(require(Permission.ANALYTICS_READ))
YearParam = Query(..., ge=2000, le=2100, description="Năm kế hoạch / plan year", examples=[2025])
UnitParam = Query(None, description="Mã đơn vị (ngày 31/12 của năm) / unit code", examples=["01"])


@router.get("/indicators", response_model=Page[IndicatorOut], summary="Chỉ tiêu tổng hợp / indicators")
def indicators(
    page: Paging = Depends(paging), principal: Principal = READ, session: Session = Depends(get_session)
) -> Page[IndicatorOut]:
    """Every indicator, by field of Decision 293/QĐ-TTg then code, with its expression."""
    found = list_indicators(session)
    items = [IndicatorOut.of(i) for i in found[page.offset : page.offset + page.limit]]
    return Page(items=items, total=len(found), limit=page.limit, offset=page.offset)


@router.get(
    "/indicators/{code}", response_model=IndicatorOut, summary="Một chỉ tiêu tổng hợp / one indicator"
)
def indicator(
    code: str, principal: Principal = READ, session: Session = Depends(get_session)
) -> IndicatorOut:
    return IndicatorOut.of(get_indicator(session, code))


@router.get("/targets", response_model=Page[TargetOut], summary="Chỉ tiêu kế hoạch / plan targets")
def targets(
    year: int | None = Query(None, ge=2000, le=2100, description="Năm / year"),
    unit: str | None = UnitParam,
    page: Paging = Depends(paging),
    principal: Principal = READ,
    session: Session = Depends(get_session),
) -> Page[TargetOut]:
    """Targets of the units in the caller's scope, by year, indicator and unit."""
    found = list_targets(session, principal.scope(Permission.ANALYTICS_READ), year=year, unit=unit)
    graph = unit_graph(session)
    parents = {t.id: t.unit_id for t in session.scalars(select(Target).where(Target.id.in_(
        [t.parent_id for t, _ in found if t.parent_id])))}  # fmt: skip
    items = []
    for target, indicator in found[page.offset : page.offset + page.limit]:
        day = graph.last_day_within(target.unit_id, year_end(target.year).replace(month=1, day=1),
                                    year_end(target.year))  # fmt: skip
        at = graph.at(target.unit_id, day)
        parent = graph.at(parents[target.parent_id], day) if target.parent_id in parents else None
        items.append(
            TargetOut(
                indicator=indicator.code,
                indicator_name=indicator.name,
                unit=at.code if at else "?",
                unit_name=at.name if at else "?",
                year=target.year,
                value=target.value,
                direction=target.direction,
                tolerance=target.tolerance,
                assigned_by=target.assigned_by,
                source_document=target.source_document,
                parent_unit=parent.code if parent else None,
            )
        )
    return Page(items=items, total=len(found), limit=page.limit, offset=page.offset)


@router.put("/targets", response_model=SavedOut, summary="Giao chỉ tiêu kế hoạch / set plan targets")
def put_targets(
    body: list[TargetIn] = Body(..., min_length=1, max_length=5000),
    principal: Principal = Depends(require(Permission.METADATA_ADMIN)),
    session: Session = Depends(get_session),
) -> SavedOut:
    """Create or change targets (by indicator × unit × year) of units in the administrator's scope.
    Every problem names the item and field (``[3].unit``); nothing is stored unless all are valid."""
    specs = [TargetSpec(t.indicator, t.unit, t.year, t.value, t.direction, t.assigned_by, t.tolerance,
                        t.source_document, t.parent_unit) for t in body]  # fmt: skip
    created, updated = set_targets(
        session, principal.scope(Permission.METADATA_ADMIN), specs, principal.username
    )
    return SavedOut(created=created, updated=updated)


@router.get("/targets/progress", response_model=list[ProgressOut], summary="Tiến độ thực hiện / progress")
def targets_progress(
    year: int = YearParam,
    unit: str | None = UnitParam,
    indicator: list[str] = Query([], description="Mã chỉ tiêu tổng hợp, lặp lại được / indicator codes"),
    principal: Principal = READ,
    session: Session = Depends(get_session),
) -> list[ProgressOut]:
    """Per target: actual to date (lũy kế; latest value for stocks and rates), projection to the year's
    end, ratio and status — ``dat`` (Đạt), ``khong_dat`` (Không đạt), ``nguy_co`` (Có nguy cơ không đạt),
    ``chua_co_so_lieu`` (Chưa có số liệu). See docs/analytics.md."""
    found = progress(session, principal.scope(Permission.ANALYTICS_READ), year=year, unit=unit,
                     indicators=indicator or None)  # fmt: skip
    return [ProgressOut(**{**p.__dict__, "flags": list(p.flags)}) for p in found]
