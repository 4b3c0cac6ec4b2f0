"""Authorisation matrix rows (tests/access/matrix.py) of the Excel routes, and the world's test regime.

The template needs ``submissions.write`` with the unit in the capture scope (a reporter's own unit);
the upload names no unit in its path (the file does), so its row runs once per actor, without a file:
an allowed actor gets past the permission to the 422 that asks for the file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from baocao.access.rules import Permission
from baocao.catalog.loader import load_catalogue
from baocao.periods.periods import Period, PeriodType
from baocao.regimes.loader import load_regime
from baocao.timeutil import today
from tests.access.matrix import Case, MatrixRow, Probe
from tests.access.world import World

DATA = Path(__file__).resolve().parent / "data"
REGIME = "X_EXCEL"  # every unit the matrix aims at reports under it (data/x_excel.yaml)
MATRIX_PERIOD = str(Period.of(today(), PeriodType.MONTH).next())


def seed(db: Session, world: World) -> None:
    load_catalogue(db, DATA / "x_catalogue.yaml")
    load_regime(db, DATA / "x_excel.yaml", actor="test")


def _template(case: Case) -> Probe:
    params = {"regime": REGIME, "unit": case.target, "period": MATRIX_PERIOD}
    return Probe("GET", "/api/v1/submissions/template.xlsx", params=params)


ROWS: list[MatrixRow] = [
    MatrixRow("excel", "template", Permission.SUBMISSIONS_WRITE, "read", _template),
    MatrixRow(
        "excel",
        "upload without a file",
        Permission.SUBMISSIONS_WRITE,
        "action",
        lambda c: Probe("POST", "/api/v1/submissions/upload"),
        ok=frozenset({422}),
        per_target=False,
    ),
]
