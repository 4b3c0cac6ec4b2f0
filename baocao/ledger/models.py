"""Ledger entries chain by hash; signatures bind a unit's key to a version's canonical content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from baocao.audit.types import UtcDateTime
from baocao.storage.base import Base


class LedgerEntry(Base):
    """One submission event (submit, accept, return, reopen), appended, never updated.

    ``entry_hash`` = SHA-256 over (seq, at, event, submission, version, actor, content_digest,
    prev_hash); ``content_digest`` = SHA-256 of the version's canonical content at that moment.
    """

    __tablename__ = "ledger_entries"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    event: Mapped[str] = mapped_column(String(16))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(120))
    content_digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class SigningKey(Base):
    """A unit's registered public key: Ed25519 (raw PEM) or an X.509 certificate with an RSA key."""

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    algorithm: Mapped[str] = mapped_column(String(16))  # ed25519 | x509-rsa
    public_pem: Mapped[str] = mapped_column(Text)  # public key or certificate PEM
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    registered_by_id: Mapped[int | None] = mapped_column(Integer)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SubmissionSignature(Base):
    __tablename__ = "submission_signatures"
    __table_args__ = (UniqueConstraint("submission_version_id", "signing_key_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_version_id: Mapped[int] = mapped_column(
        ForeignKey("submission_versions.id", ondelete="CASCADE"), index=True
    )
    signing_key_id: Mapped[int] = mapped_column(ForeignKey("signing_keys.id"))
    content_digest: Mapped[str] = mapped_column(String(64))
    signature_b64: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # valid | content_mismatch | bad_signature — set when the receiver verifies
    status: Mapped[str] = mapped_column(String(24), default="unverified")
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
