"""/api/v1/units through a real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import LiveServer


@pytest.fixture(scope="module")
def api(units_database_url: str) -> Iterator[httpx.Client]:
    with LiveServer(units_database_url) as server, server.client() as client:
        client.base_url = httpx.URL(f"{server.url}/api/v1")
        yield client


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()["error"]
    return body


def total(api: httpx.Client, **params: str) -> int:
    return int(ok(api.get("/units", params={**params, "limit": "1"}))["total"])


def test_counts_on_each_side_of_the_merger(api: httpx.Client) -> None:
    assert total(api, level="province", as_of="2025-06-30") == 63
    assert total(api, level="district", as_of="2025-06-30") == 696
    assert total(api, level="commune", as_of="2025-06-30") == 10_047
    assert total(api, level="province", as_of="2025-07-01") == 34
    assert total(api, level="district", as_of="2025-07-01") == 0
    assert total(api, level="commune", as_of="2025-07-01") == 3_321
    assert total(api, level="ministry", as_of="2025-03-01") == 17
    assert total(api, level="ministry", as_of="2025-02-28") == 22


def test_a_unit_answers_with_its_parent_and_type(api: httpx.Client) -> None:
    unit = ok(api.get("/units/00004", params={"as_of": "2025-06-30"}))
    assert unit == {
        "uid": "commune:00004:2008-08-01",
        "code": "00004",
        "name": "Phường Trúc Bạch",
        "name_en": None,
        "short_name": None,
        "type": "phuong",
        "type_name": "Phường",
        "type_name_en": "Ward",
        "level": "commune",
        "parent_code": "001",
        "parent_name": "Quận Ba Đình",
        "valid_from": "2008-08-01",
        "valid_to": "2025-07-01",
    }
    ba_dinh = ok(api.get("/units/00004", params={"as_of": "2025-07-01"}))
    assert (ba_dinh["name"], ba_dinh["parent_code"], ba_dinh["valid_to"]) == ("Phường Ba Đình", "01", None)
    finance = ok(api.get("/units/BTC"))
    assert (finance["name_en"], finance["type_name"], finance["parent_name"]) == (
        "Ministry of Finance",
        "Bộ",
        "Chính phủ",
    )


def test_code_24_changes_meaning_on_1_july_2025(api: httpx.Client) -> None:
    assert ok(api.get("/units/24", params={"as_of": "2025-06-30"}))["name"] == "Tỉnh Bắc Giang"
    after = ok(api.get("/units/24", params={"as_of": "2025-07-01"}))
    assert (after["name"], after["type_name"]) == ("Tỉnh Bắc Ninh", "Tỉnh")
    ha_noi = ok(api.get("/units/01", params={"as_of": "2025-07-01"}))
    assert ha_noi["type_name"] == "Thành phố trực thuộc trung ương"


@pytest.mark.parametrize("q", ["ha noi", "Hà Nội", "HA NOI", "thanh pho ha noi"])
def test_search_with_or_without_accents(api: httpx.Client, q: str) -> None:
    found = ok(api.get("/units", params={"q": q, "level": "province", "as_of": "2025-07-01"}))
    assert [u["code"] for u in found["items"]] == ["01"]


def test_search_dak_lak_and_by_code(api: httpx.Client) -> None:
    for q in ("dak lak", "Đắk Lắk", "đắk lắk"):
        found = ok(api.get("/units", params={"q": q, "level": "province"}))
        assert [u["name"] for u in found["items"]] == ["Tỉnh Đắk Lắk"]
    by_code = ok(api.get("/units", params={"q": "0000", "as_of": "2025-07-01"}))
    assert [u["code"] for u in by_code["items"]] == ["00004", "00008"]
    # LIKE wildcards in q are taken literally.
    assert total(api, q="%") == 0


def test_list_filters_by_parent_and_pages(api: httpx.Client) -> None:
    page = ok(api.get("/units", params={"parent": "01", "as_of": "2025-07-01", "limit": "10", "offset": "5"}))
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (126, 10, 5, 10)
    assert all(u["parent_code"] == "01" and u["level"] == "commune" for u in page["items"])
    codes = [u["code"] for u in page["items"]]
    assert codes == sorted(codes)
    problem = error(api.get("/units", params={"parent": "77777"}), 404)
    assert problem["field"] == "parent" and "77777" in problem["message"]


def test_an_unknown_code_is_404_naming_it(api: httpx.Client) -> None:
    for path in ("/units/99999", "/units/99999/successors", "/units/99999/descendants"):
        problem = error(api.get(path), 404)
        assert problem["code"] == "not_found"
        assert problem["field"] == "code"
        assert "99999" in problem["message"] and "99999" in problem["message_en"]
    dated = error(api.get("/units/02", params={"as_of": "2025-07-01"}), 404)
    assert "'02'" in dated["message"] and "2025-07-01" in dated["message_en"]


def test_an_impossible_date_is_422_naming_as_of(api: httpx.Client) -> None:
    for path in ("/units", "/units/01", "/units/01/ancestors", "/units/01/predecessors"):
        problem = error(api.get(path, params={"as_of": "2025-13-01"}), 422)
        assert problem["field"] == "as_of"
        assert "2025-13-01" in problem["message"]


def test_an_unknown_level_is_422_naming_level(api: httpx.Client) -> None:
    for path in ("/units", "/units/01/descendants"):
        assert error(api.get(path, params={"level": "planet"}), 422)["field"] == "level"


def test_successors_and_predecessors(api: httpx.Client) -> None:
    [link] = ok(api.get("/units/24/successors", params={"as_of": "2025-06-30"}))["items"]
    assert (link["kind"], link["date"], link["unit"]["name"]) == ("full", "2025-07-01", "Tỉnh Bắc Ninh")
    before = ok(api.get("/units/24/predecessors", params={"as_of": "2025-07-01"}))
    assert {(x["unit"]["code"], x["unit"]["name"]) for x in before["items"]} == {
        ("24", "Tỉnh Bắc Giang"),
        ("27", "Tỉnh Bắc Ninh"),
    }
    ba_dinh = ok(api.get("/units/00004/predecessors", params={"as_of": "2025-07-01"}))
    kinds = {x["unit"]["code"]: x["kind"] for x in ba_dinh["items"]}
    assert ba_dinh["total"] == 10
    assert (kinds["00004"], kinds["00013"], kinds["00016"]) == ("full", "full", "partial")
    [plan] = ok(api.get("/units/BKHDT/successors"))["items"]
    assert (plan["unit"]["code"], plan["unit"]["name"], plan["date"]) == ("BTC", "Bộ Tài chính", "2025-03-01")


def test_descendants_and_ancestors(api: httpx.Client) -> None:
    def levels(as_of: str) -> set[str]:
        params = {"as_of": as_of, "include_self": "true", "limit": "1000"}
        found = ok(api.get("/units/01/descendants", params=params))
        seen = {u["level"] for u in found["items"]}
        offset = 1000
        while offset < found["total"]:
            more = ok(api.get("/units/01/descendants", params={**params, "offset": str(offset)}))
            seen |= {u["level"] for u in more["items"]}
            offset += 1000
        return seen

    assert levels("2025-06-30") == {"province", "district", "commune"}
    assert levels("2025-07-01") == {"province", "commune"}
    children = ok(api.get("/units/01/descendants", params={"as_of": "2025-06-30", "max_depth": "1"}))
    assert children["total"] == 30 and {u["depth"] for u in children["items"]} == {1}
    chain = ok(api.get("/units/00004/ancestors", params={"as_of": "2025-06-30"}))["items"]
    assert [(u["code"], u["depth"]) for u in chain] == [("CP", 3), ("01", 2), ("001", 1)]


def test_query_parameters_are_documented(api: httpx.Client) -> None:
    spec = ok(api.get("/openapi.json"))
    for path, names in {
        "/api/v1/units": {"level", "parent", "as_of", "q", "limit", "offset"},
        "/api/v1/units/{code}": {"code", "as_of"},
        "/api/v1/units/{code}/descendants": {"code", "as_of", "level", "max_depth", "include_self"},
    }.items():
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert names <= set(params)
        assert all(params[n].get("description") for n in names), path
