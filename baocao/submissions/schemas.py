"""Requests and answers of the submissions API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

Value = float | int | bool | str | None


class CellIn(BaseModel):
    element: str = Field(description="Mã chỉ tiêu / data element code")
    options: str | dict[str, str] | None = Field(
        default="", description="Phân tổ / disaggregation: 'gioi_tinh=nu;cap_hoc=tieu_hoc' or a mapping"
    )
    value: Value = None
    comment: str | None = None


class ValuesIn(BaseModel):
    cells: list[CellIn] = Field(default_factory=list)
    narrative: dict[str, str | None] | None = Field(default=None, description="Đề cương / outline sections")
    expected_lock_version: int | None = None


class OpenIn(BaseModel):
    regime: str
    unit: str
    period: str


class SubmitIn(BaseModel):
    expected_lock_version: int | None = None
    warning_comments: dict[str, str] = Field(
        default_factory=dict, description="Giải trình cảnh báo / explanation per warning rule code"
    )


class LockIn(BaseModel):
    expected_lock_version: int | None = None


class CellCommentIn(BaseModel):
    element: str
    options: str | dict[str, str] | None = ""
    message: str


class ReturnIn(BaseModel):
    reason: str = ""
    cell_comments: list[CellCommentIn] = Field(default_factory=list)
    expected_lock_version: int | None = None


class ReopenIn(BaseModel):
    reason: str
    expected_lock_version: int | None = None


class ConsolidateIn(BaseModel):
    source_regime: str | None = Field(
        default=None, description="Chế độ của đơn vị cấp dưới (mặc định: cùng chế độ)"
    )
    expected_lock_version: int | None = None


class ExceptionIn(BaseModel):
    regime: str
    unit: str
    period: str
    open_until: str = Field(description="YYYY-MM-DD")
    reason: str


class ExceptionOut(BaseModel):
    regime: str
    unit: str
    period: str
    open_until: date
    reason: str
    granted_at: datetime


class SubmissionSummary(BaseModel):
    id: int
    regime: str
    regime_version: int
    regime_name: str
    unit: str | None
    unit_name: str | None
    receiver: str | None
    receiver_name: str | None
    period: str
    state: str
    current_version: int
    lock_version: int
    deadline: date
    first_submitted_at: datetime | None
    timeliness: str | None = Field(description="on_time | late | null (never submitted)")
    updated_at: datetime


class ValueOut(BaseModel):
    element: str
    options: str
    value: float | str | None
    comment: str | None = None


class CommentOut(BaseModel):
    element: str
    options: str
    message: str
    author_id: int | None
    created_at: datetime


class VersionInfo(BaseModel):
    version: int
    state: str
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    return_reason: str | None
    reopen_reason: str | None
    content_digest: str | None


class VersionOut(VersionInfo):
    narrative: dict[str, str]
    values: list[ValueOut]
    comments: list[CommentOut]


class SubmissionDetail(SubmissionSummary):
    narrative: dict[str, str]
    values: list[ValueOut]
    comments: list[CommentOut]
    return_reason: str | None
    versions: list[VersionInfo]


class ValidationMessage(BaseModel):
    rule_code: str
    importance: str
    passed: bool
    message: str
    message_en: str
    cells: str


class WriteOut(BaseModel):
    submission_id: int
    version: int
    lock_version: int
    changed: int
    unchanged: int
    computed_changed: int
    narrative_changed: bool
    messages: list[ValidationMessage]


class ChangeOut(BaseModel):
    at: datetime
    actor_id: int | None
    actor_name: str
    entry_path: str
    client_address: str | None
    version: int
    element: str | None = Field(description="the data element; null for a narrative section")
    options: str
    section: str | None = Field(None, description="the narrative (outline) section changed, if any")
    old_value: str | None
    new_value: str | None


class EventOut(BaseModel):
    seq: int
    at: datetime
    event: str
    version: int
    actor_id: int | None
    actor_name: str
    content_digest: str
    entry_hash: str


class HistoryOut(BaseModel):
    changes: list[ChangeOut]
    changes_total: int
    events: list[EventOut]


class ExpectedOut(BaseModel):
    unit: str
    unit_name: str
    receiver: str | None
    deadline: date
    lock_date: date
    status: str = Field(description="on_time | late | missing | returned | draft")
    overdue: bool
    state: str | None
    submission_id: int | None
    first_submitted_at: datetime | None
    exception_until: date | None


class ComplianceOut(BaseModel):
    regime: str
    period: str
    counts: dict[str, int]
    items: list[ExpectedOut]


class ConsolidatedValue(BaseModel):
    element: str
    options: str
    value: float | None
    aggregation: str
    sources: int


class ConsolidationOut(BaseModel):
    submission_id: int
    source_regime: str
    period: str
    values: list[ConsolidatedValue]
    sources: list[ExpectedOut]
    missing: list[ExpectedOut]
    late: list[ExpectedOut]
    write: WriteOut | None = None


class ReminderOut(BaseModel):
    regime: str
    regime_name: str
    period: str
    unit: str
    unit_name: str
    role: str = Field(description="report: you send it; receive: it is sent to you")
    deadline: date
    days_left: int
    status: str
    submission_id: int | None
