"""JSON shapes of the units API."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from baocao.units.models import UNIT_TYPE_NAMES, UnitType
from baocao.units.service import SuccessionRow, UnitRow


class UnitOut(BaseModel):
    uid: str = Field(description="Khóa bền vững của đơn vị / stable key, e.g. province:24:2025-07-01")
    code: str = Field(description="Mã tại ngày được hỏi / code on the requested day")
    name: str
    name_en: str | None
    short_name: str | None
    type: str = Field(description="Loại đơn vị / unit type, e.g. tinh, thanh_pho_tw, xa, phuong, bo")
    type_name: str = Field(description="Tên loại bằng tiếng Việt / type name in Vietnamese")
    type_name_en: str
    level: str = Field(description="government | ministry | province | district | commune")
    parent_code: str | None
    parent_name: str | None
    valid_from: dt.date = Field(description="Hiệu lực từ ngày (bao gồm) / valid from (inclusive)")
    valid_to: dt.date | None = Field(description="Hết hiệu lực từ ngày (không bao gồm); null = hiện hành")

    @classmethod
    def of(cls, row: UnitRow) -> UnitOut:
        try:
            type_name, type_name_en = UNIT_TYPE_NAMES[UnitType(row.type)]
        except ValueError:
            type_name = type_name_en = row.type
        return cls(
            uid=row.uid,
            code=row.code,
            name=row.name,
            name_en=row.name_en,
            short_name=row.short_name,
            type=row.type,
            type_name=type_name,
            type_name_en=type_name_en,
            level=row.level,
            parent_code=row.parent_code,
            parent_name=row.parent_name,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )


class TreeUnitOut(UnitOut):
    depth: int = Field(description="Khoảng cách tới đơn vị được hỏi / distance from the requested unit")

    @classmethod
    def of(cls, row: UnitRow) -> TreeUnitOut:
        return cls(**UnitOut.of(row).model_dump(), depth=row.depth or 0)


class SuccessionOut(BaseModel):
    kind: str = Field(description="full = toàn bộ / whole unit; partial = một phần / part of it")
    date: dt.date = Field(description="Ngày hiệu lực / effective date")
    share: float | None = Field(description="Tỷ lệ phân bổ đã công bố (0..1) / declared share, if any")
    note: str | None
    unit: UnitOut

    @classmethod
    def of(cls, row: SuccessionRow) -> SuccessionOut:
        return cls(
            kind=row.kind, date=row.effective_date, share=row.share, note=row.note, unit=UnitOut.of(row.unit)
        )
