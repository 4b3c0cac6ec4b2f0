"""Each aggregation kind, both maps across 1 July 2025, no double counting, submitted values and
vintages — through a real server with real logins."""

from __future__ import annotations

from tests.analytics.helpers import flags, reopen_and_accept, report, rows, value
from tests.conftest import LiveServer
from tests.submissions.env import Env
from tests.submissions.helpers import Client, error, ok


def test_sum_over_units_and_no_double_counting(aenv: Env, aserver: LiveServer) -> None:
    report(aenv, "A_XA", "00004", "2025-08", {"T_KINHPHI": 100})
    report(aenv, "A_XA", "00008", "2025-08", {"T_KINHPHI": 200.5})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        q = {"element": "T_KINHPHI", "period": "2025-08"}
        assert value(vpcp, unit="01", **q) == 300.5
        assert value(vpcp, unit="CP", **q) == 300.5
        communes = {r["unit"]: r["value"] for r in rows(vpcp, unit="01", level="commune", **q)}
        assert communes["00004"] == 100 and communes["00008"] == 200.5
        assert sum(1 for v in communes.values() if v is not None) == 2
        # The province's consolidated report replaces its communes' sum; nothing is counted twice.
        report(aenv, "A_TINH", "01", "2025-08", {"T_KINHPHI": 1000})
        assert value(vpcp, unit="01", **q) == 1000
        assert value(vpcp, unit="CP", **q) == 1000


def test_average_over_units_and_time(aenv: Env, aserver: LiveServer) -> None:
    report(aenv, "A_XA", "00004", "2025-09", {"T_TYLE": 90})
    report(aenv, "A_XA", "00008", "2025-09", {"T_TYLE": 96})
    report(aenv, "A_XA", "00004", "2025-07", {"T_TYLE": 80})
    report(aenv, "A_XA", "00008", "2025-07", {"T_TYLE": 84})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        assert value(vpcp, element="T_TYLE", unit="01", period="2025-09") == 93
        # Over time: the average of the months (82 and 93), and August is missing.
        assert value(vpcp, element="T_TYLE", unit="01", period="2025-Q3") == 87.5
        assert "partial" in flags(vpcp, element="T_TYLE", unit="01", period="2025-Q3")


def test_stocks_take_the_last_period_flows_sum(aenv: Env, aserver: LiveServer) -> None:
    for month, schools, funds in (("2025-10", 5, 10), ("2025-11", 6, 20), ("2025-12", 7, 30)):
        report(aenv, "A_TINH", "79", month, {"T_TRUONG": schools, "T_KINHPHI": funds})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        assert value(vpcp, element="T_TRUONG", unit="79", period="2025-Q4") == 7
        assert value(vpcp, element="T_KINHPHI", unit="79", period="2025-Q4") == 60
        assert flags(vpcp, element="T_KINHPHI", unit="79", period="2025-Q4") == []
        series = rows(vpcp, element="T_KINHPHI", unit="79", **{"from": "2025-10", "to": "2025-12"})
        assert [(r["period"], r["value"]) for r in series] == [
            ("2025-10", 10),
            ("2025-11", 20),
            ("2025-12", 30),
        ]
        ytd = rows(vpcp, element="T_KINHPHI", unit="79", period="2025-11", relative="ytd")
        assert [(r["period"], r["value"], r["flags"]) for r in ytd] == [("2025-01..2025-11", 30, ["partial"])]


def test_non_additive_elements_stay_at_their_unit(aenv: Env, aserver: LiveServer) -> None:
    report(aenv, "A_XA", "00004", "2025-10", {"A_CHISO": 7.25})
    report(aenv, "A_XA", "00008", "2025-10", {"A_CHISO": 8.5})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        assert value(vpcp, element="A_CHISO", unit="00004", period="2025-10") == 7.25
        assert value(vpcp, element="A_CHISO", unit="01", period="2025-10") is None


def test_both_maps_across_the_merger(aenv: Env, aserver: LiveServer) -> None:
    report(aenv, "A_TINH", "24", "2024-06", {"T_KINHPHI": 500})  # Bắc Giang (code 24 until 30/6/2025)
    report(aenv, "A_TINH", "27", "2024-06", {"T_KINHPHI": 300})  # Bắc Ninh (old)
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        q = {"element": "T_KINHPHI", "period": "2024-06"}
        old = rows(vpcp, unit="24", **q)
        assert [(r["unit_name"], r["value"]) for r in old] == [("Tỉnh Bắc Giang", 500)]
        today = rows(vpcp, unit="24", map="today", **q)
        assert [(r["unit_name"], r["value"], r["flags"]) for r in today] == [("Tỉnh Bắc Ninh", 800, [])]
        # One series across the merger: code 24 is Bắc Giang until June 2025, then the new Bắc Ninh.
        series = rows(vpcp, element="T_KINHPHI", unit="24", **{"from": "2024-06", "to": "2025-07"})
        named = {(r["period"], r["unit_name"], r["value"]) for r in series}
        assert ("2024-06", "Tỉnh Bắc Giang", 500) in named
        assert ("2025-07", "Tỉnh Bắc Ninh", None) in named
        # A year asked of monthly data: aggregated from the months, flagged as partial.
        assert value(vpcp, unit="24", map="today", element="T_KINHPHI", period="2024") == 800
        # Bắc Ninh's new leader sees the history of today's Bắc Ninh on today's map.
        bn = Client(aenv, http, "bn.leader")
        assert value(bn, unit="24", map="today", **q) == 800
        # ... but not old Bắc Giang as it was: the scope is the subtree on the day asked about.
        assert error(bn.get("/analytics", params={"unit": "24", **q}), 403)["field"] == "unit"
        # Lineage of today's figure names both provinces' submissions.
        lineage = ok(vpcp.get("/analytics/lineage", params={"unit": "24", "map": "today", **q}))
        assert lineage["value"] == 800
        assert sorted((s["unit_name"], s["value"]) for s in lineage["sources"]) == [
            ("Tỉnh Bắc Giang", 500),
            ("Tỉnh Bắc Ninh", 300),
        ]


def test_partial_successions_are_apportioned(aenv: Env, aserver: LiveServer) -> None:
    # Phường Ngọc Hà (00016) went partly into today's 00004 and 00008, with no declared share.
    report(aenv, "A_XA", "00016", "2024-05", {"T_KINHPHI": 100})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        q = {"element": "T_KINHPHI", "period": "2024-05"}
        assert value(vpcp, unit="00016", **q) == 100
        for code in ("00004", "00008"):
            found = rows(vpcp, unit=code, map="today", **q)
            assert [(r["value"], r["flags"]) for r in found] == [(50, ["apportioned"])]
        # The province is whole on both maps: its figure needs no apportioning.
        found = rows(vpcp, unit="01", map="today", **q)
        assert [(r["value"], r["flags"]) for r in found] == [(100, [])]


def test_submitted_values_only_when_asked_and_marked(aenv: Env, aserver: LiveServer) -> None:
    report(aenv, "A_TINH", "79", "2025-05", {"T_KINHPHI": 40})
    report(aenv, "A_TINH", "01", "2025-05", {"T_KINHPHI": 60}, accept=False)
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        q = {"element": "T_KINHPHI", "unit": "CP", "period": "2025-05"}
        assert value(vpcp, **q) == 40
        assert flags(vpcp, **q) == []
        assert value(vpcp, include_submitted="true", **q) == 100
        assert "submitted" in flags(vpcp, include_submitted="true", **q)
        assert "submitted" not in flags(vpcp, include_submitted="true", **{**q, "unit": "79"})


def test_a_value_withdrawn_by_a_new_version_leaves_no_figure(aenv: Env, aserver: LiveServer) -> None:
    sid = report(aenv, "A_TINH", "79", "2025-01", {"T_TRUONG": 3, "T_KINHPHI": 5})
    reopen_and_accept(aenv, sid, {"T_TRUONG": None})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        assert value(vpcp, element="T_TRUONG", unit="79", period="2025-01") is None
        assert value(vpcp, element="T_TRUONG", unit="CP", period="2025-01") is None
        assert value(vpcp, element="T_KINHPHI", unit="CP", period="2025-01") == 5


def test_a_window_is_made_of_the_coarsest_periods_reported(aenv: Env, aserver: LiveServer) -> None:
    report(aenv, "A_TINH_QUY", "79", "2024-Q1", {"T_KINHPHI": 100})
    report(aenv, "A_TINH", "79", "2024-04", {"T_KINHPHI": 10})
    report(aenv, "A_TINH", "79", "2024-05", {"T_KINHPHI": 20})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        q = {"element": "T_KINHPHI", "unit": "79", "relative": "ytd"}
        assert [(r["period"], r["value"], r["flags"]) for r in rows(vpcp, period="2024-05", **q)] == [
            ("2024-01..2024-05", 130, [])
        ]
        # Lũy kế 6 tháng = the first half-year; June is missing.
        assert [(r["period"], r["value"], r["flags"]) for r in rows(vpcp, period="2024-06", **q)] == [
            ("2024-H1", 130, ["partial"])
        ]
