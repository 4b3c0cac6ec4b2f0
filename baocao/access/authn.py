"""Authentication: turning a proof of identity into a ``User``.

``Authenticator`` is the seam for single sign-on. ``PasswordAuthenticator`` is the only one today;
an OIDC authenticator would verify an ID token from the identity provider, find (or refuse) the
matching account, and hand it to the same ``start_session`` / ``issue_token`` as a password login
(see docs/access.md). Every outcome is written to the audit log; no secret ever is.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.models import User
from baocao.access.passwords import hash_password, needs_rehash, verify_password
from baocao.audit.service import record_event
from baocao.audit.types import utc_now
from baocao.config import Settings

C_contra = TypeVar("C_contra", contravariant=True)
log = logging.getLogger("baocao.access")


@dataclass(frozen=True)
class PasswordCredentials:
    username: str
    password: str


@dataclass(frozen=True)
class LoginContext:
    ip: str | None
    purpose: str  # "session" (browser login) or "token" (POST /auth/token)


class Authenticator(Protocol[C_contra]):
    """Checks credentials of one kind; returns the account, or None (and has audited why)."""

    method: str

    def authenticate(self, db: Session, credentials: C_contra, context: LoginContext) -> User | None: ...


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _fingerprint(text: str) -> str:
    """Correlates attempts at an unknown username without storing what was typed (it could be a
    password typed in the wrong field)."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


class PasswordAuthenticator:
    """Username and argon2 password, with lockout after repeated failures."""

    method = "password"

    def __init__(self, settings: Settings) -> None:
        self.attempts = settings.lockout_attempts
        self.lock_for = timedelta(minutes=settings.lockout_minutes)

    def authenticate(
        self, db: Session, credentials: PasswordCredentials, context: LoginContext
    ) -> User | None:
        username = normalise_username(credentials.username)
        user = db.scalar(select(User).where(User.username == username)) if len(username) <= 64 else None
        now = utc_now()
        details: dict[str, object] = {"method": self.method, "purpose": context.purpose}

        if user is None or not user.is_active or user.password_hash is None:
            verify_password(None, credentials.password)  # spend the same time as a real check
            if user is None:
                reason, target = "unknown_user", f"unknown:{_fingerprint(username)}"
            else:
                reason, target = ("disabled" if not user.is_active else "no_password"), f"user:{username}"
            record_event(
                db, "auth.login_failed", target=target, ip=context.ip, details={**details, "reason": reason}
            )
            log.warning("login refused: %s (%s) from %s", target, reason, context.ip)
            return None

        target = f"user:{username}"
        if user.locked_until is not None and user.locked_until > now:
            verify_password(None, credentials.password)
            record_event(
                db,
                "auth.login_failed",
                actor=username,
                target=target,
                ip=context.ip,
                details={**details, "reason": "locked", "locked_until": user.locked_until.isoformat()},
            )
            log.warning("login refused: %s (locked) from %s", target, context.ip)
            return None

        if not verify_password(user.password_hash, credentials.password):
            user.failed_logins += 1
            record_event(
                db,
                "auth.login_failed",
                actor=username,
                target=target,
                ip=context.ip,
                details={**details, "reason": "wrong_password", "failures": user.failed_logins},
            )
            if user.failed_logins >= self.attempts:
                user.locked_until = now + self.lock_for
                record_event(
                    db,
                    "auth.locked",
                    actor=username,
                    target=target,
                    ip=context.ip,
                    details={"failures": user.failed_logins, "locked_until": user.locked_until.isoformat()},
                )
                log.warning("account locked: %s until %s", target, user.locked_until.isoformat())
                user.failed_logins = 0
            else:
                log.warning("login refused: %s (wrong password) from %s", target, context.ip)
            return None

        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(credentials.password)
        record_event(db, "auth.login", actor=username, target=target, ip=context.ip, details=details)
        log.info("login: %s (%s) from %s", username, context.purpose, context.ip)
        return user
