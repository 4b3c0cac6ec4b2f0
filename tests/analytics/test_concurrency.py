"""Communes accepted at the same moment by separate transactions: the province's and the country's
figures hold every one of them (deltas add up under concurrent upserts; no lost update, no deadlock).
PostgreSQL only: SQLite has a single writer."""

from __future__ import annotations

import threading

import pytest

from baocao.submissions import service
from baocao.submissions.models import Submission
from tests.analytics.helpers import SYSTEM, report, value
from tests.conftest import LiveServer
from tests.submissions.env import Env
from tests.submissions.helpers import Client

PERIOD = "2025-11"


def test_concurrent_accepts_all_count(aenv: Env, aserver: LiveServer) -> None:
    if not aenv.url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: SQLite has no concurrent writers")
    communes = aenv.hanoi_communes[10:18]
    ids = [
        report(aenv, "A_XA", code, PERIOD, {"T_KINHPHI": 10 + i}, accept=False)
        for i, code in enumerate(communes)
    ]
    with aserver.client() as http:
        national_before = value(
            Client(aenv, http, "vpcp.leader"), element="T_KINHPHI", unit="CP", period=PERIOD
        )
    barrier = threading.Barrier(len(ids), timeout=30)
    errors: list[BaseException] = []

    def accept(submission_id: int) -> None:
        try:
            with aenv.session() as db:
                submission = db.get(Submission, submission_id)
                assert submission is not None
                db.commit()
                barrier.wait()
                with db.begin():
                    service.accept(db, submission, SYSTEM)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=accept, args=(sid,)) for sid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    expected = sum(10 + i for i in range(len(ids)))
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        assert value(vpcp, element="T_KINHPHI", unit="01", period=PERIOD) == expected
        assert value(vpcp, element="T_KINHPHI", unit="CP", period=PERIOD) == (national_before or 0) + expected
