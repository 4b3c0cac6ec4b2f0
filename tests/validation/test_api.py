"""The validation API through a real server: one submission's results, and failures within scope."""

from __future__ import annotations

from sqlalchemy.orm import Session

from baocao.storage.engine import make_engine, make_session_factory, transaction
from baocao.validation.service import validate_version
from tests.conftest import FreshDatabase, LiveServer
from tests.validation.world import CellDef, RuleDef, new_world, regime, submission, token_for

API = "/api/v1"
CELLS = [CellDef("R01", "C1", "TONG"), CellDef("R02", "C1", "PHAN_A"), CellDef("R03", "C1", "PHAN_B")]
RULES = [
    RuleDef("TONG_BANG", "in_form", "R01.C1 == R02.C1 + R03.C1"),
    RuleDef("DUONG", "in_form", "R01.C1 > 0", importance="warning"),
]


def _seed(session: Session) -> dict[str, int]:
    version = regime(session, "KIEM_TRA", CELLS, RULES)
    ids = {}
    for unit, total in (("01", 10), ("79", 20), ("31", 5)):
        head, row = submission(
            session, version, unit, "2025-07", {"TONG": total, "PHAN_A": 2, "PHAN_B": 3}, state="draft"
        )
        validate_version(session, head, row)
        ids[unit] = head.id
    return ids


def test_results_of_a_submission_and_failures_in_scope(backend: FreshDatabase) -> None:
    url = new_world(backend)
    with transaction(make_session_factory(make_engine(url))) as session:
        ids = _seed(session)
        province = token_for(session, "01", "viewer")
        national = token_for(session, "CP", "viewer")
    with LiveServer(url) as server, server.client() as client:
        as_province = {"Authorization": f"Bearer {province}"}
        as_national = {"Authorization": f"Bearer {national}"}

        answer = client.get(f"{API}/submissions/{ids['01']}/validation", headers=as_province)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["version"], body["state"], body["errors"], body["warnings"]) == (1, "draft", 1, 0)
        failed = next(r for r in body["results"] if r["rule"] == "TONG_BANG")
        assert failed["cells"] == ["B01!R01.C1", "B01!R02.C1", "B01!R03.C1"]
        assert (failed["left_value"], failed["right_value"], failed["passed"]) == (10, 5, False)

        # another province's submission is outside the scope: it looks like it does not exist
        assert client.get(f"{API}/submissions/{ids['79']}/validation", headers=as_province).status_code == 404
        assert client.get(f"{API}/submissions/{ids['01']}/validation", params={"version": 9},
                          headers=as_province).status_code == 404  # fmt: skip
        assert client.get(f"{API}/submissions/{ids['01']}/validation").status_code == 401

        mine = client.get(f"{API}/validation/failures", headers=as_province).json()
        assert [(f["unit"], f["rule"], f["regime"], f["period"]) for f in mine["items"]] == [
            ("01", "TONG_BANG", "KIEM_TRA", "2025-07")
        ]
        everyone = client.get(f"{API}/validation/failures", params={"rule": "TONG_BANG"}, headers=as_national)
        assert everyone.json()["total"] == 2  # 31 passes (5 = 2 + 3)
        assert {f["unit"] for f in everyone.json()["items"]} == {"01", "79"}
        assert {f["submission_id"] for f in everyone.json()["items"]} == {ids["01"], ids["79"]}
        none = client.get(f"{API}/validation/failures", params={"period": "2025-06"}, headers=as_national)
        assert none.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
        assert client.get(f"{API}/validation/failures").status_code == 401
