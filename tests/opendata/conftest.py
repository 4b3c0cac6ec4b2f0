"""The open data world: reference units, a yearly province → Government regime with accepted reports
from Hà Nội and TP Hồ Chí Minh for 2024 and 2025, a public indicator (beds per 10,000 people) and a
private one computed from the same elements."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from baocao.catalog.loader import load_catalogue
from baocao.indicators.service import IndicatorSpec, save_indicators
from baocao.regimes.loader import load_regime
from baocao.storage.engine import transaction
from tests.analytics.helpers import report
from tests.conftest import FreshDatabase, LiveServer, session_factory_for
from tests.submissions.env import Env, build

DATA = Path(__file__).resolve().parent / "data"
PUBLIC = "OD_GIUONG_VAN_DAN"
PRIVATE = "OD_GIUONG_NOI_BO"
FIGURES = {  # (unit, year) → (population, beds)
    ("01", "2024"): (8_500_000, 40_000),
    ("79", "2024"): (9_400_000, 52_000),
    ("01", "2025"): (8_700_000, 43_500),
    ("79", "2025"): (14_000_000, 70_000),
}


@pytest.fixture(scope="session")
def oenv(backend: FreshDatabase) -> Env:
    env = build(backend.create(), [])
    with transaction(session_factory_for(env.url)) as db:
        load_catalogue(db, DATA / "catalogue.yaml")
        load_regime(db, DATA / "od_tinh.yaml")
        save_indicators(
            db,
            [
                IndicatorSpec(
                    PUBLIC,
                    "Số giường bệnh trên 10.000 dân (thử)",
                    "Hospital beds per 10,000 people (test)",
                    "social",
                    "OD_GIUONG / OD_DAN_SO * 10000",
                    "giường/10.000 dân",
                    decimals=1,
                ),
                IndicatorSpec(
                    PRIVATE,
                    "Chỉ tiêu nội bộ (thử)",
                    "Internal indicator (test)",
                    "social",
                    "OD_GIUONG * 2",
                    "giường",
                    is_public=False,
                ),
            ],
            actor="test",
        )
    for (unit, year), (people, beds) in FIGURES.items():
        report(env, "OD_TINH", unit, year, {"OD_DAN_SO": people, "OD_GIUONG": beds})
    # Submitted but not accepted: never open data.
    report(env, "OD_TINH", "48", "2025", {"OD_DAN_SO": 3_000_000, "OD_GIUONG": 9_000}, accept=False)
    return env


@pytest.fixture(scope="session")
def oserver(oenv: Env) -> Iterator[LiveServer]:
    with LiveServer(oenv.url) as live:
        yield live
