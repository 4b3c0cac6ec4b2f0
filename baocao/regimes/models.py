"""A regime's identity (``Regime``) carries versions; a submission keeps the version it was made under.

A version holds every component of Decree 09 Art. 7. Rules that depend on the map (who reports, who
receives) are stored as rules (JSON) and resolved as of the period, so the 2025 merger changes who
must report without editing the regime.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baocao.storage.base import Base


class ReportType(StrEnum):
    """Decree 09 Art. 4."""

    PERIODIC = "dinh_ky"
    THEMATIC = "chuyen_de"
    AD_HOC = "dot_xuat"


class Frequency(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    AD_HOC = "ad_hoc"  # đột xuất: periods are days (the event date)


class CellKind(StrEnum):
    INPUT = "input"
    COMPUTED = "computed"  # e.g. a total: formula over other cells of the form


class RuleImportance(StrEnum):
    ERROR = "error"  # blocks submission
    WARNING = "warning"  # needs a comment


class RuleKind(StrEnum):
    IN_FORM = "in_form"
    CROSS_PERIOD = "cross_period"
    CROSS_UNIT = "cross_unit"
    OUTLIER = "outlier"


class Regime(Base):
    __tablename__ = "regimes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    # The body that issues / owns the regime (a ministry's sector scope covers its regimes).
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))

    versions: Mapped[list[RegimeVersion]] = relationship(
        back_populates="regime", order_by="RegimeVersion.version"
    )


class RegimeVersion(Base):
    __tablename__ = "regime_versions"
    __table_args__ = (UniqueConstraint("regime_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regime_id: Mapped[int] = mapped_column(ForeignKey("regimes.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text)  # nội dung báo cáo
    report_type: Mapped[str] = mapped_column(String(16))
    legal_basis: Mapped[str] = mapped_column(Text)
    frequency: Mapped[str] = mapped_column(String(16))
    cutoff_convention: Mapped[str] = mapped_column(String(16))  # administrative | statistical
    # {"rule": "day_of_last_month", "day": 25} etc. (baocao.periods.deadlines)
    deadline_rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    # {"rule": "all_provinces"} | {"rule": "all_communes"} | {"rule": "all_ministries"}
    # | {"rule": "list", "units": ["01", "79"]} | {"rule": "children_of", "unit": "01"}
    reporting_units_rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    # {"rule": "unit", "unit": "CP"} | {"rule": "parent"} (the reporter's parent as of the period)
    receiver_rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    sending_methods: Mapped[list[str]] = mapped_column(JSON)  # he_thong, van_ban_dien_tu, ...
    instructions: Mapped[str] = mapped_column(Text, default="")
    # Days after the deadline during which entry stays open (then it locks unless excepted).
    grace_days: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source_yaml: Mapped[str] = mapped_column(Text)  # the file as loaded, kept for the record
    source_digest: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    loaded_by_id: Mapped[int | None] = mapped_column(Integer)

    regime: Mapped[Regime] = relationship(back_populates="versions")
    forms: Mapped[list[Form]] = relationship(order_by="Form.position", cascade="all, delete-orphan")
    outline: Mapped[list[OutlineSection]] = relationship(
        order_by="OutlineSection.position", cascade="all, delete-orphan"
    )
    rules: Mapped[list[ValidationRule]] = relationship(
        order_by="ValidationRule.position", cascade="all, delete-orphan"
    )


class OutlineSection(Base):
    """A narrative section of the report (đề cương)."""

    __tablename__ = "outline_sections"
    __table_args__ = (UniqueConstraint("regime_version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regime_version_id: Mapped[int] = mapped_column(
        ForeignKey("regime_versions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    guidance: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)


class Form(Base):
    """A data form (biểu mẫu): rows × columns; the cells bind data elements × disaggregation options."""

    __tablename__ = "forms"
    __table_args__ = (UniqueConstraint("regime_version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regime_version_id: Mapped[int] = mapped_column(
        ForeignKey("regime_versions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)

    rows: Mapped[list[FormRow]] = relationship(order_by="FormRow.position", cascade="all, delete-orphan")
    columns: Mapped[list[FormColumn]] = relationship(
        order_by="FormColumn.position", cascade="all, delete-orphan"
    )
    cells: Mapped[list[FormCell]] = relationship(cascade="all, delete-orphan")


class FormRow(Base):
    __tablename__ = "form_rows"
    __table_args__ = (UniqueConstraint("form_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    indent: Mapped[int] = mapped_column(Integer, default=0)


class FormColumn(Base):
    __tablename__ = "form_columns"
    __table_args__ = (UniqueConstraint("form_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)


class FormCell(Base):
    """One cell: which element and options it holds, whether it is entered or computed, required."""

    __tablename__ = "form_cells"
    __table_args__ = (
        UniqueConstraint("form_id", "row_code", "column_code"),
        UniqueConstraint("form_id", "data_element_id", "option_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    row_code: Mapped[str] = mapped_column(String(40))
    column_code: Mapped[str] = mapped_column(String(40))
    data_element_id: Mapped[int] = mapped_column(ForeignKey("data_elements.id"))
    # Canonical disaggregation key: "category=option" pairs sorted by category, joined by ";"
    # ("" when the element is not disaggregated in this cell). See baocao.submissions.keys.
    option_key: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(16), default=CellKind.INPUT)
    formula: Mapped[str | None] = mapped_column(Text)  # for computed cells, e.g. "R02.C1 + R03.C1"
    required: Mapped[bool] = mapped_column(Boolean, default=False)


class ValidationRule(Base):
    __tablename__ = "validation_rules"
    __table_args__ = (UniqueConstraint("regime_version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regime_version_id: Mapped[int] = mapped_column(
        ForeignKey("regime_versions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    importance: Mapped[str] = mapped_column(String(8))
    # e.g. "TONG_THU == THU_NOI_DIA + THU_XNK + THU_DAU_THO" or "R01.C1 >= R02.C1"
    expression: Mapped[str] = mapped_column(Text)
    # kind-specific settings: {"compare": "previous"|"same_period_last_year", "max_change_pct": 30},
    # {"method": "modified_z", "threshold": 3.5}, {"level": "province"} ...
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(String(400))
    message_en: Mapped[str] = mapped_column(String(400))
    position: Mapped[int] = mapped_column(Integer)
