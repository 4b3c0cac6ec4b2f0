"""Indicators (computed from data elements by an expression) and plan targets (an indicator's goal for
one unit and year, assigned down the chain Quốc hội → Chính phủ → bộ, tỉnh)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from baocao.audit.types import UtcDateTime, utc_now
from baocao.storage.base import Base


class Better(StrEnum):
    """Which way is good (for colour): up (GRDP), down (poverty rate), neutral."""

    UP = "up"
    DOWN = "down"
    NEUTRAL = "neutral"


class Direction(StrEnum):
    AT_LEAST = "at_least"  # đạt tối thiểu: actual ≥ target
    AT_MOST = "at_most"  # không vượt quá: actual ≤ target
    ABOUT = "about"  # khoảng: |actual − target| ≤ tolerance


class Indicator(Base):
    """A computed indicator. ``field`` is one of the nine fields of Decision 293/QĐ-TTg
    (``baocao.catalog.models.Domain``); ``expression`` follows docs/analytics.md."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(40))
    expression: Mapped[str] = mapped_column(Text)
    unit_measure: Mapped[str] = mapped_column(String(60))
    decimals: Mapped[int] = mapped_column(Integer, default=1)
    better: Mapped[str] = mapped_column(String(8), default=Better.UP.value)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)


class Target(Base):
    """A plan target: one indicator, one unit, one year. ``assigned_by`` names the assigning body
    (Quốc hội, Chính phủ, HĐND tỉnh...); ``parent_id`` points at the target it breaks down."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("indicator_id", "unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(10))
    tolerance: Mapped[float | None] = mapped_column(Float)
    assigned_by: Mapped[str] = mapped_column(String(200))
    source_document: Mapped[str | None] = mapped_column(String(300))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)
