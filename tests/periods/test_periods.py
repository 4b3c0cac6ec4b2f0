"""Period identifiers, navigation, containment and names."""

from __future__ import annotations

from datetime import date

import pytest

from baocao.periods.periods import (
    Period,
    PeriodError,
    PeriodType,
    parse_period,
    periods_between,
    periods_within,
)

CANONICAL = [
    "2025",
    "2025-9M",
    "2025-H1",
    "2025-H2",
    "2025-Q3",
    "2025-07",
    "2025-W28",
    "2025-07-14",
    "2020-W53",
]


def ids(periods: object) -> list[str]:
    return [str(p) for p in periods]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", CANONICAL)
def test_canonical_identifiers_round_trip(text: str) -> None:
    assert str(parse_period(text)) == text


@pytest.mark.parametrize(
    ("text", "kind", "year", "index"),
    [
        ("2025", PeriodType.YEAR, 2025, 1),
        ("2025-9M", PeriodType.NINE_MONTHS, 2025, 1),
        ("2025-H2", PeriodType.HALF_YEAR, 2025, 2),
        ("2025-Q3", PeriodType.QUARTER, 2025, 3),
        ("2025-07", PeriodType.MONTH, 2025, 7),
        ("2025-W28", PeriodType.WEEK, 2025, 28),
        ("2025-07-14", PeriodType.DAY, 2025, 195),
    ],
)
def test_parse_gives_type_year_and_index(text: str, kind: PeriodType, year: int, index: int) -> None:
    assert parse_period(text) == Period(kind, year, index)


def test_lenient_spellings_normalise_to_the_canonical_form() -> None:
    assert str(parse_period(" 2025-q3 ")) == "2025-Q3"
    assert str(parse_period("2025-7")) == "2025-07"
    assert str(parse_period("2025-9m")) == "2025-9M"
    assert str(parse_period("2025-h1")) == "2025-H1"


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("2025-13", "Tháng 13 không tồn tại", "Month 13 does not exist"),
        ("2025-00", "Tháng 0 không tồn tại", "Month 0 does not exist"),
        ("2025-Q5", "Quý 5 không tồn tại", "Quarter 5 does not exist"),
        ("2025-H3", "Nửa năm H3 không tồn tại", "Half-year H3 does not exist"),
        ("2025-W53", "năm 2025 có 52 tuần ISO", "2025 has 52 ISO weeks"),
        ("2025-02-29", "Ngày 29/02/2025 không tồn tại", "2025-02-29 does not exist"),
        ("2025-13-01", "Tháng 13 không tồn tại", "Month 13 does not exist"),
        ("1800", "Năm 1800 nằm ngoài phạm vi", "Year 1800 is outside"),
        ("Q3/2025", "Không nhận ra kỳ báo cáo", "is not a period identifier"),
        ("", "Không nhận ra kỳ báo cáo", "is not a period identifier"),
    ],
)
def test_bad_identifiers_fail_in_both_languages(text: str, vi: str, en: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert vi in caught.value.message
    assert en in caught.value.message_en


def test_calendar_ranges() -> None:
    cases = {
        "2025": (date(2025, 1, 1), date(2025, 12, 31)),
        "2025-9M": (date(2025, 1, 1), date(2025, 9, 30)),
        "2025-H1": (date(2025, 1, 1), date(2025, 6, 30)),
        "2025-H2": (date(2025, 7, 1), date(2025, 12, 31)),
        "2025-Q1": (date(2025, 1, 1), date(2025, 3, 31)),
        "2024-02": (date(2024, 2, 1), date(2024, 2, 29)),
        "2025-W28": (date(2025, 7, 7), date(2025, 7, 13)),
        "2025-W01": (date(2024, 12, 30), date(2025, 1, 5)),
        "2025-07-14": (date(2025, 7, 14), date(2025, 7, 14)),
    }
    for text, (start, end) in cases.items():
        period = parse_period(text)
        assert (period.start, period.end) == (start, end), text


def test_names_in_vietnamese_and_english() -> None:
    names = {
        "2025-07": ("Tháng 7/2025", "July 2025"),
        "2025-Q3": ("Quý III/2025", "Q3 2025"),
        "2025-Q4": ("Quý IV/2025", "Q4 2025"),
        "2025-H1": ("6 tháng đầu năm 2025", "First half of 2025"),
        "2025-H2": ("6 tháng cuối năm 2025", "Second half of 2025"),
        "2025-9M": ("9 tháng năm 2025", "First nine months of 2025"),
        "2025": ("Năm 2025", "Year 2025"),
        "2025-07-14": ("Ngày 14/07/2025", "14 July 2025"),
        "2025-W28": ("Tuần 28/2025 (07/07–13/07/2025)", "Week 28 of 2025 (2025-07-07 to 2025-07-13)"),
    }
    for text, (vi, en) in names.items():
        assert (parse_period(text).name, parse_period(text).name_en) == (vi, en)


def test_containment_follows_the_reporting_hierarchy() -> None:
    july, q3 = parse_period("2025-07"), parse_period("2025-Q3")
    h2, year, nine = parse_period("2025-H2"), parse_period("2025"), parse_period("2025-9M")
    assert q3.contains(july) and h2.contains(q3) and year.contains(h2)
    assert nine.contains(july) and nine.contains(q3) and nine.contains(parse_period("2025-H1"))
    assert not nine.contains(parse_period("2025-10"))
    assert not nine.contains(h2)
    assert not q3.contains(parse_period("2025-06"))
    assert not year.contains(parse_period("2026-01"))
    assert not july.contains(q3)
    assert year.contains(year)
    # ISO week 1 of 2025 starts on 30 December 2024: no month or year holds all of it
    week = parse_period("2025-W01")
    assert not year.contains(week) and not parse_period("2025-01").contains(week)
    assert parse_period("2025-07").contains(parse_period("2025-W28"))


def test_parents_smallest_first() -> None:
    assert ids(parse_period("2025-07").parents()) == ["2025-Q3", "2025-H2", "2025-9M", "2025"]
    assert ids(parse_period("2025-11").parents()) == ["2025-Q4", "2025-H2", "2025"]
    assert ids(parse_period("2025-H1").parents()) == ["2025-9M", "2025"]
    assert ids(parse_period("2025").parents()) == []
    assert ids(parse_period("2025-03-31").parents()) == [
        "2025-W14",
        "2025-03",
        "2025-Q1",
        "2025-H1",
        "2025-9M",
        "2025",
    ]


def test_children() -> None:
    assert ids(parse_period("2025").children()) == ["2025-H1", "2025-H2"]
    assert ids(parse_period("2025").children(PeriodType.QUARTER)) == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]
    assert ids(parse_period("2025-9M").children()) == ["2025-Q1", "2025-Q2", "2025-Q3"]
    assert ids(parse_period("2025-9M").children(PeriodType.MONTH)) == [f"2025-{m:02d}" for m in range(1, 10)]
    assert ids(parse_period("2025-H2").children()) == ["2025-Q3", "2025-Q4"]
    assert ids(parse_period("2025-Q1").children()) == ["2025-01", "2025-02", "2025-03"]
    assert len(parse_period("2024-02").children()) == 29
    assert parse_period("2025-07-14").children() == ()
    assert parse_period("2025-07").children(PeriodType.YEAR) == ()
    weeks = parse_period("2025").children(PeriodType.WEEK)
    assert (str(weeks[0]), str(weeks[-1]), len(weeks)) == ("2025-W02", "2025-W52", 51)


def test_months_covered() -> None:
    assert ids(parse_period("2025-Q3").months()) == ["2025-07", "2025-08", "2025-09"]
    assert len(parse_period("2025").months()) == 12
    assert len(parse_period("2025-9M").months()) == 9
    assert ids(parse_period("2025-W01").months()) == ["2024-12", "2025-01"]
    assert ids(parse_period("2025-07-14").months()) == ["2025-07"]


@pytest.mark.parametrize(
    ("text", "previous", "following", "last_year"),
    [
        ("2025-01", "2024-12", "2025-02", "2024-01"),
        ("2025-12", "2025-11", "2026-01", "2024-12"),
        ("2025-Q1", "2024-Q4", "2025-Q2", "2024-Q1"),
        ("2025-Q4", "2025-Q3", "2026-Q1", "2024-Q4"),
        ("2025-H1", "2024-H2", "2025-H2", "2024-H1"),
        ("2025-H2", "2025-H1", "2026-H1", "2024-H2"),
        ("2025-9M", "2024-9M", "2026-9M", "2024-9M"),
        ("2025", "2024", "2026", "2024"),
        ("2025-01-01", "2024-12-31", "2025-01-02", "2024-01-01"),
        ("2024-02-29", "2024-02-28", "2024-03-01", "2023-02-28"),
        ("2025-W01", "2024-W52", "2025-W02", "2024-W01"),
        ("2020-W53", "2020-W52", "2021-W01", "2019-W52"),
        ("2021-W01", "2020-W53", "2021-W02", "2020-W01"),
    ],
)
def test_previous_next_and_same_period_last_year(
    text: str, previous: str, following: str, last_year: str
) -> None:
    period = parse_period(text)
    assert str(period.previous()) == previous
    assert str(period.next()) == following
    assert str(period.same_period_last_year()) == last_year
    assert period.previous().next() == period


def test_navigation_stops_at_the_supported_years() -> None:
    with pytest.raises(PeriodError):
        parse_period("1900-01").previous()
    with pytest.raises(PeriodError):
        parse_period("2199").next()


def test_periods_between() -> None:
    assert ids(periods_between(parse_period("2024-11"), parse_period("2025-02"))) == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]
    assert ids(periods_between(parse_period("2024-Q4"), parse_period("2025-Q1"))) == ["2024-Q4", "2025-Q1"]
    assert len(periods_between(parse_period("2024-01-01"), parse_period("2024-12-31"))) == 366
    assert ids(periods_between(parse_period("2020-W52"), parse_period("2021-W01"))) == [
        "2020-W52",
        "2020-W53",
        "2021-W01",
    ]
    with pytest.raises(PeriodError, match="different types"):
        periods_between(parse_period("2025-01"), parse_period("2025-Q1"))
    with pytest.raises(PeriodError, match="comes before"):
        periods_between(parse_period("2025-03"), parse_period("2025-01"))


def test_periods_within_a_date_range() -> None:
    assert ids(periods_within(date(2025, 2, 1), date(2025, 12, 31), PeriodType.QUARTER)) == [
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]
    assert ids(periods_within(date(2024, 1, 1), date(2025, 9, 30), PeriodType.NINE_MONTHS)) == [
        "2024-9M",
        "2025-9M",
    ]
    assert ids(periods_within(date(2024, 1, 2), date(2025, 9, 29), PeriodType.NINE_MONTHS)) == []
    assert ids(periods_within(date(2025, 3, 1), date(2025, 6, 1), PeriodType.YEAR)) == []


def test_period_of_a_date() -> None:
    day = date(2025, 8, 20)
    assert str(Period.of(day, PeriodType.QUARTER)) == "2025-Q3"
    assert str(Period.of(day, PeriodType.HALF_YEAR)) == "2025-H2"
    assert str(Period.of(day, PeriodType.WEEK)) == "2025-W34"
    assert str(Period.of(day, PeriodType.NINE_MONTHS)) == "2025-9M"
    with pytest.raises(PeriodError):
        Period.of(date(2025, 10, 1), PeriodType.NINE_MONTHS)


def test_ordinals_are_consecutive_across_years() -> None:
    for kind in PeriodType:
        if kind is PeriodType.NINE_MONTHS:
            continue
        last = Period.of(date(2024, 12, 31), kind)
        assert last.next().ordinal == last.ordinal + 1
        assert Period.from_ordinal(kind, last.ordinal) == last


def test_type_may_be_given_as_text() -> None:
    assert Period("month", 2025, 7) == parse_period("2025-07")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Period("fortnight", 2025, 1)  # type: ignore[arg-type]
