"""Deadline rules and the Decree 09 Art. 13 working-day check."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from baocao.periods.deadlines import (
    DayOfLastMonth,
    DaysAfterCutoff,
    DeadlineRuleError,
    Roll,
    WorkingDaysAfterPeriodEnd,
    check_deadline,
    deadline_for,
    evaluate,
    parse_rule,
)
from baocao.periods.holidays import WorkingCalendar
from baocao.periods.periods import parse_period
from baocao.periods.windows import CutoffConvention

ADMIN = CutoffConvention.ADMINISTRATIVE
STAT = CutoffConvention.STATISTICAL
CALENDAR = WorkingCalendar()


def due(spec: dict[str, Any] | str, period: str, convention: CutoffConvention = ADMIN) -> date:
    return deadline_for(parse_rule(spec), parse_period(period), convention, CALENDAR)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025-07", date(2025, 7, 25)),
        ("2025-Q3", date(2025, 9, 25)),
        ("2025-H1", date(2025, 6, 25)),
        ("2025-H2", date(2025, 12, 25)),
        ("2025-9M", date(2025, 9, 25)),
        ("2025", date(2025, 12, 25)),
    ],
)
def test_decree_09_the_25th_of_the_last_month(period: str, expected: date) -> None:
    assert due({"rule": "day_of_last_month", "day": 25}, period) == expected
    assert due("day_of_last_month:25", period) == expected


def test_day_of_last_month_clamps_to_short_months_and_can_roll() -> None:
    assert due({"rule": "day_of_last_month", "day": 31}, "2025-Q2") == date(2025, 6, 30)
    assert due({"rule": "day_of_last_month", "day": 30}, "2024-02") == date(2024, 2, 29)
    # 25 January 2026 is a Sunday
    assert due({"rule": "day_of_last_month", "day": 25}, "2026-01") == date(2026, 1, 25)
    assert due({"rule": "day_of_last_month", "day": 25, "roll": "next_working_day"}, "2026-01") == date(
        2026, 1, 26
    )
    # 30 April 2025 is a holiday, then 1 May, then the weekend
    assert due("day_of_last_month:30:next_working_day", "2025-04") == date(2025, 5, 2)


def test_days_after_cutoff_depends_on_the_convention() -> None:
    assert due({"rule": "days_after_cutoff", "days": 5}, "2025-07", ADMIN) == date(2025, 7, 19)
    assert due({"rule": "days_after_cutoff", "days": 5}, "2025-07", STAT) == date(2025, 8, 5)
    assert due({"rule": "days_after_cutoff", "days": 10}, "2025", ADMIN) == date(2025, 12, 24)
    assert due({"rule": "days_after_cutoff", "days": 20}, "2025", STAT) == date(2026, 1, 20)
    # 31 January 2026 + 15 days = Sunday 15 February, then the Tết break: rolls to Monday 23 February
    assert due(
        {"rule": "days_after_cutoff", "days": 15, "roll": "next_working_day"}, "2026-01", STAT
    ) == date(2026, 2, 23)


def test_working_days_after_period_end_skip_weekends_and_tet() -> None:
    assert due({"rule": "working_days_after_period_end", "days": 5}, "2025-07") == date(2025, 8, 7)
    # January 2026 ends on a Saturday; 2–13 February hold ten working days, then Tết until 22 February
    assert due({"rule": "working_days_after_period_end", "days": 10}, "2026-01") == date(2026, 2, 13)
    assert due({"rule": "working_days_after_period_end", "days": 11}, "2026-01") == date(2026, 2, 23)
    # the same whatever the convention: it counts from the calendar period's end
    assert due({"rule": "working_days_after_period_end", "days": 3}, "2025-Q4", STAT) == date(2026, 1, 6)
    assert due({"rule": "working_days_after_period_end", "days": 3}, "2025-Q4", ADMIN) == date(2026, 1, 6)


def test_parsed_rules_and_their_specs() -> None:
    assert parse_rule({"rule": "day_of_last_month", "day": 25}) == DayOfLastMonth(25)
    assert parse_rule("days_after_cutoff:3:next_working_day") == DaysAfterCutoff(3, Roll.NEXT_WORKING_DAY)
    assert parse_rule({"rule": "working_days_after_period_end", "days": 2}) == WorkingDaysAfterPeriodEnd(2)
    assert parse_rule(DayOfLastMonth(20).as_spec()) == DayOfLastMonth(20)
    assert DaysAfterCutoff(3).as_spec() == {"rule": "days_after_cutoff", "days": 3, "roll": "none"}


@pytest.mark.parametrize(
    ("spec", "field", "text"),
    [
        ({}, "rule", "missing"),
        ({"rule": "weekly_on_friday"}, "rule", "No deadline rule 'weekly_on_friday'"),
        ("hours_after_request:24", "rule", "No deadline rule 'hours_after_request'"),
        ({"rule": "day_of_last_month"}, "day", "needs 'day'"),
        ({"rule": "day_of_last_month", "day": 32}, "day", "from 1 to 31, got 32"),
        ({"rule": "day_of_last_month", "day": 0}, "day", "got 0"),
        ({"rule": "day_of_last_month", "day": True}, "day", "got True"),
        ({"rule": "day_of_last_month", "day": "25"}, "day", "got '25'"),
        ("day_of_last_month:abc", "day", "got 'abc'"),
        ({"rule": "day_of_last_month", "days": 25}, "days", "has no parameter 'days'"),
        ({"rule": "days_after_cutoff", "days": -1}, "days", "got -1"),
        ({"rule": "days_after_cutoff", "days": 5, "roll": "previous"}, "roll", "'roll' must be"),
        ({"rule": "working_days_after_period_end", "days": 5, "roll": "none"}, "roll", "no parameter 'roll'"),
        ("day_of_last_month:25:none:extra", "rule", "expected name:number[:roll]"),
    ],
)
def test_bad_specs_name_the_field(spec: dict[str, Any] | str, field: str, text: str) -> None:
    with pytest.raises(DeadlineRuleError) as caught:
        parse_rule(spec)
    assert caught.value.field == field
    assert text in caught.value.message_en
    assert caught.value.message  # Vietnamese text too


def test_day_of_last_month_does_not_apply_to_days_and_weeks() -> None:
    with pytest.raises(DeadlineRuleError) as caught:
        due("day_of_last_month:25", "2025-W28")
    assert caught.value.field == "period"


def test_check_passes_for_decree_09_reports() -> None:
    check = evaluate(DayOfLastMonth(25), parse_period("2025-07"), ADMIN, CALENDAR)
    assert check.ok and check.warnings == ()
    assert (check.cutoff.end, check.due) == (date(2025, 7, 14), date(2025, 7, 25))
    assert check.working_days_between == 8  # 15–24 July 2025, weekends excluded


def test_check_warns_when_the_deadline_is_inside_the_calendar_period() -> None:
    check = evaluate(DayOfLastMonth(25), parse_period("2025-07"), STAT, CALENDAR)
    assert not check.ok
    assert [w.code for w in check.warnings] == ["deadline_not_after_cutoff"]


def test_check_warns_without_a_working_day_between_cutoff_and_deadline() -> None:
    # Cut-off ends Wednesday 14 January 2026; a deadline on Thursday 15 leaves no working day between
    check = check_deadline(parse_period("2026-01"), ADMIN, date(2026, 1, 15), CALENDAR)
    assert check.working_days_between == 0
    assert [w.code for w in check.warnings] == ["no_working_day_between"]
    assert "Art. 13" in check.warnings[0].message_en
    assert check_deadline(parse_period("2026-01"), ADMIN, date(2026, 1, 16), CALENDAR).ok
    # Year 2025 statistical: cut-off 31 Dec (Wed), 1 Jan holiday, Friday 2 Jan is the only day between
    check = check_deadline(parse_period("2025"), STAT, date(2026, 1, 5), CALENDAR)
    assert check.ok and check.working_days_between == 1
    check = check_deadline(parse_period("2025"), STAT, date(2026, 1, 2), CALENDAR)
    assert [w.code for w in check.warnings] == ["no_working_day_between"]


def test_check_warns_when_the_deadline_is_a_day_off() -> None:
    check = evaluate(DayOfLastMonth(25), parse_period("2026-01"), ADMIN, CALENDAR)
    assert [w.code for w in check.warnings] == ["deadline_on_day_off"]
    assert not check.due_is_working_day
    rolled = evaluate(DayOfLastMonth(25, Roll.NEXT_WORKING_DAY), parse_period("2026-01"), ADMIN, CALENDAR)
    assert rolled.ok and rolled.due == date(2026, 1, 26)


def test_ad_hoc_reports_count_from_the_request_day() -> None:
    # requested on Friday 14 February 2025: 3 calendar days → Monday 17; 3 working days → Wednesday 19
    assert due({"rule": "days_after_cutoff", "days": 3}, "2025-02-14") == date(2025, 2, 17)
    assert due({"rule": "working_days_after_period_end", "days": 3}, "2025-02-14") == date(2025, 2, 19)
