"""The operation-centre pages over HTTP on a live server: the dashboard tiles and their choice, the
indicator page (series, cùng kỳ, map values, ranking, drill-down, lineage), both maps, and the
scope: a province's viewer cannot open another province's figures."""

from __future__ import annotations

import re

import pytest

from tests.conftest import LiveServer
from tests.submissions.env import LOCKED, Env
from tests.web.conftest import sign_in
from tests.web.figures import LAST_YEAR, Figures, report_figures


@pytest.fixture
def figures(web_env: Env) -> Figures:
    return report_figures(web_env)


def test_dashboard_tiles_and_choice(figures: Figures, web_server: LiveServer) -> None:
    with web_server.client() as http:
        token = sign_in(http, "hn.viewer")
        home = http.get("/")
        assert 'href="/dashboard"' in home.text  # leaders and viewers reach it from the navigation
        answer = http.post(
            "/dashboard/tiles", data={"csrf_token": token, "unit": "01", "tile": ["T_TRUONG", "T_HS"]}
        )
        assert answer.status_code == 303
        page = http.get(answer.headers["location"])
        assert page.status_code == 200, page.text
        assert "Đã lưu lựa chọn" in page.text
        tiles = re.findall(r'<li class="kpi" data-code="([^"]+)"', page.text)
        assert tiles == ["T_TRUONG", "T_HS"]
        schools = page.text.split('data-code="T_TRUONG"')[1].split("</li>")[0]
        assert '<span class="big">3</span>' in schools
        assert "50,0 %" in schools and "so với cùng kỳ" in schools  # 3 against 2 a year before
        assert LOCKED in schools and "data-spark=" in schools
        # the choice is kept for the account and unit
        again = http.get("/dashboard?unit=01")
        assert re.findall(r'<li class="kpi" data-code="([^"]+)"', again.text) == ["T_TRUONG", "T_HS"]
        refused = http.post("/dashboard/tiles", data={"csrf_token": token, "unit": "01", "tile": ["NOPE"]})
        assert refused.status_code == 422 and "NOPE" in refused.text


def test_indicator_page_series_map_and_ranking(figures: Figures, web_server: LiveServer) -> None:
    with web_server.client() as http:
        sign_in(http, "vpcp.leader")
        page = http.get(f"/indicators/T_HS?period_type=month&period={LOCKED}")
        assert page.status_code == 200, page.text
        ranking = page.text.split('id="ranking"')[1]
        assert ranking.index("(79)") < ranking.index("(01)")  # highest first
        assert "2.820" in ranking and ">210<" in ranking
        series = http.get(f"/indicators/T_HS/series.json?period_type=month&period={LOCKED}").json()
        assert series["unit"] == "CP"
        at = series["periods"].index(LOCKED)
        assert series["values"][at] == pytest.approx(3030)
        year = http.get(f"/indicators/T_HS/series.json?period_type=month&unit=01&period={LOCKED}").json()
        at = year["periods"].index(LOCKED)
        assert year["values"][at] == 210 and year["yoy"][at] == pytest.approx(100 * (210 - 190) / 190)
        assert year["ytd"][at] is not None
        places = http.get(f"/indicators/T_HS/places.json?period={LOCKED}").json()
        shapes = {p["code"]: p["value"] for p in places["shapes"]}
        assert shapes["79"] == 2820 and shapes["01"] == 210 and len(shapes) == 34
        today = http.get(f"/indicators/T_HS/places.json?period={LOCKED}&map=today").json()
        assert {p["code"]: p["value"] for p in today["shapes"]}["79"] == 2820
        drill = http.get(f"/indicators/T_HS?unit=01&period={LOCKED}")
        assert f"({figures.commune})" in drill.text.split('id="ranking"')[1]
        lineage = http.get(f"/indicators/T_HS/lineage.json?unit=79&period={LOCKED}").json()
        assert lineage["value"] == 2820
        [source] = lineage["sources"]
        assert source["submission_id"] == figures.hcm_submission and source["unit"] == "79"
        assert source["version"] == 1 and source["accepted_at"]
        geo = http.get("/geo/provinces.geojson")
        assert geo.status_code == 200 and len(geo.json()["features"]) == 34


def test_a_province_cannot_open_another_provinces_figures(figures: Figures, web_server: LiveServer) -> None:
    with web_server.client() as http:
        sign_in(http, "hn.viewer")
        assert http.get("/indicators/T_HS").status_code == 200
        for path in (
            "/dashboard?unit=79",
            "/indicators/T_HS?unit=79",
            "/indicators/T_HS?unit=CP",
            f"/indicators/T_HS/series.json?unit=79&period={LOCKED}",
            f"/indicators/T_HS/places.json?unit=79&period={LOCKED}",
            f"/indicators/T_HS/lineage.json?unit=79&period={LOCKED}",
        ):
            answer = http.get(path)
            assert answer.status_code == 403, path
        assert http.get("/indicators/NOPE").status_code == 404
        assert http.get("/indicators/T_HS?period=2025-13").status_code == 422
    with web_server.client() as http:
        sign_in(http, "xa4.reporter")  # a reporter has no analytics
        assert http.get("/dashboard").status_code == 403
        assert "/dashboard" not in http.get("/").text


def test_before_the_merger_lists_the_old_provinces(figures: Figures, web_server: LiveServer) -> None:
    with web_server.client() as http:
        sign_in(http, "vpcp.leader")
        page = http.get("/indicators/T_HS?period_type=year&period=2024")
        assert page.status_code == 200
        assert 'id="merged-note"' in page.text and "63 tỉnh cũ" in page.text
        places = http.get("/indicators/T_HS/places.json?period_type=year&period=2024").json()
        assert len(places["ranking"]) == 63 and len(places["shapes"]) == 34
        assert LAST_YEAR  # (the 2025 figures are after the merger: the note is not shown)
        after = http.get(f"/indicators/T_HS?period={LAST_YEAR}")
        assert 'id="merged-note"' not in after.text


def test_wall_panels_and_their_refresh(figures: Figures, web_server: LiveServer) -> None:
    with web_server.client() as http:
        sign_in(http, "vpcp.leader")
        wall = http.get(
            "/wall", params={"panels": "overview,map,compliance", "regime": "T_TINH", "period": LOCKED}
        )
        assert wall.status_code == 200
        assert wall.text.count('class="wall-panel"') == 3 and 'hx-trigger="every 60s"' in wall.text
        assert 'class="wall"' in wall.text and "/static/wall.js" in wall.text
        panel = http.get("/wall/panel/compliance", params={"regime": "T_TINH", "period": LOCKED})
        assert panel.status_code == 200 and "<html" not in panel.text
        assert "Tỷ lệ gửi báo cáo" in panel.text and "50,0 %" in panel.text  # HCM sent, Hà Nội not
        assert http.get("/wall", params={"panels": "nope"}).status_code == 422
        assert http.get("/wall/panel/nope").status_code == 404
    with web_server.client() as http:
        sign_in(http, "hn.approver")  # approvers have no analytics
        assert http.get("/wall").status_code == 403
