"""API tokens for programs: ``bct_<prefix>_<secret>``, shown once, stored as SHA-256.

The prefix finds the row; the hash of the whole token is compared in constant time. A token
is refused when malformed, unknown, altered, expired, revoked, or its account is disabled.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.models import ApiToken, User
from baocao.audit.service import record_event
from baocao.audit.types import utc_now

TOKEN_RE = re.compile(r"^bct_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
# Writing last_used_at on every request would turn reads into writes; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole bearer token: give it to the caller once, never store or log it


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(
    session: Session,
    user: User,
    *,
    name: str,
    lifetime: timedelta,
    regimes: list[str] | None = None,
    actor: str | None,
    ip: str | None = None,
    fixed_secret: tuple[str, str] | None = None,
) -> IssuedToken:
    """Create a token. ``fixed_secret`` = (prefix, secret) only for the demo's well-known tokens."""
    prefix, secret = fixed_secret or (secrets.token_hex(6), secrets.token_urlsafe(32))
    raw = f"bct_{prefix}_{secret}"
    if not TOKEN_RE.match(raw):
        raise ValueError("a token must look like bct_<12 hex>_<43 url-safe characters>")
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=prefix,
        token_hash=token_hash(raw),
        regimes=sorted(set(regimes)) if regimes is not None else None,
        expires_at=utc_now() + lifetime,
    )
    session.add(token)
    session.flush()
    record_event(
        session,
        "tokens.create",
        actor=actor,
        target=f"user:{user.username}",
        ip=ip,
        details={"token_id": token.id, "name": name, "expires_at": token.expires_at.isoformat()},
    )
    return IssuedToken(token, raw)


def authenticate_token(session: Session, raw: str) -> ApiToken | None:
    """The live token ``raw`` stands for, or None. Never raises for bad input."""
    match = TOKEN_RE.match(raw)
    if not match:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.prefix == match.group(1)))
    if token is None or not hmac.compare_digest(token.token_hash, token_hash(raw)):
        return None
    now = utc_now()
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def find_token(session: Session, token_id: int, *, owner: User | None = None) -> ApiToken | None:
    stmt = select(ApiToken).where(ApiToken.id == token_id)
    if owner is not None:
        stmt = stmt.where(ApiToken.user_id == owner.id)
    return session.scalar(stmt)


def revoke_token(session: Session, token: ApiToken, *, actor: str | None, ip: str | None = None) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = utc_now()
    record_event(
        session,
        "tokens.revoke",
        actor=actor,
        target=f"user:{token.user.username}",
        ip=ip,
        details={"token_id": token.id, "name": token.name},
    )
