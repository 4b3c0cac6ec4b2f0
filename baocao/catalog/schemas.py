"""API shapes of the catalogue (documented in OpenAPI through these models)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from baocao.catalog.models import (
    DOMAIN_NAMES,
    Category,
    DataElement,
    Domain,
    TimeAggregation,
    UnitAggregation,
    ValueType,
)

_DOMAIN_CODES = {d.value for d in Domain}


class CategoryOptionOut(BaseModel):
    code: str = Field(examples=["nu"])
    name: str = Field(examples=["Nữ"])
    name_en: str = Field(examples=["Female"])


class CategoryOut(BaseModel):
    """A disaggregation (phân tổ) with its options in display order."""

    code: str = Field(examples=["gioi_tinh"])
    name: str = Field(examples=["Giới tính"])
    name_en: str = Field(examples=["Sex"])
    options: list[CategoryOptionOut]

    @classmethod
    def of(cls, category: Category) -> CategoryOut:
        return cls(
            code=category.code,
            name=category.name,
            name_en=category.name_en,
            options=[
                CategoryOptionOut(code=o.code, name=o.name, name_en=o.name_en) for o in category.options
            ],
        )


class CategoryDetail(CategoryOut):
    data_elements: list[str] = Field(description="Mã các chỉ tiêu dùng phân tổ này / elements using it")


class _DataElementBase(BaseModel):
    code: str = Field(examples=["DAN_SO"])
    name: str = Field(examples=["Dân số trung bình"])
    name_en: str = Field(examples=["Average population"])
    unit_of_measure: str = Field(examples=["người"])
    unit_of_measure_en: str = Field(examples=["persons"])
    value_type: ValueType
    aggregation_units: UnitAggregation = Field(description="Cộng giữa các đơn vị / across units")
    aggregation_time: TimeAggregation = Field(description="Cộng giữa các kỳ / across periods")
    decimals: int
    domain: Domain | None = Field(description="Lĩnh vực (Quyết định 293/QĐ-TTg) / field of Decision 293")
    domain_name: str | None = None
    domain_name_en: str | None = None

    @staticmethod
    def _fields(element: DataElement) -> dict[str, object]:
        domain = Domain(element.domain) if element.domain in _DOMAIN_CODES else None
        names = DOMAIN_NAMES[domain] if domain else None
        return {
            "code": element.code,
            "name": element.name,
            "name_en": element.name_en,
            "unit_of_measure": element.unit_of_measure,
            "unit_of_measure_en": element.unit_of_measure_en,
            "value_type": element.value_type,
            "aggregation_units": element.aggregation_units,
            "aggregation_time": element.aggregation_time,
            "decimals": element.decimals,
            "domain": domain,
            "domain_name": names[0] if names else None,
            "domain_name_en": names[1] if names else None,
        }


class DataElementSummary(_DataElementBase):
    categories: list[str] = Field(description="Mã các phân tổ áp dụng / codes of the categories that apply")

    @classmethod
    def of(cls, element: DataElement) -> DataElementSummary:
        return cls.model_validate(
            {**cls._fields(element), "categories": [link.category.code for link in element.categories]}
        )


class DataElementDetail(_DataElementBase):
    description: str | None = None
    categories: list[CategoryOut]

    @classmethod
    def of(cls, element: DataElement) -> DataElementDetail:
        return cls.model_validate(
            {
                **cls._fields(element),
                "description": element.description,
                "categories": [CategoryOut.of(link.category) for link in element.categories],
            }
        )
