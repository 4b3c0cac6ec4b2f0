"""Browser sessions: cookie ``baocao_session`` holds a random id; the table holds its SHA-256.

The CSRF token is an HMAC of the session id under ``BAOCAO_SECRET_KEY``: nothing more to store, it
dies with the session, and it cannot be computed without the server's secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from fastapi import Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from baocao.access.models import User, WebSession
from baocao.audit.types import utc_now

COOKIE_NAME = "baocao_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def _hash(raw_id: str) -> str:
    return hashlib.sha256(raw_id.encode()).hexdigest()


def start_session(
    session: Session,
    user: User,
    *,
    lifetime: timedelta,
    ip: str | None,
    user_agent: str | None,
) -> str:
    """Store a new session for ``user``; return the raw id for the cookie (never store it)."""
    raw_id = secrets.token_urlsafe(32)
    now = utc_now()
    # Expired sessions of this user are cleared at each login, so the table does not grow forever.
    session.execute(delete(WebSession).where(WebSession.user_id == user.id, WebSession.expires_at <= now))
    session.add(
        WebSession(
            id_hash=_hash(raw_id),
            user_id=user.id,
            expires_at=now + lifetime,
            ip=ip,
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    session.flush()
    return raw_id


def find_session(session: Session, raw_id: str) -> WebSession | None:
    if not raw_id or len(raw_id) > 200:
        return None
    found = session.scalar(select(WebSession).where(WebSession.id_hash == _hash(raw_id)))
    now = utc_now()
    if found is None or found.expires_at <= now or not found.user.is_active:
        return None
    if now - found.last_seen_at >= LAST_SEEN_RESOLUTION:
        found.last_seen_at = now
    return found


def end_session(session: Session, raw_id: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id_hash == _hash(raw_id)))


def end_all_sessions(session: Session, user: User) -> None:
    """Log a user out everywhere (password change, account disabled)."""
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))


def csrf_token_for(secret_key: str, raw_id: str) -> str:
    digest = hmac.new(secret_key.encode(), b"csrf:" + raw_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def csrf_matches(secret_key: str, raw_id: str, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(csrf_token_for(secret_key, raw_id), presented or "")


def set_session_cookie(response: Response, raw_id: str, lifetime: timedelta, secure: bool) -> None:
    """The session cookie, the same for the API login and the web login page."""
    response.set_cookie(
        COOKIE_NAME,
        raw_id,
        max_age=int(lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )
