"""DHIS2 clients post and read data values through /dhis2/api, with dhis2.py as the client."""

from __future__ import annotations

from defusedxml import ElementTree
from dhis2.utils import import_response_ok

from tests.conftest import LiveServer
from tests.dhis2.conftest import (
    BAC_SI,
    BHYT,
    DHIS2_PERIOD,
    GIUONG,
    HCM,
    HN,
    OPEN,
    T_TINH,
    YT,
    Dhis2Env,
)
from tests.dhis2.helpers import client, entry_paths, failed, post_raw, stored

ADX_NS = "{urn:ihe:qrph:adx:2015}"


def test_system_info_and_me(denv: Dhis2Env, dserver: LiveServer) -> None:
    api = client(dserver, denv, "hn.dhis2")
    assert api.version_int == 40 and api.version.startswith("2.40")
    me = api.get("me").json()
    assert me["username"] == "hn.dhis2"
    assert me["organisationUnits"] == [{"id": HN, "code": "VN_01", "baocao_unit": "01"}]
    assert api.session.get(f"{api.api_url}/system/info").json()["version"] == "2.40.0"


def test_json_import_goes_through_the_write_path_and_comes_back(denv: Dhis2Env, dserver: LiveServer) -> None:
    api = client(dserver, denv, "hn.dhis2")
    payload = {
        "dataSet": YT,
        "period": DHIS2_PERIOD,
        "orgUnit": HN,
        "dataValues": [
            {"dataElement": BAC_SI, "categoryOptionCombo": "HllvX50cXC0", "value": "1250"},
            {"dataElement": GIUONG, "value": 4300},
            {"dataElement": BHYT, "value": "93.4", "comment": "ước tính"},
        ],
    }
    summary = api.post("dataValueSets", json=payload).json()
    assert import_response_ok(summary), summary
    assert summary["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    # The regime's workflow: a reporting unit's complete report is submitted to the receiver.
    assert summary["submissions"][0]["state"] == "submitted"
    state, values = stored(denv, "YT_THANG", "01", OPEN)
    assert state == "submitted" and values == {"BAC_SI": 1250, "GIUONG_BENH": 4300, "TY_LE_BHYT": 93.4}
    assert entry_paths(denv, "YT_THANG", "01", OPEN) == {"dhis2"}

    query = {"dataSet": YT, "period": DHIS2_PERIOD, "orgUnit": HN}
    back = api.get("dataValueSets", params=query).json()["dataValues"]
    assert {(v["dataElement"], v["period"], v["orgUnit"], v["value"]) for v in back} == {
        (BAC_SI, DHIS2_PERIOD, HN, "1250"),
        (GIUONG, DHIS2_PERIOD, HN, "4300"),
        (BHYT, DHIS2_PERIOD, HN, "93.4"),
    }
    first_day = f"{OPEN}-01"
    ranged = {"dataSet": YT, "orgUnit": HN, "startDate": first_day, "endDate": "2099-12-31"}
    assert len(api.get("dataValueSets", params=ranged).json()["dataValues"]) == 3
    csv_lines = api.get("dataValueSets", file_type="csv", params=query).text.splitlines()
    assert csv_lines[0].startswith(
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value"
    )
    assert f"{GIUONG},{DHIS2_PERIOD},{HN},HllvX50cXC0,HllvX50cXC0,4300" in csv_lines[2]
    # ADX speaks codes (DHIS2's default idScheme for ADX).
    by_code = {"dataSet": "YT_THANG", "period": DHIS2_PERIOD, "orgUnit": "VN_01"}
    adx = ElementTree.fromstring(api.session.get(f"{api.api_url}/dataValueSets.adx", params=by_code).content)
    group = adx.find(f"{ADX_NS}group")
    assert group is not None and group.get("orgUnit") == "VN_01" and group.get("period") == f"{OPEN}-01/P1M"
    assert {d.get("dataElement"): d.get("value") for d in group} == {
        "BAC_SI": "1250",
        "GIUONG_BENH": "4300",
        "TY_LE_BHYT": "93.4",
    }

    # Sending the same figures again changes nothing; a different one waits for the receiver.
    again = api.post("dataValueSets", json=payload).json()
    assert again["status"] == "SUCCESS" and again["importCount"]["ignored"] == 3
    changed = {**payload, "dataValues": [{"dataElement": BAC_SI, "value": "1300"}]}
    status, body = failed(lambda: api.post("dataValueSets.json", json=changed))
    assert status == 409 and body["status"] == "ERROR"
    assert body["conflicts"][0]["errorCode"] == "E7641" and "submitted" in body["conflicts"][0]["value_en"]
    assert stored(denv, "YT_THANG", "01", OPEN)[1]["BAC_SI"] == 1250


def test_csv_import_by_code_and_the_versioned_wrapped_answer(denv: Dhis2Env, dserver: LiveServer) -> None:
    api = client(dserver, denv, "hcm.dhis2")
    body = (
        "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,timestamp,comment\n"
        f"BAC_SI,{DHIS2_PERIOD},VN_79,default,default,2100,,,\n"
        f"GIUONG_BENH,{DHIS2_PERIOD},VN_79,default,default,9800,,,theo báo cáo Sở Y tế\n"
    ).encode()
    answer = post_raw(
        api, body, "application/csv", {"idScheme": "CODE", "dataSet": "YT_THANG"}, path="40/dataValueSets"
    )
    assert answer.status_code == 200, answer.text
    wrapped = answer.json()
    assert wrapped["httpStatusCode"] == 200 and wrapped["status"] == "OK"
    assert wrapped["response"]["responseType"] == "ImportSummary"
    assert wrapped["response"]["importCount"]["imported"] == 2
    assert stored(denv, "YT_THANG", "79", OPEN) == ("submitted", {"BAC_SI": 2100, "GIUONG_BENH": 9800})
    text = api.get(
        "dataValueSets",
        file_type="csv",
        params={"dataSet": "YT_THANG", "period": DHIS2_PERIOD, "orgUnit": "VN_79", "idScheme": "CODE"},
    ).text
    assert f"GIUONG_BENH,{DHIS2_PERIOD},VN_79,default,default,9800" in text and "theo báo cáo Sở Y tế" in text
    assert HCM not in text


def test_adx_import_with_disaggregation(denv: Dhis2Env, dserver: LiveServer) -> None:
    api = client(dserver, denv, "hn.dhis2")
    adx = f"""<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-01-01T00:00:00Z">
  <group dataSet="T_TINH" orgUnit="VN_01" period="{OPEN}-01/P1M">
    <dataValue dataElement="T_HS" SEX="M" value="510"/>
    <dataValue dataElement="T_HS" SEX="F" value="490"/>
    <dataValue dataElement="T_TRUONG" value="12"/>
  </group>
</adx>""".encode()
    answer = post_raw(api, adx, "application/adx+xml")
    assert answer.status_code == 200, answer.text
    summary = answer.json()
    assert summary["importCount"]["imported"] == 3
    # The computed total is computed by the forms; the required narrative keeps the report a draft.
    state, values = stored(denv, "T_TINH", "01", OPEN)
    assert values == {"T_HS[t_gt=nam]": 510, "T_HS[t_gt=nu]": 490, "T_HS": 1000, "T_TRUONG": 12}
    note = summary["submissions"][0]
    assert state == "draft" and note["state"] == "draft" and "I" in note["note_en"]

    back = ElementTree.fromstring(
        api.session.get(
            f"{api.api_url}/dataValueSets",
            params={
                "dataSet": T_TINH,
                "period": DHIS2_PERIOD,
                "orgUnit": "VN_01",
                "dataSetIdScheme": "UID",
                "orgUnitIdScheme": "CODE",
            },
            headers={"Accept": "application/adx+xml"},
        ).content
    )
    values_back = {
        (d.get("dataElement"), d.get("SEX")): d.get("value") for d in back.iter(f"{ADX_NS}dataValue")
    }
    assert values_back[("T_HS", "M")] == "510" and values_back[("T_HS", "F")] == "490"
    assert values_back[("T_TRUONG", None)] == "12"
