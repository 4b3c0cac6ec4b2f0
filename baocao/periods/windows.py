"""The data window (thời gian chốt số liệu) a period covers, under each cut-off convention.

- ``statistical``: calendar periods, as statistical reports use (Decree 60/2018/NĐ-CP).
- ``administrative``: Decree 09/2019/NĐ-CP Art. 12 — every window runs from the 15th of the month
  before the period's first month to the 14th of its last month (month: 15/6–14/7; quarter III:
  15/6–14/9; first half: 15/12–14/6; year: 15/12–14/12). Art. 12 names month, quarter, first half
  and year only; the second half (15/6–14/12) and nine months (15/12–14/9, used by some provinces)
  extend the same rule. Days and weeks have no cut-off rule: their window is the calendar one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from baocao.periods.periods import Period, PeriodType

CUTOFF_DAY = 15  # the administrative window starts on the 15th and ends on the 14th


class CutoffConvention(StrEnum):
    ADMINISTRATIVE = "administrative"  # Decree 09/2019 Art. 12
    STATISTICAL = "statistical"  # calendar periods


@dataclass(frozen=True)
class Window:
    """Inclusive range of days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Basis:
    """Where a window comes from, for people reading an API answer or a report header."""

    text: str
    text_en: str
    extension: bool  # True when the law does not name this window and baocao extends its rule


def calendar_window(period: Period) -> Window:
    return Window(period.start, period.end)


def _has_cutoff(period: Period) -> bool:
    return period.type not in (PeriodType.DAY, PeriodType.WEEK)


def window(period: Period, convention: CutoffConvention) -> Window:
    """The days whose data a report for ``period`` covers under ``convention``."""
    if convention is CutoffConvention.STATISTICAL or not _has_cutoff(period):
        return calendar_window(period)
    first = period.start.replace(day=1)
    before = (first - timedelta(days=1)).replace(day=CUTOFF_DAY)
    return Window(before, date(period.year, period.last_month, CUTOFF_DAY - 1))


def window_basis(period: Period, convention: CutoffConvention) -> Basis:
    if convention is CutoffConvention.STATISTICAL:
        return Basis(
            "Kỳ theo lịch (báo cáo thống kê, Nghị định 60/2018/NĐ-CP)",
            "Calendar period (statistical reports, Decree 60/2018/ND-CP)",
            extension=False,
        )
    if not _has_cutoff(period):
        return Basis(
            "Ngày và tuần không có quy định chốt số liệu; dùng kỳ theo lịch",
            "Days and weeks have no cut-off rule; the calendar period is used",
            extension=True,
        )
    if period.type is PeriodType.NINE_MONTHS or period == Period(PeriodType.HALF_YEAR, period.year, 2):
        return Basis(
            "Điều 12 Nghị định 09/2019/NĐ-CP không quy định kỳ này; áp dụng cùng quy tắc từ ngày 15 "
            "tháng trước kỳ đến ngày 14 tháng cuối kỳ",
            "Not named in Decree 09/2019/ND-CP Art. 12; baocao extends its rule (15th of the month "
            "before the period to the 14th of its last month)",
            extension=True,
        )
    return Basis(
        "Thời gian chốt số liệu theo Điều 12 Nghị định 09/2019/NĐ-CP",
        "Cut-off under Decree 09/2019/ND-CP Art. 12",
        extension=False,
    )


def period_for_date(day: date, kind: PeriodType, convention: CutoffConvention) -> Period:
    """The period of ``kind`` whose window holds ``day``: under Decree 09, 20 June 2025 belongs to
    the report for July 2025 and 20 December 2025 to the year 2026. Nine months: PeriodError for a
    day outside every nine-month window."""
    shifts = convention is CutoffConvention.ADMINISTRATIVE and kind not in (PeriodType.DAY, PeriodType.WEEK)
    if shifts and day.day >= CUTOFF_DAY:
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)  # next month's window began
    return Period.of(day, kind)
