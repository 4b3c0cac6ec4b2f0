"""Validation results as the API answers them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from baocao.validation.models import ValidationResult


class ResultOut(BaseModel):
    rule: str = Field(description="Mã quy tắc / rule code")
    kind: str = Field(description="in_form | cross_period | cross_unit | outlier")
    importance: str = Field(
        description="error (chặn gửi / blocks) | warning (cần giải trình / needs a comment)"
    )
    passed: bool
    left_value: float | None
    right_value: float | None
    message: str
    message_en: str
    cells: list[str] = Field(description="Các ô liên quan / cells involved, e.g. B01!R01.C1")
    comment: str | None = Field(description="Giải trình của đơn vị / the reporter's explanation")
    evaluated_at: datetime

    @classmethod
    def of(cls, result: ValidationResult) -> ResultOut:
        return cls(
            rule=result.rule_code,
            kind=result.kind,
            importance=result.importance,
            passed=result.passed,
            left_value=result.left_value,
            right_value=result.right_value,
            message=result.message,
            message_en=result.message_en,
            cells=[c for c in result.cells.split(", ") if c],
            comment=result.comment,
            evaluated_at=result.evaluated_at,
        )


class VersionValidationOut(BaseModel):
    submission_id: int
    version: int
    state: str
    errors: int = Field(description="Số lỗi chưa đạt / failed error rules")
    warnings: int = Field(description="Số cảnh báo chưa đạt / failed warning rules")
    results: list[ResultOut]


class FailureOut(ResultOut):
    submission_id: int
    regime: str
    period: str
    unit: str | None = Field(description="Mã đơn vị tại kỳ / unit code as of the period")
    unit_name: str | None
    state: str
    version: int
