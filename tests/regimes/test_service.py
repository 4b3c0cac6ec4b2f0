"""Who reports, to whom and by when, resolved as of the period (the 1 July 2025 merger included)."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.periods.holidays import WorkingCalendar
from baocao.regimes import service
from baocao.units.models import UnitVersion
from baocao.units.reference import DATA_DIR
from tests.regimes.samples import edit, load

CALENDAR = WorkingCalendar()  # the statutory days off, without configured extras


def _codes(units: list[UnitVersion]) -> set[str]:
    return {u.code for u in units}


def _communes_of(province: str, file: str) -> set[str]:
    with (DATA_DIR / file).open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle) if row["province_code"] == province}


def test_63_provinces_report_for_june_2025_and_34_for_july(demo_db: Session) -> None:
    version = service.version_for_period(demo_db, "KTXH_THANG", "2025-07")
    june = service.reporting_units(demo_db, version, "2025-06")
    july = service.reporting_units(demo_db, version, "2025-07")
    assert (len(june), len(july)) == (63, 34)
    assert {u.level for u in june + july} == {"province"}
    assert "02" in _codes(june) and "02" not in _codes(july)  # Hà Giang merged into Tuyên Quang
    expected = service.expected_submissions(demo_db, "KTXH_THANG", "2025-07", CALENDAR)
    assert {(i.receiver.code if i.receiver else None) for i in expected.items} == {"CP"}


def test_the_communes_of_a_province_before_and_after_the_merger(demo_db: Session) -> None:
    text = edit("reporting_units: all_provinces", "reporting_units: communes_of_receiver")
    text = edit("receiver: CP", 'receiver: "01"', text)
    text = edit("frequency: year", "frequency: month", text)
    version = service.get_version(demo_db, "MAU_THU", load(demo_db, text).version)
    before = service.reporting_units(demo_db, version, "2025-06")
    after = service.reporting_units(demo_db, version, "2025-07")
    assert _codes(before) == _communes_of("01", "communes_2024.csv")  # 526 communes of Hà Nội
    assert _codes(after) == _communes_of("01", "communes_2025.csv")  # 126 after the merger
    assert len(before) == 526 and len(after) == 126


def test_children_of_a_province_are_districts_before_and_communes_after(demo_db: Session) -> None:
    text = edit("reporting_units: all_provinces", 'reporting_units: {rule: children_of, unit: "01"}')
    version = service.get_version(demo_db, "MAU_THU", load(demo_db, text).version)
    assert {u.level for u in service.reporting_units(demo_db, version, "2024")} == {"district"}
    assert len(service.reporting_units(demo_db, version, "2024")) == 30
    assert {u.level for u in service.reporting_units(demo_db, version, "2025")} == {"commune"}


def test_a_commune_reports_to_its_parent_as_of_the_period(demo_db: Session) -> None:
    text = edit("reporting_units: all_provinces", "reporting_units: all_communes")
    text = edit("receiver: CP", "receiver: parent", text)
    version = service.get_version(demo_db, "MAU_THU", load(demo_db, text).version)
    # 00004 was Phường Trúc Bạch (district Ba Đình) in 2024, Phường Ba Đình (Hà Nội) from July 2025.
    old = service.resolve_reporting_unit(demo_db, "00004", "2024")
    new = service.resolve_reporting_unit(demo_db, "00004", "2025")
    assert old.unit_id != new.unit_id
    assert service.receiver_for(demo_db, version, old, "2024").code == "001"
    assert service.receiver_for(demo_db, version, new, "2025").code == "01"
    # The education regime names the province level: the same answer on both sides of the merger.
    education = service.version_for_period(demo_db, "GD_XA_NAM", "2024")
    assert service.receiver_for(demo_db, education, old, "2024").code == "01"
    assert service.receiver_for(demo_db, education, new, "2025").code == "01"
    expected = service.expected_submissions(demo_db, "GD_XA_NAM", "2025", CALENDAR)
    assert len(expected.items) == 3321
    assert {i.receiver.level for i in expected.items if i.receiver} == {"province"}
    assert all(i.receiver for i in expected.items)


def test_the_deadline_is_the_25th_for_the_monthly_report(demo_db: Session) -> None:
    version = service.version_for_period(demo_db, "KTXH_THANG", "2025-06")
    assert service.deadline_for(version, "2025-06", CALENDAR) == date(2025, 6, 25)
    expected = service.expected_submissions(demo_db, "KTXH_THANG", "2025-02", CALENDAR)
    assert (expected.deadline, expected.open_until) == (date(2025, 2, 25), date(2025, 2, 28))  # 3 grace days
    assert {(i.deadline, i.open_until) for i in expected.items} == {(date(2025, 2, 25), date(2025, 2, 28))}


def test_working_days_after_the_period_skip_tet(demo_db: Session) -> None:
    # A disaster on Friday 13 Feb 2026: the next working day is Monday 23 Feb, after Tết (16–20 Feb).
    disaster = service.version_for_period(demo_db, "THIEN_TAI", "2026-02-13")
    assert service.deadline_for(disaster, "2026-02-13", CALENDAR) == date(2026, 2, 23)
    assert service.deadline_for(disaster, "2026-02-10", CALENDAR) == date(2026, 2, 11)
    # 30 working days after 2024: January has 18 (1 Jan off), Tết takes 28 Jan–3 Feb, then 12 more
    # to Wednesday 19 Feb 2025 (without Tết it would be 12 Feb).
    education = service.version_for_period(demo_db, "GD_XA_NAM", "2024")
    assert service.deadline_for(education, "2024", CALENDAR) == date(2025, 2, 19)
    # A day off decided for the year (configured) moves it again.
    extra = WorkingCalendar(extra_holidays=[date(2025, 1, 27)])
    assert service.deadline_for(education, "2024", extra) == date(2025, 2, 20)


def test_a_deadline_on_a_day_off_moves_to_the_next_working_day_when_the_rule_says_so(
    demo_db: Session,
) -> None:
    budget = service.version_for_period(demo_db, "NSNN_QUY", "2028-Q1")
    # 15 days after 31 March 2028 is Saturday 15 April: rolled to Monday 17 April.
    assert service.deadline_for(budget, "2028-Q1", CALENDAR) == date(2028, 4, 17)
    assert service.deadline_for(budget, "2025-Q4", CALENDAR) == date(2026, 1, 15)


def test_periods_that_do_not_fit_are_refused_naming_the_period(demo_db: Session) -> None:
    with pytest.raises(ApiError) as wrong_type:
        service.version_for_period(demo_db, "KTXH_THANG", "2025-Q3")
    assert (wrong_type.value.status, wrong_type.value.field) == (422, "period")
    assert "periods look like 2025-07" in wrong_type.value.message_en
    with pytest.raises(ApiError) as too_early:
        service.version_for_period(demo_db, "THIEN_TAI", "2024-05-01")
    assert "no version in force on 2024-05-01" in too_early.value.message_en
    with pytest.raises(ApiError) as nonsense:
        service.expected_submissions(demo_db, "KTXH_THANG", "2025-13")
    assert nonsense.value.field == "period"
    with pytest.raises(ApiError) as unknown:
        service.get_regime(demo_db, "KHONG_CO")
    assert unknown.value.status == 404


def test_must_report_without_listing_every_unit(demo_db: Session) -> None:
    monthly = service.version_for_period(demo_db, "KTXH_THANG", "2025-07")
    hanoi = service.resolve_reporting_unit(demo_db, "01", "2025-07")
    commune = service.resolve_reporting_unit(demo_db, "00004", "2025-07")
    assert service.must_report(demo_db, monthly, hanoi, "2025-07")
    assert not service.must_report(demo_db, monthly, commune, "2025-07")
    ha_giang = service.resolve_reporting_unit(demo_db, "02", "2025-06")
    assert service.must_report(demo_db, monthly, ha_giang, "2025-06")
    assert not service.must_report(demo_db, monthly, ha_giang, "2025-07")  # no longer exists
