"""Authorisation matrix rows (tests/access/matrix.py) of the units' signing keys.

Listing needs ``units.read`` with the unit in the view scope; registering and revoking need
``users.admin`` with the unit in the view scope (the unit's administrators, or those above it).
The per-submission signature routes join the matrix once the world seeds submissions.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from baocao.access.rules import Permission
from baocao.ledger.signatures import register_key
from tests.access.matrix import Case, MatrixRow, Probe
from tests.access.world import World, all_codes
from tests.signatures.keys import ed25519_pair

API = "/api/v1"


def seed(db: Session, world: World) -> None:
    """One registered key at every unit the matrix looks at."""
    for code in sorted(all_codes()):
        key = register_key(db, world.unit_ids[code], ed25519_pair()[1], f"Khóa ma trận {code}", None)
        world.objects[("signing_key", code)] = key.id


def _keys(case: Case) -> str:
    assert case.target is not None
    return f"{API}/units/{case.target}/signing-keys"


ROWS: list[MatrixRow] = [
    MatrixRow("signing-keys", "list", Permission.UNITS_READ, "read", lambda c: Probe("GET", _keys(c))),
    MatrixRow(
        "signing-keys",
        "register",
        Permission.USERS_ADMIN,
        "write",
        lambda c: Probe("POST", _keys(c), json={"public_pem": ed25519_pair()[1], "label": "ma trận"}),
        ok=frozenset({201}),
    ),
    MatrixRow(
        "signing-keys",
        "revoke",
        Permission.USERS_ADMIN,
        "write",
        lambda c: Probe("DELETE", f"{_keys(c)}/{c.world.objects[('signing_key', c.target)]}"),
    ),
]
