"""The Vietnamese lunisolar calendar (âm lịch), computed from astronomy for Vietnam's time zone.

Rules: a month starts on the local day (UTC+7) holding the new moon; the month holding the December
solstice is month 11; when 13 months lie between two months 11, the first of them without a major
solar term (trung khí, sun longitude a multiple of 30°) is the leap month and repeats the number of the
month before it. Days are reckoned at UTC+7, which is why Tết sometimes differs from China's (UTC+8),
e.g. 1968, 1985, 2007.

New moons follow Meeus, *Astronomical Algorithms* ch. 49 (accurate to well under a minute); the sun's
longitude the lower-precision theory of ch. 25 (about 0.01°, a quarter of an hour). Trusted for
1900–2100; tested against published Vietnamese calendars for 2010–2035.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

MIN_YEAR = 1900
MAX_YEAR = 2100
TIME_ZONE_HOURS = 7
SYNODIC_MONTH = 29.530588861
_JD_OF_ORDINAL_0 = 1721424.5  # Julian date at 00:00 UT of proleptic day 0 (date.toordinal() == 0)


class LunarError(ValueError):
    """A lunar date that does not exist, or a year outside the supported range."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True, order=True)
class LunarDate:
    year: int
    month: int
    day: int
    leap: bool = False

    def __str__(self) -> str:
        return f"{self.day}/{self.month}{' nhuận' if self.leap else ''}/{self.year} âm lịch"


def _sin(deg: float) -> float:
    return math.sin(math.radians(deg))


def _delta_t_days(year: float) -> float:
    """TT − UT. Espenak–Meeus fit for 2005–2050, long-term parabola elsewhere (minutes at worst)."""
    if 2005 <= year <= 2050:
        t = year - 2000
        seconds = 62.92 + 0.32217 * t + 0.005589 * t * t
    else:
        u = (year - 1820) / 100
        seconds = -20 + 32 * u * u
    return seconds / 86400


# Periodic terms of the new-moon correction (Meeus table 49.A): coefficient, power of E, multiples of
# (M sun's mean anomaly, M' moon's mean anomaly, F moon's argument of latitude).
_NEW_MOON_TERMS = (
    (-0.40720, 0, 0, 1, 0),
    (0.17241, 1, 1, 0, 0),
    (0.01608, 0, 0, 2, 0),
    (0.01039, 0, 0, 0, 2),
    (0.00739, 1, -1, 1, 0),
    (-0.00514, 1, 1, 1, 0),
    (0.00208, 2, 2, 0, 0),
    (-0.00111, 0, 0, 1, -2),
    (-0.00057, 0, 0, 1, 2),
    (0.00056, 1, 1, 2, 0),
    (-0.00042, 0, 0, 3, 0),
    (0.00042, 1, 1, 0, 2),
    (0.00038, 1, 1, 0, -2),
    (-0.00024, 1, -1, 2, 0),
    (-0.00007, 0, 2, 1, 0),
    (0.00004, 0, 0, 2, -2),
    (0.00004, 0, 3, 0, 0),
    (0.00003, 0, 1, 1, -2),
    (0.00003, 0, 0, 2, 2),
    (-0.00003, 0, 1, 1, 2),
    (0.00003, 0, -1, 1, 2),
    (-0.00002, 0, -1, 1, -2),
    (-0.00002, 0, 1, 3, 0),
    (0.00002, 0, 0, 4, 0),
)

# Planetary arguments (Meeus 49, "additional corrections"): coefficient, constant, rate per lunation.
_PLANETARY_TERMS = (
    (0.000325, 299.77, 0.107408),
    (0.000165, 251.88, 0.016321),
    (0.000164, 251.83, 26.651886),
    (0.000126, 349.42, 36.412478),
    (0.000110, 84.66, 18.206239),
    (0.000062, 141.74, 53.303771),
    (0.000060, 207.14, 2.453732),
    (0.000056, 154.84, 7.306860),
    (0.000047, 34.52, 27.261239),
    (0.000042, 207.19, 0.121824),
    (0.000040, 291.34, 1.844379),
    (0.000037, 161.72, 24.198154),
    (0.000035, 239.56, 25.513099),
    (0.000023, 331.55, 3.592518),
)


def new_moon_jde(k: int) -> float:
    """Julian Ephemeris Day (TT) of new moon number k; k = 0 is the new moon of 6 January 2000."""
    t = k / 1236.85
    jde = 2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * t**2 - 0.000000150 * t**3 + 0.00000000073 * t**4
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    m = 2.5534 + 29.10535670 * k - 0.0000014 * t**2 - 0.00000011 * t**3
    mp = 201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3 - 0.000000058 * t**4
    f = 160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3 + 0.000000011 * t**4
    omega = 124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3
    for coefficient, e_power, a, b, c in _NEW_MOON_TERMS:
        jde += coefficient * e**e_power * _sin(a * m + b * mp + c * f)
    jde -= 0.00017 * _sin(omega)
    for i, (coefficient, base, rate) in enumerate(_PLANETARY_TERMS):
        argument = base + rate * k - (0.009173 * t**2 if i == 0 else 0)  # only A1 has a T² term
        jde += coefficient * _sin(argument)
    return jde


def new_moon_ut(k: int) -> float:
    jde = new_moon_jde(k)
    return jde - _delta_t_days(2000 + (jde - 2451545.0) / 365.25)


def sun_longitude(jd_ut: float) -> float:
    """Apparent geocentric longitude of the sun in degrees [0, 360)."""
    jde = jd_ut + _delta_t_days(2000 + (jd_ut - 2451545.0) / 365.25)
    t = (jde - 2451545.0) / 36525
    mean_longitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    anomaly = 357.52911 + 35999.05029 * t - 0.0001537 * t * t
    centre = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * _sin(anomaly)
        + (0.019993 - 0.000101 * t) * _sin(2 * anomaly)
        + 0.000289 * _sin(3 * anomaly)
    )
    omega = 125.04 - 1934.136 * t
    return (mean_longitude + centre - 0.00569 - 0.00478 * _sin(omega)) % 360


def local_date(jd_ut: float) -> date:
    """The civil date in Vietnam (UTC+7) at instant jd_ut."""
    return date.fromordinal(math.floor(jd_ut - _JD_OF_ORDINAL_0 + TIME_ZONE_HOURS / 24))


def _local_midnight_jd(day: date) -> float:
    return day.toordinal() + _JD_OF_ORDINAL_0 - TIME_ZONE_HOURS / 24


def _term_sector(day: date) -> int:
    """Which 30° sector the sun is in at the local midnight that starts ``day``."""
    return int(sun_longitude(_local_midnight_jd(day)) // 30)


def _month_start(k: int) -> date:
    return local_date(new_moon_ut(k))


def _k_near(day: date) -> int:
    return math.floor((_local_midnight_jd(day) - 2451550.09766) / SYNODIC_MONTH)


def _month_eleven_k(year: int) -> int:
    """Lunation number of month 11 of ``year``: the month holding the December solstice (270°)."""
    k = _k_near(date(year, 12, 31))
    while not (_term_sector(_month_start(k)) < 9 <= _term_sector(_month_start(k + 1))):
        k -= 1
    return k


@dataclass(frozen=True)
class _Month:
    start: date
    end: date  # exclusive: the start of the next month
    year: int
    number: int
    leap: bool


@lru_cache(maxsize=512)
def _solstice_year(year: int) -> tuple[_Month, ...]:
    """The months from month 11 of ``year - 1`` up to (not including) month 11 of ``year``."""
    first, last = _month_eleven_k(year - 1), _month_eleven_k(year)
    starts = [_month_start(k) for k in range(first, last + 1)]
    leap_index = None
    if last - first == 13:  # 13 months between two months 11: one is a leap month
        leap_index = next(i for i in range(1, 13) if _term_sector(starts[i]) == _term_sector(starts[i + 1]))
    months = []
    number, lunar_year = 10, year - 1
    for i in range(len(starts) - 1):
        leap = i == leap_index
        if not leap:
            number = number % 12 + 1
            if number == 1:
                lunar_year = year
        months.append(_Month(starts[i], starts[i + 1], lunar_year, number, leap))
    return tuple(months)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise LunarError(
            f"Lịch âm chỉ được tính cho các năm {MIN_YEAR}–{MAX_YEAR}, nhận được {year}",
            f"The lunar calendar is computed for {MIN_YEAR}–{MAX_YEAR} only, got {year}",
        )


def to_lunar(day: date) -> LunarDate:
    """The Vietnamese lunar date of a solar (Gregorian) date."""
    _check_year(day.year)
    months = _solstice_year(day.year)
    if day >= months[-1].end:
        months = _solstice_year(day.year + 1)
    month = next(m for m in months if m.start <= day < m.end)
    return LunarDate(month.year, month.number, (day - month.start).days + 1, month.leap)


def _find_month(year: int, month: int, leap: bool) -> _Month:
    _check_year(year)
    if not 1 <= month <= 12:
        raise LunarError(f"Tháng âm lịch {month} không tồn tại", f"Lunar month {month} does not exist")
    for m in _solstice_year(year) + _solstice_year(year + 1):
        if (m.year, m.number, m.leap) == (year, month, leap):
            return m
    raise LunarError(
        f"Năm âm lịch {year} không có tháng {month} nhuận",
        f"Lunar year {year} has no leap month {month}",
    )


def to_solar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The solar date of a lunar date; LunarError when it does not exist (e.g. 30 of a short month)."""
    found = _find_month(year, month, leap)
    length = (found.end - found.start).days
    if not 1 <= day <= length:
        raise LunarError(
            f"Tháng {month}{' nhuận' if leap else ''} năm {year} âm lịch chỉ có {length} ngày",
            f"Lunar month {month}{' (leap)' if leap else ''} of {year} has {length} days only",
        )
    return found.start + timedelta(days=day - 1)


def month_length(year: int, month: int, leap: bool = False) -> int:
    found = _find_month(year, month, leap)
    return (found.end - found.start).days


def leap_month(year: int) -> int | None:
    """The number of the leap month of lunar year ``year``, or None."""
    _check_year(year)
    for m in _solstice_year(year) + _solstice_year(year + 1):
        if m.year == year and m.leap:
            return m.number
    return None


def tet(year: int) -> date:
    """Tết Nguyên Đán: 1st day of the 1st lunar month of ``year``."""
    return to_solar(year, 1, 1)


def new_year_eve(year: int) -> date:
    """Giao thừa: the last day of lunar year ``year - 1`` (the 29th or 30th of month 12)."""
    return tet(year) - timedelta(days=1)
