"""Authorisation matrix rows (tests/access/matrix.py): periods and the calendar are public reference data."""

from __future__ import annotations

from baocao.access.rules import Permission
from tests.access.matrix import MatrixRow, Probe

API = "/api/v1"

ROWS: list[MatrixRow] = [
    MatrixRow(
        "periods",
        "read one",
        Permission.PUBLIC,
        "read",
        lambda c: Probe("GET", f"{API}/periods/2025-Q3"),
        per_target=False,
    ),
    MatrixRow(
        "periods",
        "list",
        Permission.PUBLIC,
        "action",
        lambda c: Probe("GET", f"{API}/periods", params={"from": "2025-01", "to": "2025-12"}),
        per_target=False,
    ),
    MatrixRow(
        "periods",
        "deadline",
        Permission.PUBLIC,
        "action",
        lambda c: Probe(
            "GET", f"{API}/periods/2025/deadline", params={"rule": "day_of_last_month", "day": 25}
        ),
        per_target=False,
    ),
    MatrixRow(
        "calendar",
        "holidays",
        Permission.PUBLIC,
        "action",
        lambda c: Probe("GET", f"{API}/calendar/holidays", params={"year": 2026}),
        per_target=False,
    ),
    MatrixRow(
        "calendar",
        "working days",
        Permission.PUBLIC,
        "action",
        lambda c: Probe(
            "GET", f"{API}/calendar/working-days", params={"from": "2026-02-01", "to": "2026-02-28"}
        ),
        per_target=False,
    ),
]
