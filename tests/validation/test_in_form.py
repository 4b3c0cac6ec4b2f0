"""In-form rules on a real database: totals against parts, missing and required cells, re-validation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.validation.models import ValidationResult
from baocao.validation.service import validate_version
from tests.validation.world import CellDef, RuleDef, regime, submission

CELLS = [
    CellDef("R01", "C1", "TONG_THU", required=True),
    CellDef("R02", "C1", "THU_NOI_DIA"),
    CellDef("R03", "C1", "THU_XNK"),
    CellDef("R04", "C1", "HOC_SINH", "gioi_tinh=nam"),
    CellDef("R04", "C2", "HOC_SINH", "gioi_tinh=nu"),
    CellDef("R05", "C1", "HS_NU"),
]
RULES = [
    RuleDef("TONG", "in_form", "R01.C1 == R02.C1 + R03.C1"),
    RuleDef("NU", "in_form", "HS_NU == HOC_SINH[gioi_tinh=nu]", importance="warning"),
    RuleDef("CO_NAM", "in_form", "HOC_SINH <= 1000 ± 1%"),
]


def _stored(db: Session, version_id: int) -> dict[str, ValidationResult]:
    rows = db.scalars(select(ValidationResult).where(ValidationResult.submission_version_id == version_id))
    return {r.rule_code: r for r in rows}


def test_total_against_parts_stores_failures_at_their_cells(db: Session) -> None:
    version = regime(db, "IN_FORM", CELLS, RULES)
    values = {"TONG_THU": 120, "THU_NOI_DIA": 70, "THU_XNK": 30, "HS_NU": 605}
    values |= {"HOC_SINH[gioi_tinh=nam]": 400, "HOC_SINH[gioi_tinh=nu]": 605}
    head, row = submission(db, version, "01", "2025-07", values, state="draft")
    results = {r.rule_code: r for r in validate_version(db, head, row)}
    total = results["TONG"]
    assert not total.passed and total.importance == "error" and total.kind == "in_form"
    assert (total.left_value, total.right_value) == (120, 100)
    assert total.cells == "B01!R01.C1, B01!R02.C1, B01!R03.C1"
    assert total.message.startswith("Quy tắc TONG không đạt (vế trái 120, vế phải 100, chênh lệch 20)")
    assert "difference 20" in total.message_en
    assert results["NU"].passed
    # 1005 is within 1% of 1000; the element without options is the sum over its options
    assert results["CO_NAM"].passed and results["CO_NAM"].left_value == 1005
    assert set(_stored(db, row.id)) == {"TONG", "NU", "CO_NAM"}


def test_results_replace_the_previous_ones_and_keep_a_warnings_comment(db: Session) -> None:
    version = regime(db, "IN_FORM", CELLS, RULES)
    values = {"TONG_THU": 100, "THU_NOI_DIA": 70, "THU_XNK": 30, "HS_NU": 5}
    values |= {"HOC_SINH[gioi_tinh=nam]": 1, "HOC_SINH[gioi_tinh=nu]": 4}
    head, row = submission(db, version, "01", "2025-07", values, state="draft")
    first = {r.rule_code: r for r in validate_version(db, head, row)}
    assert first["TONG"].passed and not first["NU"].passed
    first["NU"].comment = "Số liệu nữ gồm cả học sinh chuyển đến"
    db.flush()
    again = _stored(
        db, {r.rule_code: r for r in validate_version(db, head, row)}["TONG"].submission_version_id
    )
    assert len(again) == 3
    assert again["NU"].comment == "Số liệu nữ gồm cả học sinh chuyển đến"


def test_a_missing_input_skips_the_rule_but_an_empty_required_cell_fails_it(db: Session) -> None:
    version = regime(db, "IN_FORM", CELLS, RULES)
    head, row = submission(db, version, "01", "2025-07", {"THU_NOI_DIA": 70, "THU_XNK": 30}, state="draft")
    results = {r.rule_code: r for r in validate_version(db, head, row)}
    assert set(results) == {"TONG"}  # NU and CO_NAM have missing inputs: skipped, not stored
    assert not results["TONG"].passed
    assert results["TONG"].left_value is None
    assert "ô bắt buộc chưa có số liệu: B01!R01.C1" in results["TONG"].message

    head2, row2 = submission(db, version, "79", "2025-07", {"TONG_THU": 100, "THU_XNK": 30}, state="draft")
    assert validate_version(db, head2, row2) == []  # R02 is not required: skipped
