"""SDMX-CSV 2.0 uploads go through the one write path (audit, validation, scope); a bad file names the
line and the column of each problem and stores nothing."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from baocao.audit.models import AuditEvent
from baocao.submissions.models import Submission
from tests.conftest import LiveServer
from tests.sdmx.helpers import REST
from tests.submissions.env import OPEN, Env

HEAD = "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,T_GT,TIME_PERIOD,OBS_VALUE\n"
ID = "dataflow,VN_NRIS:A_TINH(1.0)"


def _post(http: httpx.Client, env: Env, body: str, **params: Any) -> httpx.Response:
    headers = {
        **env.headers(http, "hn.reporter"),
        "Content-Type": "application/vnd.sdmx.data+csv;version=2.0.0",
    }
    return http.post(f"{REST}/data/A_TINH", content=body.encode("utf-8"), headers=headers, params=params)


def _stored(env: Env) -> tuple[int, int]:
    with env.session() as db:
        return db.scalar(select(func.count(Submission.id))) or 0, db.scalar(
            select(func.count(AuditEvent.id))
        ) or 0


def _values(http: httpx.Client, env: Env, submission_id: int) -> dict[str, str]:
    answer = http.get(
        f"/api/v1/submissions/{submission_id}/values.csv", headers=env.headers(http, "hn.reporter")
    )
    assert answer.status_code == 200, answer.text
    lines = answer.text.lstrip("\ufeff").strip().splitlines()[1:]
    return {f"{p[0]}[{p[1]}]": p[2] for p in (line.split(",") for line in lines)}


def test_upload_insert_replace_delete(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        body = HEAD + "".join(
            f"{ID},I,01,{e},{o},{OPEN},{v}\n"
            for e, o, v in (("T_HS", "nam", 7), ("T_HS", "nu", 8), ("T_TRUONG", "_Z", 2), ("T_HS", "_T", 15))
        )
        answer = _post(http, senv, body)
        assert answer.status_code == 200, answer.text
        (report,) = answer.json()["reports"]
        assert report["unit"] == "01" and report["period"] == OPEN and report["changed"] == 3
        sid = report["submission_id"]
        # The total is a computed cell: recomputed (15), not entered.
        assert _values(http, senv, sid) == {
            "T_HS[t_gt=nam]": "7",
            "T_HS[t_gt=nu]": "8",
            "T_HS[]": "15",
            "T_TRUONG[]": "2",
        }
        # T_TRUONG has no T_GT breakdown (_Z); _T, as older files wrote it, is taken for _Z.
        answer = _post(http, senv, HEAD + f"{ID},D,01,T_TRUONG,_T,{OPEN},\n")
        assert answer.status_code == 200, answer.text
        assert "T_TRUONG[]" not in _values(http, senv, sid)
        answer = _post(
            http,
            senv,
            HEAD
            + f"{ID},R,01,T_HS,nam,{OPEN},1\n{ID},R,01,T_HS,nu,{OPEN},2\n"
            + f"{ID},R,01,T_KINHPHI,,{OPEN},9.5\n",
        )
        assert answer.status_code == 200, answer.text
        assert _values(http, senv, sid) == {
            "T_HS[t_gt=nam]": "1",
            "T_HS[t_gt=nu]": "2",
            "T_HS[]": "3",
            "T_KINHPHI[]": "9.5",
        }
        history = http.get(f"/api/v1/submissions/{sid}/history", headers=senv.headers(http, "hn.reporter"))
        assert history.status_code == 200 and "sdmx" in history.text


def test_bad_files_name_line_and_column_and_store_nothing(senv: Env, sserver: LiveServer) -> None:
    cases = [
        ("STRUCTURE,STRUCTURE_ID,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,COLOUR\n", 1, "T_GT"),
        (HEAD + f"{ID},I,01,T_HS,nam,{OPEN},1\n{ID},I,01,NO_SUCH,_T,{OPEN},1\n", 3, "INDICATOR"),
        (HEAD + f"{ID},I,01,T_HS,other,{OPEN},1\n", 2, "T_GT"),
        (HEAD + f"{ID},I,01,T_HS,_Z,{OPEN},1\n", 2, "T_GT"),  # T_HS is broken down by sex
        (HEAD + f"{ID},I,01,T_TRUONG,nam,{OPEN},1\n", 2, "T_GT"),  # schools are not
        (HEAD + f"{ID},I,01,T_HS,nam,2025-13,1\n", 2, "TIME_PERIOD"),
        (HEAD + f"{ID},I,01,T_HS,nam,2025-Q3,1\n", 2, "TIME_PERIOD"),
        (HEAD + f"{ID},X,01,T_HS,nam,{OPEN},1\n", 2, "ACTION"),
        (HEAD + f"{ID},I,01,T_HS,nam,{OPEN},many\n", 2, "OBS_VALUE"),
        (HEAD + f"dataflow,OTHER:A_TINH(1.0),I,01,T_HS,nam,{OPEN},1\n", 2, "STRUCTURE_ID"),
        (HEAD + f"{ID},I,01,T_HS,nam,{OPEN},1\n{ID},I,79,T_HS,nam,{OPEN},1\n", 3, "REF_AREA"),  # not my unit
        (HEAD + f"{ID},I,01,T_HS,nam,{OPEN},1\n{ID},I,99999,T_HS,nam,{OPEN},1\n", 3, "REF_AREA"),  # no unit
    ]
    with sserver.client() as http:
        for body, line, column in cases:
            before = _stored(senv)
            answer = _post(http, senv, body)
            assert answer.status_code in (403, 404, 422), answer.text
            error = answer.json()["error"]
            problem = next((d for d in error["details"] if d["field"] == column), None)
            assert problem is not None, f"{column}: {error}"
            assert problem["location"] == f"data.csv:{line}", error
            assert problem["message"].startswith(f"Dòng {line}") and problem["message_en"].startswith(
                f"Line {line}"
            )
            assert _stored(senv) == before, body
