"""SQL of the SDMX capability: what each regime's forms hold, and where figures exist (the periods
and units a wildcard data query can answer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select

from baocao.analytics.models import Fact, Rollup
from baocao.regimes.models import Form, FormCell, Regime, RegimeVersion


def regime_cells() -> Select[str, int, str]:
    """(regime code, element id, option key) of every form cell of every version."""
    return (
        select(Regime.code, FormCell.data_element_id, FormCell.option_key)
        .join(RegimeVersion, RegimeVersion.regime_id == Regime.id)
        .join(Form, Form.regime_version_id == RegimeVersion.id)
        .join(FormCell, FormCell.form_id == Form.id)
        .distinct()
    )


def latest_versions() -> Select[str, RegimeVersion]:
    """Every regime version, newest last per regime (names and frequency come from the newest)."""
    return (
        select(Regime.code, RegimeVersion)
        .join(RegimeVersion, RegimeVersion.regime_id == Regime.id)
        .order_by(Regime.code, RegimeVersion.version)
    )


def reported_periods(element_ids: list[int], period_type: str | None, start: date, end: date) -> Select[Any]:
    """Periods with a current fact (accepted or submitted) of the elements within ``[start, end]``."""
    stmt = (
        select(Fact.period)
        .distinct()
        .where(
            Fact.data_element_id.in_(element_ids),
            Fact.known_to.is_(None),
            Fact.period_start >= start,
            Fact.period_end <= end,
        )
    )
    if period_type is not None:
        stmt = stmt.where(Fact.period_type == period_type)
    return stmt


def figure_units(
    view: str, element_ids: list[int], periods: list[str], in_scope: ColumnElement[bool]
) -> Select[Any]:
    """Units holding an accepted figure of the elements for the periods (own or aggregated), in scope."""
    return (
        select(Rollup.unit_id)
        .distinct()
        .where(
            Rollup.map == view,
            Rollup.data_element_id.in_(element_ids),
            Rollup.period.in_(periods),
            or_(Rollup.own_n > 0, Rollup.child_n > 0),
            in_scope,
        )
    )


def fact_units(element_ids: list[int], periods: list[str], in_scope: ColumnElement[bool]) -> Select[Any]:
    """Units that sent a current value (accepted or submitted) of the elements for the periods."""
    return (
        select(Fact.unit_id)
        .distinct()
        .where(
            Fact.data_element_id.in_(element_ids),
            Fact.period.in_(periods),
            Fact.known_to.is_(None),
            in_scope,
        )
    )
