"""``by=category`` for indicators through GET /api/v1/analytics: each option computed from the inputs'
cells of that option, inputs without the category read their total, a reference filtering on another
category combined with the option; 422 naming ``by`` when the indicator cannot be split."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from baocao.timeutil import today
from tests.analytics.helpers import report, rows
from tests.conftest import LiveServer
from tests.submissions.env import Env
from tests.submissions.helpers import Client, error


def split(client: Client, **params: Any) -> list[tuple[str, str, float | None, list[str]]]:
    return [(r["element"], r["options"], r["value"], r["flags"]) for r in rows(client, **params)]


def test_an_indicator_per_option_of_its_disaggregated_inputs(ienv: Env, iserver: LiveServer) -> None:
    # Thanh Hóa (38): pupils by sex; schools and funds have no disaggregation.
    report(ienv, "I_TINH", "38", "2024-04", {"T_HS[t_gt=nam]": 500, "T_HS[t_gt=nu]": 400, "T_TRUONG": 4})
    report(ienv, "I_TINH", "38", "2024-05",
           {"T_HS[t_gt=nam]": 600, "T_HS[t_gt=nu]": 300, "T_TRUONG": 4, "T_KINHPHI": 90})  # fmt: skip
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        q = {"unit": "38", "period": "2024-05", "by": "t_gt"}
        assert split(vpcp, indicator=["I_HS_TRUONG", "I_KP_HS", "I_NESTED"], **q) == [
            ("I_HS_TRUONG", "t_gt=nam", 150, []),  # 600 / 4: the schools' total for each option
            ("I_HS_TRUONG", "t_gt=nu", 75, []),  # 300 / 4
            ("I_KP_HS", "t_gt=nam", 150, []),  # 90 / 600 × 1000
            ("I_KP_HS", "t_gt=nu", 300, []),  # 90 / 300 × 1000
            ("I_NESTED", "t_gt=nam", 300, []),  # nested: (600 / 4) × 2
            ("I_NESTED", "t_gt=nu", 150, []),
        ]
        # Growth per option, each against the previous month of the same option.
        assert split(vpcp, indicator="I_HS_GROWTH", **q) == [
            ("I_HS_GROWTH", "t_gt=nam", pytest.approx(20.0), []),  # 600 / 500
            ("I_HS_GROWTH", "t_gt=nu", pytest.approx(-25.0), []),  # 300 / 400
        ]
        # Without by, the total as before; elements and indicators split together.
        assert split(vpcp, indicator="I_HS_TRUONG", unit="38", period="2024-05") == [
            ("I_HS_TRUONG", "", 225, [])
        ]
        both = split(vpcp, element="T_HS", indicator="I_HS_TRUONG", **q)
        assert both == [("T_HS", "t_gt=nam", 600, []), ("T_HS", "t_gt=nu", 300, []),
                        ("I_HS_TRUONG", "t_gt=nam", 150, []), ("I_HS_TRUONG", "t_gt=nu", 75, [])]  # fmt: skip
        # Every option of the category gets a row, with no value when nothing was reported.
        assert split(vpcp, indicator="I_HS_TRUONG", unit="38", period="2024-06", by="t_gt") == [
            ("I_HS_TRUONG", "t_gt=nam", None, ["missing_input"]),
            ("I_HS_TRUONG", "t_gt=nu", None, ["missing_input"]),
        ]
        # The in-memory path (a vintage) answers the same.
        tomorrow = (today() + timedelta(days=1)).isoformat()
        params = {"indicator": ["I_HS_TRUONG", "I_HS_GROWTH"], **q}
        assert rows(vpcp, as_known_on=tomorrow, **params) == rows(vpcp, **params)


def test_a_filter_on_another_category_meets_the_option(ienv: Env, iserver: LiveServer) -> None:
    # Nghệ An (40), HOC_SINH by education level × sex: the share of primary pupils, per sex.
    report(ienv, "I_TINH_CAP", "40", "2024", {
        "HOC_SINH[cap_hoc=tieu_hoc;gioi_tinh=nam]": 300, "HOC_SINH[cap_hoc=tieu_hoc;gioi_tinh=nu]": 200,
        "HOC_SINH[cap_hoc=thcs;gioi_tinh=nam]": 100, "HOC_SINH[cap_hoc=thcs;gioi_tinh=nu]": 300,
    })  # fmt: skip
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        q = {"indicator": "I_TH_PCT", "unit": "40", "period": "2024"}
        assert split(vpcp, **q) == [("I_TH_PCT", "", pytest.approx(55.5555555556), [])]  # 500 / 900
        assert split(vpcp, by="gioi_tinh", **q) == [
            ("I_TH_PCT", "gioi_tinh=nam", 75, []),  # 300 / (300 + 100)
            ("I_TH_PCT", "gioi_tinh=nu", 40, []),  # 200 / (200 + 300)
        ]


def test_an_indicator_that_cannot_be_split_answers_422_naming_by(ienv: Env, iserver: LiveServer) -> None:
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        q = {"unit": "38", "period": "2024-05"}
        for indicator, by, names in (
            ("I_KP_NGHIN", "t_gt", ["T_KINHPHI", "t_gt"]),  # no input has the category
            ("I_TH_PCT", "t_gt", ["HOC_SINH", "t_gt"]),  # its input has other categories
            ("I_HS_TRUONG", "khong_co", ["khong_co"]),  # no such category
            ("I_TH_PCT", "cap_hoc", ["HOC_SINH[cap_hoc=tieu_hoc]"]),  # it already picks an option
        ):
            found = error(vpcp.get("/analytics", params={"indicator": indicator, "by": by, **q}), 422)
            assert (found["field"], found["location"]) == ("by", "query"), found
            assert all(n in found["message"] and n in found["message_en"] for n in [indicator, *names]), found
        # Not silently the total either when elements are asked alongside.
        mixed = {"element": "T_HS", "indicator": "I_KP_NGHIN", "by": "t_gt", **q}
        assert error(vpcp.get("/analytics", params=mixed), 422)["field"] == "by"
