"""Authorisation matrix rows (tests/access/matrix.py) of validation: the failures list needs
``submissions.read`` and is filtered by the view scope inside the query (tests/validation/test_api.py
checks what each scope sees). A submission's results join the matrix once the world seeds submissions.
"""

from __future__ import annotations

from baocao.access.rules import Permission
from tests.access.matrix import MatrixRow, Probe

ROWS: list[MatrixRow] = [
    MatrixRow(
        "validation",
        "failures",
        Permission.SUBMISSIONS_READ,
        "action",
        lambda c: Probe("GET", "/api/v1/validation/failures"),
        per_target=False,
    ),
]
