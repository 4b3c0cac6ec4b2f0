"""The ledger's service: append events (``append_event``) and verify the whole record (``verify``).

``verify`` recomputes, without trusting any stored hash:

1. the chain: numbers run 1, 2, 3 ... without a gap, each ``prev_hash`` is the hash of the entry
   before, each ``entry_hash`` matches its fields;
2. the content: for every submission version, its last ledger event says which state it must be in
   (submit → submitted, accept → accepted, return → returned, reopen → draft); after a submit or an
   accept the version is sealed, so its canonical content must still hash to the digest recorded
   then (and to the version's own ``content_digest``). A version claiming to be submitted or
   accepted without any ledger event is reported too.

Problems are sorted by the ledger entry they concern; the first one is "the first broken entry".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.ledger.canonical import content_digest
from baocao.ledger.chain import (
    GENESIS,
    SEALING,
    STATE_AFTER,
    LedgerEvent,
    append_event,
    compute_entry_hash,
    entries_for,
    ledger_head,
)
from baocao.ledger.models import LedgerEntry
from baocao.submissions.models import SubmissionState, SubmissionVersion

__all__ = [
    "GENESIS",
    "LedgerEvent",
    "Problem",
    "VerifyReport",
    "append_event",
    "entries_for",
    "ledger_head",
    "verify",
]


@dataclass(frozen=True)
class Problem:
    code: str  # gap | broken_link | entry_tampered | content_mismatch | state_mismatch | ...
    seq: int | None  # the ledger entry concerned (None: a version with no entry at all)
    submission_id: int | None
    version: int | None
    message: str
    message_en: str


@dataclass
class VerifyReport:
    entries: int = 0
    versions_checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> Problem | None:
        return self.problems[0] if self.problems else None


@dataclass(frozen=True)
class _Last:
    seq: int
    event: str
    digest: str


def _check_chain(session: Session, report: VerifyReport) -> dict[tuple[int, int], _Last]:
    last: dict[tuple[int, int], _Last] = {}
    expected_seq, prev = 1, GENESIS
    stmt = select(LedgerEntry).order_by(LedgerEntry.seq).execution_options(yield_per=1000)
    for entry in session.scalars(stmt):
        report.entries += 1
        where = (entry.seq, entry.submission_id, entry.version)
        if entry.seq != expected_seq:
            report.problems.append(
                Problem(
                    "gap",
                    *where,
                    f"Thiếu bút toán số {expected_seq}–{entry.seq - 1} trước bút toán {entry.seq}",
                    f"Entries {expected_seq}–{entry.seq - 1} are missing before entry {entry.seq}",
                )
            )
        if entry.prev_hash != prev:
            report.problems.append(
                Problem(
                    "broken_link",
                    *where,
                    f"Bút toán {entry.seq} không nối với bút toán trước (prev_hash sai)",
                    f"Entry {entry.seq} does not link to the entry before it (wrong prev_hash)",
                )
            )
        if compute_entry_hash(entry) != entry.entry_hash:
            report.problems.append(
                Problem(
                    "entry_tampered",
                    *where,
                    f"Nội dung bút toán {entry.seq} đã bị sửa (hash không khớp)",
                    f"Entry {entry.seq} was altered (its hash does not match its fields)",
                )
            )
        last[(entry.submission_id, entry.version)] = _Last(entry.seq, entry.event, entry.content_digest)
        expected_seq, prev = entry.seq + 1, entry.entry_hash
    return last


def _version_problem(
    version: SubmissionVersion, entry: _Last | None, digest: Callable[[], str]
) -> Problem | None:
    where = (entry.seq if entry else None, version.submission_id, version.version)
    label = f"{version.submission_id} v{version.version}"
    if entry is None:
        if version.state in (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED):
            return Problem(
                "unrecorded_state",
                *where,
                f"Báo cáo {label} ở trạng thái '{version.state}' nhưng sổ cái không ghi sự kiện nào",
                f"Submission {label} is '{version.state}' but the ledger records no event for it",
            )
        return None
    expected = STATE_AFTER[entry.event]
    if version.state != expected:
        return Problem(
            "state_mismatch",
            *where,
            f"Báo cáo {label} ở trạng thái '{version.state}', sổ cái ghi '{expected}' (bút toán {entry.seq})",
            f"Submission {label} is '{version.state}' but the ledger says '{expected}' (entry {entry.seq})",
        )
    if entry.event in SEALING:
        current = digest()
        if current != entry.digest or (version.content_digest not in (None, entry.digest)):
            return Problem(
                "content_mismatch",
                *where,
                f"Số liệu của báo cáo {label} đã thay đổi sau khi {entry.event} (bút toán {entry.seq})",
                f"The content of submission {label} changed after its {entry.event} (entry {entry.seq})",
            )
    return None


def verify(session: Session) -> VerifyReport:
    """Check the chain and every version's content against it; see the module docstring."""
    report = VerifyReport()
    last = _check_chain(session, report)
    seen: set[tuple[int, int]] = set()
    versions = session.scalars(
        select(SubmissionVersion).order_by(SubmissionVersion.submission_id, SubmissionVersion.version)
    )
    for version in versions:
        key = (version.submission_id, version.version)
        seen.add(key)
        report.versions_checked += 1
        problem = _version_problem(version, last.get(key), partial(content_digest, session, version))
        if problem:
            report.problems.append(problem)
    for (submission_id, number), entry in last.items():
        if (submission_id, number) not in seen:
            report.problems.append(
                Problem(
                    "version_missing",
                    entry.seq,
                    submission_id,
                    number,
                    f"Sổ cái ghi báo cáo {submission_id} v{number} nhưng phiên bản này không còn",
                    f"The ledger records submission {submission_id} v{number} but that version is gone",
                )
            )
    report.problems.sort(key=lambda p: (p.seq is None, p.seq or 0))
    return report
