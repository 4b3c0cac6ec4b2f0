"""What changed and whether the record holds: the difference the approver reviews, and the ledger
status of a submission (each entry's hash, and the sealed content's digest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.catalog.models import DataElement
from baocao.ledger.canonical import content_digest
from baocao.ledger.chain import LedgerEvent, compute_entry_hash, entries_for
from baocao.submissions import queries
from baocao.submissions.models import Submission, SubmissionState, SubmissionVersion, ValueChange


@dataclass(frozen=True)
class Difference:
    element: str
    option_key: str
    old: str | None
    new: str | None


def _text(row: Any) -> str | None:
    value = row.value_num if row.value_num is not None else row.value_text
    return None if value is None else str(value)


def differences(session: Session, submission: Submission, version: SubmissionVersion) -> list[Difference]:
    """Changes since the version was last returned (the trail), else against the previous version."""
    returns = [
        e.at
        for e in entries_for(session, submission.id)
        if e.event == LedgerEvent.RETURN and e.version == version.version
    ]
    if returns:
        rows = session.execute(
            select(ValueChange, DataElement.code)
            .join(DataElement, DataElement.id == ValueChange.data_element_id)
            .where(
                ValueChange.submission_id == submission.id,
                ValueChange.version == version.version,
                ValueChange.at > returns[-1],
            )
            .order_by(ValueChange.id)
        ).all()
        folded: dict[tuple[str, str], list[str | None]] = {}
        for change, code in rows:
            key = (code, change.option_key)
            if key not in folded:
                folded[key] = [change.old_value, change.new_value]
            folded[key][1] = change.new_value
        return [Difference(k[0], k[1], v[0], v[1]) for k, v in folded.items() if v[0] != v[1]]
    if version.version == 1:
        return []
    previous = queries.get_version(session, submission, version.version - 1)
    before = {(r.element, r.option_key): _text(r) for r in queries.values_of(session, previous.id)}
    after = {(r.element, r.option_key): _text(r) for r in queries.values_of(session, version.id)}
    return [
        Difference(k[0], k[1], before.get(k), after.get(k))
        for k in sorted(before.keys() | after.keys())
        if before.get(k) != after.get(k)
    ]


@dataclass(frozen=True)
class LedgerStatus:
    entries: list[Any]
    entries_intact: bool
    content_intact: bool | None  # None: the current version is not sealed yet


def ledger_status(session: Session, submission: Submission, version: SubmissionVersion) -> LedgerStatus:
    entries = entries_for(session, submission.id)
    intact = all(compute_entry_hash(e) == e.entry_hash for e in entries)
    sealed = version.state in (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED)
    content = (content_digest(session, version) == version.content_digest) if sealed else None
    return LedgerStatus(entries, intact, content)
