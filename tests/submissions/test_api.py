"""The API around the story: scope, optimistic locking through If-Match, versions and history after a
reopen, CSV in and out, reminders, and errors that name the place."""

from __future__ import annotations

from typing import Any

import httpx

from baocao.access.rules import Role
from tests.conftest import LiveServer
from tests.submissions.env import OPEN, Env, add_user
from tests.submissions.helpers import Client, cells, error, ok


def _reporter(env: Env, http: httpx.Client, commune: str | None = None) -> tuple[Client, str]:
    commune = commune or env.spare_commune()
    with env.session() as db, db.begin():
        username = add_user(db, commune, Role.REPORTER)
    return Client(env, http, username), commune


def _submitted(reporter: Client, commune: str, boys: int = 10, girls: int = 11) -> dict[str, Any]:
    sid = reporter.open("T_XA", commune, OPEN)["id"]
    reporter.write(sid, cells(boys, girls), {"I": "Đã kiểm tra"})
    detail: dict[str, Any] = ok(reporter.post(f"/submissions/{sid}/submit"))
    return detail


def test_scope_of_writes_and_decisions(env: Env, server: LiveServer) -> None:
    with server.client() as http:
        reporter, commune = _reporter(env, http)
        sid = reporter.open("T_XA", commune, OPEN)["id"]
        reporter.write(sid, cells(1, 2))
        neighbour, other_approver = Client(env, http, "xa4.reporter"), Client(env, http, "hcm.approver")
        # Another commune's reporter: the submission is outside its view, so it does not exist for it.
        assert (
            error(neighbour.put(f"/submissions/{sid}/values", json={"cells": cells(9, 9)}), 404)["code"]
            == "not_found"
        )
        assert neighbour.get(f"/submissions/{sid}").status_code == 404
        reporter.write(sid, [], {"I": "x"})
        ok(reporter.post(f"/submissions/{sid}/submit"))
        # An approver of another province cannot accept; a reporter holds no approve permission.
        assert other_approver.post(f"/submissions/{sid}/accept").status_code == 404
        assert error(reporter.post(f"/submissions/{sid}/accept"), 403)["code"] == "forbidden"
        # The province's viewer reads it but cannot write.
        viewer = Client(env, http, "hn.viewer")
        assert ok(viewer.get(f"/submissions/{sid}"))["state"] == "submitted"
        assert viewer.put(f"/submissions/{sid}/values", json={"cells": []}).status_code == 403
        assert reporter.values(sid)[("T_HS", "t_gt=nam")] == 1
        anonymous = http.get(f"/api/v1/submissions/{sid}")
        assert anonymous.status_code == 401


def test_two_approvers_at_once_one_wins_with_if_match(env: Env, server: LiveServer) -> None:
    with server.client() as http:
        reporter, commune = _reporter(env, http)
        detail = _submitted(reporter, commune)
        first, second = Client(env, http, "hn.approver"), Client(env, http, "hn.approver2")
        seen = http.get(f"/api/v1/submissions/{detail['id']}", headers=first.headers)
        etag = seen.headers["ETag"]
        assert etag == f'"{detail["lock_version"]}"'
        ok(first.post(f"/submissions/{detail['id']}/accept", headers={"If-Match": etag}))
        late = second.post(
            f"/submissions/{detail['id']}/return", json={"reason": "Sai"}, headers={"If-Match": etag}
        )
        body = error(late, 409)
        assert body["code"] == "conflict" and "'accepted'" in body["message_en"]
        assert "đã tiếp nhận" in body["message"]
        # The same through the body's expected_lock_version.
        stale_body = {"reason": "Sửa", "expected_lock_version": detail["lock_version"]}
        stale = second.post(f"/submissions/{detail['id']}/reopen", json=stale_body)
        assert error(stale, 409)["code"] == "conflict"
        bad = first.post(
            f"/submissions/{detail['id']}/reopen", json={"reason": "x"}, headers={"If-Match": "abc"}
        )
        assert error(bad, 422)["field"] == "If-Match"


def test_versions_and_history_after_reopen(env: Env, server: LiveServer) -> None:
    with server.client() as http:
        reporter, commune = _reporter(env, http)
        sid = _submitted(reporter, commune, 10, 11)["id"]
        approver = Client(env, http, "hn.approver")
        ok(approver.post(f"/submissions/{sid}/accept"))
        reopened = ok(approver.post(f"/submissions/{sid}/reopen", json={"reason": "Số liệu chính thức"}))
        assert (reopened["current_version"], reopened["state"]) == (2, "draft")
        assert [v["state"] for v in reopened["versions"]] == ["accepted", "draft"]
        reporter.write(sid, [{"element": "T_HS", "options": "t_gt=nam", "value": 12}])
        v1 = ok(reporter.get(f"/submissions/{sid}/versions/1"))
        v2 = ok(reporter.get(f"/submissions/{sid}/versions/2"))
        as_dict = {(v["element"], v["options"]): v["value"] for v in v1["values"]}
        assert as_dict[("T_HS", "t_gt=nam")] == 10 and v1["state"] == "accepted" and v1["content_digest"]
        assert {(v["element"], v["options"]): v["value"] for v in v2["values"]}[("T_HS", "t_gt=nam")] == 12
        assert v2["reopen_reason"] == "Số liệu chính thức"
        assert reporter.get(f"/submissions/{sid}/versions/3").status_code == 404
        history = ok(reporter.get(f"/submissions/{sid}/history"))
        assert [e["event"] for e in history["events"]] == ["submit", "accept", "reopen"]
        assert [e["version"] for e in history["events"]] == [1, 1, 2]
        last = history["changes"][-2]
        assert (last["version"], last["old_value"], last["new_value"], last["entry_path"]) == (
            2,
            "10",
            "12",
            "api",
        )
        assert last["actor_name"] == reporter.username and last["client_address"] == "127.0.0.1"


def test_csv_round_trip_and_bad_files(env: Env, server: LiveServer) -> None:
    with server.client() as http:
        reporter, commune = _reporter(env, http)
        sid = reporter.open("T_XA", commune, OPEN)["id"]
        good = (
            "element,options,value\r\n"
            'T_HS,t_gt=nam,40\nT_HS,t_gt=nu,41\nT_KINHPHI,,12.5\nT_GHICHU,,"Có, dấu phẩy"\n'
        )
        report = ok(
            reporter.post(
                f"/submissions/{sid}/values.csv", files={"file": ("so-lieu.csv", good.encode("utf-8-sig"))}
            )
        )
        assert report["changed"] == 4
        bad = "element,options,value\nT_HS,t_gt=nam,50\nT_HS,t_gt=nu,bốn mươi\nKHONG_CO,,1\nT_TRUONG,,1,2\n"
        answer = error(
            reporter.post(f"/submissions/{sid}/values.csv", files={"file": ("xa.csv", bad.encode())}), 422
        )
        assert (
            answer["code"] == "invalid_csv"
            and answer["location"] == "xa.csv:5"
            and "Line 5" in answer["message_en"]
        )
        answer = error(
            reporter.post(
                f"/submissions/{sid}/values.csv",
                files={"file": ("xa.csv", bad.replace(",1,2", ",1").encode())},
            ),
            422,
        )
        assert [(d["location"], d["field"]) for d in answer["details"]] == [
            ("xa.csv:3", "value"),
            ("xa.csv:4", "element"),
        ]
        assert "xa.csv:3" in answer["details"][0]["message_en"]
        header = error(
            reporter.post(
                f"/submissions/{sid}/values.csv", files={"file": ("h.csv", b"element,value\nT_HS,1\n")}
            ),
            422,
        )
        assert (header["location"], header["field"]) == ("h.csv:1", "options")
        latin = error(
            reporter.post(
                f"/submissions/{sid}/values.csv",
                files={"file": ("l.csv", "element,options,value\nT_GHICHU,,Hà\n".encode("cp1258"))},
            ),
            422,
        )
        assert latin["location"] == "l.csv:2"
        assert reporter.values(sid)[("T_HS", "t_gt=nam")] == 40  # nothing of the bad files stored
        history = ok(reporter.get(f"/submissions/{sid}/history"))
        assert {c["entry_path"] for c in history["changes"]} == {"csv"} and history["changes_total"] == 5
        download = http.get(f"/api/v1/submissions/{sid}/values.csv", headers=reporter.headers)
        assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
        lines = download.content.decode("utf-8-sig").splitlines()
        assert lines[0] == "element,options,value,comment"
        assert 'T_GHICHU,,"Có, dấu phẩy",' in lines and "T_HS,,81," in lines and "T_KINHPHI,,12.5," in lines


def test_errors_in_json_cells_name_the_cell(env: Env, server: LiveServer) -> None:
    with server.client() as http:
        reporter, commune = _reporter(env, http)
        sid = reporter.open("T_XA", commune, OPEN)["id"]
        answer = reporter.put(
            f"/submissions/{sid}/values", json={"cells": [{"element": "T_HS", "options": "", "value": 3}]}
        )
        body = error(answer, 422)
        assert (body["field"], body["location"]) == ("element", "cells[0]") and "computed" in body[
            "message_en"
        ]
        body = error(
            reporter.put(f"/submissions/{sid}/values", json={"cells": [], "narrative": {"IX": "?"}}), 422
        )
        assert body["field"] == "narrative.IX"
        body = error(
            reporter.post("/submissions", json={"regime": "KHONG", "unit": commune, "period": OPEN}), 404
        )
        assert body["field"] == "regime"


def test_reminders_for_the_callers_units(env: Env, server: LiveServer) -> None:
    with server.client() as http:
        reporter, commune = _reporter(env, http)
        due = ok(reporter.get("/reminders", params={"within_days": 45}))
        mine = [r for r in due if r["regime"] == "T_XA" and r["period"] == OPEN]
        assert [(r["unit"], r["role"], r["status"]) for r in mine] == [(commune, "report", "missing")]
        assert all(r["unit"] == commune for r in due)  # only its own unit
        overdue = ok(reporter.get("/reminders", params={"overdue": "true"}))
        assert overdue and all(r["days_left"] < 0 and r["unit"] == commune for r in overdue)
        _submitted(reporter, commune)
        due = ok(reporter.get("/reminders", params={"within_days": 45}))
        assert not [r for r in due if r["regime"] == "T_XA" and r["period"] == OPEN]
        receiving = ok(Client(env, http, "hn.approver").get("/reminders", params={"within_days": 45}))
        assert {r["role"] for r in receiving} == {"receive"}
        assert commune not in {r["unit"] for r in receiving if r["regime"] == "T_XA" and r["period"] == OPEN}
