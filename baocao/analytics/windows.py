"""The time part of a query: requested periods, ranges and relative periods become windows
``[start, end]``; each window is answered from a stored period spanning it exactly, or else from the
finer stored periods inside it (flows sum, stocks take the last, averages average)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from baocao.errors import invalid
from baocao.periods.periods import (
    Period,
    PeriodError,
    PeriodType,
    parse_period,
    periods_between,
)
from baocao.timeutil import today

RELATIVE = ("last_12_months", "this_year", "ytd", "same_period_last_year")
# Period types that tile a longer period, coarsest first (weeks and nine months do not tile).
TILES = (PeriodType.HALF_YEAR, PeriodType.QUARTER, PeriodType.MONTH, PeriodType.DAY)
MAX_WINDOWS = 400


@dataclass(frozen=True)
class Window:
    label: str
    start: date
    end: date

    @classmethod
    def of(cls, period: Period) -> Window:
        return cls(str(period), period.start, period.end)

    def exact(self) -> frozenset[str]:
        """Identifiers of the periods covering exactly this window."""
        return _exact(self.start, self.end)


# Asked for every figure of every window: computed once per window span (a handful per dashboard).
@lru_cache(maxsize=8192)
def _exact(start: date, end: date) -> frozenset[str]:
    found = set()
    for kind in PeriodType:
        try:
            candidate = Period.of(start, kind)
        except PeriodError:
            continue
        if candidate.start == start and candidate.end == end:
            found.add(str(candidate))
    return frozenset(found)


def _period(text: str, field: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise invalid(field, exc.message, exc.message_en) from None


def windows(
    periods: list[str], start: str | None, end: str | None, period_type: str | None, relative: list[str]
) -> list[Window]:
    """Windows from ``period`` (repeatable), ``from``/``to`` (+ ``period_type``) and ``relative``."""
    found = [_period(p, "period") for p in periods]
    if start or end:
        if not (start and end):
            raise invalid("to" if start else "from", "Cần cả 'from' và 'to'", "Give both 'from' and 'to'")
        first, last = _period(start, "from"), _period(end, "to")
        kind = first.type
        if period_type:
            try:
                kind = PeriodType(period_type)
            except ValueError:
                raise invalid("period_type", f"Loại kỳ '{period_type}' không có",
                              f"No period type '{period_type}'") from None  # fmt: skip
        first, last = Period.of(first.start, kind), Period.of(last.end, kind)
        try:
            found += periods_between(first, last)
        except PeriodError as exc:
            raise invalid("to", exc.message, exc.message_en) from None
    for name in relative:
        if name not in RELATIVE:
            raise invalid("relative", f"Kỳ tương đối '{name}' không có; dùng: {', '.join(RELATIVE)}",
                          f"No relative period '{name}'; use one of: {', '.join(RELATIVE)}")  # fmt: skip
    month = Period.of(today(), PeriodType.MONTH)
    if "last_12_months" in relative:
        found += periods_between(month.shift(-12), month.shift(-1))
    if "this_year" in relative:
        found.append(Period.of(today(), PeriodType.YEAR))
    if not found:
        if not {"ytd", "same_period_last_year"} & set(relative):
            raise invalid("period", "Cần ít nhất một kỳ (period, from/to hoặc relative)",
                          "Give at least one period (period, from/to or relative)")  # fmt: skip
        found.append(month)
    if "same_period_last_year" in relative:
        found = [p.same_period_last_year() for p in found]
    result = [Window.of(p) for p in found]
    if "ytd" in relative:  # lũy kế: from 1 January to the end of each period
        result = [_ytd(p) for p in found]
    if len(result) > MAX_WINDOWS:
        raise invalid(
            "period", f"Quá nhiều kỳ (tối đa {MAX_WINDOWS})", f"Too many periods (at most {MAX_WINDOWS})"
        )
    return list(dict.fromkeys(result))


def _ytd(period: Period) -> Window:
    start = date(period.end.year, 1, 1)
    window = Window(f"{period.end.year}-01..{period}", start, period.end)
    exact = sorted(window.exact(), key=len)
    return Window(exact[0], start, period.end) if exact else window
