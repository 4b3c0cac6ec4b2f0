"""API shapes of indicators, targets and progress."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from baocao.catalog.models import DOMAIN_NAMES
from baocao.indicators.models import Indicator

FIELD_NAMES = {d.value: names for d, names in DOMAIN_NAMES.items()}


class IndicatorOut(BaseModel):
    code: str
    name: str
    name_en: str
    field: str
    field_name: str
    field_name_en: str
    expression: str
    unit_measure: str
    decimals: int
    better: str
    is_public: bool
    description: str | None

    @classmethod
    def of(cls, indicator: Indicator) -> IndicatorOut:
        vi, en = FIELD_NAMES.get(indicator.field, ("", ""))
        return cls(code=indicator.code, name=indicator.name, name_en=indicator.name_en, field=indicator.field,
                   field_name=vi, field_name_en=en, expression=indicator.expression,
                   unit_measure=indicator.unit_measure, decimals=indicator.decimals, better=indicator.better,
                   is_public=indicator.is_public, description=indicator.description)  # fmt: skip


class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    indicator: str = Field(examples=["TANG_TRUONG_GRDP"])
    unit: str = Field(description="Mã đơn vị ngày 31/12 của năm / unit code on 31 December", examples=["CP"])
    year: int = Field(ge=2000, le=2100, examples=[2026])
    value: float = Field(examples=[10.0])
    direction: str = Field(description="at_least | at_most | about", examples=["at_least"])
    tolerance: float | None = Field(None, description="Dung sai, bắt buộc với about / required for about")
    assigned_by: str = Field(min_length=1, max_length=200, examples=["Quốc hội"])
    source_document: str | None = Field(None, max_length=300, examples=["Nghị quyết 244/2025/QH15"])
    parent_unit: str | None = Field(None, description="Đơn vị giao chỉ tiêu cấp trên / parent target's unit")


class TargetOut(BaseModel):
    indicator: str
    indicator_name: str
    unit: str
    unit_name: str
    year: int
    value: float
    direction: str
    tolerance: float | None
    assigned_by: str
    source_document: str | None
    parent_unit: str | None


class SavedOut(BaseModel):
    created: int
    updated: int


class ProgressOut(BaseModel):
    indicator: str
    indicator_name: str
    unit: str
    unit_name: str
    year: int
    target: float
    direction: str
    tolerance: float | None
    actual: float | None
    actual_period: str | None
    projection: float | None
    ratio: float | None
    status: str
    status_name: str
    assigned_by: str
    source_document: str | None
    flags: list[str]
