"""/api/v1/regimes through a real server, with the access tests' accounts and tokens."""

from __future__ import annotations

import httpx

from baocao.access.rules import Role
from tests.access.world import Actor, World
from tests.conftest import LiveServer
from tests.regimes.authz_rows import owned_by
from tests.regimes.samples import BASE, edit, line_of

API = "/api/v1/regimes"
YAML = {"Content-Type": "application/yaml"}


def actor(world: World, home: str, role: Role) -> Actor:
    return next(a for a in world.actors if a.home == home and a.role == role)


def _unique(text: str, code: str) -> str:
    return text.replace("code: MAU_THU", f"code: {code}", 1)


def test_any_signed_in_account_reads_regimes_and_nobody_else(world: World, world_server: LiveServer) -> None:
    reporter = actor(world, "commune", Role.REPORTER).headers()
    with world_server.client() as client:
        assert client.get(API).status_code == 401
        listed = client.get(API, headers=reporter)
        assert listed.status_code == 200, listed.text
        codes = {item["code"] for item in listed.json()["items"]}
        assert {"KTXH_THANG", "NSNN_QUY", "GD_XA_NAM", "THIEN_TAI"} <= codes
        detail = client.get(f"{API}/GD_XA_NAM", headers=reporter).json()
    assert detail["receiver"]["rule"] == {"rule": "parent", "level": "province"}
    assert detail["reporting_units"]["text"] == "Tất cả xã, phường, đặc khu"
    assert detail["deadline"]["text_en"] == "30 working days after the period ends"
    assert [s["code"] for s in detail["outline"]] == ["I"]
    assert detail["owner"]["code"] == "BGDDT"
    pupils = next(f for f in detail["forms"] if f["code"] == "B01")
    girls = next(c for c in pupils["cells"] if c["address"] == "B01!R03.C3")
    assert girls["option_key"] == "cap_hoc=tieu_hoc;gioi_tinh=nu"
    assert (girls["kind"], girls["required"], girls["value_type"], girls["unit_of_measure"]) == (
        "input",
        True,
        "integer",
        "học sinh",
    )
    assert [c["address"] for c in pupils["cells"]][:3] == ["B01!R01.C1", "B01!R01.C2", "B01!R01.C3"]
    assert {r["code"]: r["kind"] for r in detail["rules"]}["GD04"] == "cross_period"


def test_an_administrator_loads_a_file_and_errors_name_line_and_field(
    world: World, world_server: LiveServer
) -> None:
    admin = actor(world, "national", Role.ADMINISTRATOR).headers()
    text = _unique(BASE, "API_MAU")
    with world_server.client() as client:
        created = client.post(API, content=text.encode(), headers={**admin, **YAML})
        assert created.status_code == 201, created.text
        assert created.json() | {"digest": ""} == {
            "code": "API_MAU",
            "version": 1,
            "created": True,
            "closed_version": None,
            "digest": "",
            "source": "regime.yaml",
        }
        again = client.post(API, content=text.encode(), headers={**admin, **YAML})
        assert (again.status_code, again.json()["created"]) == (200, False)

        bad = edit(
            "element: HOC_SINH, options: {cap_hoc: thcs}", "element: HOC_SIHN, options: {cap_hoc: thcs}", text
        )
        refused = client.post(
            API, files={"file": ("mau.yaml", bad.encode(), "application/yaml")}, headers=admin
        )
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["code"] == "invalid_file"
        assert error["details"][0]["field"] == "forms[0].rows[1].element"
        assert error["details"][0]["location"] == f"mau.yaml:{line_of(bad, 'HOC_SIHN')}"
        assert "có phải 'HOC_SINH'?" in error["details"][0]["message"]

        changed = edit("valid_from: 2020-01-01", "valid_from: 2026-01-01", text).replace(
            "label: THCS", "label: THCS mới"
        )
        second = client.post(
            API, files={"file": ("v2.yaml", changed.encode(), "application/yaml")}, headers=admin
        )
        assert (second.status_code, second.json()["version"], second.json()["closed_version"]) == (201, 2, 1)
        versions = client.get(f"{API}/API_MAU/versions", headers=admin).json()
        assert [(v["version"], v["valid_to"]) for v in versions["items"]] == [(1, "2026-01-01"), (2, None)]
        old = client.get(f"{API}/API_MAU/versions/1", headers=admin).json()
        assert old["forms"][0]["rows"][1]["label"] == "THCS"
        source = client.get(f"{API}/API_MAU/versions/2/source", headers=admin)
        assert source.headers["content-type"].startswith("application/yaml") and "THCS mới" in source.text
        as_of = client.get(f"{API}/API_MAU", params={"as_of": "2025-06-30"}, headers=admin).json()
        assert as_of["version"] == 1
        assert client.get(f"{API}/API_MAU/versions/9", headers=admin).status_code == 404


def test_loading_needs_the_admin_role_and_the_owner_in_scope(world: World, world_server: LiveServer) -> None:
    with world_server.client() as client:
        reporter = actor(world, "province", Role.REPORTER).headers()
        denied = client.post(API, content=owned_by("T_REPORTER", "01").encode(), headers={**reporter, **YAML})
        assert denied.status_code == 403
        province_admin = actor(world, "province", Role.ADMINISTRATOR).headers()
        own = client.post(API, content=owned_by("T_HANOI", "01").encode(), headers={**province_admin, **YAML})
        assert own.status_code == 201, own.text
        foreign = client.post(
            API, content=owned_by("T_BTC", "BTC").encode(), headers={**province_admin, **YAML}
        )
        assert foreign.status_code == 403 and foreign.json()["error"]["field"] == "owner"
        # Taking over the Government Office's regime with a new owner is refused as well.
        takeover = client.post(
            API,
            content=_unique(BASE, "T_TAKEOVER").encode(),
            headers={**actor(world, "national", Role.ADMINISTRATOR).headers(), **YAML},
        )
        assert takeover.status_code == 201
        hijack = edit("owner: VPCP", 'owner: "01"', _unique(BASE, "T_TAKEOVER")).replace(
            "2020-01-01", "2026-01-01"
        )
        assert (
            client.post(API, content=hijack.encode(), headers={**province_admin, **YAML}).status_code == 403
        )
        assert len(client.get(f"{API}/T_TAKEOVER/versions", headers=province_admin).json()["items"]) == 1
        odd = client.post(API, content=b"x", headers={**province_admin, "Content-Type": "image/png"})
        assert odd.status_code == 415


def test_expected_submissions_follow_the_map_of_the_period(world: World, world_server: LiveServer) -> None:
    viewer = actor(world, "ministry", Role.VIEWER).headers()
    with world_server.client() as client:

        def expected(code: str, **params: str | int) -> httpx.Response:
            return client.get(f"{API}/{code}/expected", params=params, headers=viewer)

        june, july = (
            expected("KTXH_THANG", period="2025-06").json(),
            expected("KTXH_THANG", period="2025-07").json(),
        )
        assert (june["total"], july["total"]) == (63, 34)
        assert (july["deadline"], july["open_until"], july["period_name"]) == (
            "2025-07-25",
            "2025-07-28",
            "Tháng 7/2025",
        )
        assert july["items"][0]["receiver"]["code"] == "CP"
        hanoi = expected("GD_XA_NAM", period="2025", receiver="01", limit=1000).json()
        assert hanoi["total"] == 126 and {i["receiver"]["code"] for i in hanoi["items"]} == {"01"}
        wrong = expected("KTXH_THANG", period="2025-Q3")
        assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "period"
        assert expected("KHONG_CO", period="2025").status_code == 404
