"""Authorisation matrix rows (tests/access/matrix.py) of SDMX REST: structures are public; data of a
unit answers only holders of ``analytics.read`` whose view scope holds it (403 otherwise, never data;
404 when in scope but nothing was reported). An SDMX-CSV upload names its unit in the file (REF_AREA):
only a reporter (``submissions.write``) whose capture scope holds that unit may write it; it goes into
the submissions rows' draft of this month (``T_MT_NHAP``, every target unit reports it)."""

from __future__ import annotations

from baocao.access.rules import Permission
from tests.access.matrix import Case, MatrixRow, Probe
from tests.submissions.authz_rows import DRAFT, PERIOD

REST = "/sdmx/rest"


def _data(case: Case) -> Probe:
    assert case.target is not None
    return Probe("GET", f"{REST}/data/VN_NRIS,KTXH_THANG,1.0/{case.target}..", params={"startPeriod": "2025"})


def _upload(case: Case) -> Probe:
    assert case.target is not None
    body = "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n"
    body += f"dataflow,VN_NRIS:{DRAFT}(1.0),I,{case.target},THU_NSNN,{PERIOD},{len(case.actor.username)}\n"
    return Probe(
        "POST",
        f"{REST}/data/{DRAFT}",
        content=body.encode("utf-8"),
        content_type="application/vnd.sdmx.data+csv;version=2.0.0",
    )


ROWS = [
    MatrixRow(
        "sdmx",
        "dataflows",
        Permission.PUBLIC,
        "action",
        lambda c: Probe("GET", f"{REST}/dataflow"),
        per_target=False,
    ),
    MatrixRow(
        "sdmx",
        "codelist",
        Permission.PUBLIC,
        "action",
        lambda c: Probe("GET", f"{REST}/codelist/VN_NRIS/CL_OBS_STATUS/1.0"),
        per_target=False,
    ),
    MatrixRow("sdmx", "data", Permission.ANALYTICS_READ, "read", _data, ok=frozenset({200, 404})),
    MatrixRow("sdmx", "upload", Permission.SUBMISSIONS_WRITE, "write", _upload),
]
