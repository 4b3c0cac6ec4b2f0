"""What real clients send: every flow-reference form, percent-encoded commas and plus signs, trailing
slashes, Accept */* — and SDMX-ML error messages with 404, 400, 406 and 401."""

from __future__ import annotations

import re

import pytest

from tests.conftest import LiveServer
from tests.sdmx.helpers import REST, assert_valid_xml, sdmx_error
from tests.submissions.env import Env

CSV = {"Accept": "application/vnd.sdmx.data+csv;version=2.0.0"}
FLOW_FORMS = [
    "A_TINH",
    "VN_NRIS,A_TINH",
    "VN_NRIS,A_TINH,1.0",
    "VN_NRIS,A_TINH,latest",
    "all,A_TINH,latest",
    "VN_NRIS%2CA_TINH%2C1.0",
    "VN_NRIS%2cA_TINH",
]


@pytest.mark.parametrize("flow", FLOW_FORMS)
def test_every_flow_reference_form(flow: str, senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        headers = {**senv.headers(http, "vpcp.leader"), **CSV}
        bodies = set()
        for key in ("01+79.T_HS.nam", "01%2B79.T_HS.nam", "01+79.T_HS.nam/", "01+79.T_HS.nam/all"):
            answer = http.get(
                f"{REST}/data/{flow}/{key}",
                params={"startPeriod": "2025-08", "endPeriod": "2025-08"},
                headers=headers,
            )
            assert answer.status_code == 200, f"{flow}/{key}: {answer.text}"
            bodies.add(answer.text)
        assert len(bodies) == 1
        lines = sorted(bodies.pop().strip().splitlines()[1:])
        assert [line.split(",")[3:8] for line in lines] == [
            ["01", "T_HS", "nam", "2025-08", "10"],
            ["79", "T_HS", "nam", "2025-08", "20"],
        ]


def test_structure_paths_trailing_slash_and_accept_any(sserver: LiveServer) -> None:
    with sserver.client() as http:
        for path in (
            "dataflow",
            "dataflow/",
            "dataflow/VN_NRIS",
            "dataflow/all/all/latest/",
            "dataflow/VN_NRIS/A_TINH",
            "datastructure/VN_NRIS/DSD_A_TINH/1.0?references=children",
            "codelist/VN_NRIS/CL_T_GT",
            "codelist/VN_NRIS/CL_T_GT/1.0?references=parents",
            "conceptscheme/all/all/latest",
            "dataflow/VN_NRIS/A_TINH/1.0?detail=allstubs",
        ):
            for accept in ("*/*", "application/xml", "application/vnd.sdmx.structure+xml;version=2.1"):
                answer = http.get(f"{REST}/{path}", headers={"Accept": accept})
                assert answer.status_code == 200, f"{path}: {answer.text[:300]}"
                assert answer.headers["content-type"].startswith("application/vnd.sdmx.structure+xml")
                assert_valid_xml(answer.content)


def test_data_accept_any_answers_sdmx_ml(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        headers = {**senv.headers(http, "vpcp.leader"), "Accept": "*/*"}
        answer = http.get(f"{REST}/data/A_TINH/01.T_TRUONG._Z/", headers=headers)  # _Z: no breakdown
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("application/vnd.sdmx.genericdata+xml")
        assert_valid_xml(answer.content)


def test_errors_are_sdmx_ml_messages(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        headers = senv.headers(http, "vpcp.leader")
        assert "No dataflow" in sdmx_error(http.get(f"{REST}/data/NO_SUCH_FLOW", headers=headers), 404, "100")
        assert "No dataflow" in sdmx_error(http.get(f"{REST}/data/OTHER,A_TINH", headers=headers), 404, "100")
        sdmx_error(http.get(f"{REST}/dataflow/VN_NRIS/NO_SUCH_FLOW"), 404, "100")
        sdmx_error(http.get(f"{REST}/dataflow/VN_NRIS/A_TINH/2.0"), 404, "100")
        assert "needs 3" in sdmx_error(http.get(f"{REST}/data/A_TINH/01.T_HS", headers=headers), 400, "140")
        bad = http.get(f"{REST}/data/A_TINH/01..", params={"startPeriod": "2025-13"}, headers=headers)
        assert "startPeriod" in sdmx_error(bad, 400, "140")
        no_data = http.get(f"{REST}/data/A_TINH/01..", params={"startPeriod": "2030"}, headers=headers)
        sdmx_error(no_data, 404, "100")
        unknown = http.get(f"{REST}/data/A_TINH/01.NO_SUCH.", headers=headers)
        sdmx_error(unknown, 404, "100")
        wrong = http.get(f"{REST}/data/A_TINH", headers={**headers, "Accept": "application/pdf"})
        sdmx_error(wrong, 406, "406")
        dim = http.get(f"{REST}/data/A_TINH", params={"dimensionAtObservation": "NOPE"}, headers=headers)
        sdmx_error(dim, 400, "150")
        sdmx_error(http.get(f"{REST}/data/A_TINH"), 401, "110")


def test_data_stays_within_the_callers_scope(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        viewer = {**senv.headers(http, "hn.viewer"), **CSV}
        everything = http.get(f"{REST}/data/A_TINH/.T_HS.", headers=viewer)
        assert everything.status_code == 200, everything.text
        areas = {line.split(",")[3] for line in everything.text.strip().splitlines()[1:]}
        assert areas == {"01"}  # Hà Nội's viewer: neither TP Hồ Chí Minh nor the national total
        sdmx_error(http.get(f"{REST}/data/A_TINH/79.T_HS.", headers=viewer), 403, "110")


def test_an_element_without_the_breakdown_is_z_in_every_format(senv: Env, sserver: LiveServer) -> None:
    """T_TRUONG (schools) is not broken down by sex: its T_GT code is _Z (not applicable), not _T."""
    with sserver.client() as http:
        headers = senv.headers(http, "vpcp.leader")
        for fmt in ("genericdata", "structurespecificdata", "csv", "csv1", "jsondata"):
            answer = http.get(f"{REST}/data/A_TINH/01.T_TRUONG.", params={"format": fmt}, headers=headers)
            assert answer.status_code == 200, answer.text
            assert re.search(r"\b_Z\b", answer.text) and not re.search(r"\b_T\b", answer.text), fmt
        assert http.get(f"{REST}/data/A_TINH/01.T_TRUONG._T", headers=headers).status_code == 404
