"""Matrix rows of the families that exist today: units (public by design), auth, users admin.

A new capability copies this file into ``tests/<capability>/authz_rows.py`` with its own rows, e.g.

    MatrixRow("submissions", "read one", Permission.SUBMISSIONS_READ, "read",
              lambda c: Probe("GET", f"/api/v1/submissions/{c.world.objects[('submission', c.target)]}"),
              missing=lambda c: Probe("GET", "/api/v1/submissions/999999999"))

and a ``seed(db, world)`` that creates one submission at each unit in ``tests.access.world.all_codes()``.
"""

from __future__ import annotations

import httpx

from baocao.access.rules import Permission
from tests.access.matrix import Case, MatrixRow, Probe
from tests.access.world import target_username, users_at

API = "/api/v1"


def _usernames(response: httpx.Response) -> set[str]:
    return {item["username"] for item in response.json()["items"]}


def _in_scope_users(case: Case) -> set[str]:
    with case.world.session() as db:
        return users_at(db, case.world.view_reach(case.actor))


def _revoke(client: httpx.Client, case: Case, response: httpx.Response) -> None:
    assert case.target is not None
    path = f"{API}/users/{target_username(case.target)}/memberships/{response.json()['id']}"
    answer = client.delete(path, headers=case.actor.headers())
    assert answer.status_code == 204, answer.text


def _target(case: Case) -> str:
    assert case.target is not None
    return case.target


ROWS: list[MatrixRow] = [
    # units: published reference data, readable by anyone (docs/access.md)
    MatrixRow(
        "units", "read one", Permission.PUBLIC, "read", lambda c: Probe("GET", f"{API}/units/{_target(c)}")
    ),
    MatrixRow(
        "units",
        "list children",
        Permission.PUBLIC,
        "list",
        lambda c: Probe("GET", f"{API}/units", params={"parent": _target(c)}),
    ),
    # auth: about the account itself
    MatrixRow(
        "auth",
        "me",
        Permission.AUTHENTICATED,
        "action",
        lambda c: Probe("GET", f"{API}/auth/me"),
        per_target=False,
    ),
    MatrixRow(
        "auth",
        "my tokens",
        Permission.AUTHENTICATED,
        "action",
        lambda c: Probe("GET", f"{API}/auth/tokens"),
        per_target=False,
    ),
    # users: administrators within their scope
    MatrixRow(
        "users",
        "list",
        Permission.USERS_ADMIN,
        "list",
        lambda c: Probe("GET", f"{API}/users", params={"limit": 1000}),
        per_target=False,
        listed=_usernames,
        expected_listing=_in_scope_users,
    ),
    MatrixRow(
        "users",
        "read one",
        Permission.USERS_ADMIN,
        "read",
        lambda c: Probe("GET", f"{API}/users/{target_username(_target(c))}"),
        missing=lambda c: Probe("GET", f"{API}/users/{c.unique('ghost.')}"),
    ),
    MatrixRow(
        "users",
        "create",
        Permission.USERS_ADMIN,
        "write",
        lambda c: Probe("POST", f"{API}/users", json={"username": c.unique("new."), "unit": _target(c)}),
        ok=frozenset({201}),
    ),
    MatrixRow(
        "users",
        "update",
        Permission.USERS_ADMIN,
        "write",
        lambda c: Probe(
            "PATCH", f"{API}/users/{target_username(_target(c))}", json={"full_name": c.unique("N ")}
        ),
        missing=lambda c: Probe("PATCH", f"{API}/users/{c.unique('ghost.')}", json={"full_name": "x"}),
    ),
    MatrixRow(
        "users",
        "grant",
        Permission.USERS_ADMIN,
        "write",
        lambda c: Probe(
            "POST",
            f"{API}/users/{target_username(_target(c))}/memberships",
            json={"unit": _target(c), "role": "analyst"},
        ),
        ok=frozenset({201}),
        missing=lambda c: Probe(
            "POST",
            f"{API}/users/{c.unique('ghost.')}/memberships",
            json={"unit": _target(c), "role": "analyst"},
        ),
        cleanup=_revoke,
    ),
]
