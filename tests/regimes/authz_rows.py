"""Authorisation matrix rows (tests/access/matrix.py) of /api/v1/regimes, and the world's regimes.

Reading regimes needs any role (``regimes.read``, not limited by units: regimes are metadata);
loading one needs ``regimes.admin`` with the regime's issuing unit (``owner``) in the view scope.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from baocao.access.rules import Permission
from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.regimes.demo import load_demo_regimes
from baocao.timeutil import today
from tests.access.matrix import Case, MatrixRow, Probe
from tests.access.world import World

API = "/api/v1/regimes"


def seed(db: Session, world: World) -> None:
    load_catalogue(db, DEMO_CATALOGUE)
    load_demo_regimes(db)


def owned_by(code: str, owner: str) -> str:
    """A small, valid regime issued by ``owner`` (a unit code in force today)."""
    return f"""\
code: {code}
name: Báo cáo chuyên đề thử nghiệm
name_en: Test thematic report
content: Nội dung thử nghiệm.
report_type: chuyen_de
legal_basis: Không.
frequency: year
cutoff_convention: statistical
deadline: {{rule: days_after_cutoff, days: 30}}
reporting_units: {{rule: list, units: ["{owner}"]}}
receiver: CP
owner: "{owner}"
valid_from: {today().isoformat()}
outline:
  - {{code: I, title: Nội dung, title_en: Content}}
"""


def _load(case: Case) -> Probe:
    assert case.target is not None
    code = case.unique("T_").upper()
    return Probe("POST", API, json={"yaml": owned_by(code, case.target), "filename": f"{code}.yaml"})


ROWS: list[MatrixRow] = [
    MatrixRow(
        "regimes", "list", Permission.REGIMES_READ, "action", lambda c: Probe("GET", API), per_target=False
    ),
    MatrixRow(
        "regimes",
        "read one",
        Permission.REGIMES_READ,
        "action",
        lambda c: Probe("GET", f"{API}/KTXH_THANG"),
        per_target=False,
    ),
    MatrixRow(
        "regimes",
        "versions",
        Permission.REGIMES_READ,
        "action",
        lambda c: Probe("GET", f"{API}/NSNN_QUY/versions/1"),
        per_target=False,
    ),
    MatrixRow(
        "regimes",
        "expected",
        Permission.REGIMES_READ,
        "action",
        lambda c: Probe("GET", f"{API}/KTXH_THANG/expected", params={"period": "2025-07"}),
        per_target=False,
    ),
    MatrixRow("regimes", "load", Permission.REGIMES_ADMIN, "write", _load, ok=frozenset({201})),
]
