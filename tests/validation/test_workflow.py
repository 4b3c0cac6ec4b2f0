"""Validation inside the one write path: inline messages, errors block submit, warnings need a comment."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.submissions import service
from baocao.submissions.actors import CellInput, system_actor
from baocao.validation.service import results_for
from tests.validation.world import CellDef, RuleDef, regime

CELLS = [CellDef("R01", "C1", "TONG"), CellDef("R02", "C1", "PHAN_A"), CellDef("R03", "C1", "PHAN_B")]
RULES = [
    RuleDef("TONG_BANG", "in_form", "R01.C1 == R02.C1 + R03.C1"),
    RuleDef("DUOI_100", "in_form", "R01.C1 < 100", importance="warning"),
]


def _cells(total: float, a: float, b: float) -> list[CellInput]:
    return [CellInput("TONG", "", total), CellInput("PHAN_A", "", a), CellInput("PHAN_B", "", b)]


def test_errors_block_submission_and_warnings_need_a_comment(db: Session) -> None:
    regime(db, "QUY_TRINH", CELLS, RULES)
    actor = system_actor()
    submission = service.open_submission(db, "QUY_TRINH", "01", "2025-07", actor)
    report = service.write_values(db, submission, _cells(150, 100, 20), actor)
    assert {(r.rule_code, r.passed) for r in report.validation} == {("TONG_BANG", False), ("DUOI_100", False)}

    with pytest.raises(ApiError) as caught:
        service.submit(db, submission, actor)
    assert caught.value.status == 422
    assert [d.field for d in caught.value.details] == ["TONG_BANG", "DUOI_100"]
    assert caught.value.details[0].location == "B01!R01.C1, B01!R02.C1, B01!R03.C1"

    service.write_values(db, submission, _cells(150, 130, 20), actor)
    with pytest.raises(ApiError) as caught:  # the error is fixed; the warning still needs a comment
        service.submit(db, submission, actor)
    assert [d.field for d in caught.value.details] == ["DUOI_100"]

    comment = "Thu tăng do quyết toán dự án lớn"
    version = service.submit(db, submission, actor, warning_comments={"DUOI_100": comment})
    stored = {r.rule_code: r for r in results_for(db, submission, version)}
    assert stored["TONG_BANG"].passed
    assert not stored["DUOI_100"].passed and stored["DUOI_100"].comment == comment
