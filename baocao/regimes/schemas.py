"""API shapes of regimes, their versions, forms and expected submissions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from baocao.paging import Page
from baocao.regimes.models import Frequency, ReportType


class UnitRef(BaseModel):
    code: str = Field(examples=["01"])
    name: str = Field(examples=["Thành phố Hà Nội"])
    level: str = Field(examples=["province"])


class RuleText(BaseModel):
    """A rule as stored, and in words."""

    rule: dict[str, Any] = Field(examples=[{"rule": "all_provinces"}])
    text: str = Field(examples=["Tất cả tỉnh, thành phố"])
    text_en: str = Field(examples=["All provinces"])


class SendingMethodOut(BaseModel):
    code: str = Field(examples=["he_thong"])
    name: str
    name_en: str


class RegimeSummary(BaseModel):
    """A regime with the version in force (or its latest one)."""

    code: str = Field(examples=["KTXH_THANG"])
    version: int
    name: str = Field(examples=["Báo cáo tình hình kinh tế - xã hội hằng tháng"])
    name_en: str
    report_type: ReportType = Field(
        description="dinh_ky (định kỳ) | chuyen_de (chuyên đề) | dot_xuat (đột xuất)"
    )
    frequency: Frequency
    cutoff_convention: str = Field(description="administrative (Nghị định 09, Điều 12) | statistical (lịch)")
    owner: UnitRef | None = Field(description="Cơ quan ban hành / issuing body")
    valid_from: date
    valid_to: date | None = Field(
        description="Hết hiệu lực từ ngày (không bao gồm) / valid until (exclusive)"
    )
    versions: int = Field(description="Số phiên bản đã nạp / versions loaded")


class VersionSummary(BaseModel):
    version: int
    name: str
    valid_from: date
    valid_to: date | None
    in_force: bool = Field(description="Đang có hiệu lực hôm nay / in force today")
    loaded_at: datetime
    source_digest: str = Field(description="SHA-256 của nội dung đã kiểm tra / digest of the checked content")


class OutlineOut(BaseModel):
    code: str = Field(examples=["I"])
    title: str = Field(examples=["Tình hình kinh tế"])
    title_en: str
    guidance: str
    required: bool


class RowOut(BaseModel):
    code: str = Field(examples=["R01"])
    label: str
    label_en: str
    indent: int


class ColumnOut(BaseModel):
    code: str = Field(examples=["C1"])
    label: str
    label_en: str


class CellOut(BaseModel):
    row: str
    column: str
    address: str = Field(examples=["B01!R01.C1"])
    element: str = Field(examples=["HOC_SINH"])
    element_name: str
    option_key: str = Field(examples=["cap_hoc=tieu_hoc;gioi_tinh=nu"], description="'' = tổng / total")
    kind: str = Field(description="input (nhập) | computed (tính tự động)")
    formula: str | None = Field(examples=["R02.C1 + R03.C1"])
    required: bool
    value_type: str = Field(examples=["integer"])
    unit_of_measure: str = Field(examples=["người"])
    unit_of_measure_en: str
    decimals: int


class FormOut(BaseModel):
    code: str = Field(examples=["B01"])
    name: str
    name_en: str
    rows: list[RowOut]
    columns: list[ColumnOut]
    cells: list[CellOut]


class ValidationRuleOut(BaseModel):
    code: str = Field(examples=["NS01"])
    kind: str = Field(description="in_form | cross_period | cross_unit | outlier")
    importance: str = Field(
        description="error (chặn gửi / blocks) | warning (cần giải trình / needs a comment)"
    )
    expression: str = Field(examples=["B01!R01.C1 == B01!R02.C1 + B01!R03.C1"])
    params: dict[str, Any]
    message: str
    message_en: str


class RegimeDetail(RegimeSummary):
    """One version with every component of Decree 09 Art. 7."""

    content: str
    legal_basis: str
    deadline: RuleText
    grace_days: int = Field(description="Số ngày còn được nhập sau thời hạn / days entry stays open after it")
    reporting_units: RuleText
    receiver: RuleText
    sending_methods: list[SendingMethodOut]
    instructions: str
    loaded_at: datetime
    source_digest: str
    outline: list[OutlineOut]
    forms: list[FormOut]
    rules: list[ValidationRuleOut]


class LoadResultOut(BaseModel):
    code: str
    version: int
    created: bool = Field(
        description="false: cùng nội dung đã có, không thay đổi / same content, nothing changed"
    )
    closed_version: int | None = Field(description="Phiên bản trước được đóng hiệu lực / version closed")
    digest: str
    source: str


class ExpectedItem(BaseModel):
    unit: UnitRef
    receiver: UnitRef | None = Field(description="null: quy tắc không tìm được đơn vị nhận / no receiver")
    deadline: date
    open_until: date = Field(
        description="Hạn cuối được nhập (thời hạn + gia hạn) / last day entry stays open"
    )


class ExpectedPage(Page[ExpectedItem]):
    regime: str
    version: int
    period: str = Field(examples=["2025-07"])
    period_name: str = Field(examples=["Tháng 7/2025"])
    deadline: date
    open_until: date
