"""Public holidays, compensatory days and working-day arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from baocao.config import Settings
from baocao.periods.holidays import HolidayError, HolidayKind, WorkingCalendar, statutory_holidays

CALENDAR = WorkingCalendar()


def days_off(calendar: WorkingCalendar, year: int, kind: HolidayKind | None = None) -> list[date]:
    return [h.date for h in calendar.holidays(year) if kind is None or h.kind is kind]


def test_2022_victory_and_labour_day_on_a_weekend_give_monday_and_tuesday_off() -> None:
    # 30/4/2022 was a Saturday and 1/5 a Sunday: the official break ran 30/4–3/5
    assert days_off(CALENDAR, 2022, HolidayKind.COMPENSATORY) == [
        date(2022, 1, 3),  # 1/1/2022 was a Saturday
        date(2022, 4, 11),  # Giỗ Tổ, 10/4/2022, a Sunday
        date(2022, 5, 2),
        date(2022, 5, 3),
    ]
    assert not CALENDAR.is_working_day(date(2022, 5, 2))
    assert not CALENDAR.is_working_day(date(2022, 5, 3))
    assert CALENDAR.is_working_day(date(2022, 5, 4))
    assert CALENDAR.is_working_day(date(2022, 4, 29))


def test_statutory_days_of_2025() -> None:
    assert [h.date for h in statutory_holidays(2025)] == [
        date(2025, 1, 1),
        date(2025, 1, 28),  # 29 tháng Chạp, the last day of Giáp Thìn
        date(2025, 1, 29),
        date(2025, 1, 30),
        date(2025, 1, 31),
        date(2025, 2, 1),
        date(2025, 4, 7),  # Giỗ Tổ Hùng Vương
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 9, 1),
        date(2025, 9, 2),
    ]
    names = {h.date: h for h in statutory_holidays(2025)}
    assert names[date(2025, 4, 7)].name.startswith("Giỗ Tổ Hùng Vương")
    assert names[date(2025, 1, 28)].name == "Tết Nguyên Đán (29 tháng Chạp)"
    assert names[date(2025, 9, 2)].name_en == "National Day"
    # mùng 4 Tết is a Saturday: the next working day, Monday 3 February, is off
    assert days_off(CALENDAR, 2025, HolidayKind.COMPENSATORY) == [date(2025, 2, 3)]


def test_working_days_around_tet_2026() -> None:
    assert CALENDAR.is_working_day(date(2026, 2, 13))  # Friday, 26 tháng Chạp
    for offset in range(9):  # Saturday 14 to Sunday 22 February: nine days at home
        assert not CALENDAR.is_working_day(date(2026, 2, 14) + timedelta(days=offset))
    assert CALENDAR.is_working_day(date(2026, 2, 23))
    assert CALENDAR.working_days_between(date(2026, 2, 1), date(2026, 2, 28)) == 15
    assert CALENDAR.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert CALENDAR.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert CALENDAR.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert CALENDAR.add_working_days(date(2026, 2, 15), 0) == date(2026, 2, 15)
    assert CALENDAR.next_working_day(date(2026, 2, 14)) == date(2026, 2, 23)
    assert CALENDAR.next_working_day(date(2026, 2, 23)) == date(2026, 2, 23)


def test_gio_to_2026_on_a_sunday_and_the_april_may_break() -> None:
    assert days_off(CALENDAR, 2026, HolidayKind.COMPENSATORY) == [date(2026, 4, 27)]
    assert not CALENDAR.is_working_day(date(2026, 4, 30))
    assert not CALENDAR.is_working_day(date(2026, 5, 1))
    assert CALENDAR.is_working_day(date(2026, 4, 28))


def test_national_day_has_two_days_from_2021() -> None:
    assert date(2020, 9, 1) not in days_off(CALENDAR, 2020)
    assert CALENDAR.is_working_day(date(2020, 9, 1))
    assert {date(2025, 9, 1), date(2025, 9, 2)} <= set(days_off(CALENDAR, 2025))
    # 2/9/2023 was a Saturday: 1/9 (Friday) and the compensatory Monday 4/9 — the official 1–4/9 break
    assert days_off(CALENDAR, 2023)[-3:] == [date(2023, 9, 1), date(2023, 9, 2), date(2023, 9, 4)]


def test_tet_had_four_days_before_the_2012_labour_code() -> None:
    tet_2013 = [h for h in statutory_holidays(2013) if h.name.startswith("Tết Nguyên Đán")]
    assert [h.date for h in tet_2013] == [
        date(2013, 2, 9),
        date(2013, 2, 10),
        date(2013, 2, 11),
        date(2013, 2, 12),
    ]
    tet_2014 = [h for h in statutory_holidays(2014) if h.name.startswith("Tết Nguyên Đán")]
    assert len(tet_2014) == 5


def test_working_days_in_2025() -> None:
    # 261 weekdays less 11 holidays on weekdays (1/1, four Tết days, 3/2 in lieu, 7/4, 30/4, 1/5, 1–2/9)
    assert CALENDAR.working_days_between(date(2025, 1, 1), date(2025, 12, 31)) == 250
    assert CALENDAR.working_days_between(date(2025, 1, 2), date(2025, 1, 1)) == 0


def test_the_years_decision_is_applied_through_configuration() -> None:
    # The official Tết 2025 break was 25/1–2/2: 27/1 off instead of the compensatory 3/2
    settings = Settings(extra_holidays=(date(2025, 1, 27),), extra_working_days=(date(2025, 2, 3),))
    calendar = WorkingCalendar.from_settings(settings)
    assert not calendar.is_working_day(date(2025, 1, 27))
    assert calendar.is_working_day(date(2025, 2, 3))
    configured = [h for h in calendar.holidays(2025) if h.kind is HolidayKind.CONFIGURED]
    assert [h.date for h in configured] == [date(2025, 1, 27)]
    assert date(2025, 2, 3) not in days_off(calendar, 2025)
    assert calendar.working_days_between(date(2025, 1, 1), date(2025, 12, 31)) == 250


def test_a_make_up_saturday_is_a_working_day() -> None:
    calendar = WorkingCalendar(extra_working_days=[date(2024, 5, 4)])
    assert calendar.is_working_day(date(2024, 5, 4))
    assert calendar.working_weekend_days(2024) == [date(2024, 5, 4)]
    assert calendar.add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)


def test_an_extra_working_day_overrides_a_default_holiday() -> None:
    # 2024 chose 3/9 rather than 1/9; 1/9/2024 was a Sunday, so the default already gives Monday–Tuesday
    assert days_off(CALENDAR, 2024)[-3:] == [date(2024, 9, 1), date(2024, 9, 2), date(2024, 9, 3)]
    calendar = WorkingCalendar(extra_working_days=[date(2024, 9, 3)])
    assert calendar.is_working_day(date(2024, 9, 3))


def test_conflicting_configuration_is_refused() -> None:
    with pytest.raises(HolidayError, match="both an extra holiday and an extra working day"):
        WorkingCalendar(extra_holidays=[date(2025, 1, 27)], extra_working_days=[date(2025, 1, 27)])


def test_years_outside_the_encoded_rules_are_refused() -> None:
    with pytest.raises(HolidayError, match="2008–2100"):
        CALENDAR.holidays(2005)
    with pytest.raises(HolidayError):
        CALENDAR.is_working_day(date(2101, 1, 3))
