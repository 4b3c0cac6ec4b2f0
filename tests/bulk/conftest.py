"""The bulk import world: the analytics tests' regimes (A_TINH: provinces → the Government, A_XA:
communes → their province, monthly from 2024) on a database of its own per backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from baocao.catalog.loader import load_catalogue
from baocao.regimes.loader import load_regime
from baocao.storage.engine import transaction
from tests.analytics.conftest import DATA
from tests.conftest import FreshDatabase, LiveServer, session_factory_for
from tests.submissions.env import Env, build

ACCOUNTS = ["vpcp.leader"]


@pytest.fixture(scope="session")
def benv(backend: FreshDatabase) -> Env:
    env = build(backend.create(), ACCOUNTS)
    with transaction(session_factory_for(env.url)) as db:
        load_catalogue(db, DATA / "catalogue.yaml")
        for name in ("a_tinh.yaml", "a_xa.yaml"):
            load_regime(db, DATA / name)
    return env


@pytest.fixture(scope="session")
def bserver(benv: Env) -> Iterator[LiveServer]:
    with LiveServer(benv.url) as live:
        yield live
