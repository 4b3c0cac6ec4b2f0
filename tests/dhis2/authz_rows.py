"""Authorisation matrix rows (tests/access/matrix.py) of the DHIS2 connection: the mapping table is
the administrators'; system/info and me answer any signed-in account (bearer tokens work under
/dhis2/api as well as HTTP Basic)."""

from __future__ import annotations

from baocao.access.rules import Permission
from tests.access.matrix import MatrixRow, Probe

API = "/api/v1/dhis2"
DHIS2 = "/dhis2/api"

ROWS: list[MatrixRow] = [
    MatrixRow(
        "dhis2",
        "mappings",
        Permission.METADATA_ADMIN,
        "action",
        lambda c: Probe("GET", f"{API}/mappings"),
        per_target=False,
    ),
    MatrixRow(
        "dhis2",
        "mappings_put",
        Permission.METADATA_ADMIN,
        "action",
        lambda c: Probe("PUT", f"{API}/mappings", json={"items": [], "replace": False}),
        per_target=False,
    ),
    MatrixRow(
        "dhis2",
        "system_info",
        Permission.AUTHENTICATED,
        "action",
        lambda c: Probe("GET", f"{DHIS2}/system/info.json"),
        per_target=False,
    ),
    MatrixRow(
        "dhis2",
        "me",
        Permission.AUTHENTICATED,
        "action",
        lambda c: Probe("GET", f"{DHIS2}/me"),
        per_target=False,
    ),
]
