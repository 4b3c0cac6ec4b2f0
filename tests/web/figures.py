"""Accepted figures for the operation-centre tests, reported through the one write path: a commune of
Hà Nội (this period and the same period last year) and TP Hồ Chí Minh's own report."""

from __future__ import annotations

from dataclasses import dataclass

from baocao.periods.periods import parse_period
from baocao.storage.engine import transaction
from baocao.submissions import service
from baocao.submissions.actors import CellInput
from tests.analytics.helpers import SYSTEM
from tests.conftest import session_factory_for
from tests.submissions.env import LOCKED, Env

LAST_YEAR = str(parse_period(LOCKED).same_period_last_year())


@dataclass(frozen=True)
class Figures:
    commune: str  # the Hà Nội commune that reported
    hcm_submission: int
    commune_submission: int


def report(env: Env, regime: str, unit: str, period: str, values: dict[str, float]) -> int:
    """Open, fill (with the required notes), submit and accept; keys are ``ELEMENT[opt=x]``."""
    cells = [CellInput(k.partition("[")[0], k.partition("[")[2].rstrip("]"), v) for k, v in values.items()]
    with transaction(session_factory_for(env.url)) as db:
        submission = service.open_submission(db, regime, unit, period, SYSTEM)
        service.write_values(db, submission, cells, SYSTEM, narrative={"I": "Ổn định"})
        service.submit(db, submission, SYSTEM)
        service.accept(db, submission, SYSTEM)
        return submission.id


def report_figures(env: Env) -> Figures:
    if "_figures" in env.__dict__:
        found: Figures = env.__dict__["_figures"]
        return found
    commune = env.spare_commune()
    report(env, "T_XA", commune, LAST_YEAR, {"T_HS[t_gt=nam]": 90, "T_HS[t_gt=nu]": 100, "T_TRUONG": 2})
    sid = report(env, "T_XA", commune, LOCKED, {"T_HS[t_gt=nam]": 100, "T_HS[t_gt=nu]": 110, "T_TRUONG": 3})
    hcm = report(env, "T_TINH", "79", LOCKED, {"T_HS[t_gt=nam]": 1400, "T_HS[t_gt=nu]": 1420})
    env.__dict__["_figures"] = Figures(commune, hcm, sid)
    return env.__dict__["_figures"]
