"""Deadline rules (thời hạn gửi báo cáo), parsed from the small specs regimes carry.

Specs (a mapping, as YAML gives, or the compact string form ``rule:number[:roll]``):

- ``{"rule": "day_of_last_month", "day": 25}`` — the 25th of the period's last month (Decree 09 Art. 13
  for ministries and provinces reporting to the Government; for a yearly report, 25 December).
- ``{"rule": "days_after_cutoff", "days": N}`` — N calendar days after the last day of the period's
  cut-off window (which depends on the regime's convention).
- ``{"rule": "working_days_after_period_end", "days": N}`` — the N-th working day after the last day of
  the calendar period, skipping weekends and holidays.

``roll: next_working_day`` (optional, first two rules) moves a deadline falling on a day off to the next
working day, as Civil Code 2015 Art. 148 does for time limits; the default keeps the date as written.

Ad hoc (đột xuất) reports take the day of the request as their period (``2025-07-14``): a day's
window is the day itself, so ``days_after_cutoff`` and ``working_days_after_period_end`` count from the
request date. Deadlines in hours (``hours_after_request``) are not offered: they need a request time,
which a period does not carry, and would return a datetime rather than a date.
"""

from __future__ import annotations

import calendar as month_calendar
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, ClassVar

from baocao.periods.holidays import WorkingCalendar
from baocao.periods.periods import Period, PeriodType
from baocao.periods.windows import CutoffConvention, Window, calendar_window, window

MAX_DAYS = 366
MAX_WORKING_DAYS = 250


class DeadlineRuleError(ValueError):
    """A bad rule spec, or a rule that cannot apply; ``field`` names the key at fault."""

    def __init__(self, field: str, message: str, message_en: str) -> None:
        super().__init__(f"{field}: {message_en}")
        self.field = field
        self.message = message
        self.message_en = message_en


class Roll(StrEnum):
    NONE = "none"
    NEXT_WORKING_DAY = "next_working_day"


class DeadlineRule(ABC):
    name: ClassVar[str]

    @abstractmethod
    def due(self, period: Period, convention: CutoffConvention, calendar: WorkingCalendar) -> date: ...

    @abstractmethod
    def as_spec(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class DayOfLastMonth(DeadlineRule):
    name: ClassVar[str] = "day_of_last_month"
    day: int
    roll: Roll = Roll.NONE

    def due(self, period: Period, convention: CutoffConvention, calendar: WorkingCalendar) -> date:
        if period.type in (PeriodType.DAY, PeriodType.WEEK):
            raise DeadlineRuleError(
                "period",
                f"Quy tắc '{self.name}' chỉ áp dụng cho kỳ tháng, quý, 6 tháng, 9 tháng, năm",
                f"Rule '{self.name}' applies to month, quarter, half-year, nine-month and year periods only",
            )
        last_day = month_calendar.monthrange(period.year, period.last_month)[1]
        due = date(period.year, period.last_month, min(self.day, last_day))  # 31 → 30 June
        return _rolled(due, self.roll, calendar)

    def as_spec(self) -> dict[str, Any]:
        return {"rule": self.name, "day": self.day, "roll": self.roll.value}


@dataclass(frozen=True)
class DaysAfterCutoff(DeadlineRule):
    name: ClassVar[str] = "days_after_cutoff"
    days: int
    roll: Roll = Roll.NONE

    def due(self, period: Period, convention: CutoffConvention, calendar: WorkingCalendar) -> date:
        return _rolled(window(period, convention).end + timedelta(days=self.days), self.roll, calendar)

    def as_spec(self) -> dict[str, Any]:
        return {"rule": self.name, "days": self.days, "roll": self.roll.value}


@dataclass(frozen=True)
class WorkingDaysAfterPeriodEnd(DeadlineRule):
    name: ClassVar[str] = "working_days_after_period_end"
    days: int

    def due(self, period: Period, convention: CutoffConvention, calendar: WorkingCalendar) -> date:
        return calendar.add_working_days(calendar_window(period).end, self.days)

    def as_spec(self) -> dict[str, Any]:
        return {"rule": self.name, "days": self.days}


def _rolled(due: date, roll: Roll, calendar: WorkingCalendar) -> date:
    return calendar.next_working_day(due) if roll is Roll.NEXT_WORKING_DAY else due


@dataclass(frozen=True)
class _Kind:
    param: str  # the one number the rule takes
    low: int
    high: int
    takes_roll: bool
    build: Callable[[int, Roll], DeadlineRule]


_RULES = {
    DayOfLastMonth.name: _Kind("day", 1, 31, True, DayOfLastMonth),
    DaysAfterCutoff.name: _Kind("days", 1, MAX_DAYS, True, DaysAfterCutoff),
    WorkingDaysAfterPeriodEnd.name: _Kind(
        "days", 1, MAX_WORKING_DAYS, False, lambda n, _roll: WorkingDaysAfterPeriodEnd(n)
    ),
}
RULE_NAMES = tuple(_RULES)


def _from_string(spec: str) -> dict[str, Any]:
    """``day_of_last_month:25`` or ``days_after_cutoff:10:next_working_day``."""
    parts = [p.strip() for p in spec.split(":")]
    kind = _RULES.get(parts[0])
    if len(parts) > 3:
        raise DeadlineRuleError(
            "rule",
            f"Không hiểu quy tắc '{spec}'; dạng đúng: tên:số[:roll], ví dụ day_of_last_month:25",
            f"Cannot read rule '{spec}'; expected name:number[:roll], e.g. day_of_last_month:25",
        )
    result: dict[str, Any] = {"rule": parts[0]}
    if kind is None:  # parse_rule names the unknown rule
        return result
    if len(parts) > 1:
        result[kind.param] = int(parts[1]) if parts[1].isdigit() else parts[1]
    if len(parts) > 2:
        result["roll"] = parts[2]
    return result


def parse_rule(spec: Mapping[str, Any] | str) -> DeadlineRule:
    """Build a rule from its spec; DeadlineRuleError names the field at fault."""
    raw = _from_string(spec) if isinstance(spec, str) else dict(spec)
    name = raw.pop("rule", None)
    if name is None or name == "":
        raise DeadlineRuleError(
            "rule", "Thiếu tên quy tắc thời hạn ('rule')", "The deadline 'rule' is missing"
        )
    kind = _RULES.get(str(name))
    if kind is None:
        hint = (
            " Báo cáo đột xuất tính hạn theo thời điểm yêu cầu, chưa được hỗ trợ ở đây."
            if str(name).startswith("hours_after")
            else ""
        )
        raise DeadlineRuleError(
            "rule",
            f"Không có quy tắc thời hạn '{name}'; các quy tắc: {', '.join(RULE_NAMES)}.{hint}",
            f"No deadline rule '{name}'; rules: {', '.join(RULE_NAMES)}",
        )
    allowed = {kind.param, "roll"} if kind.takes_roll else {kind.param}
    for key in raw:
        if key not in allowed:
            raise DeadlineRuleError(
                str(key),
                f"Quy tắc '{name}' không có tham số '{key}' (chỉ có: {', '.join(sorted(allowed))})",
                f"Rule '{name}' has no parameter '{key}' (allowed: {', '.join(sorted(allowed))})",
            )
    value, param = raw.get(kind.param), kind.param
    if value is None:
        raise DeadlineRuleError(
            param, f"Quy tắc '{name}' cần tham số '{param}'", f"Rule '{name}' needs '{param}'"
        )
    if isinstance(value, bool) or not isinstance(value, int) or not kind.low <= value <= kind.high:
        raise DeadlineRuleError(
            param,
            f"Tham số '{param}' phải là số nguyên từ {kind.low} đến {kind.high}, nhận được {value!r}",
            f"'{param}' must be a whole number from {kind.low} to {kind.high}, got {value!r}",
        )
    roll = raw.get("roll", Roll.NONE.value)
    if roll not in {r.value for r in Roll}:
        raise DeadlineRuleError(
            "roll",
            f"Tham số 'roll' phải là 'none' hoặc 'next_working_day', nhận được {roll!r}",
            f"'roll' must be 'none' or 'next_working_day', got {roll!r}",
        )
    return kind.build(value, Roll(roll))


@dataclass(frozen=True)
class DeadlineWarning:
    code: str
    message: str
    message_en: str


@dataclass(frozen=True)
class DeadlineCheck:
    """A deadline with what Decree 09 Art. 13 asks of it."""

    period: Period
    convention: CutoffConvention
    cutoff: Window
    due: date
    due_is_working_day: bool
    # Working days strictly after the cut-off's last day and strictly before the deadline day.
    working_days_between: int
    warnings: tuple[DeadlineWarning, ...]

    @property
    def ok(self) -> bool:
        return not self.warnings


def deadline_for(
    rule: DeadlineRule, period: Period, convention: CutoffConvention, calendar: WorkingCalendar
) -> date:
    return rule.due(period, convention, calendar)


def check_deadline(
    period: Period, convention: CutoffConvention, due: date, calendar: WorkingCalendar
) -> DeadlineCheck:
    """Check a deadline against the cut-off window; problems come back as warnings, not errors."""
    cutoff = window(period, convention)
    between = calendar.working_days_between(cutoff.end + timedelta(days=1), due - timedelta(days=1))
    warnings = []
    if due <= cutoff.end:
        warnings.append(
            DeadlineWarning(
                "deadline_not_after_cutoff",
                f"Thời hạn {due:%d/%m/%Y} không sau ngày chốt số liệu {cutoff.end:%d/%m/%Y}",
                f"The deadline {due} is not after the cut-off's last day {cutoff.end}",
            )
        )
    elif between < 1:
        warnings.append(
            DeadlineWarning(
                "no_working_day_between",
                "Không có ngày làm việc nào giữa ngày chốt số liệu và thời hạn gửi báo cáo "
                "(Điều 13 Nghị định 09/2019/NĐ-CP yêu cầu ít nhất 01 ngày)",
                "No working day lies between the cut-off and the deadline "
                "(Decree 09/2019/ND-CP Art. 13 asks for at least one)",
            )
        )
    working = calendar.is_working_day(due)
    if not working:
        warnings.append(
            DeadlineWarning(
                "deadline_on_day_off",
                f"Thời hạn {due:%d/%m/%Y} rơi vào ngày nghỉ",
                f"The deadline {due} falls on a day off",
            )
        )
    return DeadlineCheck(period, convention, cutoff, due, working, between, tuple(warnings))


def evaluate(
    rule: DeadlineRule, period: Period, convention: CutoffConvention, calendar: WorkingCalendar
) -> DeadlineCheck:
    """The deadline of ``rule`` for ``period`` and its check in one call."""
    return check_deadline(period, convention, deadline_for(rule, period, convention, calendar), calendar)
