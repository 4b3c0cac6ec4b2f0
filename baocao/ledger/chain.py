"""The hash chain: every submission event appended once, each entry sealing the one before it.

``entry_hash`` = SHA-256 of the JSON array ``[seq, at, event, submission_id, version, actor_id,
actor_name, content_digest, prev_hash]`` (UTF-8, no spaces; ``at`` in UTC with microseconds and a
trailing ``Z``). The first entry's ``prev_hash`` is 64 zeros.

Appending is safe under concurrency: ``seq`` is the primary key, so two transactions that read the
same head cannot both insert the next number. The loser's insert fails inside a savepoint; it reads
the new head (committed by the winner; READ COMMITTED sees it) and tries again.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baocao.audit.types import utc_now
from baocao.errors import ApiError
from baocao.ledger.canonical import content_digest
from baocao.ledger.models import LedgerEntry
from baocao.submissions.actors import Actor
from baocao.submissions.guard import take_write_lock
from baocao.submissions.models import Submission, SubmissionState, SubmissionVersion

GENESIS = "0" * 64
MAX_ATTEMPTS = 50


class LedgerEvent(StrEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"
    RETURN = "return"
    REOPEN = "reopen"


# The state a version is in right after each event (the ledger verifier checks it still is).
STATE_AFTER: dict[str, SubmissionState] = {
    LedgerEvent.SUBMIT: SubmissionState.SUBMITTED,
    LedgerEvent.ACCEPT: SubmissionState.ACCEPTED,
    LedgerEvent.RETURN: SubmissionState.RETURNED,
    LedgerEvent.REOPEN: SubmissionState.DRAFT,
}
# Events after which the version's content is frozen: it must still hash to the recorded digest.
SEALING = frozenset({LedgerEvent.SUBMIT, LedgerEvent.ACCEPT})


def _utc_text(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compute_entry_hash(entry: LedgerEntry) -> str:
    payload = [
        entry.seq,
        _utc_text(entry.at),
        entry.event,
        entry.submission_id,
        entry.version,
        entry.actor_id,
        entry.actor_name,
        entry.content_digest,
        entry.prev_hash,
    ]
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def ledger_head(session: Session) -> tuple[int, str]:
    """The last entry's ``seq`` and hash, or ``(0, GENESIS)`` for an empty ledger."""
    row = session.execute(
        select(LedgerEntry.seq, LedgerEntry.entry_hash).order_by(LedgerEntry.seq.desc()).limit(1)
    ).first()
    return (int(row.seq), str(row.entry_hash)) if row else (0, GENESIS)


def append_event(
    session: Session,
    submission: Submission,
    version: SubmissionVersion,
    event: LedgerEvent | str,
    actor: Actor,
    *,
    digest: str | None = None,
) -> LedgerEntry:
    """Append one event for ``version`` of ``submission`` (its canonical digest computed now unless
    given) to the chain, inside the caller's transaction."""
    event = LedgerEvent(event)
    take_write_lock(session)
    digest = digest or content_digest(session, version)
    at = utc_now()
    for _ in range(MAX_ATTEMPTS):
        seq, prev = ledger_head(session)
        entry = LedgerEntry(
            seq=seq + 1,
            at=at,
            event=event.value,
            submission_id=submission.id,
            version=version.version,
            actor_id=actor.user_id,
            actor_name=actor.name[:120],
            content_digest=digest,
            prev_hash=prev,
        )
        entry.entry_hash = compute_entry_hash(entry)
        try:
            with session.begin_nested():
                session.add(entry)
        except IntegrityError:
            continue  # another transaction took this seq first: read the new head, try again
        return entry
    raise ApiError(
        503,
        "ledger_busy",
        "Sổ cái đang bận, vui lòng thử lại",
        "The ledger is busy; try again",
    )


def entries_for(session: Session, submission_id: int) -> list[LedgerEntry]:
    return list(
        session.scalars(
            select(LedgerEntry).where(LedgerEntry.submission_id == submission_id).order_by(LedgerEntry.seq)
        )
    )
