"""DHIS2 period identifiers ↔ ours.

DHIS2 writes ``2025`` (year), ``202507`` (month), ``2025Q3`` (quarter), ``2025S1`` (six-monthly),
``2025W28`` (ISO week) and ``20250714`` (day); ADX writes an ISO 8601 start and duration
(``2025-07-01/P1M``). Our own identifiers (``2025-07``, ``2025-Q3`` ...) are accepted too. Nine
months has no DHIS2 type: it is written in ADX form only (``2025-01-01/P9M``).
"""

from __future__ import annotations

import re
from datetime import date

from baocao.periods.periods import Period, PeriodError, PeriodType, parse_period

_DHIS2: tuple[tuple[re.Pattern[str], PeriodType], ...] = (
    (re.compile(r"(\d{4})(\d{2})"), PeriodType.MONTH),
    (re.compile(r"(\d{4})Q(\d{1,2})"), PeriodType.QUARTER),
    (re.compile(r"(\d{4})S(\d{1,2})"), PeriodType.HALF_YEAR),
    (re.compile(r"(\d{4})W(\d{1,2})"), PeriodType.WEEK),
)
_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ADX = re.compile(r"(\d{4}-\d{2}-\d{2})/P(\d+)([YMWD])")
# ADX duration → period type, with the months (or days) it must span.
_ADX_TYPES = {
    ("Y", 1): PeriodType.YEAR,
    ("M", 9): PeriodType.NINE_MONTHS,
    ("M", 6): PeriodType.HALF_YEAR,
    ("M", 3): PeriodType.QUARTER,
    ("M", 1): PeriodType.MONTH,
    ("W", 1): PeriodType.WEEK,
    ("D", 7): PeriodType.WEEK,
    ("D", 1): PeriodType.DAY,
}


def from_dhis2(text: str) -> Period:
    """A DHIS2, ADX or baocao period identifier → ``Period``; ``PeriodError`` (vi/en) otherwise."""
    cleaned = text.strip()
    for pattern, kind in _DHIS2:
        match = pattern.fullmatch(cleaned)
        if match:
            return Period(kind, int(match.group(1)), int(match.group(2)))
    day = _DAY.fullmatch(cleaned)
    if day:
        return parse_period(f"{day.group(1)}-{day.group(2)}-{day.group(3)}")
    adx = _ADX.fullmatch(cleaned)
    if adx:
        return _from_adx(cleaned, adx)
    return parse_period(cleaned)


def _from_adx(text: str, match: re.Match[str]) -> Period:
    try:
        start = date.fromisoformat(match.group(1))
    except ValueError:
        raise PeriodError(
            f"Ngày bắt đầu kỳ '{text}' không tồn tại", f"The start of '{text}' does not exist"
        ) from None
    kind = _ADX_TYPES.get((match.group(3), int(match.group(2))))
    if kind is None:
        raise PeriodError(
            f"Độ dài kỳ '{text}' không được hỗ trợ (P1Y, P9M, P6M, P3M, P1M, P7D, P1D)",
            f"The duration of '{text}' is not supported (P1Y, P9M, P6M, P3M, P1M, P7D, P1D)",
        )
    period = Period.of(start, kind)
    if period.start != start:
        raise PeriodError(
            f"Kỳ '{text}' không bắt đầu đúng đầu kỳ ({period.start.isoformat()})",
            f"'{text}' does not start at the beginning of a period ({period.start.isoformat()})",
        )
    return period


def to_dhis2(period: Period) -> str:
    """Our period in DHIS2 notation (nine months, which DHIS2 lacks, in ADX notation)."""
    y, i = period.year, period.index
    match period.type:
        case PeriodType.YEAR:
            return f"{y}"
        case PeriodType.HALF_YEAR:
            return f"{y}S{i}"
        case PeriodType.QUARTER:
            return f"{y}Q{i}"
        case PeriodType.MONTH:
            return f"{y}{i:02d}"
        case PeriodType.WEEK:
            return f"{y}W{i}"
        case PeriodType.DAY:
            return period.start.strftime("%Y%m%d")
    return to_adx(period)


def to_adx(period: Period) -> str:
    duration = {
        PeriodType.YEAR: "P1Y",
        PeriodType.NINE_MONTHS: "P9M",
        PeriodType.HALF_YEAR: "P6M",
        PeriodType.QUARTER: "P3M",
        PeriodType.MONTH: "P1M",
        PeriodType.WEEK: "P7D",
        PeriodType.DAY: "P1D",
    }[period.type]
    return f"{period.start.isoformat()}/{duration}"


__all__ = ["PeriodError", "from_dhis2", "to_adx", "to_dhis2"]
