from tests.conftest import LiveServer


def test_health_answers_ok_with_the_engine_in_use(empty_database_url: str) -> None:
    with LiveServer(empty_database_url) as server, server.client() as client:
        response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}
    assert body["database"] == ("sqlite" if empty_database_url.startswith("sqlite") else "postgresql")


def test_openapi_is_served_under_api_v1(empty_database_url: str) -> None:
    with LiveServer(empty_database_url) as server, server.client() as client:
        spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "baocao"
    assert "/api/v1/health" in spec["paths"]


def test_unknown_route_answers_the_stable_error_shape(empty_database_url: str) -> None:
    with LiveServer(empty_database_url) as server, server.client() as client:
        response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    error = response.json()["error"]
    assert set(error) == {"code", "message", "message_en", "field", "location", "details"}
    assert error["code"] == "not_found"
