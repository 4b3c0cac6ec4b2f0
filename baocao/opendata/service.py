"""Public indicators as open data: which are public, and their figures for the country and the
provinces, accepted figures only (what the receiving units have accepted, as the map was then).

An indicator that does not exist and one that is not public answer the same 404: the answer never
tells which. Figures come from ``run_query`` with the public scope (no unit limit) — the same
numbers the analytics API answers, never a second computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.principal import anonymous
from baocao.access.rules import Permission
from baocao.analytics.service import AnalyticsQuery, Figure, run_query
from baocao.analytics.windows import MAX_WINDOWS, Window
from baocao.errors import not_found
from baocao.indicators.evaluate import compile_indicators
from baocao.indicators.expressions import names
from baocao.indicators.models import Indicator
from baocao.ledger.canonical import format_number
from baocao.opendata import queries
from baocao.periods.periods import parse_period
from baocao.units.models import UnitLevel

NATIONAL = "CP"  # the Government: its figure is the national one
COLUMNS = ("indicator", "unit_code", "unit_name", "period", "value", "unit_measure")


@dataclass(frozen=True)
class OpenRow:
    indicator: str
    unit_code: str
    unit_name: str
    period: str
    value: str
    unit_measure: str


def public_indicators(session: Session) -> list[Indicator]:
    stmt = select(Indicator).where(Indicator.is_public.is_(True)).order_by(Indicator.field, Indicator.code)
    return list(session.scalars(stmt))


def public_indicator(session: Session, code: str) -> Indicator:
    found = session.scalar(select(Indicator).where(Indicator.code == code, Indicator.is_public.is_(True)))
    if found is None:
        raise not_found("chỉ tiêu công bố", "published indicator", code, field="code")
    return found


def element_codes(session: Session, indicator: Indicator) -> list[str]:
    """The data elements the indicator is computed from (other indicators inlined)."""
    tree = compile_indicators(session, [indicator.code])[0].tree
    return sorted({name.code for name in names(tree)})


def windows(session: Session, indicator: Indicator) -> list[Window]:
    """The periods with accepted figures of the indicator's elements (the latest ``MAX_WINDOWS``)."""
    rows = session.execute(queries.accepted_periods(element_codes(session, indicator))).all()
    return [Window.of(parse_period(period)) for period, _, _ in rows][-MAX_WINDOWS:]


def span(session: Session, indicator: Indicator) -> tuple[date | None, date | None]:
    first, last = session.execute(queries.accepted_span(element_codes(session, indicator))).one()
    return first, last


def _row(indicator: Indicator, figure: Figure) -> OpenRow | None:
    if figure.value is None:
        return None
    value = format_number(round(figure.value, indicator.decimals))
    return OpenRow(
        indicator.code, figure.unit, figure.unit_name, figure.period, value, indicator.unit_measure
    )


def open_rows(session: Session, indicator: Indicator) -> list[OpenRow]:
    """National then provincial figures, period by period; periods without a figure are left out."""
    found = windows(session, indicator)
    if not found:
        return []
    scope = anonymous(session).scope(Permission.PUBLIC)
    national = AnalyticsQuery(elements=[], windows=found, unit=NATIONAL, indicators=[indicator.code])
    provinces = AnalyticsQuery(
        elements=[], windows=found, unit=NATIONAL, level=UnitLevel.PROVINCE, indicators=[indicator.code]
    )
    rows = [_row(indicator, f) for f in run_query(session, scope, national)]
    rows += [_row(indicator, f) for f in run_query(session, scope, provinces)]
    order = {w.label: i for i, w in enumerate(found)}
    kept = [r for r in rows if r is not None]
    return sorted(kept, key=lambda r: (order.get(r.period, len(order)), r.unit_code != NATIONAL, r.unit_code))
