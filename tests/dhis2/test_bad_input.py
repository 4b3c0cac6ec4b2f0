"""Bad DHIS2 imports: every failing row named (index, line, property, code), nothing stored unless
the caller asked for a partial import; unreadable files answer 400 naming line and column."""

from __future__ import annotations

from typing import Any

from tests.conftest import LiveServer
from tests.dhis2.conftest import (
    COC_NAM,
    COC_NU,
    DHIS2_PERIOD,
    HCM,
    HN,
    OPEN,
    T_HS,
    T_TINH,
    T_TRUONG,
    Dhis2Env,
)
from tests.dhis2.helpers import client, failed, post_raw, stored


def _by_index(body: dict[str, Any]) -> dict[int, set[tuple[str, str]]]:
    found: dict[int, set[tuple[str, str]]] = {}
    for c in body["conflicts"]:
        for i in c["indexes"]:
            found.setdefault(i, set()).add((c["property"], c["errorCode"]))
    return found


def test_bad_rows_store_nothing_unless_partial_import_is_asked(denv: Dhis2Env, dserver: LiveServer) -> None:
    api = client(dserver, denv, "hcm.dhis2")
    good = [
        {"dataElement": T_HS, "categoryOptionCombo": COC_NAM, "value": "700"},
        {"dataElement": T_HS, "categoryOptionCombo": COC_NU, "value": "650"},
    ]
    bad = [
        {"dataElement": "NoSuchDE001", "value": "1"},  # 2: unknown data element
        {"dataElement": T_TRUONG, "orgUnit": "NoSuchOU001", "value": "1"},  # 3: unknown orgUnit
        {"dataElement": T_TRUONG, "value": "mười hai"},  # 4: not a number
        {"dataElement": T_TRUONG, "period": "202513", "value": "1"},  # 5: month 13
        {"dataElement": T_TRUONG, "period": "2025-13", "value": "1"},  # 6: month 13, our notation
        {"dataElement": T_TRUONG, "orgUnit": HN, "value": "1"},  # 7: Hà Nội is outside the account's scope
        {"dataElement": T_TRUONG, "categoryOptionCombo": "NoSuchCOC01", "value": "1"},  # 8: unknown combo
    ]
    payload = {"dataSet": T_TINH, "period": DHIS2_PERIOD, "orgUnit": HCM, "dataValues": good + bad}

    status, body = failed(lambda: api.post("dataValueSets", json=payload))
    assert status == 409 and body["status"] == "ERROR"
    assert body["importCount"] == {"imported": 0, "updated": 0, "ignored": 9, "deleted": 0}
    assert _by_index(body) == {
        2: {("dataElement", "E7610")},
        3: {("orgUnit", "E7612")},
        4: {("value", "E7619")},
        5: {("period", "E7611")},
        6: {("period", "E7611")},
        7: {("orgUnit", "E7601")},
        8: {("categoryOptionCombo", "E7613")},
    }
    assert body["rejectedIndexes"] == [2, 3, 4, 5, 6, 7, 8]
    month = next(c for c in body["conflicts"] if c["indexes"] == [5])
    assert (
        month["object"] == "202513" and "Tháng 13" in month["value"] and month["location"] == "dataValues[5]"
    )
    assert body["error"]["code"] == "import_conflicts" and len(body["error"]["details"]) == 7
    assert stored(denv, "T_TINH", "79", OPEN) == (None, {})

    dry = api.post("dataValueSets", json={**payload, "dataValues": good}, params={"dryRun": "true"}).json()
    assert dry["status"] == "SUCCESS" and dry["importCount"]["imported"] == 2
    assert stored(denv, "T_TINH", "79", OPEN) == (None, {})

    partial = api.post("dataValueSets", json=payload, params={"atomicMode": "NONE"}).json()
    assert partial["status"] == "WARNING" and partial["rejectedIndexes"] == [2, 3, 4, 5, 6, 7, 8]
    assert partial["importCount"] == {"imported": 2, "updated": 0, "ignored": 7, "deleted": 0}
    assert stored(denv, "T_TINH", "79", OPEN) == (
        "draft",
        {"T_HS[t_gt=nam]": 700, "T_HS[t_gt=nu]": 650, "T_HS": 1350},
    )


def test_unreadable_files_name_line_and_column(denv: Dhis2Env, dserver: LiveServer) -> None:
    api = client(dserver, denv, "hcm.dhis2")
    broken = (
        b'<adx xmlns="urn:ihe:qrph:adx:2015">\n'
        b'  <group orgUnit="VN_79" period="2026-01-01/P1M">\n'
        b'    <dataValue dataElement="T_HS" value="1">\n'
        b"</adx>"
    )
    answer = post_raw(api, broken, "application/adx+xml")
    assert answer.status_code == 400
    conflict = answer.json()["conflicts"][0]
    assert conflict["line"] == 4 and "Malformed XML at line 4" in conflict["value_en"]

    wrong = b"dataelement,orgunit,period,catoptcombo,attroptcombo,value\nT_HS,VN_79,202601,,,1\n"
    answer = post_raw(api, wrong, "text/csv", {"dataSet": "T_TINH", "idScheme": "CODE"})
    body = answer.json()
    assert answer.status_code == 400 and body["conflicts"][0]["line"] == 1
    assert body["conflicts"][0]["property"] == "period" and body["error"]["location"] == "dataValues.csv:1"

    bad_json = b'{"dataValues": [ {"dataElement": "x",, } ]}'
    answer = post_raw(api, bad_json, "application/json")
    assert answer.status_code == 400 and answer.json()["conflicts"][0]["line"] == 1

    csv_rows = (
        f"dataelement,period,orgunit,catoptcombo,attroptcombo,value\n"
        f"T_TRUONG,{DHIS2_PERIOD},VN_79,default,default,abc\n"
    ).encode()
    answer = post_raw(api, csv_rows, "application/csv", {"dataSet": "T_TINH", "idScheme": "CODE"})
    conflict = answer.json()["conflicts"][0]
    assert answer.status_code == 409 and conflict["line"] == 2 and conflict["location"] == "dataValues.csv:2"
    assert conflict["property"] == "value"
    for garbage in (b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x 'y'>]><adx/>",):
        assert post_raw(api, garbage, "application/adx+xml").status_code == 400


def test_import_strategies(denv: Dhis2Env, dserver: LiveServer) -> None:
    api = client(dserver, denv, "hn.dhis2")
    period = "2025Q3"  # T_TINH is monthly: a quarter is refused for the whole group
    status, body = failed(
        lambda: api.post(
            "dataValueSets",
            json={
                "dataSet": T_TINH,
                "period": period,
                "orgUnit": HN,
                "dataValues": [{"dataElement": T_TRUONG, "value": "1"}],
            },
        )
    )
    assert status == 409 and body["conflicts"][0]["indexes"] == [0]

    def post(values: list[dict[str, str]], strategy: str) -> dict[str, Any]:
        payload = {"dataSet": T_TINH, "period": DHIS2_PERIOD, "orgUnit": HN, "dataValues": values}
        answer: dict[str, Any] = api.post(
            "dataValueSets", json=payload, params={"importStrategy": strategy}
        ).json()
        return answer

    # T_TINH/01 holds T_HS nam 510, nu 490 and T_TRUONG 12 (the ADX test) or nothing yet: start known.
    post([{"dataElement": T_TRUONG, "value": "12"}], "CREATE_AND_UPDATE")
    created = post([{"dataElement": T_TRUONG, "value": "99"}], "CREATE")
    assert created["importCount"]["ignored"] == 1 and stored(denv, "T_TINH", "01", OPEN)[1]["T_TRUONG"] == 12
    updated = post([{"dataElement": T_TRUONG, "value": "13"}], "UPDATE")
    assert updated["importCount"]["updated"] == 1 and stored(denv, "T_TINH", "01", OPEN)[1]["T_TRUONG"] == 13
    deleted = post([{"dataElement": T_TRUONG}], "DELETE")
    assert deleted["importCount"]["deleted"] == 1 and "T_TRUONG" not in stored(denv, "T_TINH", "01", OPEN)[1]
    update_missing = post([{"dataElement": T_TRUONG, "value": "5"}], "UPDATE")
    assert (
        update_missing["importCount"]["ignored"] == 1
        and "T_TRUONG" not in stored(denv, "T_TINH", "01", OPEN)[1]
    )
