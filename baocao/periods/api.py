"""Periods, cut-off windows, deadlines and the working-day calendar over HTTP (no database needed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import APIRouter, Depends, Path, Query, Request

from baocao.access.guard import require
from baocao.access.rules import Permission
from baocao.errors import invalid
from baocao.paging import Page, Paging, paging
from baocao.periods.deadlines import DeadlineRuleError, evaluate, parse_rule
from baocao.periods.holidays import MAX_YEAR as HOLIDAYS_TO
from baocao.periods.holidays import MIN_YEAR as HOLIDAYS_FROM
from baocao.periods.holidays import HolidayError, WorkingCalendar
from baocao.periods.lunar import LunarError
from baocao.periods.periods import Period, PeriodError, PeriodType, parse_period, span_within
from baocao.periods.schemas import (
    DeadlineOut,
    HolidayOut,
    HolidaysOut,
    PeriodDetail,
    PeriodRef,
    PeriodSummary,
    WorkingDaysOut,
)
from baocao.periods.windows import CutoffConvention
from baocao.timeutil import parse_date_param

# Periods and the calendar are published reference data: anyone may read them (baocao.access.rules).
router = APIRouter(dependencies=[Depends(require(Permission.PUBLIC))])

MAX_RANGE_DAYS = 3660  # ten years of working-day counting per request
PERIOD_EXAMPLES = "2025, 2025-9M, 2025-H1, 2025-Q3, 2025-07, 2025-W28, 2025-07-14"
CONVENTION_DOC = "administrative = Nghị định 09/2019 Điều 12 (15–14); statistical = kỳ theo lịch / calendar"
HOLIDAY_NOTE = (
    "Lịch nghỉ mặc định theo Bộ luật Lao động 2019 (Điều 112) và nghỉ bù (Điều 111); Thủ tướng quyết định "
    "cụ thể ngày nghỉ Tết và Quốc khánh hằng năm — điều chỉnh bằng BAOCAO_EXTRA_HOLIDAYS và "
    "BAOCAO_EXTRA_WORKING_DAYS."
)
HOLIDAY_NOTE_EN = (
    "Default days off under Labour Code 2019 (Art. 112) with compensatory days (Art. 111); the Prime "
    "Minister fixes the actual Tết and National Day arrangement each year — adjust it with "
    "BAOCAO_EXTRA_HOLIDAYS and BAOCAO_EXTRA_WORKING_DAYS."
)


def _period(text: str, field: str, location: str = "query") -> Period:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise invalid(
            field, f"{exc.message} (kỳ '{text}')", f"{exc.message_en} (period '{text}')", location
        ) from None


def _required_date(value: str | None, field: str) -> date:
    parsed = parse_date_param(value, field)
    if parsed is None:
        raise invalid(
            field, f"Thiếu tham số '{field}' (YYYY-MM-DD)", f"Parameter '{field}' (YYYY-MM-DD) is missing"
        )
    return parsed


def working_calendar(request: Request) -> WorkingCalendar:
    """One calendar per application, built from the settings' extra days (its holidays are cached)."""
    state = request.app.state
    if getattr(state, "working_calendar", None) is None:
        state.working_calendar = WorkingCalendar.from_settings(state.settings)
    calendar: WorkingCalendar = state.working_calendar
    return calendar


def _neighbour(step: Callable[[], Period]) -> PeriodRef | None:
    try:
        return PeriodRef.of(step())
    except PeriodError:  # at the edge of the supported years
        return None


@router.get("/periods", tags=["periods"], summary="Danh sách kỳ báo cáo / list periods")
def list_periods(
    first: str = Query(
        alias="from", description=f"Kỳ hoặc ngày đầu / first period or day: {PERIOD_EXAMPLES}"
    ),
    last: str = Query(alias="to", description="Kỳ hoặc ngày cuối / last period or day"),
    kind: PeriodType | None = Query(
        None, alias="type", description="Loại kỳ cần liệt kê (mặc định: loại của 'from') / type to list"
    ),
    convention: CutoffConvention = Query(CutoffConvention.ADMINISTRATIVE, description=CONVENTION_DOC),
    page: Paging = Depends(paging),
) -> Page[PeriodSummary]:
    """The periods of `type` lying entirely within `from` … `to` (``type=month&from=2025&to=2025`` gives
    the twelve months of 2025; ``from=2025-01&to=2025-12`` the same)."""
    start, end = _period(first, "from"), _period(last, "to")
    if end.end < start.start:
        raise invalid("to", f"Kỳ '{last}' đứng trước kỳ '{first}'", f"'{last}' comes before '{first}'")
    kind = kind or start.type
    span = span_within(start.start, end.end, kind)
    total = 0 if span is None else span[1] - span[0] + 1
    items = []
    if span is not None:
        for ordinal in range(span[0] + page.offset, min(span[1] + 1, span[0] + page.offset + page.limit)):
            items.append(PeriodSummary.build(Period.from_ordinal(kind, ordinal), convention))
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/periods/{period}", tags=["periods"], summary="Một kỳ báo cáo / one period")
def get_period(
    period: str = Path(description=PERIOD_EXAMPLES),
    convention: CutoffConvention = Query(CutoffConvention.ADMINISTRATIVE, description=CONVENTION_DOC),
    children: PeriodType | None = Query(None, description="Loại kỳ con (mặc định: cấp kế dưới) / child type"),
) -> PeriodDetail:
    found = _period(period, "period", "path")
    summary = PeriodSummary.build(found, convention)
    return PeriodDetail(
        **summary.model_dump(),
        previous=_neighbour(found.previous),
        next=_neighbour(found.next),
        same_period_last_year=_neighbour(found.same_period_last_year),
        parents=[PeriodRef.of(p) for p in found.parents()],
        children=[PeriodRef.of(p) for p in found.children(children)],
        months=[str(m) for m in found.months()],
    )


@router.get(
    "/periods/{period}/deadline", tags=["periods"], summary="Thời hạn gửi báo cáo / deadline of a period"
)
def get_deadline(
    period: str = Path(description=PERIOD_EXAMPLES),
    rule: str = Query(
        description="day_of_last_month | days_after_cutoff | working_days_after_period_end",
        examples=["day_of_last_month"],
    ),
    day: int | None = Query(None, description="Cho / for day_of_last_month (1–31)"),
    days: int | None = Query(None, description="Cho / for days_after_cutoff, working_days_after_period_end"),
    roll: str | None = Query(None, description="none | next_working_day (ngày nghỉ → ngày làm việc kế tiếp)"),
    convention: CutoffConvention = Query(CutoffConvention.ADMINISTRATIVE, description=CONVENTION_DOC),
    calendar: WorkingCalendar = Depends(working_calendar),
) -> DeadlineOut:
    found = _period(period, "period", "path")
    spec = {"rule": rule, "day": day, "days": days, "roll": roll}
    try:
        parsed = parse_rule({k: v for k, v in spec.items() if v is not None})
        check = evaluate(parsed, found, convention, calendar)
    except DeadlineRuleError as exc:
        raise invalid(
            exc.field, exc.message, exc.message_en, "path" if exc.field == "period" else "query"
        ) from None
    except (HolidayError, LunarError) as exc:
        raise invalid("period", exc.message, exc.message_en, "path") from None
    return DeadlineOut.build(parsed, check)


@router.get("/calendar/holidays", tags=["calendar"], summary="Ngày nghỉ lễ, Tết / public holidays")
def get_holidays(
    year: int = Query(description="Năm dương lịch / calendar year", examples=[2026]),
    calendar: WorkingCalendar = Depends(working_calendar),
) -> HolidaysOut:
    try:
        items = calendar.holidays(year)
        weekends = calendar.working_weekend_days(year)
    except (HolidayError, LunarError) as exc:
        raise invalid("year", exc.message, exc.message_en) from None
    return HolidaysOut(
        year=year,
        items=[HolidayOut.of(h) for h in items],
        working_weekend_days=weekends,
        note=HOLIDAY_NOTE,
        note_en=HOLIDAY_NOTE_EN,
    )


@router.get("/calendar/working-days", tags=["calendar"], summary="Đếm ngày làm việc / count working days")
def get_working_days(
    first: str | None = Query(None, alias="from", description="YYYY-MM-DD, tính cả / inclusive"),
    last: str | None = Query(None, alias="to", description="YYYY-MM-DD, tính cả / inclusive"),
    calendar: WorkingCalendar = Depends(working_calendar),
) -> WorkingDaysOut:
    start, end = _required_date(first, "from"), _required_date(last, "to")
    if end < start:
        raise invalid("to", "Ngày 'to' đứng trước ngày 'from'", "'to' is before 'from'")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise invalid(
            "to",
            f"Khoảng ngày tối đa {MAX_RANGE_DAYS} ngày",
            f"The range may span at most {MAX_RANGE_DAYS} days",
        )
    for field, day in (("from", start), ("to", end)):
        if not HOLIDAYS_FROM <= day.year <= HOLIDAYS_TO:
            raise invalid(
                field,
                f"Lịch ngày làm việc chỉ có cho các năm {HOLIDAYS_FROM}–{HOLIDAYS_TO}",
                f"The working-day calendar covers {HOLIDAYS_FROM}–{HOLIDAYS_TO} only",
            )
    years = range(start.year, end.year + 1)
    holidays = [h for y in years for h in calendar.holidays(y) if start <= h.date <= end]
    weekends = [d for y in years for d in calendar.working_weekend_days(y) if start <= d <= end]
    return WorkingDaysOut(
        from_=start,
        to=end,
        calendar_days=(end - start).days + 1,
        working_days=calendar.working_days_between(start, end),
        holidays=[HolidayOut.of(h) for h in holidays],
        working_weekend_days=weekends,
    )
