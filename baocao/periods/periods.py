"""Reporting periods (kỳ báo cáo): identifiers, calendar ranges, navigation and names.

Identifiers are the same whatever cut-off convention a regime uses (see windows.py):
``2025`` year, ``2025-9M`` nine months, ``2025-H1``/``2025-H2`` half-year, ``2025-Q3`` quarter,
``2025-07`` month, ``2025-W28`` ISO week and ``2025-07-14`` day (the last two for daily/weekly feeds).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MIN_YEAR = 1900
MAX_YEAR = 2199

ROMAN = ("I", "II", "III", "IV")
MONTHS_EN = tuple(calendar.month_name[1:])
FORMATS = "2025, 2025-9M, 2025-H1, 2025-Q3, 2025-07, 2025-W28, 2025-07-14"


class PeriodType(StrEnum):
    YEAR = "year"
    NINE_MONTHS = "nine_months"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"


class PeriodError(ValueError):
    """A period identifier or operation that makes no sense; carries Vietnamese and English text."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


# How many months each month-based type spans, and how many there are in a year.
_MONTH_SPAN = {
    PeriodType.YEAR: (12, 1),
    PeriodType.NINE_MONTHS: (9, 1),
    PeriodType.HALF_YEAR: (6, 2),
    PeriodType.QUARTER: (3, 4),
    PeriodType.MONTH: (1, 12),
}

# The children shown by default: the next level down of the usual reporting hierarchy.
DEFAULT_CHILD = {
    PeriodType.YEAR: PeriodType.HALF_YEAR,
    PeriodType.NINE_MONTHS: PeriodType.QUARTER,
    PeriodType.HALF_YEAR: PeriodType.QUARTER,
    PeriodType.QUARTER: PeriodType.MONTH,
    PeriodType.MONTH: PeriodType.DAY,
    PeriodType.WEEK: PeriodType.DAY,
}


def _iso_weeks(year: int) -> int:
    return date(year, 12, 28).isocalendar().week  # 28 December is always in the last ISO week


@dataclass(frozen=True)
class Period:
    """One reporting period. ``index`` is the month, quarter, half, ISO week or day of the year (1 for
    year and nine months); for weeks ``year`` is the ISO year. Build with ``parse_period`` or ``of``."""

    type: PeriodType
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", PeriodType(self.type))  # accept "month" as well as the enum
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(
                f"Năm {self.year} nằm ngoài phạm vi {MIN_YEAR}–{MAX_YEAR}",
                f"Year {self.year} is outside {MIN_YEAR}–{MAX_YEAR}",
            )
        if not 1 <= self.index <= self.count_in_year(self.type, self.year):
            raise PeriodError(*_bad_index_messages(self.type, self.year, self.index))

    # -- construction -------------------------------------------------------------------------------

    @staticmethod
    def count_in_year(kind: PeriodType, year: int) -> int:
        if kind is PeriodType.DAY:
            return 366 if calendar.isleap(year) else 365
        if kind is PeriodType.WEEK:
            return _iso_weeks(year)
        return _MONTH_SPAN[kind][1]

    @classmethod
    def of(cls, day: date, kind: PeriodType) -> Period:
        """The period of ``kind`` holding ``day`` (calendar convention). Nine months: only Jan–Sep."""
        if kind is PeriodType.DAY:
            return cls(kind, day.year, day.timetuple().tm_yday)
        if kind is PeriodType.WEEK:
            iso = day.isocalendar()
            return cls(kind, iso.year, iso.week)
        if kind is PeriodType.NINE_MONTHS and day.month > 9:
            raise PeriodError(
                f"Ngày {day:%d/%m/%Y} không thuộc kỳ 9 tháng nào", f"{day} is in no nine-month period"
            )
        span = _MONTH_SPAN[kind][0]
        return cls(kind, day.year, 1 if kind is PeriodType.NINE_MONTHS else (day.month - 1) // span + 1)

    @classmethod
    def from_ordinal(cls, kind: PeriodType, ordinal: int) -> Period:
        """Inverse of ``ordinal``: consecutive periods of one type have consecutive ordinals."""
        if kind is PeriodType.DAY:
            return cls.of(date.fromordinal(ordinal), kind)
        if kind is PeriodType.WEEK:
            return cls.of(date.fromordinal(ordinal * 7 + 1), kind)  # ordinal 1 is a Monday
        year, rest = divmod(ordinal, _MONTH_SPAN[kind][1])
        return cls(kind, year, rest + 1)

    # -- shape --------------------------------------------------------------------------------------

    @property
    def ordinal(self) -> int:
        if self.type is PeriodType.DAY:
            return self.start.toordinal()
        if self.type is PeriodType.WEEK:
            return (self.start.toordinal() - 1) // 7
        return self.year * _MONTH_SPAN[self.type][1] + self.index - 1

    @property
    def start(self) -> date:
        """First calendar day."""
        if self.type is PeriodType.DAY:
            return date(self.year, 1, 1) + timedelta(days=self.index - 1)
        if self.type is PeriodType.WEEK:
            return date.fromisocalendar(self.year, self.index, 1)
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """Last calendar day (inclusive)."""
        if self.type is PeriodType.DAY:
            return self.start
        if self.type is PeriodType.WEEK:
            return self.start + timedelta(days=6)
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def first_month(self) -> int:
        if self.type in (PeriodType.DAY, PeriodType.WEEK):
            return self.start.month
        return (self.index - 1) * _MONTH_SPAN[self.type][0] + 1

    @property
    def last_month(self) -> int:
        if self.type in (PeriodType.DAY, PeriodType.WEEK):
            return self.end.month
        return self.first_month + _MONTH_SPAN[self.type][0] - 1

    def months(self) -> tuple[Period, ...]:
        """The months this period touches (a week can straddle two)."""
        first, last = Period.of(self.start, PeriodType.MONTH), Period.of(self.end, PeriodType.MONTH)
        return tuple(_between(first, last))

    # -- relations ----------------------------------------------------------------------------------

    def contains(self, other: Period) -> bool:
        """True when every day of ``other`` lies in this period (a period contains itself).
        A month is in its quarter, half, year and (Jan–Sep) nine months; a week only in what holds all
        seven of its days."""
        return self.start <= other.start and other.end <= self.end

    def children(self, kind: PeriodType | None = None) -> tuple[Period, ...]:
        """The periods of ``kind`` (default: the next level down) lying entirely within this one."""
        kind = kind or DEFAULT_CHILD.get(self.type)
        if kind is None:
            return ()
        return tuple(periods_within(self.start, self.end, kind))

    def parents(self) -> tuple[Period, ...]:
        """Every other period that contains this one, smallest first."""
        found = []
        for kind in reversed(PeriodType):
            if kind is self.type:
                continue
            try:
                candidate = Period.of(self.start, kind)
            except PeriodError:  # nine months, for a day after September
                continue
            if candidate.contains(self):
                found.append(candidate)
        return tuple(found)

    def previous(self) -> Period:
        return self.shift(-1)

    def next(self) -> Period:
        return self.shift(1)

    def shift(self, steps: int) -> Period:
        """The period ``steps`` places later (negative: earlier) in the sequence of its type."""
        return Period.from_ordinal(self.type, self.ordinal + steps)

    def same_period_last_year(self) -> Period:
        """Cùng kỳ năm trước. 29 February maps to 28 February; ISO week 53 to week 52 if need be."""
        if self.type is PeriodType.DAY:
            d = self.start
            if (d.month, d.day) == (2, 29):
                d -= timedelta(days=1)
            return Period.of(d.replace(year=d.year - 1), PeriodType.DAY)
        if self.type is PeriodType.WEEK:
            return Period(self.type, self.year - 1, min(self.index, _iso_weeks(self.year - 1)))
        return Period(self.type, self.year - 1, self.index)

    # -- names --------------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """Vietnamese name as printed on a report."""
        y, i = self.year, self.index
        match self.type:
            case PeriodType.YEAR:
                return f"Năm {y}"
            case PeriodType.NINE_MONTHS:
                return f"9 tháng năm {y}"
            case PeriodType.HALF_YEAR:
                return f"6 tháng {'đầu' if i == 1 else 'cuối'} năm {y}"
            case PeriodType.QUARTER:
                return f"Quý {ROMAN[i - 1]}/{y}"
            case PeriodType.MONTH:
                return f"Tháng {i}/{y}"
            case PeriodType.WEEK:
                return f"Tuần {i}/{y} ({self.start:%d/%m}–{self.end:%d/%m/%Y})"
        return f"Ngày {self.start:%d/%m/%Y}"

    @property
    def name_en(self) -> str:
        y, i = self.year, self.index
        match self.type:
            case PeriodType.YEAR:
                return f"Year {y}"
            case PeriodType.NINE_MONTHS:
                return f"First nine months of {y}"
            case PeriodType.HALF_YEAR:
                return f"{'First' if i == 1 else 'Second'} half of {y}"
            case PeriodType.QUARTER:
                return f"Q{i} {y}"
            case PeriodType.MONTH:
                return f"{MONTHS_EN[i - 1]} {y}"
            case PeriodType.WEEK:
                return f"Week {i} of {y} ({self.start.isoformat()} to {self.end.isoformat()})"
        return f"{self.start.day} {MONTHS_EN[self.start.month - 1]} {self.start.year}"

    def __str__(self) -> str:
        y, i = self.year, self.index
        match self.type:
            case PeriodType.YEAR:
                return f"{y}"
            case PeriodType.NINE_MONTHS:
                return f"{y}-9M"
            case PeriodType.HALF_YEAR:
                return f"{y}-H{i}"
            case PeriodType.QUARTER:
                return f"{y}-Q{i}"
            case PeriodType.MONTH:
                return f"{y}-{i:02d}"
            case PeriodType.WEEK:
                return f"{y}-W{i:02d}"
        return self.start.isoformat()


def _bad_index_messages(kind: PeriodType, year: int, index: int) -> tuple[str, str]:
    match kind:
        case PeriodType.MONTH:
            return f"Tháng {index} không tồn tại", f"Month {index} does not exist"
        case PeriodType.QUARTER:
            return f"Quý {index} không tồn tại (chỉ có Q1–Q4)", f"Quarter {index} does not exist (Q1–Q4)"
        case PeriodType.HALF_YEAR:
            return (
                f"Nửa năm H{index} không tồn tại (chỉ có H1, H2)",
                f"Half-year H{index} does not exist (H1, H2 only)",
            )
        case PeriodType.WEEK:
            weeks = _iso_weeks(year)
            return (
                f"Tuần {index} không tồn tại: năm {year} có {weeks} tuần ISO",
                f"Week {index} does not exist: {year} has {weeks} ISO weeks",
            )
        case PeriodType.DAY:
            return f"Ngày thứ {index} của năm {year} không tồn tại", f"Day {index} of {year} does not exist"
    return f"Chỉ số kỳ {index} không hợp lệ", f"Period index {index} is not valid"


_PATTERNS: tuple[tuple[re.Pattern[str], PeriodType], ...] = (
    (re.compile(r"(\d{4})"), PeriodType.YEAR),
    (re.compile(r"(\d{4})-9M", re.IGNORECASE), PeriodType.NINE_MONTHS),
    (re.compile(r"(\d{4})-H(\d{1,2})", re.IGNORECASE), PeriodType.HALF_YEAR),
    (re.compile(r"(\d{4})-Q(\d{1,2})", re.IGNORECASE), PeriodType.QUARTER),
    (re.compile(r"(\d{4})-(\d{1,2})"), PeriodType.MONTH),
    (re.compile(r"(\d{4})-W(\d{2})", re.IGNORECASE), PeriodType.WEEK),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), PeriodType.DAY),
)


def parse_period(text: str) -> Period:
    """Parse an identifier; ``str(parse_period(s)) == s`` for canonical forms. Raises PeriodError."""
    cleaned = text.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        numbers = [int(g) for g in match.groups()]
        if kind is PeriodType.DAY:
            return Period.of(_real_date(cleaned, *numbers), kind)
        return Period(kind, *numbers)
    raise PeriodError(
        f"Không nhận ra kỳ báo cáo '{text}'; các dạng hợp lệ: {FORMATS}",
        f"'{text}' is not a period identifier; valid forms: {FORMATS}",
    )


def _real_date(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise PeriodError(f"Tháng {month} không tồn tại", f"Month {month} does not exist")
    try:
        return date(year, month, day)
    except ValueError:
        raise PeriodError(
            f"Ngày {day:02d}/{month:02d}/{year} không tồn tại", f"The date {text} does not exist"
        ) from None


def _between(first: Period, last: Period) -> Iterator[Period]:
    for n in range(first.ordinal, last.ordinal + 1):
        yield Period.from_ordinal(first.type, n)


def periods_between(first: Period, last: Period) -> list[Period]:
    """All periods from ``first`` to ``last`` inclusive; both must be of the same type."""
    if first.type is not last.type:
        raise PeriodError(
            f"Hai kỳ '{first}' và '{last}' không cùng loại", f"'{first}' and '{last}' are of different types"
        )
    if last.ordinal < first.ordinal:
        raise PeriodError(f"Kỳ '{last}' đứng trước kỳ '{first}'", f"'{last}' comes before '{first}'")
    return list(_between(first, last))


def span_within(start: date, end: date, kind: PeriodType) -> tuple[int, int] | None:
    """Ordinals of the first and last period of ``kind`` lying entirely within [start, end]."""
    first = _first_starting_on_or_after(start, kind)
    last = _last_ending_on_or_before(end, kind)
    if first is None or last is None or last.ordinal < first.ordinal:
        return None
    return first.ordinal, last.ordinal


def periods_within(start: date, end: date, kind: PeriodType) -> Iterator[Period]:
    span = span_within(start, end, kind)
    if span is not None:
        for n in range(span[0], span[1] + 1):
            yield Period.from_ordinal(kind, n)


def _first_starting_on_or_after(day: date, kind: PeriodType) -> Period | None:
    if kind is PeriodType.NINE_MONTHS:
        year = day.year if (day.month, day.day) == (1, 1) else day.year + 1
        return Period(kind, year) if year <= MAX_YEAR else None
    found = Period.of(day, kind)
    return found if found.start >= day else found.next()


def _last_ending_on_or_before(day: date, kind: PeriodType) -> Period | None:
    if kind is PeriodType.NINE_MONTHS:
        year = day.year if (day.month, day.day) >= (9, 30) else day.year - 1
        return Period(kind, year) if year >= MIN_YEAR else None
    found = Period.of(day, kind)
    return found if found.end <= day else found.previous()
