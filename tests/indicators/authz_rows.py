"""Authorisation matrix rows (tests/access/matrix.py) of indicators and targets: definitions to
holders of ``analytics.read``; a unit's targets and their progress only within the view scope; setting
a unit's target only to administrators (``metadata.admin``) whose scope holds the unit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from baocao.access.rules import Permission
from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.indicators.loader import DEMO_INDICATORS, load_indicators
from baocao.timeutil import today
from tests.access.matrix import Case, MatrixRow, Probe
from tests.access.world import World

API = "/api/v1"
YEAR = today().year


def seed(db: Session, world: World) -> None:
    load_catalogue(db, DEMO_CATALOGUE)  # idempotent: the indicators' elements exist
    load_indicators(db, DEMO_INDICATORS)


def _unit(case: Case) -> dict[str, Any]:
    assert case.target is not None
    return {"year": YEAR, "unit": case.target}


def _target(case: Case) -> list[dict[str, Any]]:
    assert case.target is not None
    return [{"indicator": "BAC_SI_VAN_DAN", "unit": case.target, "year": YEAR, "value": 15,
             "direction": "at_least", "assigned_by": "Kiểm thử"}]  # fmt: skip


ROWS = [
    MatrixRow("indicators", "list", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"{API}/indicators"), per_target=False),
    MatrixRow("indicators", "read one", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"{API}/indicators/BAC_SI_VAN_DAN"), per_target=False),
    MatrixRow("targets", "list of a unit", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"{API}/targets", params=_unit(c))),
    MatrixRow("targets", "progress of a unit", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"{API}/targets/progress", params=_unit(c))),
    MatrixRow("targets", "set", Permission.METADATA_ADMIN, "write",
              lambda c: Probe("PUT", f"{API}/targets", json=_target(c))),
]  # fmt: skip
