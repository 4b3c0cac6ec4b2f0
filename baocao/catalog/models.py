"""Data elements and disaggregations. Disaggregations are declared per element (which categories
apply), never stored as a cartesian product of option combinations."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baocao.storage.base import Base


class ValueType(StrEnum):
    NUMBER = "number"
    INTEGER = "integer"
    PERCENT = "percent"
    TEXT = "text"
    BOOLEAN = "boolean"
    DATE = "date"


class UnitAggregation(StrEnum):
    """How values of several units combine into their parent's value."""

    SUM = "sum"
    AVERAGE = "average"
    NONE = "none"


class TimeAggregation(StrEnum):
    """How values of several periods combine into a longer period's value."""

    SUM = "sum"  # flows: revenue, newly registered enterprises
    AVERAGE = "average"  # e.g. average monthly CPI
    LAST = "last"  # stocks: population, number of schools
    NONE = "none"


class Domain(StrEnum):
    """The nine fields of the socio-economic indicator set of Decision 293/QĐ-TTg."""

    ECONOMIC_GROWTH = "economic_growth"
    PUBLIC_FINANCE = "public_finance"
    MACRO_STABILITY = "macro_stability"
    BUSINESS_ENVIRONMENT = "business_environment"
    LABOUR_EMPLOYMENT = "labour_employment"
    SOCIAL = "social"
    ENVIRONMENT = "environment"
    PUBLIC_ADMINISTRATION = "public_administration"
    INFRASTRUCTURE_SCIENCE = "infrastructure_science"


DOMAIN_NAMES: dict[Domain, tuple[str, str]] = {
    Domain.ECONOMIC_GROWTH: ("Tăng trưởng kinh tế", "Economic growth"),
    Domain.PUBLIC_FINANCE: ("Tài chính công", "Public finance"),
    Domain.MACRO_STABILITY: ("Ổn định kinh tế vĩ mô", "Macroeconomic stability"),
    Domain.BUSINESS_ENVIRONMENT: ("Môi trường kinh doanh", "Business environment"),
    Domain.LABOUR_EMPLOYMENT: ("Lao động, việc làm", "Labour and employment"),
    Domain.SOCIAL: ("Các vấn đề xã hội", "Social issues"),
    Domain.ENVIRONMENT: ("Môi trường", "Environment"),
    Domain.PUBLIC_ADMINISTRATION: (
        "Hành chính công phục vụ người dân",
        "Public administration serving citizens",
    ),
    Domain.INFRASTRUCTURE_SCIENCE: (
        "Cơ sở hạ tầng và khoa học công nghệ",
        "Infrastructure, science and technology",
    ),
}


class Category(Base):
    """A disaggregation (phân tổ), e.g. giới tính with options nam / nữ."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))

    options: Mapped[list[CategoryOption]] = relationship(
        back_populates="category", order_by="CategoryOption.sort_order", cascade="all, delete-orphan"
    )


class CategoryOption(Base):
    __tablename__ = "category_options"
    __table_args__ = (UniqueConstraint("category_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[Category] = relationship(back_populates="options")


class DataElement(Base):
    """One reportable quantity (chỉ tiêu / mục số liệu)."""

    __tablename__ = "data_elements"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    unit_of_measure: Mapped[str] = mapped_column(String(60))
    unit_of_measure_en: Mapped[str] = mapped_column(String(60))
    value_type: Mapped[str] = mapped_column(String(16))
    aggregation_units: Mapped[str] = mapped_column(String(16))
    aggregation_time: Mapped[str] = mapped_column(String(16))
    decimals: Mapped[int] = mapped_column(Integer, default=0)
    # One of the nine fields of Decision 293/QĐ-TTg (e.g. "economic_growth"), for grouping.
    domain: Mapped[str | None] = mapped_column(String(40))

    categories: Mapped[list[DataElementCategory]] = relationship(
        order_by="DataElementCategory.position", cascade="all, delete-orphan"
    )


class DataElementCategory(Base):
    """Which disaggregations apply to an element, in display order."""

    __tablename__ = "data_element_categories"

    data_element_id: Mapped[int] = mapped_column(
        ForeignKey("data_elements.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[Category] = relationship()
