"""The canonical content of a submission version, and its SHA-256 digest.

What a ledger entry and a signature vouch for is exactly this byte string, so it must not depend on
the database engine, the order rows come back in, or how a float happens to print:

- UTF-8 JSON, keys sorted, no spaces, text in Unicode NFC;
- the regime code and version, the reporting unit's stable ``uid`` and the period identifier;
- the values as ``[element code, option key, "n" | "t", value]`` sorted by element and option key,
  numbers in ``format_number`` form (shortest round-trip decimal, no exponent, no trailing zeros,
  ``-0`` → ``0``); empty cells are left out (an empty cell and a missing row are the same content);
- the narrative sections that are not empty.

The version number, timestamps and comments are not content: reopening an accepted report and
changing nothing gives the same digest.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.catalog.models import DataElement
from baocao.regimes.models import Regime, RegimeVersion
from baocao.submissions.models import DataValue, Submission, SubmissionVersion
from baocao.units.models import Unit

FORMAT = "baocao-submission/1"


def format_number(value: float) -> str:
    """``1200.0`` → ``"1200"``, ``0.1`` → ``"0.1"``, ``1e20`` → ``"100000000000000000000"``."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    exact = Decimal(repr(float(value)))
    if exact == 0:
        return "0"
    return format(exact.normalize(), "f")


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def canonical_values(session: Session, version_id: int) -> list[list[str]]:
    rows = session.execute(
        select(DataElement.code, DataValue.option_key, DataValue.value_num, DataValue.value_text)
        .join(DataElement, DataElement.id == DataValue.data_element_id)
        .where(DataValue.submission_version_id == version_id)
    )
    values = []
    for code, option_key, number, text in rows:
        if number is not None:
            values.append([code, option_key, "n", format_number(number)])
        elif text is not None and text != "":
            values.append([code, option_key, "t", _text(text)])
    values.sort(key=lambda v: (v[0], v[1]))
    return values


def canonical_document(session: Session, version: SubmissionVersion) -> dict[str, Any]:
    head = session.execute(
        select(Regime.code, RegimeVersion.version, Unit.uid, Submission.period)
        .select_from(Submission)
        .join(Regime, Regime.id == Submission.regime_id)
        .join(RegimeVersion, RegimeVersion.id == Submission.regime_version_id)
        .join(Unit, Unit.id == Submission.unit_id)
        .where(Submission.id == version.submission_id)
    ).one()
    narrative = {
        _text(str(k)): _text(str(v)) for k, v in (version.narrative or {}).items() if v not in (None, "")
    }
    return {
        "format": FORMAT,
        "regime": head.code,
        "regime_version": head.version,
        "unit": head.uid,
        "period": head.period,
        "values": canonical_values(session, version.id),
        "narrative": narrative,
    }


def document_bytes(document: dict[str, Any]) -> bytes:
    """The canonical bytes of a document built by ``canonical_document`` (or the same way in memory,
    as the bulk import does)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def canonical_bytes(session: Session, version: SubmissionVersion) -> bytes:
    """The bytes a digest or a signature is computed over (pending changes are flushed first)."""
    session.flush()
    return document_bytes(canonical_document(session, version))


def content_digest(session: Session, version: SubmissionVersion) -> str:
    """SHA-256 (hex) of ``canonical_bytes``."""
    return hashlib.sha256(canonical_bytes(session, version)).hexdigest()
