"""The canonical bytes of ``baocao.ledger.canonical`` and the entry hash of ``baocao.ledger.chain``,
written out directly instead of through ``json.dumps`` of nested lists: a bulk import hashes a
million versions, and this costs a few string joins each. The output is byte-for-byte the same
(``tests/bulk/test_canon.py`` compares it with the ledger's own functions; ``baocao audit verify``
recomputes every digest the slow way)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import datetime
from typing import Any

from baocao.ledger.canonical import FORMAT, format_number
from baocao.ledger.chain import _utc_text


def js(text: str) -> str:
    """A JSON string as ``json.dumps(ensure_ascii=False)`` writes it."""
    return json.dumps(text, ensure_ascii=False)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def value_item(code_json: str, option_json: str, value: float | str) -> str:
    """One ``[code,option,"n"|"t",value]`` of the values list (codes already written)."""
    if isinstance(value, float):
        return f'[{code_json},{option_json},"n","{number_text(value)}"]'
    return f'[{code_json},{option_json},"t",{js(nfc(value))}]'


def number_text(value: float) -> str:
    """``format_number``: the shortest round-trip decimal, without its trailing ``.0``."""
    text = repr(value)
    if "e" in text or "n" in text:  # exponent, inf, nan: the careful way (which refuses inf/nan)
        return format_number(value)
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def narrative_json(narrative: dict[str, Any]) -> str:
    found = {
        unicodedata.normalize("NFC", str(k)): unicodedata.normalize("NFC", str(v))
        for k, v in narrative.items()
        if v not in (None, "")
    }
    return json.dumps(found, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def head(regime: str, regime_version: int, period: str) -> tuple[str, str]:
    """The parts of a document around its narrative and unit (keys in sorted order)."""
    return (
        f'{{"format":{js(FORMAT)},"narrative":',
        f',"period":{js(period)},"regime":{js(regime)},"regime_version":{int(regime_version)},"unit":',
    )


def document(parts: tuple[str, str], narrative: str, unit_json: str, values: list[str]) -> bytes:
    """``values``: each ``[code,option,"n"|"t",value]`` already written, in canonical order."""
    return f'{parts[0]}{narrative}{parts[1]}{unit_json},"values":[{",".join(values)}]}}'.encode()


def digest(parts: tuple[str, str], narrative: str, unit_json: str, values: list[str]) -> str:
    return hashlib.sha256(document(parts, narrative, unit_json, values)).hexdigest()


def entry_hash(
    seq: int,
    at_json: str,
    event_json: str,
    submission_id: int,
    version: int,
    actor_json: str,
    content_digest: str,
    prev_hash: str,
) -> str:
    """``compute_entry_hash`` with the constant parts (instant, event, actor) written once."""
    data = (
        f"[{seq},{at_json},{event_json},{submission_id},{version},{actor_json},"
        f'"{content_digest}","{prev_hash}"]'
    )
    return hashlib.sha256(data.encode()).hexdigest()


def actor_json(actor_id: int | None, actor_name: str) -> str:
    """The ``actor_id,actor_name`` part of an entry."""
    name = json.dumps(actor_name, ensure_ascii=False)
    return f"{'null' if actor_id is None else int(actor_id)},{name}"


def at_json(at: datetime) -> str:
    return json.dumps(_utc_text(at))
