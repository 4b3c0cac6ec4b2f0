"""Every rule of the demo regimes (as the regime loader stores them) evaluates on real submissions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.regimes.demo import load_demo_regimes
from baocao.storage.engine import make_engine
from baocao.submissions import service
from baocao.submissions.actors import CellInput, system_actor
from baocao.submissions.forms import load_form_index
from baocao.submissions.models import Submission
from baocao.validation.queries import rules_of
from baocao.validation.service import validate_version

CASES = [("NSNN_QUY", "01", "2025-Q3"), ("KTXH_THANG", "79", "2025-07"), ("GD_XA_NAM", "00004", "2025"),
         ("THIEN_TAI", "01", "2025-09-28")]  # fmt: skip


@pytest.fixture
def demo(units_database_url: str) -> Iterator[Session]:
    session = Session(make_engine(units_database_url))
    load_catalogue(session, DEMO_CATALOGUE)
    load_demo_regimes(session)
    yield session
    session.rollback()
    session.close()


def _fill(
    db: Session, regime: str, unit: str, period: str, value: float, by_address: dict[str, float] | None = None
) -> Submission:
    """Every numeric input cell ``value`` (or ``by_address``), every outline section a sentence."""
    actor = system_actor()
    submission = service.open_submission(db, regime, unit, period, actor)
    index = load_form_index(db, submission.regime_version_id)
    cells = [
        CellInput(c.element, c.option_key, (by_address or {}).get(c.address, value))
        for c in index.input_cells()
        if c.value_type in ("number", "integer", "percent")
    ]
    narrative = {code: "Tình hình ổn định." for code in index.sections}
    service.write_values(db, submission, cells, actor, narrative=narrative)
    return submission


def test_demo_rules_evaluate(demo: Session) -> None:
    for regime, unit, period in CASES:
        submission = _fill(demo, regime, unit, period, 10)
        version = service.current_version(demo, submission)
        codes = {r.code for r in rules_of(demo, submission.regime_version_id)}
        results = validate_version(demo, submission, version)
        assert results, regime
        assert {r.rule_code for r in results} <= codes
        assert all(r.message and r.message_en for r in results)


def test_a_demo_cross_period_rule_compares_with_last_years_accepted_report(demo: Session) -> None:
    actor = system_actor()
    earlier = _fill(demo, "NSNN_QUY", "01", "2024-Q3", 10, {"B01!R01.C1": 40})
    service.submit(demo, earlier, actor)
    service.accept(demo, earlier, actor)
    current = _fill(demo, "NSNN_QUY", "01", "2025-Q3", 20, {"B01!R01.C1": 80})
    results = {
        r.rule_code: r for r in validate_version(demo, current, service.current_version(demo, current))
    }
    assert results["NS01"].passed
    assert not results["NS03"].passed  # +100 % against 2024-Q3, limit 30 %
    assert (results["NS03"].left_value, results["NS03"].right_value) == (80, 40)
    assert "2024-Q3" in results["NS03"].message
