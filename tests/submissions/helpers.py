"""Small HTTP helpers shared by the submissions tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.submissions.env import Env

API = "/api/v1"


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    return response.json()


def error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    body: dict[str, Any] = response.json()["error"]
    return body


def cells(boys: int, girls: int, **more: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"element": "T_HS", "options": "t_gt=nam", "value": boys},
        {"element": "T_HS", "options": {"t_gt": "nu"}, "value": girls},
    ]
    out += [{"element": k, "options": "", "value": v} for k, v in more.items()]
    return out


class Client:
    """An httpx client acting as one account (real login through the API)."""

    def __init__(self, env: Env, http: httpx.Client, username: str) -> None:
        self.http = http
        self.username = username
        self.headers = env.headers(http, username)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.get(API + path, headers=self.headers, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.post(API + path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def put(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.put(API + path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def open(self, regime: str, unit: str, period: str) -> dict[str, Any]:
        body: dict[str, Any] = ok(
            self.post("/submissions", json={"regime": regime, "unit": unit, "period": period}), 201
        )
        return body

    def write(
        self, sid: int, cell_list: list[dict[str, Any]], narrative: dict[str, str] | None = None
    ) -> Any:
        return ok(self.put(f"/submissions/{sid}/values", json={"cells": cell_list, "narrative": narrative}))

    def values(self, sid: int) -> dict[tuple[str, str], Any]:
        detail = ok(self.get(f"/submissions/{sid}"))
        return {(v["element"], v["options"]): v["value"] for v in detail["values"]}
