"""Plan targets: PUT within the administrator's scope (errors name the item and field), progress with
actual, projection and status for each direction and each status, and scope on reading."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from baocao.access.scope import Scope
from baocao.indicators.targets import progress
from baocao.storage.engine import transaction
from tests.analytics.helpers import report
from tests.conftest import LiveServer, session_factory_for
from tests.submissions.env import Env
from tests.submissions.helpers import Client, error, ok


def target(indicator: str, unit: str, year: int, value: float, direction: str, **more: Any) -> dict[str, Any]:
    return {"indicator": indicator, "unit": unit, "year": year, "value": value, "direction": direction,
            "assigned_by": "Chính phủ", "source_document": "Nghị quyết thử", **more}  # fmt: skip


def test_a_finished_year_is_judged_on_its_actual(ienv: Env, iserver: LiveServer) -> None:
    for month in range(1, 13):
        report(ienv, "I_TINH", "20", f"2025-{month:02d}", {"T_KINHPHI": 10, "T_TYLE": 90})
    with iserver.client() as http:
        admin = Client(ienv, http, "vpcp.admin")
        body = [
            target("I_KP_NGHIN", "CP", 2025, 1_000_000, "at_least"),
            target("I_KP_NGHIN", "20", 2025, 100_000, "at_least", parent_unit="CP"),
            target("I_TYLE", "20", 2025, 85, "at_most"),
            target("I_KP_YTD", "20", 2025, 120, "about", tolerance=1),
        ]
        assert ok(admin.put("/targets", json=body)) == {"created": 4, "updated": 0}
        assert ok(admin.put("/targets", json=body)) == {"created": 0, "updated": 0}
        vpcp = Client(ienv, http, "vpcp.leader")
        listed = ok(vpcp.get("/targets", params={"year": 2025, "unit": "20"}))["items"]
        assert [(t["indicator"], t["unit_name"], t["parent_unit"]) for t in listed] == [
            ("I_KP_NGHIN", "Tỉnh Lạng Sơn", "CP"),
            ("I_KP_YTD", "Tỉnh Lạng Sơn", None),
            ("I_TYLE", "Tỉnh Lạng Sơn", None),
        ]
        found = ok(vpcp.get("/targets/progress", params={"year": 2025, "unit": "20"}))
        got = {
            p["indicator"]: (p["actual"], p["actual_period"], p["projection"], p["status"], p["status_name"])
            for p in found
        }
        assert got == {
            "I_KP_NGHIN": (120_000, "2025", 120_000, "dat", "Đạt"),
            "I_TYLE": (90, "2025", 90, "khong_dat", "Không đạt"),
            "I_KP_YTD": (120, "2025", 120, "dat", "Đạt"),
        }
        national = ok(
            vpcp.get("/targets/progress", params={"year": 2025, "unit": "CP", "indicator": "I_KP_NGHIN"})
        )
        # The national actual holds every province's funds (other tests report too): far below 10^6.
        (cp,) = national
        assert (cp["unit"], cp["status"]) == ("CP", "khong_dat")
        assert cp["ratio"] == pytest.approx(cp["actual"] / 1_000_000) and cp["actual"] >= 120_000
        # A province's leader sees its own targets only.
        hanoi = Client(ienv, http, "hn.leader")
        assert (
            error(hanoi.get("/targets/progress", params={"year": 2025, "unit": "20"}), 403)["field"] == "unit"
        )
        assert ok(hanoi.get("/targets", params={"year": 2025}))["items"] == []


def test_a_running_year_is_projected(ienv: Env) -> None:
    for month in range(1, 7):
        report(ienv, "I_TINH", "22", f"2026-{month:02d}", {"T_KINHPHI": 10, "T_TYLE": 95})
    with transaction(session_factory_for(ienv.url)) as db:
        from baocao.indicators.service import TargetSpec, save_targets

        specs = [TargetSpec("I_KP_NGHIN", "22", 2026, 120_000, "at_least", "HĐND tỉnh"),
                 TargetSpec("I_TYLE", "22", 2026, 90, "about", "HĐND tỉnh", tolerance=1),
                 TargetSpec("I_KP_YTD", "22", 2026, 100, "at_most", "HĐND tỉnh"),
                 TargetSpec("I_KP_NGHIN", "38", 2026, 1, "at_least", "HĐND tỉnh")]  # fmt: skip
        save_targets(db, specs, "test")
    with transaction(session_factory_for(ienv.url)) as db:
        found = progress(db, Scope(db, unlimited=True), year=2026, today=date(2026, 7, 15),
                         indicators=["I_KP_NGHIN", "I_TYLE", "I_KP_YTD"])  # fmt: skip
        got = {(p.indicator, p.unit): (p.actual, p.actual_period, p.projection, p.status) for p in found}
    # July is asked about but not reported: the latest fully covered window (January to June) counts.
    # A flow projects by the elapsed share of the year (181 of 365 days); a rate projects its level.
    assert got[("I_KP_NGHIN", "22")] == (60_000, "2026-H1", pytest.approx(60_000 * 365 / 181), "dat")
    assert got[("I_TYLE", "22")] == (95, "2026-H1", 95, "nguy_co")
    assert got[("I_KP_YTD", "22")] == (60, "2026-H1", pytest.approx(60 * 365 / 181), "nguy_co")
    assert got[("I_KP_NGHIN", "38")] == (None, None, None, "chua_co_so_lieu")


def test_bad_targets_name_the_item_and_field(ienv: Env, iserver: LiveServer) -> None:
    with iserver.client() as http:
        admin = Client(ienv, http, "vpcp.admin")
        bad = [
            target("I_KP_NGHIN", "40", 2026, 5, "at_least"),
            target("NOPE", "40", 2026, 5, "at_least"),
            target("I_TYLE", "40", 2026, 5, "about"),
            target("I_TYLE", "XX", 2026, 5, "sideways"),
        ]
        found = error(admin.put("/targets", json=bad), 422)
        assert found["field"] == "[1].indicator" and found["location"] == "body"
        assert [d["field"] for d in found["details"]] == [
            "[1].indicator",
            "[2].tolerance",
            "[3].unit",
            "[3].direction",
        ]
        vpcp = Client(ienv, http, "vpcp.leader")
        assert ok(vpcp.get("/targets", params={"year": 2026, "unit": "40"}))["items"] == []  # nothing stored
        # An administrator of Hà Nội may not set another province's target.
        hanoi = Client(ienv, http, "hn.admin")
        denied = error(hanoi.put("/targets", json=[target("I_KP_NGHIN", "40", 2026, 5, "at_least")]), 403)
        assert denied["field"] == "[0].unit"
        assert (
            ok(hanoi.put("/targets", json=[target("I_KP_NGHIN", "01", 2026, 5, "at_least")]))["created"] == 1
        )
        assert error(vpcp.get("/targets/progress", params={"year": "x"}), 422)["field"] == "year"
