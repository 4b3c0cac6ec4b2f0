"""Data entry through the pages (plain HTTP): figures typed the Vietnamese way, an error blocks the
sending and is shown at its cell, a warning needs an explanation typed on the page."""

from __future__ import annotations

import re

from sqlalchemy import select

from baocao.regimes.models import Regime, RegimeVersion
from baocao.submissions.forms import load_form_index
from baocao.web.formats import number
from tests.conftest import LiveServer
from tests.submissions.env import STORY, Env
from tests.submissions.test_demo_regime import NARRATIVE, _figures
from tests.web.conftest import sign_in


def _fields(env: Env, figures: list[dict[str, object]]) -> dict[str, str]:
    with env.session() as db:
        version_id = db.scalar(
            select(RegimeVersion.id)
            .join(Regime)
            .where(Regime.code == "KTXH_THANG")
            .order_by(RegimeVersion.id)
        )
        assert version_id is not None
        index = load_form_index(db, version_id)
    fields = {}
    for f in figures:
        cell = index.cells[(str(f["element"]), str(f["options"]))]
        fields[f"c|{cell.form}|{cell.row}|{cell.column}"] = number(f["value"], "vi")
    return fields


def test_errors_block_and_warnings_need_an_explanation(web_env: Env, web_server: LiveServer) -> None:
    with web_server.client() as http:
        token = sign_in(http, "hn.reporter")
        opened = http.post(
            "/reports/open", data={"csrf_token": token, "regime": "KTXH_THANG", "unit": "01", "period": STORY}
        )
        assert opened.status_code == 303
        url = opened.headers["location"]
        narrative = {f"n|{k}": v for k, v in NARRATIVE.items()}
        form = {"csrf_token": token, **_fields(web_env, _figures(fdi_exports=1800)), **narrative}
        saved = http.post(url + "/save", data={**form, "action": "save"})
        assert saved.status_code == 303
        page = http.get(saved.headers["location"])
        assert "52.000,5" in page.text  # stored 52000.5, shown the Vietnamese way
        assert re.search(r'class="[^"]*has-msg[^"]*"', page.text)  # KT01 at its cell

        blocked = http.post(url + "/save", data={**form, "action": "submit"})
        assert blocked.status_code == 422 and "KT01" in blocked.text

        form = {"csrf_token": token, **_fields(web_env, _figures(new_capital=150000)), **narrative}
        warned = http.post(url + "/save", data={**form, "action": "submit"})
        assert warned.status_code == 422
        assert 'name="w|KT02"' in warned.text  # the page asks for the explanation

        explained = {**form, "action": "submit", "w|KT02": "Một dự án lớn đăng ký trong tháng"}
        sent = http.post(url + "/save", data=explained)
        assert sent.status_code == 303 and sent.headers["location"].endswith("done=submitted")
        assert "Đã gửi, chờ duyệt" in http.get(url).text
