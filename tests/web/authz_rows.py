"""Authorisation matrix rows (tests/access/matrix.py) of the operation-centre pages' JSON endpoints:
a unit's series, its map values and the lineage of its figure are answered only to holders of
``analytics.read`` whose view scope holds the unit; anyone else gets 401/403, never a number."""

from __future__ import annotations

from sqlalchemy.orm import Session

from baocao.access.rules import Permission
from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.periods.periods import Period, PeriodType
from baocao.timeutil import today
from tests.access.matrix import Case, MatrixRow, Probe
from tests.access.world import World

PERIOD = str(Period.of(today(), PeriodType.MONTH))
ELEMENT = "THU_NSNN"


def seed(db: Session, world: World) -> None:
    load_catalogue(db, DEMO_CATALOGUE)  # idempotent: the element asked about exists


def _params(case: Case) -> dict[str, str]:
    assert case.target is not None
    return {"unit": case.target, "period": PERIOD}


ROWS = [
    MatrixRow("web", "indicator_series", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"/indicators/{ELEMENT}/series.json", params=_params(c))),
    MatrixRow("web", "indicator_places", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"/indicators/{ELEMENT}/places.json", params=_params(c))),
    MatrixRow("web", "indicator_lineage", Permission.ANALYTICS_READ, "read",
              lambda c: Probe("GET", f"/indicators/{ELEMENT}/lineage.json", params=_params(c))),
]  # fmt: skip
