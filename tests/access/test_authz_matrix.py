"""Every role × every relation × every endpoint family: zero leaks (see tests/access/matrix.py)."""

from __future__ import annotations

import dataclasses

import pytest

from baocao.access.rules import Permission
from tests.access.matrix import MatrixRow, Probe, cases, check
from tests.access.world import World, capability_row_modules
from tests.conftest import LiveServer

ROWS: list[MatrixRow] = [row for module in capability_row_modules() for row in module.ROWS]


def test_every_family_has_rows() -> None:
    families = {row.family for row in ROWS}
    assert {"units", "auth", "users"} <= families


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_matrix(row: MatrixRow, world: World, world_server: LiveServer) -> None:
    problems: list[str] = []
    with world_server.client() as client:
        for case in cases(world, row):
            problems.extend(check(client, row, case))
    assert not problems, f"{len(problems)} cell(s) wrong:\n" + "\n".join(problems[:40])


def test_the_matrix_notices_a_leak(world: World, world_server: LiveServer) -> None:
    """Negative control: rows that misstate the rules must produce complaints."""
    public_as_admin = MatrixRow(
        "units",
        "claimed private",
        Permission.USERS_ADMIN,
        "read",
        lambda c: Probe("GET", f"/api/v1/units/{c.target}"),
    )
    users_list = next(row for row in ROWS if row.id == "users:list")
    too_narrow = dataclasses.replace(users_list, expected_listing=lambda c: set())
    with world_server.client() as client:
        for row in (public_as_admin, too_narrow):
            found = [p for case in cases(world, row) for p in check(client, row, case)]
            assert found, f"{row.id}: a misstated row went unnoticed"
