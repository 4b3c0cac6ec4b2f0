"""Narrative (outline) sections are in the audit trail like cells: written, rewritten and cleared,
shown by the history API with the section instead of a data element."""

from __future__ import annotations

from baocao.access.rules import Role
from tests.conftest import LiveServer
from tests.submissions.env import OPEN, Env, add_user
from tests.submissions.helpers import Client, cells, ok


def test_narrative_changes_are_in_the_history(env: Env, server: LiveServer) -> None:
    commune = env.spare_commune()
    with env.session() as db, db.begin():
        username = add_user(db, commune, Role.REPORTER)
    with server.client() as http:
        reporter = Client(env, http, username)
        sid = reporter.open("T_XA", commune, OPEN)["id"]
        reporter.write(sid, cells(3, 4), {"I": "Bản nháp"})
        reporter.write(sid, [], {"I": "Đã kiểm tra số liệu"})
        reporter.write(sid, [], {"I": "Đã kiểm tra số liệu"})  # unchanged: nothing recorded
        reporter.write(sid, [], {"I": None})
        history = ok(reporter.get(f"/submissions/{sid}/history"))
        sections = [c for c in history["changes"] if c["section"] is not None]
        assert [(c["section"], c["old_value"], c["new_value"]) for c in sections] == [
            ("I", None, "Bản nháp"),
            ("I", "Bản nháp", "Đã kiểm tra số liệu"),
            ("I", "Đã kiểm tra số liệu", None),
        ]
        assert all(c["element"] is None and c["entry_path"] == "api" for c in sections)
        assert all(c["element"] for c in history["changes"] if c["section"] is None)
        assert history["changes_total"] == len(history["changes"])
