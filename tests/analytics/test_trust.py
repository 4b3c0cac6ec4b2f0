"""Freshness, vintages, lineage, scope and the table formats, through a real server with real logins."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from openpyxl import load_workbook

from baocao.analytics.maintain import rebuild_rollups
from baocao.storage.engine import transaction
from baocao.timeutil import VIETNAM, today
from tests.analytics.helpers import reopen_and_accept, report, rows, value
from tests.conftest import LiveServer, session_factory_for
from tests.submissions.env import OPEN, Env
from tests.submissions.helpers import Client, error, ok


def test_an_accepted_report_is_in_the_very_next_answer(aenv: Env, aserver: LiveServer) -> None:
    with aserver.client() as http:
        reporter, approver = Client(aenv, http, "xa4.reporter"), Client(aenv, http, "hn.approver")
        viewer = Client(aenv, http, "hn.viewer")
        q = {"element": "T_HS", "unit": "01", "period": OPEN}
        sid = reporter.open("A_XA", "00004", OPEN)["id"]
        reporter.write(sid, [{"element": "T_HS", "options": "t_gt=nam", "value": 120},
                             {"element": "T_HS", "options": "t_gt=nu", "value": 130}])  # fmt: skip
        ok(reporter.post(f"/submissions/{sid}/submit"))
        assert value(viewer, **q) is None
        ok(approver.post(f"/submissions/{sid}/accept"))
        assert value(viewer, **q) == 250
        by_sex = rows(viewer, by="t_gt", **q)
        assert [(r["options"], r["value"]) for r in by_sex] == [("t_gt=nam", 120), ("t_gt=nu", 130)]

        # Reopened: the accepted figures stay official until the new version is accepted ...
        ok(approver.post(f"/submissions/{sid}/reopen", json={"reason": "Sai số nữ"}))
        reporter.write(sid, [{"element": "T_HS", "options": "t_gt=nu", "value": 140}])
        ok(reporter.post(f"/submissions/{sid}/submit"))
        assert value(viewer, **q) == 250
        assert value(viewer, include_submitted="true", **q) == 260
        # ... which replaces them at once.
        ok(approver.post(f"/submissions/{sid}/accept"))
        assert value(viewer, **q) == 260

        # Lineage names the submission, its version and who accepted it.
        lineage = ok(viewer.get("/analytics/lineage", params={**q, "options": "t_gt=nu"}))
        assert lineage["value"] == 140
        assert [(s["submission_id"], s["unit"], s["version"], s["accepted_by"], s["value"])
                for s in lineage["sources"]] == [(sid, "00004", 2, "hn.approver", 140)]  # fmt: skip
        assert lineage["sources"][0]["accepted_at"] is not None


def test_vintages_answer_as_known_then(aenv: Env, aserver: LiveServer) -> None:
    sid = report(aenv, "A_TINH", "79", "2025-04", {"T_KINHPHI": 70})
    between = datetime.now(VIETNAM)
    reopen_and_accept(aenv, sid, {"T_KINHPHI": 75})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        q = {"element": "T_KINHPHI", "unit": "CP", "period": "2025-04"}
        assert value(vpcp, **q) == 75
        assert value(vpcp, as_known_on=between.isoformat(), **q) == 70
        assert value(vpcp, as_known_on=today().isoformat(), **q) == 75
        assert value(vpcp, as_known_on=(today() - timedelta(days=1)).isoformat(), **q) is None
        lineage = ok(vpcp.get("/analytics/lineage", params={**q, "as_known_on": between.isoformat()}))
        assert [(s["submission_id"], s["version"], s["value"]) for s in lineage["sources"]] == [(sid, 1, 70)]
        bad = error(vpcp.get("/analytics", params={**q, "as_known_on": "2025-13-01"}), 422)
        assert bad["field"] == "as_known_on"


def test_the_maintained_rollups_agree_with_a_rebuild_from_facts(aenv: Env, aserver: LiveServer) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()  # the in-memory path over the same facts
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        for params in (
            {"element": "T_KINHPHI", "unit": "CP", "from": "2024-01", "to": "2025-12"},
            {"element": "T_KINHPHI", "unit": "24", "map": "today", "period": "2024-06"},
            {"element": "T_KINHPHI", "unit": "01", "level": "commune", "period": "2024-05", "map": "today"},
            {"element": "T_TYLE", "unit": "01", "period": "2025-Q3"},
        ):
            fast = [(r["unit"], r["period"], r["value"]) for r in rows(vpcp, **params)]
            slow = [(r["unit"], r["period"], r["value"]) for r in rows(vpcp, as_known_on=tomorrow, **params)]
            assert fast == slow, params


def test_scope_holds_inside_every_aggregate(aenv: Env, aserver: LiveServer) -> None:
    report(aenv, "A_TINH", "79", "2025-03", {"T_KINHPHI": 9})
    report(aenv, "A_TINH", "01", "2025-03", {"T_KINHPHI": 11})
    with aserver.client() as http:
        hanoi = Client(aenv, http, "hn.leader")
        q = {"element": "T_KINHPHI", "period": "2025-03"}
        assert value(hanoi, unit="01", **q) == 11
        for unit in ("CP", "79"):
            denied = error(hanoi.get("/analytics", params={**q, "unit": unit}), 403)
            assert (denied["code"], denied["field"]) == ("unit_out_of_scope", "unit")
        assert error(hanoi.get("/analytics", params={**q, "units": "01,79"}), 403)["field"] == "units"
        assert error(hanoi.get("/analytics", params={**q, "unit": "CP", "level": "province"}), 403)
        # A reporter holds no analytics permission at all.
        assert (
            Client(aenv, http, "xa4.reporter").get("/analytics", params={**q, "unit": "00004"}).status_code
            == 403
        )
        assert http.get("/api/v1/analytics", params={**q, "unit": "01"}).status_code == 401


def test_errors_name_the_parameter(aenv: Env, aserver: LiveServer) -> None:
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        for params, field in (
            ({"element": "NOPE", "unit": "01", "period": "2025-01"}, "element"),
            ({"element": "T_HS", "unit": "01", "period": "2025-13"}, "period"),
            ({"element": "T_HS", "unit": "01"}, "period"),
            ({"element": "T_HS", "unit": "01", "period": "2025-01", "level": "hamlet"}, "level"),
            ({"element": "T_HS", "unit": "01", "relative": "soon"}, "relative"),
            ({"element": "T_HS", "unit": "01", "from": "2025-01"}, "to"),
            ({"element": "T_HS", "period": "2025-01"}, "unit"),
        ):
            assert error(vpcp.get("/analytics", params=params), 422)["field"] == field, params
        assert error(vpcp.get("/analytics", params={"element": "T_HS", "unit": "ZZ", "period": "2025-01"}),
                     404)["field"] == "unit"  # fmt: skip


def test_csv_and_excel(aenv: Env, aserver: LiveServer) -> None:
    report(aenv, "A_TINH", "79", "2025-02", {"T_KINHPHI": 12.5})
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        q = {"element": "T_KINHPHI", "units": "79,01", "period": "2025-02"}
        text = vpcp.get("/analytics", params={**q, "format": "csv"}).content.decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[0].startswith("element,element_name,unit,unit_name")
        assert any(line.startswith("T_KINHPHI,") and ",79,Thành phố Hồ Chí Minh," in line and ",12.5," in line
                   for line in lines)  # fmt: skip
        answer = vpcp.get("/analytics", params={**q, "format": "xlsx"})
        sheet = load_workbook(io.BytesIO(answer.content)).active
        assert sheet is not None
        table = list(sheet.iter_rows(values_only=True))
        assert table[0][:3] == ("element", "element_name", "unit")
        assert ("T_KINHPHI", "79", 12.5) in [(r[0], r[2], r[7]) for r in table[1:]]


def test_a_rebuild_from_facts_gives_the_same_answers(aenv: Env, aserver: LiveServer) -> None:
    queries = (
        {"element": "T_KINHPHI", "unit": "CP", "from": "2024-01", "to": "2025-12"},
        {"element": "T_KINHPHI", "unit": "24", "map": "today", "from": "2024-01", "to": "2025-12"},
        {"element": "T_KINHPHI", "unit": "01", "level": "commune", "period": "2024-05", "map": "today"},
        {"element": "T_TYLE", "unit": "01", "period": "2025-Q3"},
        {"element": "T_HS", "unit": "01", "period": OPEN, "by": "t_gt"},
    )
    with aserver.client() as http:
        vpcp = Client(aenv, http, "vpcp.leader")
        before = [rows(vpcp, **params) for params in queries]
        with transaction(session_factory_for(aenv.url)) as db:
            assert rebuild_rollups(db) > 0
        assert [rows(vpcp, **params) for params in queries] == before
