"""Public holidays and working days in Vietnam (state agencies work Monday to Friday).

Statutory days off (Labour Code 2019 Art. 112.1, the same list as the 2012 Code's Art. 115 except
where noted): 1/1; Tết Âm lịch 5 days (4 before Tết 2014, when the 2012 Code took effect); Giỗ Tổ
Hùng Vương 10/3 lunar (since 2007); 30/4; 1/5; Quốc khánh 2/9 plus one adjacent day (since 2021).

Art. 112.3 lets the Prime Minister fix each year which days Tết and the adjacent National Day take.
The defaults here are a starting point, not the official arrangement: Tết = the last day of the lunar
year and lunar 1/1–1/4; National Day's adjacent day = 1/9 (the Government picks 1/9 or 3/9). A holiday
on Saturday or Sunday gives the next working day off (nghỉ bù, Art. 111.3). The year's actual
decision is applied through ``extra_holidays`` (BAOCAO_EXTRA_HOLIDAYS) and ``extra_working_days``
(BAOCAO_EXTRA_WORKING_DAYS); an extra working day wins over everything, including a default holiday.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from baocao.config import Settings
from baocao.periods import lunar

MIN_YEAR = 2008  # the rules encoded here (Giỗ Tổ included) hold from 2007/2008 on
MAX_YEAR = lunar.MAX_YEAR
TET_FIVE_DAYS_FROM = 2014  # Labour Code 2012 (in force 1 May 2013): first Tết with 5 days is 2014
NATIONAL_DAY_TWO_DAYS_FROM = 2021  # Labour Code 2019 (in force 1 January 2021)
SATURDAY = 5


class HolidayError(ValueError):
    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


class HolidayKind(StrEnum):
    STATUTORY = "statutory"  # Labour Code list, default arrangement
    COMPENSATORY = "compensatory"  # nghỉ bù for a holiday on a weekend
    CONFIGURED = "configured"  # from extra_holidays


@dataclass(frozen=True)
class Holiday:
    date: date
    name: str
    name_en: str
    kind: HolidayKind


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise HolidayError(
            f"Lịch nghỉ lễ chỉ được tính cho các năm {MIN_YEAR}–{MAX_YEAR}, nhận được {year}",
            f"Public holidays are computed for {MIN_YEAR}–{MAX_YEAR} only, got {year}",
        )


def _tet(year: int) -> list[Holiday]:
    eve = lunar.new_year_eve(year)
    eve_day = lunar.to_lunar(eve).day
    days = [
        Holiday(
            eve,
            f"Tết Nguyên Đán ({eve_day} tháng Chạp)",
            f"Lunar New Year ({eve_day}th day of the 12th month)",
            HolidayKind.STATUTORY,
        )
    ]
    count = 5 if year >= TET_FIVE_DAYS_FROM else 4
    first = lunar.tet(year)
    for n in range(1, count):
        days.append(
            Holiday(
                first + timedelta(days=n - 1),
                f"Tết Nguyên Đán (mùng {n} tháng Giêng)",
                f"Lunar New Year (day {n} of the 1st month)",
                HolidayKind.STATUTORY,
            )
        )
    return days


def statutory_holidays(year: int) -> list[Holiday]:
    """The Labour Code days off of ``year`` in the default arrangement, without compensatory days."""
    _check_year(year)
    law = HolidayKind.STATUTORY
    days = [
        Holiday(date(year, 1, 1), "Tết Dương lịch", "New Year's Day", law),
        *_tet(year),
        Holiday(
            lunar.to_solar(year, 3, 10),
            "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
            "Hung Kings' Commemoration Day (10th day of the 3rd lunar month)",
            law,
        ),
        Holiday(date(year, 4, 30), "Ngày Chiến thắng", "Reunification Day", law),
        Holiday(date(year, 5, 1), "Ngày Quốc tế Lao động", "International Labour Day", law),
        Holiday(date(year, 9, 2), "Quốc khánh", "National Day", law),
    ]
    if year >= NATIONAL_DAY_TWO_DAYS_FROM:
        days.append(
            Holiday(date(year, 9, 1), "Quốc khánh (ngày liền kề)", "National Day (adjacent day)", law)
        )
    return sorted(days, key=lambda h: h.date)


def with_compensatory_days(days: list[Holiday]) -> list[Holiday]:
    """Add a day off on the next working day for each holiday on a Saturday or Sunday."""
    taken = {h.date for h in days}
    result = list(days)
    for holiday in days:
        if holiday.date.weekday() < SATURDAY:
            continue
        day = holiday.date + timedelta(days=1)
        while day.weekday() >= SATURDAY or day in taken:
            day += timedelta(days=1)
        taken.add(day)
        result.append(
            Holiday(
                day,
                f"Nghỉ bù {holiday.name}",
                f"Day off in lieu of {holiday.name_en}",
                HolidayKind.COMPENSATORY,
            )
        )
    return sorted(result, key=lambda h: h.date)


class WorkingCalendar:
    """Working days for state agencies: Monday–Friday, minus holidays, adjusted by configuration."""

    def __init__(self, extra_holidays: Iterable[date] = (), extra_working_days: Iterable[date] = ()) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_working_days = frozenset(extra_working_days)
        both = sorted(self.extra_holidays & self.extra_working_days)
        if both:
            listed = ", ".join(d.isoformat() for d in both)
            raise HolidayError(
                f"Ngày {listed} vừa là ngày nghỉ bổ sung vừa là ngày làm việc bổ sung",
                f"{listed} is both an extra holiday and an extra working day",
            )
        self._years: dict[int, dict[date, Holiday]] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkingCalendar:
        return cls(settings.extra_holidays, settings.extra_working_days)

    def _year(self, year: int) -> dict[date, Holiday]:
        if year not in self._years:
            days = {h.date: h for h in with_compensatory_days(statutory_holidays(year))}
            for extra in sorted(self.extra_holidays):
                if extra.year == year and extra not in days:
                    days[extra] = Holiday(
                        extra,
                        "Ngày nghỉ theo quyết định hằng năm (cấu hình)",
                        "Day off by the year's decision (configured)",
                        HolidayKind.CONFIGURED,
                    )
            for worked in self.extra_working_days:
                days.pop(worked, None)
            self._years[year] = dict(sorted(days.items()))
        return self._years[year]

    def holidays(self, year: int) -> list[Holiday]:
        """Days off of ``year`` other than ordinary weekends, in date order."""
        return list(self._year(year).values())

    def holiday(self, day: date) -> Holiday | None:
        return self._year(day.year).get(day)

    def working_weekend_days(self, year: int) -> list[date]:
        """Configured make-up working days of ``year`` that fall on a weekend."""
        _check_year(year)
        return sorted(d for d in self.extra_working_days if d.year == year and d.weekday() >= SATURDAY)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        return day.weekday() < SATURDAY and self.holiday(day) is None

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (before it when n < 0); ``day`` itself when n == 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """``day`` if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last``, both included; 0 when ``last`` is before ``first``."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count
