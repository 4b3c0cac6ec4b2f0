"""The whole story through the API, on a real server with real logins: communes report, the province
returns one with a reason, the commune revises, the province accepts, consolidates its own report and
submits it upward; the Government side sees it on time; a late province is locked out until an
exception is granted, and then shows as late."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from baocao.ledger.service import verify
from baocao.submissions.models import ValueChange
from baocao.timeutil import today
from tests.conftest import LiveServer
from tests.submissions.env import LOCKED, STORY, Env
from tests.submissions.helpers import Client, cells, error, ok

UNTIL = (today() + timedelta(days=7)).isoformat()


def test_communes_province_and_government(env: Env, server: LiveServer) -> None:
    with server.client() as http:
        xa4, xa8 = Client(env, http, "xa4.reporter"), Client(env, http, "xa8.reporter")
        hn_approver, hn_reporter = Client(env, http, "hn.approver"), Client(env, http, "hn.reporter")
        vpcp_leader, vpcp_approver = Client(env, http, "vpcp.leader"), Client(env, http, "vpcp.approver")

        # 1. Two communes report.
        sid4 = xa4.open("T_XA", "00004", STORY)["id"]
        sid8 = xa8.open("T_XA", "00008", STORY)["id"]
        report = xa4.write(
            sid4, cells(120, 130, T_TRUONG=2, T_TYLE=97.5, T_KINHPHI=1500.25), {"I": "Ổn định"}
        )
        assert (report["changed"], report["computed_changed"]) == (5, 1)
        xa8.write(sid8, cells(200, 210, T_TRUONG=3, T_TYLE=92.5, T_KINHPHI=2000), {"I": "Tăng nhẹ"})
        assert xa4.values(sid4)[("T_HS", "")] == 250  # the total is computed, never entered
        for client, sid in ((xa4, sid4), (xa8, sid8)):
            detail = ok(client.post(f"/submissions/{sid}/submit"))
            assert (detail["state"], detail["timeliness"]) == ("submitted", "on_time")

        # 2. The province's approver returns one commune with a reason and a note on a cell ...
        returned = ok(
            hn_approver.post(
                f"/submissions/{sid8}/return",
                json={
                    "reason": "Số học sinh nữ chưa khớp sổ sách",
                    "cell_comments": [{"element": "T_HS", "options": "t_gt=nu", "message": "Kiểm tra lại"}],
                },
            )
        )
        assert returned["state"] == "returned"
        ok(hn_approver.post(f"/submissions/{sid4}/accept"))

        # 3. ... the commune sees why, revises and submits again; the province accepts.
        seen = ok(xa8.get(f"/submissions/{sid8}"))
        assert seen["return_reason"] == "Số học sinh nữ chưa khớp sổ sách"
        assert [(c["element"], c["options"], c["message"]) for c in seen["comments"]] == [
            ("T_HS", "t_gt=nu", "Kiểm tra lại")
        ]
        xa8.write(sid8, [{"element": "T_HS", "options": "t_gt=nu", "value": 205}])
        ok(xa8.post(f"/submissions/{sid8}/submit"))
        ok(hn_approver.post(f"/submissions/{sid8}/accept"))

        # 4. The province consolidates its own report from the accepted ones.
        province = hn_reporter.open("T_TINH", "01", STORY)
        preview = ok(hn_reporter.get(f"/submissions/{province['id']}/consolidation?source_regime=T_XA"))
        assert {s["unit"] for s in preview["sources"]} == {"00004", "00008"}
        assert len(preview["missing"]) == len(env.hanoi_communes) - 2
        assert "00004" not in {m["unit"] for m in preview["missing"]}
        done = ok(
            hn_reporter.post(f"/submissions/{province['id']}/consolidate", json={"source_regime": "T_XA"})
        )
        assert done["write"]["changed"] > 0
        values = hn_reporter.values(province["id"])
        assert values[("T_HS", "t_gt=nam")] == 320
        assert values[("T_HS", "t_gt=nu")] == 335
        assert values[("T_HS", "")] == 655  # computed from the consolidated parts
        assert values[("T_TRUONG", "")] == 5
        assert values[("T_TYLE", "")] == 95.0  # average over units
        assert values[("T_KINHPHI", "")] == 3500.25
        assert ("T_GHICHU", "") not in values  # aggregation "none": left alone
        history = ok(hn_reporter.get(f"/submissions/{province['id']}/history"))
        assert {c["entry_path"] for c in history["changes"]} == {"consolidation"}

        # 5. ... and submits it upward; the Government side sees it on time, Hồ Chí Minh missing.
        hn_reporter.write(province["id"], [], {"I": "Tổng hợp từ các xã"})
        ok(hn_reporter.post(f"/submissions/{province['id']}/submit"))
        seen_by_cp = ok(vpcp_leader.get("/compliance", params={"regime": "T_TINH", "period": STORY}))
        status = {i["unit"]: i["status"] for i in seen_by_cp["items"]}
        assert status == {"01": "on_time", "79": "missing"}
        assert seen_by_cp["counts"]["on_time"] == 1
        accepted = ok(vpcp_approver.post(f"/submissions/{province['id']}/accept"))
        assert accepted["state"] == "accepted"

    with env.session() as db:
        paths = set(
            db.scalars(select(ValueChange.entry_path).where(ValueChange.submission_id.in_([sid4, sid8])))
        )
        assert paths == {"api"}
        assert verify(db).ok


def test_a_late_province_is_locked_until_the_government_grants_an_exception(
    env: Env, server: LiveServer
) -> None:
    with server.client() as http:
        hcm, vpcp = Client(env, http, "hcm.reporter"), Client(env, http, "vpcp.approver")
        leader = Client(env, http, "vpcp.leader")
        sid = hcm.open("T_TINH", "79", LOCKED)["id"]
        locked = error(hcm.put(f"/submissions/{sid}/values", json={"cells": cells(1, 2)}), 423)
        assert locked["code"] == "entry_locked"
        assert error(hcm.post(f"/submissions/{sid}/submit"), 423)["code"] == "entry_locked"

        status = {
            i["unit"]: i
            for i in ok(leader.get("/compliance", params={"regime": "T_TINH", "period": LOCKED}))["items"]
        }
        assert status["79"]["status"] == "draft" and status["79"]["overdue"] is True
        assert status["01"]["status"] == "missing" and status["01"]["overdue"] is True

        # Only the receiver grants exceptions: Hồ Chí Minh's own reporter cannot.
        grant = {"regime": "T_TINH", "unit": "79", "period": LOCKED, "open_until": UNTIL, "reason": "Bão"}
        assert hcm.post("/submissions/exceptions", json=grant).status_code == 403
        ok(vpcp.post("/submissions/exceptions", json=grant), 201)

        hcm.write(sid, cells(1, 2), {"I": "Nộp muộn do bão"})
        detail = ok(hcm.post(f"/submissions/{sid}/submit"))
        assert detail["timeliness"] == "late"
        status = {
            i["unit"]: i
            for i in ok(leader.get("/compliance", params={"regime": "T_TINH", "period": LOCKED}))["items"]
        }
        assert status["79"]["status"] == "late"
        assert status["79"]["exception_until"] == UNTIL
