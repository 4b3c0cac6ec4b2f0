"""Authorisation matrix rows (tests/access/matrix.py): open data answers everyone, signed in or not."""

from __future__ import annotations

from baocao.access.rules import Permission
from tests.access.matrix import MatrixRow, Probe

ROWS: list[MatrixRow] = [
    MatrixRow(
        "opendata",
        "catalog_ttl",
        Permission.PUBLIC,
        "action",
        lambda c: Probe("GET", "/open/catalog.ttl"),
        per_target=False,
    ),
    MatrixRow(
        "opendata",
        "catalog_jsonld",
        Permission.PUBLIC,
        "action",
        lambda c: Probe("GET", "/open/catalog.jsonld"),
        per_target=False,
    ),
]
