"""The bulk import's lean canonical bytes and ledger hashes are those of the ledger's own functions."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

import pytest

from baocao.imports import canon
from baocao.ledger.canonical import FORMAT, document_bytes, format_number
from baocao.ledger.chain import compute_entry_hash
from baocao.ledger.models import LedgerEntry

NUMBERS = [0.0, -0.0, 1.0, 1200.0, 0.1, 123.45, -7.5, 1e20, 1.5e-7, 2.5e16, 1e22, 99999999.99, 1 / 3]


@pytest.mark.parametrize("value", NUMBERS)
def test_number_text_is_format_number(value: float) -> None:
    assert canon.number_text(value) == format_number(value)


def test_document_and_digest_are_the_ledgers() -> None:
    values: list[tuple[str, str, float | str]] = [
        ("B_CODE", "gioi_tinh=nu", 12.5),
        ("A_CODE", "", 1e20),
        ("B_CODE", "gioi_tinh=nam", -0.0),
        ("C_TEXT", "", "Ghi chú: Thừa Thiên Huế \u0065\u0301"),  # e + combining acute: NFC folds it
    ]
    narrative = {"tom_tat": 'Tóm tắt "quan trọng"', "rong": "", "khac": None}
    document: dict[str, Any] = {
        "format": FORMAT,
        "regime": "BC_XA",
        "regime_version": 3,
        "unit": "u-01\u00e9",
        "period": "2025-07",
        "values": sorted(
            [
                [c, o, "n", format_number(v)] if isinstance(v, float) else [c, o, "t", canon.nfc(v)]
                for c, o, v in values
            ],
            key=lambda v: (v[0], v[1]),
        ),
        "narrative": {k: v for k, v in narrative.items() if v},
    }
    items = [
        canon.value_item(canon.js(c), canon.js(o), v)
        for c, o, v in sorted(values, key=lambda v: (v[0], v[1]))
    ]
    parts = canon.head("BC_XA", 3, "2025-07")
    lean = canon.document(parts, canon.narrative_json(narrative), canon.js("u-01\u00e9"), items)
    assert lean == document_bytes(document)
    assert (
        canon.digest(parts, "{}", canon.js("x"), [])
        == hashlib.sha256(
            document_bytes({**document, "unit": "x", "values": [], "narrative": {}})
        ).hexdigest()
    )


@pytest.mark.parametrize("actor_id", [None, 7])
def test_entry_hash_is_the_ledgers(actor_id: int | None) -> None:
    at = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
    entry = SimpleNamespace(
        seq=41, at=at, event="accept", submission_id=9, version=2, actor_id=actor_id,
        actor_name="Nhập lô \"CSV\"", content_digest="ab" * 32, prev_hash="cd" * 32,
    )  # fmt: skip
    lean = canon.entry_hash(
        41, canon.at_json(at), canon.js("accept"), 9, 2, canon.actor_json(actor_id, entry.actor_name),
        "ab" * 32, "cd" * 32,
    )  # fmt: skip
    assert lean == compute_entry_hash(cast(LedgerEntry, entry))
