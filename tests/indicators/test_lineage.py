"""GET /api/v1/analytics/lineage?indicator=: the indicator's value and expression, every element figure
it read (shifted windows of growth, yoy and ytd included) with the submissions behind it and who
accepted them; the viewer's scope as for an element; the web popup's lineage.json; errors."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from baocao.storage.engine import transaction
from baocao.submissions import service
from baocao.submissions.models import Submission
from tests.analytics.helpers import report
from tests.conftest import LiveServer, session_factory_for
from tests.submissions.env import Env, actor
from tests.submissions.helpers import Client, error, ok
from tests.web.conftest import sign_in


def accepted_by_approver(env: Env, regime: str, unit: str, period: str, values: dict[str, float]) -> int:
    """A report sent by a system job and accepted by the Government Office's approver."""
    sid = report(env, regime, unit, period, values, accept=False)
    with transaction(session_factory_for(env.url)) as db:
        submission = db.scalar(select(Submission).where(Submission.id == sid))
        assert submission is not None
        service.accept(db, submission, actor(db, "vpcp.approver"))
    return sid


def lineage(client: Client, **params: Any) -> dict[str, Any]:
    found: dict[str, Any] = ok(client.get("/analytics/lineage", params=params))
    return found


def inputs(found: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(i["element"], i["options"], i["period"], i["value"],
             [(s["submission_id"], s["element"], s["options"], s["value"]) for s in i["sources"]])
            for i in found["inputs"]]  # fmt: skip


def test_a_ratio_names_the_submissions_of_numerator_and_denominator(ienv: Env, iserver: LiveServer) -> None:
    # Hà Tĩnh (42), 2024: pupils from the yearly report, schools from another regime's report.
    pupils = accepted_by_approver(
        ienv, "I_TINH_NAM", "42", "2024", {"T_HS[t_gt=nam]": 300, "T_HS[t_gt=nu]": 200}
    )
    schools = accepted_by_approver(ienv, "I_TINH_CAP", "42", "2024", {"T_TRUONG": 5})
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        found = lineage(vpcp, indicator="I_HS_TRUONG", unit="42", period="2024")
        assert (found["indicator"], found["element"], found["expression"]) == (
            "I_HS_TRUONG",
            None,
            "T_HS / T_TRUONG",
        )
        assert (found["value"], found["flags"], found["indicator_name"]) == (
            100,
            [],
            "Học sinh bình quân một trường",
        )
        assert inputs(found) == [
            ("T_HS", "", "2024", 500, [(pupils, "T_HS", "", 500)]),
            ("T_TRUONG", "", "2024", 5, [(schools, "T_TRUONG", "", 5)]),
        ]
        approver = ("accepted", "vpcp.approver")
        assert [(s["submission_id"], s["regime"], s["unit"], s["version"], s["status"], s["accepted_by"])
                for s in found["sources"]] == [(pupils, "I_TINH_NAM", "42", 1, *approver),
                                               (schools, "I_TINH_CAP", "42", 1, *approver)]  # fmt: skip
        assert all(s["accepted_at"] for s in found["sources"])
        # One option of a by=t_gt row: the pupils of that option, the schools' total.
        girls = lineage(vpcp, indicator="I_HS_TRUONG", unit="42", period="2024", options="t_gt=nu")
        assert girls["value"] == 40 and girls["options"] == "t_gt=nu"
        assert inputs(girls) == [
            ("T_HS", "t_gt=nu", "2024", 200, [(pupils, "T_HS", "t_gt=nu", 200)]),
            ("T_TRUONG", "", "2024", 5, [(schools, "T_TRUONG", "", 5)]),
        ]
        # A nested indicator is explained by the elements of the one it uses.
        nested = lineage(vpcp, indicator="I_NESTED", unit="42", period="2024")
        assert nested["value"] == 200 and [i["element"] for i in nested["inputs"]] == ["T_HS", "T_TRUONG"]
        # The element lineage names the element of each value too.
        element = lineage(vpcp, element="T_TRUONG", unit="42", period="2024")
        assert [(s["submission_id"], s["element"]) for s in element["sources"]] == [(schools, "T_TRUONG")]


def test_growth_and_year_to_date_read_their_shifted_periods(ienv: Env, iserver: LiveServer) -> None:
    sids = {period: accepted_by_approver(ienv, "I_TINH", "46", period, {"T_KINHPHI": funds})
            for period, funds in (("2023-01", 20), ("2023-02", 20), ("2023-03", 20), ("2024-01", 10),
                                  ("2024-02", 40), ("2024-03", 50))}  # fmt: skip
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        growth = lineage(vpcp, indicator="I_KP_GROWTH", unit="46", period="2024-03")
        assert growth["value"] == pytest.approx(25.0) and growth["expression"] == "growth(T_KINHPHI)"
        assert inputs(growth) == [
            ("T_KINHPHI", "", "2024-02", 40, [(sids["2024-02"], "T_KINHPHI", "", 40)]),  # the previous month
            ("T_KINHPHI", "", "2024-03", 50, [(sids["2024-03"], "T_KINHPHI", "", 50)]),
        ]
        assert {s["accepted_by"] for s in growth["sources"]} == {"vpcp.approver"}
        ytd = lineage(vpcp, indicator="I_KP_YTD_YOY", unit="46", period="2024-03")
        assert ytd["value"] == pytest.approx(66.6666666667)  # 100 / 60
        read = [
            (i["period"], i["value"], sorted(s["submission_id"] for s in i["sources"])) for i in ytd["inputs"]
        ]
        assert read == [
            ("2023-Q1", 60, sorted(sids[p] for p in ("2023-01", "2023-02", "2023-03"))),
            ("2024-Q1", 100, sorted(sids[p] for p in ("2024-01", "2024-02", "2024-03"))),
        ]  # fmt: skip
        assert len(ytd["sources"]) == 6
        # Nothing the month before January 2023: the input is there, with no value and no source.
        first = lineage(vpcp, indicator="I_KP_GROWTH", unit="46", period="2023-01")
        assert (first["value"], first["flags"]) == (None, ["missing_input"])
        assert inputs(first)[0] == ("T_KINHPHI", "", "2022-12", None, [])


def test_scope_holds_as_for_an_element(ienv: Env, iserver: LiveServer) -> None:
    hanoi_sid = report(
        ienv, "I_TINH", "01", "2024-07", {"T_HS[t_gt=nam]": 10, "T_HS[t_gt=nu]": 10, "T_TRUONG": 2}
    )
    other_sid = report(
        ienv, "I_TINH", "48", "2024-07", {"T_HS[t_gt=nam]": 30, "T_HS[t_gt=nu]": 30, "T_TRUONG": 3}
    )
    with iserver.client() as http:
        hanoi = Client(ienv, http, "hn.leader")
        q = {"indicator": "I_HS_TRUONG", "period": "2024-07"}
        for unit in ("CP", "48"):  # the national figure, another province
            denied = error(hanoi.get("/analytics/lineage", params={**q, "unit": unit}), 403)
            assert (denied["code"], denied["field"]) == ("unit_out_of_scope", "unit")
            element = error(hanoi.get("/analytics/lineage", params={"element": "T_HS", "period": "2024-07",
                                                                    "unit": unit}), 403)  # fmt: skip
            assert element["code"] == "unit_out_of_scope"
        own = lineage(hanoi, unit="01", **q)
        assert own["value"] == 10 and {s["submission_id"] for s in own["sources"]} == {hanoi_sid}
        national = lineage(Client(ienv, http, "vpcp.leader"), unit="CP", **q)
        assert {hanoi_sid, other_sid} <= {s["submission_id"] for s in national["sources"]}


def test_bad_requests_name_the_parameter(ienv: Env, iserver: LiveServer) -> None:
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        q = {"unit": "42", "period": "2024"}
        for params, field in (
            ({}, "element"),
            ({"element": "T_HS", "indicator": "I_HS_TRUONG"}, "indicator"),
            ({"indicator": "NOPE"}, "indicator"),
            ({"indicator": "I_HS_TRUONG", "options": "t_gt=khong"}, "options"),
            ({"indicator": "I_HS_TRUONG", "options": "t_gt"}, "options"),
            ({"indicator": "I_KP_NGHIN", "options": "t_gt=nu"}, "options"),
        ):
            assert error(vpcp.get("/analytics/lineage", params={**params, **q}), 422)["field"] == field, (
                params
            )
        described = {p["name"]: p for p in http.get("/api/v1/openapi.json").json()["paths"][
            "/api/v1/analytics/lineage"]["get"]["parameters"]}  # fmt: skip
        assert "Mã chỉ tiêu tổng hợp" in described["indicator"]["description"]
        assert "indicator code" in described["indicator"]["description"]


def test_the_web_popup_explains_an_indicator(ienv: Env, iserver: LiveServer) -> None:
    sid = report(ienv, "I_TINH", "51", "2024-09", {"T_HS[t_gt=nam]": 70, "T_HS[t_gt=nu]": 50, "T_TRUONG": 3})
    with iserver.client() as http:
        sign_in(http, "vpcp.leader")
        found = http.get("/indicators/I_HS_TRUONG/lineage.json?unit=51&period=2024-09").json()
        assert (found["value"], found["kind"]) == (40, "indicator")
        assert sorted((s["submission_id"], s["element"], s["value"]) for s in found["sources"]) == [
            (sid, "T_HS", 120),
            (sid, "T_TRUONG", 3),
        ]
        sign_in(http, "hn.leader")
        assert http.get("/indicators/I_HS_TRUONG/lineage.json?unit=51&period=2024-09").status_code == 403
