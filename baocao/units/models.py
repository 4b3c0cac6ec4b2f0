"""A unit's identity (``Unit``) is separate from its code: codes live on dated versions.

Validity is half-open, ``[valid_from, valid_to)``; ``valid_to`` is NULL while the version is current.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baocao.storage.base import Base


class UnitLevel(StrEnum):
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class UnitType(StrEnum):
    """Legal kinds of unit (Vietnamese names in ``UNIT_TYPE_NAMES``)."""

    CHINH_PHU = "chinh_phu"
    BO = "bo"
    CO_QUAN_NGANG_BO = "co_quan_ngang_bo"
    TINH = "tinh"
    THANH_PHO_TW = "thanh_pho_tw"
    QUAN = "quan"
    HUYEN = "huyen"
    THI_XA = "thi_xa"
    THANH_PHO_THUOC_TINH = "thanh_pho_thuoc_tinh"
    XA = "xa"
    PHUONG = "phuong"
    THI_TRAN = "thi_tran"
    DAC_KHU = "dac_khu"


UNIT_TYPE_NAMES: dict[UnitType, tuple[str, str]] = {
    UnitType.CHINH_PHU: ("Chính phủ", "Government"),
    UnitType.BO: ("Bộ", "Ministry"),
    UnitType.CO_QUAN_NGANG_BO: ("Cơ quan ngang bộ", "Ministerial-level agency"),
    UnitType.TINH: ("Tỉnh", "Province"),
    UnitType.THANH_PHO_TW: ("Thành phố trực thuộc trung ương", "Centrally-run city"),
    UnitType.QUAN: ("Quận", "Urban district"),
    UnitType.HUYEN: ("Huyện", "Rural district"),
    UnitType.THI_XA: ("Thị xã", "District-level town"),
    UnitType.THANH_PHO_THUOC_TINH: ("Thành phố thuộc tỉnh", "Provincial city"),
    UnitType.XA: ("Xã", "Commune"),
    UnitType.PHUONG: ("Phường", "Ward"),
    UnitType.THI_TRAN: ("Thị trấn", "Township"),
    UnitType.DAC_KHU: ("Đặc khu", "Special zone"),
}

UNIT_TYPE_LEVEL: dict[UnitType, UnitLevel] = {
    UnitType.CHINH_PHU: UnitLevel.GOVERNMENT,
    UnitType.BO: UnitLevel.MINISTRY,
    UnitType.CO_QUAN_NGANG_BO: UnitLevel.MINISTRY,
    UnitType.TINH: UnitLevel.PROVINCE,
    UnitType.THANH_PHO_TW: UnitLevel.PROVINCE,
    UnitType.QUAN: UnitLevel.DISTRICT,
    UnitType.HUYEN: UnitLevel.DISTRICT,
    UnitType.THI_XA: UnitLevel.DISTRICT,
    UnitType.THANH_PHO_THUOC_TINH: UnitLevel.DISTRICT,
    UnitType.XA: UnitLevel.COMMUNE,
    UnitType.PHUONG: UnitLevel.COMMUNE,
    UnitType.THI_TRAN: UnitLevel.COMMUNE,
    UnitType.DAC_KHU: UnitLevel.COMMUNE,
}


class SuccessionKind(StrEnum):
    FULL = "full"  # the whole predecessor went into this successor
    PARTIAL = "partial"  # only a part did; the rest went elsewhere


class Unit(Base):
    """The identity of a unit, stable across renames and re-used codes."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable external key, e.g. "province:24:2025-07-01" (level, first code, first valid date).
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    level: Mapped[str] = mapped_column(String(16))

    versions: Mapped[list[UnitVersion]] = relationship(
        back_populates="unit", foreign_keys="UnitVersion.unit_id", order_by="UnitVersion.valid_from"
    )


class UnitVersion(Base):
    __tablename__ = "unit_versions"
    __table_args__ = (
        Index("ix_unit_versions_code_valid", "code", "valid_from"),
        Index("ix_unit_versions_parent_valid", "parent_id", "valid_from"),
        Index("ix_unit_versions_level_valid", "level", "valid_from"),
        UniqueConstraint("unit_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Name folded to lower-case ASCII (đ → d, diacritics dropped) for "ha noi" → "Hà Nội" search.
    search_name: Mapped[str] = mapped_column(String(200))

    unit: Mapped[Unit] = relationship(back_populates="versions", foreign_keys=[unit_id])


class UnitSuccession(Base):
    """Predecessor → successor on a date. Partial links may carry a declared apportioning share."""

    __tablename__ = "unit_successions"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id", "effective_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    effective_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    # Share of the predecessor that went to this successor (0..1), used to apportion partial merges.
    share: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(String(300))


class UnitsRevision(Base):
    """One row whose number grows with every change to ``unit_versions`` or ``unit_successions``
    (database triggers, migration 0010): readers of the cached unit graph compare one number instead of
    scanning the units tables on every query."""

    __tablename__ = "units_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=0)
