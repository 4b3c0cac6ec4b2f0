"""SQL of open data: the periods with accepted figures of some data elements (on the map as it was)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, or_, select

from baocao.analytics.models import MapView, Rollup
from baocao.catalog.models import DataElement


def accepted_periods(element_codes: list[str]) -> Select[str, date, date]:
    """Distinct (period, start, end) with an accepted figure of any of the elements."""
    return (
        select(Rollup.period, Rollup.period_start, Rollup.period_end)
        .join(DataElement, DataElement.id == Rollup.data_element_id)
        .where(
            DataElement.code.in_(element_codes),
            Rollup.map == MapView.AS_IT_WAS.value,
            or_(Rollup.own_n > 0, Rollup.child_n > 0),
        )
        .distinct()
        .order_by(Rollup.period_start, Rollup.period)
    )


def accepted_span(element_codes: list[str]) -> Select[date, date]:
    """The first day and last day covered by accepted figures of the elements."""
    return (
        select(func.min(Rollup.period_start), func.max(Rollup.period_end))
        .join(DataElement, DataElement.id == Rollup.data_element_id)
        .where(
            DataElement.code.in_(element_codes),
            Rollup.map == MapView.AS_IT_WAS.value,
            or_(Rollup.own_n > 0, Rollup.child_n > 0),
        )
    )
