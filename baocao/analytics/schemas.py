"""Answers of the analytics API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class FigureOut(BaseModel):
    element: str
    element_name: str
    unit: str = Field(description="Mã đơn vị (vào kỳ đó, hoặc hôm nay với map=today) / unit code")
    unit_name: str
    unit_level: str
    period: str = Field(description="Kỳ hoặc khoảng lũy kế / period or year-to-date span")
    options: str = Field(description="Phân tổ, '' = tổng / disaggregation options, '' = total")
    value: float | None
    flags: list[str] = Field(
        description="apportioned (phân bổ theo tỷ lệ), partial (thiếu kỳ con), submitted "
        "(có số liệu đã gửi chưa tiếp nhận), not_aggregated (không cộng được theo thời gian)"
    )


class AnalyticsOut(BaseModel):
    map: str
    include_submitted: bool
    as_known_on: str | None
    rows: list[FigureOut]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "map": "today",
                    "include_submitted": False,
                    "as_known_on": None,
                    "rows": [
                        {
                            "element": "DAN_SO",
                            "element_name": "Dân số trung bình",
                            "unit": "24",
                            "unit_name": "Tỉnh Bắc Ninh",
                            "unit_level": "province",
                            "period": "2024",
                            "options": "",
                            "value": 3.9e6,
                            "flags": [],
                        }
                    ],
                }
            ]
        }
    }


class SourceOut(BaseModel):
    submission_id: int
    element: str = Field(description="Mã chỉ tiêu của giá trị / element code of the value")
    regime: str
    unit: str
    unit_name: str
    period: str
    version: int
    status: str
    accepted_at: datetime | None
    accepted_by: str | None
    options: str
    value: float


class LineageInputOut(BaseModel):
    """One element figure an indicator's expression read (for a window shifted by growth/yoy/ytd)."""

    element: str
    element_name: str
    options: str = Field(description="Phân tổ đã đọc, '' = tổng / options read, '' = total")
    period: str = Field(description="Kỳ hoặc khoảng đã đọc / period or span read")
    value: float | None
    flags: list[str]
    sources: list[SourceOut]


class LineageOut(BaseModel):
    element: str | None = Field(description="Mã chỉ tiêu (null khi hỏi chỉ tiêu tổng hợp) / element code")
    indicator: str | None = Field(None, description="Mã chỉ tiêu tổng hợp / indicator code")
    indicator_name: str | None = None
    expression: str | None = Field(None, description="Biểu thức của chỉ tiêu tổng hợp / its expression")
    unit: str
    period: str
    map: str
    options: str
    value: float | None
    flags: list[str]
    sources: list[SourceOut] = Field(
        description="Mọi giá trị tạo nên số liệu (chỉ tiêu tổng hợp: của mọi đầu vào) / every value behind it"
    )
    inputs: list[LineageInputOut] = Field(
        [],
        description="Chỉ tiêu tổng hợp: từng số liệu đầu vào và nguồn của nó / indicator: each input figure",
    )
