"""Facts (every numeric value of every submitted or accepted version, with its validity in time) and
rollups (per map, element, unit, period and option key: the unit's own value and its children's
aggregate, maintained by deltas so an answer is an index lookup).

Both are derived from ``data_values`` and written only by ``analytics.maintain`` and ``imports``: they
carry no foreign keys (migration 0010), the source rows have them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from baocao.audit.types import UtcDateTime
from baocao.storage.base import Base


class FactStatus(StrEnum):
    ACCEPTED = "accepted"
    SUBMITTED = "submitted"  # sent, not yet accepted: counted only when a query asks for it


class MapView(StrEnum):
    AS_IT_WAS = "as_it_was"  # the units and tree valid in the period
    TODAY = "today"  # history carried onto today's units through the succession links


class Fact(Base):
    """One numeric value of one version. ``[known_from, known_to)`` is when it was the current value of
    its submission at its status (vintages); ``known_to`` is NULL while it still is."""

    __tablename__ = "analytics_facts"
    __table_args__ = (
        Index("ix_analytics_facts_lookup", "data_element_id", "period", "option_key", "status"),
        Index("ix_analytics_facts_unit", "data_element_id", "unit_id", "period_start"),
        Index("ix_analytics_facts_submission", "submission_id", "status", "known_to"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    data_element_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(16))
    period_type: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    option_key: Mapped[str] = mapped_column(String(200), default="")
    value: Mapped[float] = mapped_column(Float)
    submission_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    known_from: Mapped[datetime] = mapped_column(UtcDateTime)
    known_to: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Rollup(Base):
    """Accepted figures of one (map, element, unit, period, option key).

    ``own_*`` is the unit's own figure (as it was: its latest accepted fact; today's map: what its
    predecessors' figures bring, apportioned); ``child_*`` the aggregate of its children's effective
    figures. Effective figure: own when ``own_n > 0``, else the children's. ``*_sum`` and ``*_weight``
    give sums and averages (sum / weight); ``*_n`` counts contributing figures; ``*_apportioned``
    counts contributions that were apportioned over partial successions."""

    __tablename__ = "analytics_rollups"
    __table_args__ = (
        Index("ix_analytics_rollups_range", "map", "data_element_id", "unit_id", "period_start"),
    )

    map: Mapped[str] = mapped_column(String(12), primary_key=True)
    data_element_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    option_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    period_type: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    own_sum: Mapped[float] = mapped_column(Float, default=0.0)
    own_weight: Mapped[float] = mapped_column(Float, default=0.0)
    own_n: Mapped[int] = mapped_column(Integer, default=0)
    own_apportioned: Mapped[int] = mapped_column(Integer, default=0)
    child_sum: Mapped[float] = mapped_column(Float, default=0.0)
    child_weight: Mapped[float] = mapped_column(Float, default=0.0)
    child_n: Mapped[int] = mapped_column(Integer, default=0)
    child_apportioned: Mapped[int] = mapped_column(Integer, default=0)
