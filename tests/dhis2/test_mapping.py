"""The mapping table: administrators maintain it by code (API and CLI); a bad row names its line and
column and nothing is stored."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from baocao.access.rules import Role
from baocao.cli import main
from baocao.storage.engine import transaction
from tests.conftest import TEST_SECRET, LiveServer, session_factory_for
from tests.dhis2.conftest import Dhis2Env
from tests.submissions.env import add_user


def test_administrators_maintain_the_mapping(denv: Dhis2Env, dserver: LiveServer) -> None:
    with transaction(session_factory_for(denv.url)) as db:
        add_user(db, "VPCP", Role.ADMINISTRATOR, "vpcp.admin.dhis2")
    with dserver.client() as http:
        admin = denv.env.headers(http, "vpcp.admin.dhis2")
        listed = http.get("/api/v1/dhis2/mappings", params={"kind": "data_set"}, headers=admin).json()
        assert {m["target"] for m in listed} == {"YT_THANG", "T_TINH"}
        bad = {"replace": False, "items": [
            {"kind": "data_element", "dhis2_uid": "VnNewDe0001", "target": "KHONG_CO"},
            {"kind": "org_unit", "dhis2_uid": "bad uid", "target": "01"},
            {"kind": "category_option_combo", "dhis2_code": "X", "target": "t_gt=khong_co"},
        ]}  # fmt: skip
        answer = http.put("/api/v1/dhis2/mappings", json=bad, headers=admin)
        assert answer.status_code == 422
        details = {(d["location"], d["field"]) for d in answer.json()["error"]["details"]}
        assert details == {("items[0]", "target"), ("items[1]", "dhis2_uid"), ("items[2]", "target")}
        good = {
            "replace": False,
            "items": [{"kind": "data_element", "dhis2_code": "GV", "target": "GIAO_VIEN"}],
        }
        saved = http.put("/api/v1/dhis2/mappings", json=good, headers=admin).json()
        every = http.get("/api/v1/dhis2/mappings", headers=admin).json()
        assert saved == {"saved": 1, "total": len(every)}
        assert {"kind": "data_element", "dhis2_code": "GV", "target": "GIAO_VIEN"}.items() <= next(
            m for m in every if m["dhis2_code"] == "GV"
        ).items()
        assert (
            http.get("/api/v1/dhis2/mappings", headers=denv.env.headers(http, "hn.reporter")).status_code
            == 403
        )


def test_cli_loads_a_mapping_file(denv: Dhis2Env, tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"BAOCAO_DATABASE_URL": denv.url, "BAOCAO_SECRET_KEY": TEST_SECRET}
    good = tmp_path / "mapping.csv"
    good.write_text(
        "kind,dhis2_uid,dhis2_code,target,name\ndata_element,VnTruong001,TRUONG,TRUONG_HOC,Trường\n"
    )
    result = runner.invoke(main, ["dhis2", "mapping", "load", str(good)], env=env)
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,dhis2_uid,target\ndata_element,VnX00000001,TRUONG_HOC\nthing,VnX00000002,X\n")
    result = runner.invoke(main, ["dhis2", "mapping", "load", str(bad)], env=env)
    assert result.exit_code == 1 and "bad.csv:3" in result.output and "nothing was stored" in result.output
