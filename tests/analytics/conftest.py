"""The analytics world: the submissions tests' world (reference units, catalogues, accounts with real
logins) plus two regimes with history from 2024 (every province → the Government, every commune →
its province, monthly) and leaders at Hà Nội and the Government Office. Shared per backend: each
test uses its own element, units or periods so tests do not meet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from baocao.catalog.loader import load_catalogue
from baocao.regimes.loader import load_regime
from baocao.storage.engine import transaction
from tests.conftest import FreshDatabase, LiveServer, session_factory_for
from tests.submissions.env import Env, add_user, build

DATA = Path(__file__).resolve().parent / "data"
ACCOUNTS = ["xa4.reporter", "hn.approver", "hn.viewer", "vpcp.leader"]


@pytest.fixture(scope="session")
def aenv(backend: FreshDatabase) -> Env:
    env = build(backend.create(), ACCOUNTS)
    with transaction(session_factory_for(env.url)) as db:
        load_catalogue(db, DATA / "catalogue.yaml")
        for name in ("a_tinh.yaml", "a_tinh_quy.yaml", "a_xa.yaml"):
            load_regime(db, DATA / name)
        from baocao.access.rules import Role

        add_user(db, "01", Role.LEADER, "hn.leader")
        add_user(db, "24", Role.LEADER, "bn.leader")
    return env


@pytest.fixture(scope="session")
def aserver(aenv: Env) -> Iterator[LiveServer]:
    with LiveServer(aenv.url) as live:
        yield live
