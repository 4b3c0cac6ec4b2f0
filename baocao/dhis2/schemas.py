"""The mapping API's request and response bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from baocao.dhis2.models import MappingKind


class MappingIn(BaseModel):
    kind: MappingKind
    dhis2_uid: str | None = Field(None, description="UID DHIS2 (11 ký tự) / DHIS2 UID")
    dhis2_code: str | None = Field(None, description="Mã DHIS2 / DHIS2 code")
    target: str = Field(..., description="Mã của baocao (chế độ, chỉ tiêu, khóa phân tổ, đơn vị) / our code")
    name: str = ""


class MappingOut(MappingIn):
    id: int
    updated_at: datetime
    updated_by: str | None


class MappingsIn(BaseModel):
    items: list[MappingIn]
    replace: bool = Field(True, description="Thay toàn bộ bảng (mặc định) / replace the whole table")


class MappingsSaved(BaseModel):
    saved: int
    total: int
