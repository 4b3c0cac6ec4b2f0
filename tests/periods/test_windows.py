"""Cut-off windows: calendar (statistical) and Decree 09 Art. 12 (administrative)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from baocao.periods.periods import PeriodError, PeriodType, parse_period
from baocao.periods.windows import CutoffConvention, Window, period_for_date, window, window_basis

ADMIN = CutoffConvention.ADMINISTRATIVE
STAT = CutoffConvention.STATISTICAL


@pytest.mark.parametrize(
    ("text", "admin", "calendar"),
    [
        ("2025-07", (date(2025, 6, 15), date(2025, 7, 14)), (date(2025, 7, 1), date(2025, 7, 31))),
        ("2025-01", (date(2024, 12, 15), date(2025, 1, 14)), (date(2025, 1, 1), date(2025, 1, 31))),
        ("2024-03", (date(2024, 2, 15), date(2024, 3, 14)), (date(2024, 3, 1), date(2024, 3, 31))),
        ("2025-Q1", (date(2024, 12, 15), date(2025, 3, 14)), (date(2025, 1, 1), date(2025, 3, 31))),
        ("2025-Q3", (date(2025, 6, 15), date(2025, 9, 14)), (date(2025, 7, 1), date(2025, 9, 30))),
        ("2025-H1", (date(2024, 12, 15), date(2025, 6, 14)), (date(2025, 1, 1), date(2025, 6, 30))),
        ("2025-H2", (date(2025, 6, 15), date(2025, 12, 14)), (date(2025, 7, 1), date(2025, 12, 31))),
        ("2025-9M", (date(2024, 12, 15), date(2025, 9, 14)), (date(2025, 1, 1), date(2025, 9, 30))),
        ("2025", (date(2024, 12, 15), date(2025, 12, 14)), (date(2025, 1, 1), date(2025, 12, 31))),
        ("2025-W28", (date(2025, 7, 7), date(2025, 7, 13)), (date(2025, 7, 7), date(2025, 7, 13))),
        ("2025-07-14", (date(2025, 7, 14), date(2025, 7, 14)), (date(2025, 7, 14), date(2025, 7, 14))),
    ],
)
def test_windows_for_every_type_in_both_conventions(
    text: str, admin: tuple[date, date], calendar: tuple[date, date]
) -> None:
    period = parse_period(text)
    assert window(period, ADMIN) == Window(*admin)
    assert window(period, STAT) == Window(*calendar)


def test_consecutive_administrative_months_tile_the_year_without_gaps() -> None:
    months = [parse_period(f"2025-{m:02d}") for m in range(1, 13)]
    windows = [window(m, ADMIN) for m in months]
    for before, after in pairwise(windows):
        assert (after.start - before.end).days == 1
    assert windows[0].start == window(parse_period("2025"), ADMIN).start
    assert windows[-1].end == window(parse_period("2025"), ADMIN).end
    assert sum(w.days for w in windows) == window(parse_period("2025"), ADMIN).days == 365


def test_window_days_and_membership() -> None:
    w = window(parse_period("2025-07"), ADMIN)
    assert w.days == 30
    assert date(2025, 6, 15) in w and date(2025, 7, 14) in w
    assert date(2025, 7, 15) not in w and date(2025, 6, 14) not in w


def test_basis_says_which_windows_the_law_names() -> None:
    assert not window_basis(parse_period("2025-Q3"), ADMIN).extension
    assert not window_basis(parse_period("2025-H1"), ADMIN).extension
    assert not window_basis(parse_period("2025"), ADMIN).extension
    h2 = window_basis(parse_period("2025-H2"), ADMIN)
    assert h2.extension and "Not named" in h2.text_en and "không quy định" in h2.text
    assert window_basis(parse_period("2025-9M"), ADMIN).extension
    assert "Decree 60/2018" in window_basis(parse_period("2025-07"), STAT).text_en
    assert window_basis(parse_period("2025-W28"), ADMIN).extension


def test_period_for_date_under_each_convention() -> None:
    assert str(period_for_date(date(2025, 6, 20), PeriodType.MONTH, ADMIN)) == "2025-07"
    assert str(period_for_date(date(2025, 6, 20), PeriodType.MONTH, STAT)) == "2025-06"
    assert str(period_for_date(date(2025, 6, 14), PeriodType.MONTH, ADMIN)) == "2025-06"
    assert str(period_for_date(date(2025, 12, 20), PeriodType.YEAR, ADMIN)) == "2026"
    assert str(period_for_date(date(2025, 12, 20), PeriodType.QUARTER, ADMIN)) == "2026-Q1"
    assert str(period_for_date(date(2025, 6, 15), PeriodType.HALF_YEAR, ADMIN)) == "2025-H2"
    assert str(period_for_date(date(2024, 12, 15), PeriodType.NINE_MONTHS, ADMIN)) == "2025-9M"
    assert str(period_for_date(date(2025, 6, 20), PeriodType.WEEK, ADMIN)) == "2025-W25"
    with pytest.raises(PeriodError):
        period_for_date(date(2025, 9, 15), PeriodType.NINE_MONTHS, ADMIN)


def test_period_for_date_agrees_with_window_for_every_day_of_a_year() -> None:
    day = date(2025, 1, 1)
    while day.year == 2025:
        for kind in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.HALF_YEAR, PeriodType.YEAR):
            for convention in CutoffConvention:
                assert day in window(period_for_date(day, kind, convention), convention)
        day = date.fromordinal(day.toordinal() + 1)
