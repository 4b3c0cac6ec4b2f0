"""The administration pages over HTTP: units (read-only tree with versions and successions), regimes
(list, versions, YAML upload with line-precise errors), users and roles (create, grant, revoke within
scope), indicators and targets; each behind its permission and limited to the administrator's scope."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baocao.access.rules import Role
from baocao.indicators.loader import load_demo_indicators
from baocao.storage.engine import transaction
from tests.conftest import LiveServer, session_factory_for
from tests.submissions.env import DATA, Env, add_user
from tests.web.conftest import sign_in

ADMINS = {"hn.admin": "01", "hcm.admin": "79", "vpcp.admin": "VPCP"}


@pytest.fixture
def admins(web_env: Env) -> Env:
    if "_admins" not in web_env.__dict__:
        with transaction(session_factory_for(web_env.url)) as db:
            for username, unit in ADMINS.items():
                add_user(db, unit, Role.ADMINISTRATOR, username)
            load_demo_indicators(db)
        web_env.__dict__["_admins"] = True
    return web_env


def test_units_are_a_read_only_tree_within_scope(admins: Env, web_server: LiveServer) -> None:
    with web_server.client() as http:
        sign_in(http, "hn.admin")
        page = http.get("/admin/units")
        assert page.status_code == 200
        assert "Thành phố Hà Nội" in page.text and "(01)" in page.text and "00004" in page.text
        assert 'method="post"' not in page.text.split("<main")[1]  # reference data: read-only
        old = http.get("/admin/units", params={"parent": "01", "as_of": "2024-12-31"})
        assert old.status_code == 200 and "Quận Ba Đình" in old.text  # the districts of 2024
        commune = http.get("/admin/units", params={"parent": "00004"})
        assert "Đơn vị tiền thân" in commune.text and 'id="pred"' in commune.text
        assert http.get("/admin/units", params={"parent": "79"}).status_code == 403
        assert http.get("/admin/units", params={"as_of": "2024-13-01"}).status_code == 422


def test_regime_upload_shows_errors_by_line_and_stores_nothing(admins: Env, web_server: LiveServer) -> None:
    source = (DATA / "t_xa.yaml").read_text(encoding="utf-8")
    broken = source.replace("frequency: month", "frequency: fortnightly")
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "fortnightly" in text)
    with web_server.client() as http:
        token = sign_in(http, "hn.admin")
        listing = http.get("/admin/regimes", params={"code": "T_XA"})
        assert listing.status_code == 200 and 'id="regime-versions"' in listing.text
        answer = http.post("/admin/regimes/upload", data={"csrf_token": token},
                           files={"file": ("t_xa.yaml", broken.encode(), "text/yaml")})  # fmt: skip
        assert answer.status_code == 422
        problems = answer.text.split('id="yaml-problems"')[1].split("</div>")[0]
        assert f"t_xa.yaml:{line}" in problems
        same = http.post("/admin/regimes/upload", data={"csrf_token": token},
                         files={"file": ("t_xa.yaml", source.encode(), "text/yaml")})  # fmt: skip
        assert same.status_code == 200 and "đã có, không thay đổi" in same.text
        versions = same.text.split('id="regime-versions"')[1].split("</table>")[0]
        assert versions.count("<tr><td") == 1  # nothing new was stored
    with web_server.client() as http:
        token = sign_in(http, "hcm.admin")  # T_XA belongs to Hà Nội
        newer = source.replace("version: 1", "version: 2").replace(
            "valid_from: 2025-07-01", "valid_from: 2030-01-01"
        )
        answer = http.post("/admin/regimes/upload", data={"csrf_token": token},
                           files={"file": ("t_xa.yaml", newer.encode(), "text/yaml")})  # fmt: skip
        assert answer.status_code == 403 and "phạm vi" in answer.text
    with web_server.client() as http:
        sign_in(http, "hn.viewer")  # reads regimes, may not upload
        assert 'id="upload"' not in http.get("/admin/regimes").text
        assert http.post("/admin/regimes/upload", files={"file": ("x.yaml", b"a: 1")}).status_code == 403


def test_users_and_roles_within_scope(admins: Env, web_server: LiveServer, tmp_path: Path) -> None:
    with web_server.client() as http:
        token = sign_in(http, "hn.admin")
        created = http.post("/admin/users", data={"csrf_token": token, "username": "web.newcomer",
                            "full_name": "Người Mới", "unit": "00004", "role": "reporter",
                            "password": "Mật-khẩu-rất-dài-2026!"})  # fmt: skip
        assert created.status_code == 303, created.text
        page = http.get(created.headers["location"])
        assert "Đã tạo tài khoản web.newcomer" in page.text and "Người Mới" in page.text
        granted = http.post("/admin/users/web.newcomer/grant", data={"csrf_token": token, "unit": "01",
                                                                    "role": "viewer"})  # fmt: skip
        assert granted.status_code == 303
        page = http.get("/admin/users", params={"q": "web.newcomer"})
        revokes = re.findall(r'action="/admin/users/web.newcomer/revoke/(\d+)"', page.text)
        assert len(revokes) == 2
        assert (
            http.post(
                f"/admin/users/web.newcomer/revoke/{revokes[1]}", data={"csrf_token": token}
            ).status_code
            == 303
        )
        page = http.get("/admin/users", params={"q": "web.newcomer"})
        assert len(re.findall(r"/admin/users/web.newcomer/revoke/", page.text)) == 1
        outside = http.post("/admin/users", data={"csrf_token": token, "username": "web.outsider",
                            "unit": "79", "role": "reporter"})  # fmt: skip
        assert outside.status_code == 403 and 'id="user-problems"' in outside.text
        assert (
            http.post("/admin/users", data={"username": "x.y.z", "unit": "01", "role": "viewer"}).status_code
            == 403
        )
    with web_server.client() as http:
        sign_in(http, "hcm.admin")
        listing = http.get("/admin/users")
        assert (
            "hcm.approver" in listing.text
            and "web.newcomer" not in listing.text
            and "hn.viewer" not in listing.text
        )
        assert (
            http.post(
                "/admin/users/web.newcomer/revoke/1", data={"csrf_token": sign_in(http, "hcm.admin")}
            ).status_code
            == 404
        )
    with web_server.client() as http:
        sign_in(http, "hn.viewer")
        for path in ("/admin/users", "/admin/indicators", "/admin/targets"):
            assert http.get(path).status_code == 403, path


def _target(token: str, unit: str, value: str, **more: str) -> dict[str, str]:
    return {"csrf_token": token, "indicator": "TL_HO_NGHEO", "unit": unit, "year": "2026", "value": value,
            "direction": "at_most", **more}  # fmt: skip


def test_indicators_and_targets(admins: Env, web_server: LiveServer) -> None:
    with web_server.client() as http:
        token = sign_in(http, "hn.admin")
        listing = http.get("/admin/indicators")
        assert listing.status_code == 200 and "TANG_TRUONG_GRDP" in listing.text
        saved = http.post("/admin/targets", data=_target(token, "01", "0,5", assigned_by="HĐND"))
        assert saved.status_code == 303, saved.text
        page = http.get(saved.headers["location"])
        targets = page.text.split('id="targets"')[1]
        assert "Đã lưu chỉ tiêu kế hoạch" in page.text and "(01)" in targets and "0,5" in targets
        refused = http.post("/admin/targets", data=_target(token, "79", "1"))
        assert refused.status_code == 403 and 'id="target-problems"' in refused.text
        wrong = http.post("/admin/targets", data=_target(token, "01", "nhiều"))
        assert wrong.status_code == 422 and "value" in wrong.text
