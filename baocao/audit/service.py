"""Writing and reading the audit log. The caller's transaction commits the event with the change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.audit.models import AuditEvent

# Keys that must never reach the log, whatever a caller passes by mistake.
SECRET_KEYS = frozenset(
    {"password", "new_password", "token", "access_token", "secret", "session_id", "csrf_token"}
)


def record_event(
    session: Session,
    action: str,
    *,
    actor: str | None = None,
    target: str | None = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one event to the current transaction (committed, or rolled back, with the change)."""
    if details and SECRET_KEYS & {k.lower() for k in details}:
        raise ValueError(f"audit details must not contain secrets: {sorted(SECRET_KEYS & set(details))}")
    event = AuditEvent(action=action, actor=actor, target=target, ip=ip, details=details or None)
    session.add(event)
    return event


def list_events(
    session: Session,
    *,
    action: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[AuditEvent], int]:
    """Newest first, with the total for paging."""
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if target:
        stmt = stmt.where(AuditEvent.target == target)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total
