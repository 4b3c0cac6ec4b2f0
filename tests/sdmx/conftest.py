"""The SDMX world: the analytics tests' catalogue and monthly province regime (A_TINH, history from
2024 across the 1 July 2025 merger), a few accepted reports, indicators computed from the elements (the
INDICATORS dataflow), and accounts with real logins."""

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

ANALYTICS_DATA = Path(__file__).resolve().parent.parent / "analytics" / "data"
ACCOUNTS = ["hn.reporter", "hn.viewer", "vpcp.leader"]
INDICATORS = [
    IndicatorSpec("I_NU_PCT", "Tỷ lệ học sinh nữ", "Share of girls", "social", "T_HS[t_gt=nu] / T_HS * 100",
                  "%"),
    IndicatorSpec("I_HS_TRUONG", "Học sinh mỗi trường", "Pupils per school", "social", "T_HS / T_TRUONG",
                  "học sinh/trường"),
    IndicatorSpec("I_NESTED", "Gấp đôi học sinh mỗi trường", "Twice pupils per school", "social",
                  "I_HS_TRUONG * 2", "học sinh/trường"),
]  # fmt: skip


@pytest.fixture(scope="session")
def senv(backend: FreshDatabase) -> Env:
    env = build(backend.create(), ACCOUNTS)
    with transaction(session_factory_for(env.url)) as db:
        load_catalogue(db, ANALYTICS_DATA / "catalogue.yaml")
        load_regime(db, ANALYTICS_DATA / "a_tinh.yaml")
        save_indicators(db, INDICATORS, "test")
    report(
        env,
        "A_TINH",
        "01",
        "2025-08",
        {"T_HS[t_gt=nam]": 10, "T_HS[t_gt=nu]": 12, "T_TRUONG": 3, "T_KINHPHI": 100.5},
    )
    report(env, "A_TINH", "79", "2025-08", {"T_HS[t_gt=nam]": 20, "T_HS[t_gt=nu]": 21, "T_TRUONG": 5})
    report(env, "A_TINH", "01", "2025-09", {"T_HS[t_gt=nam]": 11, "T_HS[t_gt=nu]": 13, "T_TRUONG": 3})
    report(env, "A_TINH", "24", "2024-06", {"T_KINHPHI": 500})  # Bắc Giang: code 24 until 30/6/2025
    report(env, "A_TINH", "24", "2025-08", {"T_KINHPHI": 800})  # Bắc Ninh (new): code 24 since 1/7/2025
    report(env, "A_TINH", "79", "2025-09", {"T_HS[t_gt=nam]": 1, "T_HS[t_gt=nu]": 2}, accept=False)
    return env


@pytest.fixture(scope="session")
def sserver(senv: Env) -> Iterator[LiveServer]:
    with LiveServer(senv.url) as live:
        yield live
