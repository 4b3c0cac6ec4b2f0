"""Cross-period, cross-unit and outlier rules against accepted reports stored in a real database."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from baocao.validation.kinds import modified_z, z_score
from baocao.validation.service import validate_version
from tests.validation.world import CellDef, RuleDef, regime, submission

THU = [CellDef("R01", "C1", "THU_NSNN")]


def test_change_against_the_previous_period(db: Session) -> None:
    rules = [
        RuleDef(
            "KY_TRUOC", "cross_period", "R01.C1", "warning", {"compare": "previous", "max_change_pct": 30}
        )
    ]
    version = regime(db, "THANG", THU, rules)
    submission(db, version, "01", "2025-06", {"THU_NSNN": 100})
    submission(db, version, "01", "2024-07", {"THU_NSNN": 150})  # same period last year: not used here
    head, row = submission(db, version, "01", "2025-07", {"THU_NSNN": 150}, state="draft")
    result = validate_version(db, head, row)[0]
    assert not result.passed and result.importance == "warning"
    assert (result.left_value, result.right_value) == (150, 100)
    assert "so với 100 của kỳ trước (2025-06): +50%, giới hạn ±30%" in result.message
    assert "previous period (2025-06): +50%" in result.message_en
    assert result.cells == "B01!R01.C1"

    head, row = submission(db, version, "79", "2025-07", {"THU_NSNN": 75}, state="draft")
    submission(db, version, "79", "2025-06", {"THU_NSNN": 100})
    result = validate_version(db, head, row)[0]
    assert result.passed and "-25%" in result.message


def test_only_an_accepted_report_of_the_period_counts(db: Session) -> None:
    rules = [
        RuleDef("KY_TRUOC", "cross_period", "THU_NSNN", params={"compare": "previous", "max_change_pct": 30})
    ]
    version = regime(db, "THANG", THU, rules)
    submission(db, version, "01", "2025-06", {"THU_NSNN": 10}, state="submitted")
    head, row = submission(db, version, "01", "2025-07", {"THU_NSNN": 150}, state="draft")
    assert validate_version(db, head, row) == []  # nothing accepted to compare with: skipped


def test_change_against_the_same_period_last_year(db: Session) -> None:
    params = {"compare": "same_period_last_year", "max_change_pct": 10, "direction": "decrease"}
    version = regime(
        db, "QUY", THU, [RuleDef("CUNG_KY", "cross_period", "R01.C1", params=params)], frequency="quarter"
    )
    submission(db, version, "01", "2025-Q2", {"THU_NSNN": 1})
    submission(db, version, "01", "2024-Q3", {"THU_NSNN": 200})
    head, row = submission(db, version, "01", "2025-Q3", {"THU_NSNN": 400}, state="draft")
    result = validate_version(db, head, row)[0]
    assert result.passed and result.right_value == 200  # +100%, but only decreases are checked
    assert "cùng kỳ năm trước (2024-Q3)" in result.message
    head, row = submission(db, version, "79", "2025-Q3", {"THU_NSNN": 170}, state="draft")
    submission(db, version, "79", "2024-Q3", {"THU_NSNN": 200})
    assert not validate_version(db, head, row)[0].passed  # -15%


NATIONAL = [RuleDef("KIEM_TRA_CHEO", "cross_unit", "R01.C1", params={"tolerance_pct": 0.5})]


def _provinces(db: Session, states: dict[str, str]) -> None:
    """The provinces' quarterly budget reports to the Ministry of Finance."""
    version = regime(db, "NSNN_TINH", [CellDef("D1", "C1", "THU_NSNN", form="BIEU_TINH")], [])
    for unit, value in (("01", 100.0), ("79", 200.0), ("31", 300.0)):
        submission(
            db,
            version,
            unit,
            "2025-Q3",
            {"THU_NSNN": value},
            state=states.get(unit, "accepted"),
            receiver="BTC",
        )


def test_a_ministrys_national_figure_against_the_sum_of_the_provinces(db: Session) -> None:
    _provinces(db, {})
    version = regime(db, "NSNN_BO", THU, NATIONAL, frequency="quarter", owner="BTC")
    head, row = submission(db, version, "BTC", "2025-Q3", {"THU_NSNN": 650}, state="draft")
    result = validate_version(db, head, row)[0]
    assert not result.passed and (result.left_value, result.right_value) == (650, 600)
    assert "tổng của 3 đơn vị 600, chênh lệch 50 (cho phép ±0,5%)" in result.message
    row.values[0].value_num = 602  # within 0.5 %
    db.flush()
    assert validate_version(db, head, row)[0].passed


def test_the_cross_check_waits_until_every_unit_is_accepted(db: Session) -> None:
    _provinces(db, {"31": "submitted"})
    version = regime(db, "NSNN_BO", THU, NATIONAL, frequency="quarter", owner="BTC")
    head, row = submission(db, version, "BTC", "2025-Q3", {"THU_NSNN": 650}, state="draft")
    assert validate_version(db, head, row) == []


def test_units_by_rule_and_children_as_of_the_period(db: Session) -> None:
    _provinces(db, {})
    rules = [RuleDef("TINH", "cross_unit", "THU_NSNN", params={"units": "all_provinces"})]
    version = regime(db, "NSNN_CP", THU, rules, frequency="quarter")
    head, row = submission(db, version, "CP", "2025-Q3", {"THU_NSNN": 600}, state="draft")
    assert validate_version(db, head, row)[0].passed

    communes = regime(db, "XA", THU, [], frequency="quarter")
    submission(db, communes, "00004", "2025-Q3", {"THU_NSNN": 40}, receiver="01")
    submission(db, communes, "00008", "2025-Q3", {"THU_NSNN": 50}, receiver="01")
    rules = [RuleDef("XA", "cross_unit", "THU_NSNN", params={"against": "sum_of_children"})]
    province = regime(db, "TINH_XA", THU, rules, frequency="quarter")
    head, row = submission(db, province, "01", "2025-Q3", {"THU_NSNN": 100}, state="draft")
    result = validate_version(db, head, row)[0]
    assert not result.passed and result.right_value == 90


HISTORY = [100, 102, 98, 101, 99, 103, 97, 100, 104, 96, 100, 101]


def _history(db: Session, method: str, values: list[float]) -> object:
    params = {"method": method, "threshold": 3.5 if method == "modified_z" else 3, "history": 12}
    version = regime(db, "LICH_SU", THU, [RuleDef("BAT_THUONG", "outlier", "R01.C1", "warning", params)])
    for month, value in enumerate(values, start=1):
        submission(db, version, "01", f"2024-{month:02d}", {"THU_NSNN": value})
    return version


@pytest.mark.parametrize("method", ["modified_z", "zscore"])
def test_an_outlier_against_the_units_own_history(db: Session, method: str) -> None:
    version = _history(db, method, HISTORY)
    head, row = submission(db, version, "01", "2025-01", {"THU_NSNN": 180}, state="draft")
    result = validate_version(db, head, row)[0]
    assert (
        not result.passed and result.left_value == 180 and result.right_value == pytest.approx(100, abs=0.5)
    )
    assert "12 kỳ trước" in result.message
    assert ("z cải tiến" if method == "modified_z" else "z =") in result.message
    row.values[0].value_num = 103
    db.flush()
    assert validate_version(db, head, row)[0].passed


def test_too_short_a_history_skips_the_outlier_rule(db: Session) -> None:
    version = _history(db, "modified_z", [100, 101, 99])
    head, row = submission(db, version, "01", "2025-01", {"THU_NSNN": 1000}, state="draft")
    assert validate_version(db, head, row) == []


def test_scores() -> None:
    score, median = modified_z(180, HISTORY)
    assert median == 100 and score == pytest.approx(0.6745 * 80 / 1.5)
    assert modified_z(100, [100, 100, 100, 100, 100]) == (0.0, 100)
    assert modified_z(101, [100, 100, 100, 100, 100])[0] == float("inf")
    score, mean = z_score(3, [1, 2, 3])
    assert mean == 2 and score == pytest.approx(1.0)
