"""One row per security or administration event: logins, lockouts, tokens, users, memberships.

Deliberately no foreign keys: an event outlives the user or object it names. ``details`` never holds
a secret (password, token, session id); ``record_event`` refuses the usual suspects.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from baocao.audit.types import UtcDateTime, utc_now
from baocao.storage.base import Base


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_action_occurred_at", "action", "occurred_at"),
        Index("ix_audit_events_actor_occurred_at", "actor", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    # Who acted: a username, "cli" for a command run on the server, or None (anonymous).
    actor: Mapped[str | None] = mapped_column(String(100))
    # What happened, dotted: "auth.login", "auth.login_failed", "users.create", "memberships.grant"...
    action: Mapped[str] = mapped_column(String(64))
    # What it happened to: "user:hanoi.admin", "membership:12", "token:3".
    target: Mapped[str | None] = mapped_column(String(200))
    ip: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
