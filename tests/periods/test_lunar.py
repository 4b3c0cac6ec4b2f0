"""The Vietnamese lunar calendar against published dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from baocao.periods import lunar
from baocao.periods.lunar import LunarDate, LunarError

# Tết Nguyên Đán (lunar 1/1) as published in Vietnamese calendars. 2030 is 2 February in Vietnam: the
# new moon falls at 23:07 on 2 February (UTC+7), already 3 February in China (UTC+8).
TET = {
    2010: date(2010, 2, 14),
    2011: date(2011, 2, 3),
    2012: date(2012, 1, 23),
    2013: date(2013, 2, 10),
    2014: date(2014, 1, 31),
    2015: date(2015, 2, 19),
    2016: date(2016, 2, 8),
    2017: date(2017, 1, 28),
    2018: date(2018, 2, 16),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 2),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}

LEAP_MONTHS = {2012: 4, 2014: 9, 2017: 6, 2020: 4, 2023: 2, 2025: 6, 2028: 5, 2031: 3, 2033: 11}


@pytest.mark.parametrize(("year", "expected"), sorted(TET.items()))
def test_tet_from_2010_to_2035(year: int, expected: date) -> None:
    assert lunar.tet(year) == expected
    assert lunar.to_lunar(expected) == LunarDate(year, 1, 1)
    assert lunar.to_lunar(expected - timedelta(days=1)).month == 12


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2023, date(2023, 4, 29)),
        (2024, date(2024, 4, 18)),
        (2025, date(2025, 4, 7)),
        (2026, date(2026, 4, 26)),
    ],
)
def test_gio_to_hung_vuong(year: int, expected: date) -> None:
    assert lunar.to_solar(year, 3, 10) == expected


def test_vietnam_differs_from_china_where_utc7_moves_the_new_moon_day() -> None:
    assert lunar.tet(1968) == date(1968, 1, 29)  # Tết Mậu Thân; China 30 January
    assert lunar.tet(1985) == date(1985, 1, 21)  # China 20 February
    assert lunar.tet(2007) == date(2007, 2, 17)  # China 18 February
    assert lunar.tet(2030) == date(2030, 2, 2)  # China 3 February


def test_leap_months_2010_to_2035() -> None:
    for year in range(2010, 2036):
        assert lunar.leap_month(year) == LEAP_MONTHS.get(year), year


def test_leap_month_dates() -> None:
    # Tháng 2 nhuận Quý Mão began on 22 March 2023 (new moon 00:23 UTC+7); tháng 6 nhuận Ất Tỵ on 25 July 2025
    assert lunar.to_solar(2023, 2, 1, leap=True) == date(2023, 3, 22)
    assert lunar.to_lunar(date(2023, 3, 22)) == LunarDate(2023, 2, 1, leap=True)
    assert lunar.to_lunar(date(2023, 3, 21)) == LunarDate(2023, 2, 30)
    assert lunar.to_solar(2025, 6, 1, leap=True) == date(2025, 7, 25)
    assert lunar.to_solar(2025, 6, 1) == date(2025, 6, 25)
    with pytest.raises(LunarError, match="no leap month 5"):
        lunar.to_solar(2025, 5, 1, leap=True)


def test_round_trip_every_day_2010_to_2035() -> None:
    day, previous = date(2010, 1, 1), lunar.to_lunar(date(2009, 12, 31))
    months_seen = 0
    while day.year <= 2035:
        current = lunar.to_lunar(day)
        assert lunar.to_solar(current.year, current.month, current.day, current.leap) == day
        if current.day == 1:
            months_seen += 1
            assert previous.day in (29, 30)
        else:
            assert current.day == previous.day + 1
        day, previous = day + timedelta(days=1), current
    assert months_seen in (321, 322)  # 26 years hold 321.6 synodic months


def test_month_lengths_and_missing_days() -> None:
    assert lunar.month_length(2021, 12) == 29  # no "30 Tết" before Tết 2022
    assert lunar.new_year_eve(2022) == date(2022, 1, 31)
    assert lunar.month_length(2023, 12) == 30
    with pytest.raises(LunarError, match="29 days"):
        lunar.to_solar(2021, 12, 30)
    with pytest.raises(LunarError, match="Lunar month 13"):
        lunar.to_solar(2025, 13, 1)
    with pytest.raises(LunarError, match="1900–2100"):
        lunar.to_lunar(date(1800, 1, 1))


def test_new_moon_matches_meeus_example_and_a_known_eclipse() -> None:
    # Meeus, Astronomical Algorithms, example 49.a: new moon of February 1977
    assert lunar.new_moon_jde(-283) == pytest.approx(2443192.65118, abs=1e-5)
    # total solar eclipse of 8 April 2024, new moon 18:21 UT = 9 April 01:21 in Vietnam
    k = round((2460409.26 - 2451550.09766) / lunar.SYNODIC_MONTH)
    assert lunar.local_date(lunar.new_moon_ut(k)) == date(2024, 4, 9)
    assert lunar.new_moon_ut(k) == pytest.approx(2460409.2646, abs=0.002)


def test_sun_longitude_at_the_2025_equinox_and_solstice() -> None:
    assert lunar.sun_longitude(2460754.8757) == pytest.approx(0, abs=0.02)  # 20 March 2025 09:01 UT
    assert lunar.sun_longitude(2461031.1271) == pytest.approx(270, abs=0.02)  # 21 December 2025 15:03 UT
