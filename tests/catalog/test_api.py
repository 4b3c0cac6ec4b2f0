"""The catalogue API through a real server on loopback, with the demo catalogue loaded."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue, read_catalogue
from baocao.storage.engine import make_engine, make_session_factory
from tests.conftest import FreshDatabase, LiveServer

DEMO_ELEMENTS = len(read_catalogue(DEMO_CATALOGUE).data_elements)


@pytest.fixture(scope="module")
def client(backend: FreshDatabase) -> Iterator[httpx.Client]:
    """One database with the demo catalogue per backend, shared by this module's read-only tests."""
    url = backend.create()
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        load_catalogue(session, DEMO_CATALOGUE)
        session.commit()
    engine.dispose()
    with LiveServer(url) as server, server.client() as http:
        yield http


def codes(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["code"] for item in response.json()["items"]]


def test_the_list_is_paged_and_ordered_by_code(client: httpx.Client) -> None:
    first = client.get("/api/v1/data-elements", params={"limit": 10}).json()
    assert (first["total"], first["limit"], first["offset"], len(first["items"])) == (
        DEMO_ELEMENTS,
        10,
        0,
        10,
    )
    last = client.get("/api/v1/data-elements", params={"limit": 10, "offset": 40}).json()
    assert len(last["items"]) == DEMO_ELEMENTS - 40
    everything = codes(client.get("/api/v1/data-elements", params={"limit": 100}))
    assert everything == sorted(everything)
    assert everything[:10] == [i["code"] for i in first["items"]]

    item = client.get("/api/v1/data-elements", params={"q": "DAN_SO"}).json()["items"][0]
    assert item["categories"] == ["gioi_tinh", "khu_vuc"]
    assert (item["unit_of_measure"], item["aggregation_units"], item["aggregation_time"]) == (
        "người",
        "sum",
        "last",
    )
    assert item["domain_name"] == "Các vấn đề xã hội"


@pytest.mark.parametrize("q", ["dân số", "dan so", "DAN SO", "Dân Số"])
def test_search_ignores_case_and_diacritics(client: httpx.Client, q: str) -> None:
    found = codes(client.get("/api/v1/data-elements", params={"q": q}))
    # "Dân số trung bình" and "Tỷ lệ dân số tham gia bảo hiểm y tế".
    assert found == ["DAN_SO", "TY_LE_BHYT"]


def test_search_matches_codes_and_english_names(client: httpx.Client) -> None:
    assert codes(client.get("/api/v1/data-elements", params={"q": "grdp"})) == ["GRDP_HH", "GRDP_SS2010"]
    assert codes(client.get("/api/v1/data-elements", params={"q": "ty_le_ho_ngheo"})) == ["TY_LE_HO_NGHEO"]
    assert codes(client.get("/api/v1/data-elements", params={"q": "truc tiep nuoc ngoai"})) == [
        "FDI_DANG_KY",
        "FDI_THUC_HIEN",
    ]
    assert codes(client.get("/api/v1/data-elements", params={"q": "natural disasters"})) == [
        "TT_NGUOI_BI_THUONG",
        "TT_NGUOI_CHET",
        "TT_NGUOI_MAT_TICH",
        "TT_NHA_HU_HONG",
        "TT_THIET_HAI_KT",
    ]
    assert codes(client.get("/api/v1/data-elements", params={"q": "không có chỉ tiêu này"})) == []


def test_search_pages_over_the_matches(client: httpx.Client) -> None:
    page = client.get("/api/v1/data-elements", params={"q": "doanh nghiep", "limit": 2, "offset": 2}).json()
    assert page["total"] == 5
    assert [i["code"] for i in page["items"]] == ["DN_TAM_NGUNG", "DN_THANH_LAP_MOI"]


def test_filter_by_domain(client: httpx.Client) -> None:
    found = client.get("/api/v1/data-elements", params={"domain": "environment", "limit": 100}).json()
    assert found["total"] == 8
    assert {i["domain"] for i in found["items"]} == {"environment"}
    both = codes(client.get("/api/v1/data-elements", params={"domain": "public_finance", "q": "thu"}))
    assert both == ["THU_DAU_THO", "THU_NOI_DIA", "THU_NSNN", "THU_VIEN_TRO", "THU_XNK"]


def test_invalid_parameters_answer_422_naming_them(client: httpx.Client) -> None:
    for params, field in (
        ({"domain": "kinh_te"}, "domain"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
    ):
        response = client.get("/api/v1/data-elements", params=params)
        assert response.status_code == 422
        assert response.json()["error"]["field"] == field


def test_one_element_with_its_categories_and_options(client: httpx.Client) -> None:
    response = client.get("/api/v1/data-elements/HOC_SINH")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Số trẻ em mầm non và học sinh phổ thông"
    assert body["name_en"] == "Pre-primary children and general-education pupils"
    assert [c["code"] for c in body["categories"]] == ["cap_hoc", "gioi_tinh"]
    assert [o["name"] for o in body["categories"][0]["options"]] == [
        "Mầm non",
        "Tiểu học",
        "Trung học cơ sở",
        "Trung học phổ thông",
    ]
    cpi = client.get("/api/v1/data-elements/CPI_CUNG_KY").json()
    assert (cpi["value_type"], cpi["aggregation_units"], cpi["aggregation_time"], cpi["decimals"]) == (
        "percent",
        "none",
        "average",
        2,
    )
    assert "cùng kỳ" in cpi["description"].lower()


def test_unknown_codes_answer_404_naming_the_code(client: httpx.Client) -> None:
    for path, code in (("/api/v1/data-elements/KHONG_CO", "KHONG_CO"), ("/api/v1/categories/nganh", "nganh")):
        response = client.get(path)
        assert response.status_code == 404
        error = response.json()["error"]
        assert set(error) == {"code", "message", "message_en", "field", "location", "details"}
        assert (error["code"], error["field"], error["location"]) == ("not_found", "code", "path")
        assert f"'{code}'" in error["message"] and f"'{code}'" in error["message_en"]


def test_categories_list_and_detail(client: httpx.Client) -> None:
    listed = client.get("/api/v1/categories").json()
    assert listed["total"] == 7
    sex = next(c for c in listed["items"] if c["code"] == "gioi_tinh")
    assert sex["options"] == [
        {"code": "nam", "name": "Nam", "name_en": "Male"},
        {"code": "nu", "name": "Nữ", "name_en": "Female"},
    ]
    levels = client.get("/api/v1/categories/cap_hoc").json()
    assert [o["code"] for o in levels["options"]] == ["mam_non", "tieu_hoc", "thcs", "thpt"]
    assert levels["data_elements"] == ["GIAO_VIEN", "HOC_SINH", "TRUONG_HOC"]


def test_openapi_documents_the_catalogue(client: httpx.Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/data-elements", "/api/v1/data-elements/{code}", "/api/v1/categories/{code}"):
        assert path in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert "DataElementDetail" in schemas
    assert set(schemas["ValueType"]["enum"]) == {"number", "integer", "percent", "text", "boolean", "date"}
