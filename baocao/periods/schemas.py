"""Response models of the periods and calendar API (they are what OpenAPI documents)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from baocao.periods.deadlines import DeadlineCheck, DeadlineRule
from baocao.periods.holidays import Holiday, HolidayKind
from baocao.periods.periods import Period, PeriodType
from baocao.periods.windows import CutoffConvention, Window, calendar_window, window, window_basis


class WindowOut(BaseModel):
    start: dt.date = Field(description="Ngày đầu (tính cả) / first day, inclusive")
    end: dt.date = Field(description="Ngày cuối (tính cả) / last day, inclusive")
    days: int

    @classmethod
    def of(cls, w: Window) -> WindowOut:
        return cls(start=w.start, end=w.end, days=w.days)


class CutoffOut(WindowOut):
    convention: CutoffConvention
    basis: str
    basis_en: str
    extension: bool = Field(description="True khi luật không quy định kỳ này / the law does not name it")

    @classmethod
    def for_period(cls, period: Period, convention: CutoffConvention) -> CutoffOut:
        w, basis = window(period, convention), window_basis(period, convention)
        return cls(
            start=w.start,
            end=w.end,
            days=w.days,
            convention=convention,
            basis=basis.text,
            basis_en=basis.text_en,
            extension=basis.extension,
        )


class PeriodRef(BaseModel):
    id: str = Field(examples=["2025-Q3"])
    type: PeriodType
    name: str = Field(examples=["Quý III/2025"])
    name_en: str = Field(examples=["Q3 2025"])

    @classmethod
    def of(cls, period: Period) -> PeriodRef:
        return cls(id=str(period), type=period.type, name=period.name, name_en=period.name_en)


class PeriodSummary(PeriodRef):
    calendar: WindowOut = Field(description="Kỳ theo lịch / calendar period")
    cutoff: CutoffOut = Field(description="Thời gian chốt số liệu / data cut-off window")

    @classmethod
    def build(cls, period: Period, convention: CutoffConvention) -> PeriodSummary:
        return cls(
            **PeriodRef.of(period).model_dump(),
            calendar=WindowOut.of(calendar_window(period)),
            cutoff=CutoffOut.for_period(period, convention),
        )


class PeriodDetail(PeriodSummary):
    previous: PeriodRef | None
    next: PeriodRef | None
    same_period_last_year: PeriodRef | None = Field(description="Cùng kỳ năm trước")
    parents: list[PeriodRef] = Field(description="Các kỳ chứa kỳ này, nhỏ trước / containing periods")
    children: list[PeriodRef]
    months: list[str] = Field(description="Các tháng kỳ này chạm tới / months it covers")


class HolidayOut(BaseModel):
    date: dt.date
    weekday: int = Field(description="1 = thứ Hai / Monday … 7 = Chủ nhật / Sunday")
    name: str
    name_en: str
    kind: HolidayKind

    @classmethod
    def of(cls, h: Holiday) -> HolidayOut:
        return cls(date=h.date, weekday=h.date.isoweekday(), name=h.name, name_en=h.name_en, kind=h.kind)


class HolidaysOut(BaseModel):
    year: int
    items: list[HolidayOut]
    working_weekend_days: list[dt.date] = Field(description="Ngày cuối tuần đi làm bù / make-up working days")
    note: str
    note_en: str


class WorkingDaysOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: dt.date = Field(alias="from")
    to: dt.date
    calendar_days: int
    working_days: int
    holidays: list[HolidayOut] = Field(description="Ngày nghỉ lễ, Tết trong khoảng / holidays in range")
    working_weekend_days: list[dt.date]


class RuleOut(BaseModel):
    rule: str
    day: int | None = None
    days: int | None = None
    roll: str | None = None

    @classmethod
    def of(cls, rule: DeadlineRule) -> RuleOut:
        return cls(**rule.as_spec())


class WarningOut(BaseModel):
    code: str = Field(examples=["no_working_day_between"])
    message: str
    message_en: str


class DeadlineOut(BaseModel):
    period: PeriodRef
    rule: RuleOut
    convention: CutoffConvention
    cutoff: WindowOut
    due: dt.date = Field(description="Thời hạn gửi báo cáo / the deadline")
    due_is_working_day: bool
    working_days_between: int = Field(
        description="Số ngày làm việc sau ngày chốt số liệu và trước thời hạn / working days strictly "
        "between the cut-off's last day and the deadline"
    )
    ok: bool
    warnings: list[WarningOut]

    @classmethod
    def build(cls, rule: DeadlineRule, check: DeadlineCheck) -> DeadlineOut:
        return cls(
            period=PeriodRef.of(check.period),
            rule=RuleOut.of(rule),
            convention=check.convention,
            cutoff=WindowOut.of(check.cutoff),
            due=check.due,
            due_is_working_day=check.due_is_working_day,
            working_days_between=check.working_days_between,
            ok=check.ok,
            warnings=[
                WarningOut(code=w.code, message=w.message, message_en=w.message_en) for w in check.warnings
            ],
        )
