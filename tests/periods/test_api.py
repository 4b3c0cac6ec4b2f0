"""The periods and calendar API through a real server on loopback (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from tests.conftest import FreshDatabase, LiveServer

API = "/api/v1"


@pytest.fixture(scope="module")
def client(backend: FreshDatabase) -> Iterator[httpx.Client]:
    with LiveServer(backend.create()) as server, server.client() as http:
        yield http


def ok(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(API + path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def error(client: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(API + path, params=params)
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()["error"]
    assert set(body) == {"code", "message", "message_en", "field", "location", "details"}
    return body


def test_a_quarter_with_its_windows_neighbours_parents_and_children(client: httpx.Client) -> None:
    body = ok(client, "/periods/2025-Q3")
    assert (body["id"], body["type"], body["name"], body["name_en"]) == (
        "2025-Q3",
        "quarter",
        "Quý III/2025",
        "Q3 2025",
    )
    assert body["calendar"] == {"start": "2025-07-01", "end": "2025-09-30", "days": 92}
    assert (body["cutoff"]["start"], body["cutoff"]["end"]) == ("2025-06-15", "2025-09-14")
    assert body["cutoff"]["convention"] == "administrative" and not body["cutoff"]["extension"]
    assert body["previous"]["id"] == "2025-Q2" and body["next"]["id"] == "2025-Q4"
    assert body["same_period_last_year"] == {
        "id": "2024-Q3",
        "type": "quarter",
        "name": "Quý III/2024",
        "name_en": "Q3 2024",
    }
    assert [p["id"] for p in body["parents"]] == ["2025-H2", "2025-9M", "2025"]
    assert [p["id"] for p in body["children"]] == ["2025-07", "2025-08", "2025-09"]
    assert body["months"] == ["2025-07", "2025-08", "2025-09"]


def test_period_detail_across_year_boundaries_and_conventions(client: httpx.Client) -> None:
    january = ok(client, "/periods/2025-01")
    assert january["previous"]["id"] == "2024-12"
    assert (january["cutoff"]["start"], january["cutoff"]["end"]) == ("2024-12-15", "2025-01-14")
    h1 = ok(client, "/periods/2025-H1", convention="statistical")
    assert (h1["cutoff"]["start"], h1["cutoff"]["end"]) == ("2025-01-01", "2025-06-30")
    h2 = ok(client, "/periods/2025-H2")
    assert (h2["cutoff"]["start"], h2["cutoff"]["end"], h2["cutoff"]["extension"]) == (
        "2025-06-15",
        "2025-12-14",
        True,
    )
    nine = ok(client, "/periods/2025-9M")
    assert (nine["name"], nine["cutoff"]["start"], nine["cutoff"]["end"]) == (
        "9 tháng năm 2025",
        "2024-12-15",
        "2025-09-14",
    )
    year = ok(client, "/periods/2025", children="quarter")
    assert [p["id"] for p in year["children"]] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert ok(client, "/periods/2024-02-29")["same_period_last_year"]["id"] == "2023-02-28"
    assert ok(client, "/periods/1900-01")["previous"] is None


@pytest.mark.parametrize(
    ("path", "params", "field", "text"),
    [
        ("/periods/2025-13", {}, "period", "Month 13 does not exist"),
        ("/periods/2025-Q0", {}, "period", "Quarter 0 does not exist"),
        ("/periods/July", {}, "period", "is not a period identifier"),
        ("/periods/2025", {"convention": "lunar"}, "convention", "convention"),
        ("/periods", {"from": "2025-01"}, "to", "to"),
        ("/periods", {"from": "2025-01", "to": "2025-14"}, "to", "Month 14 does not exist"),
        ("/periods", {"from": "2025-05", "to": "2025-01"}, "to", "comes before"),
        ("/periods", {"from": "2025-01", "to": "2025-12", "type": "fortnight"}, "type", "type"),
    ],
)
def test_bad_period_input_answers_422_naming_the_parameter(
    client: httpx.Client, path: str, params: dict[str, str], field: str, text: str
) -> None:
    body = error(client, path, **params)
    assert body["field"] == field
    assert text in body["message_en"]


def test_period_error_speaks_vietnamese(client: httpx.Client) -> None:
    body = error(client, "/periods/2025-13")
    assert body["message"].startswith("Tháng 13 không tồn tại")
    assert body["location"] == "path"


def test_list_of_months_is_paged(client: httpx.Client) -> None:
    page = ok(client, "/periods", type="month", **{"from": "2025-01", "to": "2025-12"}, limit=5, offset=10)
    assert (page["total"], page["limit"], page["offset"]) == (12, 5, 10)
    assert [p["id"] for p in page["items"]] == ["2025-11", "2025-12"]
    assert page["items"][1]["cutoff"]["start"] == "2025-11-15"
    assert page["items"][1]["calendar"]["end"] == "2025-12-31"


def test_list_of_another_type_within_the_range(client: httpx.Client) -> None:
    quarters = ok(client, "/periods", type="quarter", **{"from": "2025-01", "to": "2026-06"})
    assert [p["id"] for p in quarters["items"]] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    days = ok(client, "/periods", type="day", **{"from": "2024", "to": "2024"}, limit=1, offset=59)
    assert days["total"] == 366 and days["items"][0]["id"] == "2024-02-29"
    years = ok(client, "/periods", **{"from": "2010", "to": "2035"}, limit=1000)
    assert years["total"] == 26 and years["items"][-1]["name"] == "Năm 2035"
    assert ok(client, "/periods", type="year", **{"from": "2025-02", "to": "2025-11"})["total"] == 0


def test_deadline_of_a_yearly_report(client: httpx.Client) -> None:
    body = ok(client, "/periods/2025/deadline", rule="day_of_last_month", day=25)
    assert body["due"] == "2025-12-25"
    assert body["rule"]["rule"] == "day_of_last_month" and body["rule"]["day"] == 25
    assert body["cutoff"] == {"start": "2024-12-15", "end": "2025-12-14", "days": 365}
    assert body["working_days_between"] == 8  # 15–24 December 2025
    assert body["ok"] is True and body["warnings"] == [] and body["due_is_working_day"] is True


def test_deadline_warnings_reach_the_client(client: httpx.Client) -> None:
    body = ok(client, "/periods/2025-07/deadline", rule="day_of_last_month", day=25, convention="statistical")
    assert body["ok"] is False
    assert [w["code"] for w in body["warnings"]] == ["deadline_not_after_cutoff"]
    rolled = ok(
        client, "/periods/2026-01/deadline", rule="day_of_last_month", day=25, roll="next_working_day"
    )
    assert rolled["due"] == "2026-01-26" and rolled["ok"] is True


def test_deadline_in_working_days_skips_tet(client: httpx.Client) -> None:
    body = ok(client, "/periods/2026-01/deadline", rule="working_days_after_period_end", days=11)
    assert body["due"] == "2026-02-23"
    body = ok(client, "/periods/2026-01/deadline", rule="days_after_cutoff", days=5)
    assert body["due"] == "2026-01-19"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/periods/2025/deadline", {}, "rule"),
        ("/periods/2025/deadline", {"rule": "by_friday"}, "rule"),
        ("/periods/2025/deadline", {"rule": "day_of_last_month"}, "day"),
        ("/periods/2025/deadline", {"rule": "day_of_last_month", "day": "x"}, "day"),
        ("/periods/2025/deadline", {"rule": "day_of_last_month", "day": 40}, "day"),
        ("/periods/2025/deadline", {"rule": "day_of_last_month", "day": 25, "days": 3}, "days"),
        ("/periods/2025/deadline", {"rule": "days_after_cutoff", "days": 3, "roll": "back"}, "roll"),
        ("/periods/2025-W28/deadline", {"rule": "day_of_last_month", "day": 25}, "period"),
        ("/periods/2025-H3/deadline", {"rule": "day_of_last_month", "day": 25}, "period"),
    ],
)
def test_bad_deadline_input_names_the_parameter(
    client: httpx.Client, path: str, params: dict[str, Any], field: str
) -> None:
    assert error(client, path, **params)["field"] == field


def test_holidays_of_2026(client: httpx.Client) -> None:
    body = ok(client, "/calendar/holidays", year=2026)
    days = {h["date"]: h for h in body["items"]}
    assert days["2026-02-17"]["name"] == "Tết Nguyên Đán (mùng 1 tháng Giêng)"
    assert days["2026-02-17"]["weekday"] == 2
    assert days["2026-04-26"]["name_en"].startswith("Hung Kings")
    assert days["2026-04-27"]["kind"] == "compensatory"
    assert {"2026-01-01", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"} <= set(days)
    assert len(body["items"]) == 12
    assert "BAOCAO_EXTRA_HOLIDAYS" in body["note"]


def test_working_days_in_february_2026(client: httpx.Client) -> None:
    body = ok(client, "/calendar/working-days", **{"from": "2026-02-01", "to": "2026-02-28"})
    assert (body["from"], body["to"], body["calendar_days"], body["working_days"]) == (
        "2026-02-01",
        "2026-02-28",
        28,
        15,
    )
    assert [h["date"] for h in body["holidays"]] == [f"2026-02-{d}" for d in range(16, 21)]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/calendar/holidays", {}, "year"),
        ("/calendar/holidays", {"year": "twenty"}, "year"),
        ("/calendar/holidays", {"year": 1990}, "year"),
        ("/calendar/working-days", {"to": "2026-02-28"}, "from"),
        ("/calendar/working-days", {"from": "2026-02-30", "to": "2026-03-01"}, "from"),
        ("/calendar/working-days", {"from": "2026-02-01", "to": "2026-01-01"}, "to"),
        ("/calendar/working-days", {"from": "2026-01-01", "to": "2046-01-01"}, "to"),
        ("/calendar/working-days", {"from": "1999-01-01", "to": "1999-02-01"}, "from"),
    ],
)
def test_bad_calendar_input_names_the_parameter(
    client: httpx.Client, path: str, params: dict[str, Any], field: str
) -> None:
    assert error(client, path, **params)["field"] == field


def test_the_years_decision_from_settings_reaches_the_api(backend: FreshDatabase) -> None:
    # Tết 2025 as decided: 27/1 off, and Monday 3/2 (the default compensatory day) worked
    settings = {"extra_holidays": (date(2025, 1, 27),), "extra_working_days": (date(2025, 2, 3),)}
    with LiveServer(backend.create(), **settings) as server, server.client() as http:
        holidays = ok(http, "/calendar/holidays", year=2025)
        counted = ok(http, "/calendar/working-days", **{"from": "2025-01-27", "to": "2025-02-07"})
    days = {h["date"]: h["kind"] for h in holidays["items"]}
    assert days["2025-01-27"] == "configured" and "2025-02-03" not in days
    assert counted["working_days"] == 5  # 3–7 February


def test_openapi_documents_the_responses(client: httpx.Client) -> None:
    spec = ok(client, "/openapi.json")
    for path in (
        "/periods",
        "/periods/{period}",
        "/periods/{period}/deadline",
        "/calendar/holidays",
        "/calendar/working-days",
    ):
        assert API + path in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert {"PeriodDetail", "DeadlineOut", "HolidaysOut", "WorkingDaysOut"} <= set(schemas)
    assert "from" in schemas["WorkingDaysOut"]["properties"]
