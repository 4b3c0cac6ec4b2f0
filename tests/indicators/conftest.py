"""The indicators world: the submissions tests' world (reference units, catalogues, accounts) plus a
monthly and a yearly province regime from 2023 and the test indicators. Shared per backend: each test
uses its own units or periods so tests do not meet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from baocao.access.rules import Role
from baocao.indicators.loader import load_indicators
from baocao.regimes.loader import load_regime
from baocao.storage.engine import transaction
from tests.conftest import FreshDatabase, LiveServer, session_factory_for
from tests.submissions.env import Env, add_user, build

DATA = Path(__file__).resolve().parent / "data"
ACCOUNTS = ["hn.viewer", "vpcp.leader", "vpcp.approver"]


@pytest.fixture(scope="session")
def ienv(backend: FreshDatabase) -> Env:
    env = build(backend.create(), ACCOUNTS)
    with transaction(session_factory_for(env.url)) as db:
        for name in ("i_tinh.yaml", "i_tinh_nam.yaml", "i_tinh_cap.yaml"):
            load_regime(db, DATA / name)
        load_indicators(db, DATA / "indicators.yaml")
        add_user(db, "01", Role.LEADER, "hn.leader")
        add_user(db, "VPCP", Role.ADMINISTRATOR, "vpcp.admin")
        add_user(db, "01", Role.ADMINISTRATOR, "hn.admin")
    return env


@pytest.fixture(scope="session")
def iserver(ienv: Env) -> Iterator[LiveServer]:
    with LiveServer(ienv.url) as live:
        yield live
