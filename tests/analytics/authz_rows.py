"""Authorisation matrix rows (tests/access/matrix.py) of the analytics API: a figure of a unit (and the
lineage of one) is answered only to holders of ``analytics.read`` whose view scope holds the unit on the
day asked about; anyone else gets 403, never a number."""

from __future__ import annotations

from sqlalchemy.orm import Session

from baocao.access.rules import Permission
from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.periods.periods import Period, PeriodType
from baocao.timeutil import today
from tests.access.matrix import Case, MatrixRow, Probe
from tests.access.world import World

API = "/api/v1"
PERIOD = str(Period.of(today(), PeriodType.MONTH))


def seed(db: Session, world: World) -> None:
    load_catalogue(db, DEMO_CATALOGUE)  # idempotent: the element asked about exists


def _params(case: Case) -> dict[str, str]:
    assert case.target is not None
    return {"element": "THU_NSNN", "unit": case.target, "period": PERIOD}


ROWS = [
    MatrixRow("analytics", "figure", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"{API}/analytics", params=_params(c))),
    MatrixRow("analytics", "figure_today_map", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"{API}/analytics", params={**_params(c), "map": "today"})),
    MatrixRow("analytics", "lineage", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"{API}/analytics/lineage", params=_params(c))),
    MatrixRow("exports", "analytics_csv", Permission.EXPORT, "read",
              lambda c: Probe("GET", f"{API}/analytics/export", params=_params(c))),
]  # fmt: skip
