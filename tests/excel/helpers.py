"""openpyxl playing the user: log in, download the template, fill it in, upload it, read back."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import openpyxl
from openpyxl.workbook.workbook import Workbook

from baocao.access.rules import Role
from baocao.periods.periods import Period, PeriodType
from baocao.timeutil import today
from tests.access.world import PASSWORD, World, add_user
from tests.excel.authz_rows import REGIME

API = "/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_periods = itertools.count(3)  # the matrix uses next month; each test takes a month of its own


def fresh_period() -> str:
    """A month no other test uses, far enough ahead for its entry to be open."""
    return str(Period.of(today(), PeriodType.MONTH).shift(next(_periods)))


@dataclass
class User:
    client: httpx.Client
    username: str
    csrf: str


def log_in(client: httpx.Client, world: World, unit: str = "01", role: Role = Role.REPORTER) -> User:
    """A new account at ``unit``, signed in through the real login (cookie session + CSRF token)."""
    username = add_user(world, unit, role)
    answer = client.post(f"{API}/auth/login", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return User(client, username, answer.json()["csrf_token"])


def download(user: User, period: str, unit: str = "01", regime: str = REGIME) -> httpx.Response:
    params = {"regime": regime, "unit": unit, "period": period}
    return user.client.get(f"{API}/submissions/template.xlsx", params=params)


def template(user: User, period: str, unit: str = "01") -> Workbook:
    answer = download(user, period, unit)
    assert answer.status_code == 200, answer.text
    return openpyxl.load_workbook(io.BytesIO(answer.content))


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(
    user: User, data: bytes, name: str = "bao_cao.xlsx", csrf_in_form: bool = False, **params: str
) -> httpx.Response:
    files = {"file": (name, data, XLSX)}
    if csrf_in_form:  # as a browser form would send it
        return user.client.post(
            f"{API}/submissions/upload", files=files, data={"csrf_token": user.csrf}, params=params
        )
    headers = {"X-CSRF-Token": user.csrf}
    return user.client.post(f"{API}/submissions/upload", files=files, headers=headers, params=params)


# What the user types: sheet → address → value, and the values the server stores for them.
ENTRIES: dict[str, dict[str, Any]] = {
    "Biểu 01": {"E12": 10, "F12": 12, "E13": 5, "F13": 6, "E14": 3, "F14": 4},
    "Biểu 02": {"D11": 1234.56, "D12": 97.5, "D13": "Có", "D14": date(2026, 9, 5), "D15": "Số liệu ước tính"},
    "Đề cương": {"C6": "Số học sinh tăng 5% so với cùng kỳ.", "C7": None},
}
STORED: dict[tuple[str, str], Any] = {
    ("X_HS", "x_cap=th;x_gt=nam"): 10,
    ("X_HS", "x_cap=th;x_gt=nu"): 12,
    ("X_HS", "x_cap=thcs;x_gt=nam"): 5,
    ("X_HS", "x_cap=thcs;x_gt=nu"): 6,
    ("X_GV", "x_gt=nam"): 3,
    ("X_GV", "x_gt=nu"): 4,
    # computed by the server: column totals, row totals, the grand total
    ("X_HS", "x_cap=th"): 22,
    ("X_HS", "x_cap=thcs"): 11,
    ("X_HS", "x_gt=nam"): 15,
    ("X_HS", "x_gt=nu"): 18,
    ("X_HS", ""): 33,
    ("X_GV", ""): 7,
    ("X_KP", ""): 1234.56,
    ("X_TL", ""): 97.5,
    ("X_CO", ""): 1,
    ("X_NGAY", ""): "2026-09-05",
    ("X_GC", ""): "Số liệu ước tính",
}


def fill(book: Workbook, entries: dict[str, dict[str, Any]] = ENTRIES) -> Workbook:
    for sheet, cells in entries.items():
        for address, value in cells.items():
            book[sheet][address] = value
    return book


def find(user: User, period: str, unit: str = "01") -> list[dict[str, Any]]:
    params = {"regime": REGIME, "unit": unit, "period": period}
    answer = user.client.get(f"{API}/submissions", params=params)
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


def values_of(detail: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {(v["element"], v["options"]): v["value"] for v in detail["values"]}


def snapshot(user: User, submission_id: int) -> dict[str, Any]:
    """Everything an upload could change, as the API shows it."""
    detail = user.client.get(f"{API}/submissions/{submission_id}").json()
    history = user.client.get(f"{API}/submissions/{submission_id}/history", params={"limit": 1}).json()
    return {
        "values": values_of(detail),
        "narrative": detail["narrative"],
        "state": detail["state"],
        "lock_version": detail["lock_version"],
        "versions": len(detail["versions"]),
        "changes": history["changes_total"],
    }


def locations(answer: httpx.Response) -> set[str]:
    error = answer.json()["error"]
    return {d["location"] for d in error["details"]} | {error["location"]}
