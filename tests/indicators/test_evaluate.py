"""Indicators through GET /api/v1/analytics?indicator=: ratios × factor, a disaggregation filter,
nested indicators, growth, same period last year, year to date, division by zero, today's map across
the merger, flags and scope — on a real server with real logins."""

from __future__ import annotations

from typing import Any

import pytest

from tests.analytics.helpers import report, rows
from tests.conftest import LiveServer
from tests.submissions.env import Env
from tests.submissions.helpers import Client, error


def one(client: Client, **params: Any) -> tuple[float | None, list[str]]:
    found = rows(client, **params)
    assert len(found) == 1, found
    return found[0]["value"], found[0]["flags"]


def test_ratio_factor_filter_and_nesting(ienv: Env, iserver: LiveServer) -> None:
    report(ienv, "I_TINH", "04", "2025-08",
           {"T_HS[t_gt=nam]": 600, "T_HS[t_gt=nu]": 400, "T_TRUONG": 4, "T_KINHPHI": 50})  # fmt: skip
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        q = {"unit": "04", "period": "2025-08"}
        assert one(vpcp, indicator="I_HS_TRUONG", **q) == (250, [])
        assert one(vpcp, indicator="I_NU_PCT", **q) == (40, [])
        assert one(vpcp, indicator="I_KP_HS", **q) == (50, [])
        assert one(vpcp, indicator="I_NESTED", **q) == (500, [])
        both = rows(vpcp, element="T_TRUONG", indicator=["I_HS_TRUONG", "I_NESTED"], **q)
        assert [(r["element"], r["element_name"], r["unit_name"], r["value"]) for r in both] == [
            ("T_TRUONG", "Số trường (thử)", "Tỉnh Cao Bằng", 4),
            ("I_HS_TRUONG", "Học sinh bình quân một trường", "Tỉnh Cao Bằng", 250),
            ("I_NESTED", "Gấp đôi học sinh mỗi trường", "Tỉnh Cao Bằng", 500),
        ]
        # Nothing reported: no value, and the answer says an input was missing.
        assert one(vpcp, indicator="I_HS_TRUONG", unit="04", period="2025-09") == (None, ["missing_input"])


def test_division_by_zero_gives_no_value_and_a_flag(ienv: Env, iserver: LiveServer) -> None:
    report(ienv, "I_TINH", "11", "2025-08", {"T_TRUONG": 0, "T_KINHPHI": 50})
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        assert one(vpcp, indicator="I_KP_TRUONG", unit="11", period="2025-08") == (None, ["division_by_zero"])


def test_growth_same_period_last_year_and_year_to_date(ienv: Env, iserver: LiveServer) -> None:
    for period, funds in (("2024-01", 10), ("2024-02", 20), ("2024-03", 30), ("2025-01", 12), ("2025-02", 25),
                          ("2025-03", 33)):  # fmt: skip
        report(ienv, "I_TINH", "12", period, {"T_KINHPHI": funds})
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        q = {"unit": "12", "period": "2025-03"}
        assert one(vpcp, indicator="I_KP_GROWTH", **q) == (pytest.approx(32.0), [])  # 33 / 25
        assert one(vpcp, indicator="I_KP_YOY", **q) == (pytest.approx(10.0), [])  # 33 / 30
        assert one(vpcp, indicator="I_KP_YTD", **q) == (70, [])  # 12 + 25 + 33
        assert one(vpcp, indicator="I_KP_YTD_YOY", **q) == (pytest.approx(16.6666666667), [])  # 70 / 60
        # January's previous period is last December, which was not reported.
        assert one(vpcp, indicator="I_KP_GROWTH", unit="12", period="2025-01") == (None, ["missing_input"])
        # A quarter: growth against the previous quarter, from the months inside it.
        series = rows(vpcp, indicator="I_KP_YTD", unit="12", **{"from": "2025-01", "to": "2025-03"})
        assert [(r["period"], r["value"]) for r in series] == [
            ("2025-01", 12),
            ("2025-02", 37),
            ("2025-03", 70),
        ]
        assert one(vpcp, indicator="I_KP_YOY", unit="12", period="2025-Q1") == (
            pytest.approx(16.6666666667),
            [],
        )


def test_today_map_across_the_merger(ienv: Env, iserver: LiveServer) -> None:
    # Code 24 was Bắc Giang until 30 June 2025; old Bắc Ninh (27) and it make today's Bắc Ninh (24).
    report(ienv, "I_TINH_NAM", "24", "2024", {"T_HS[t_gt=nam]": 300, "T_HS[t_gt=nu]": 300, "T_TRUONG": 2})
    report(ienv, "I_TINH_NAM", "27", "2024", {"T_HS[t_gt=nam]": 200, "T_HS[t_gt=nu]": 200, "T_TRUONG": 3})
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        old = rows(vpcp, indicator="I_HS_TRUONG", unit="24", period="2024")
        assert [(r["unit_name"], r["value"]) for r in old] == [("Tỉnh Bắc Giang", 300)]
        today = rows(vpcp, indicator="I_HS_TRUONG", unit="24", period="2024", map="today")
        assert [(r["unit_name"], r["value"], r["flags"]) for r in today] == [("Tỉnh Bắc Ninh", 200, [])]


def test_submitted_values_are_flagged(ienv: Env, iserver: LiveServer) -> None:
    report(ienv, "I_TINH", "14", "2025-08", {"T_KINHPHI": 8}, accept=False)
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        q = {"indicator": "I_KP_NGHIN", "unit": "14", "period": "2025-08"}
        assert one(vpcp, **q) == (None, ["missing_input"])
        assert one(vpcp, include_submitted="true", **q) == (8000, ["submitted"])


def test_scope_and_bad_input(ienv: Env, iserver: LiveServer) -> None:
    with iserver.client() as http:
        hanoi = Client(ienv, http, "hn.leader")
        q = {"indicator": "I_HS_TRUONG", "period": "2025-08"}
        assert error(hanoi.get("/analytics", params={**q, "unit": "04"}), 403)["code"] == "unit_out_of_scope"
        assert one(hanoi, unit="01", **q)[0] is None
        unknown = error(
            hanoi.get("/analytics", params={"indicator": "NOPE", "unit": "01", "period": "2025-08"}), 422
        )
        assert unknown["field"] == "indicator" and "NOPE" in unknown["message"]
        assert (
            error(hanoi.get("/analytics", params={"unit": "01", "period": "2025-08"}), 422)["field"]
            == "element"
        )
