"""HTTP Basic authentication, for programs that cannot send a bearer token (DHIS2 clients).

``Authorization: Basic base64(username:secret)``, accepted only under the paths in ``BASIC_PATHS``
(the DHIS2 API): a browser that has cached Basic credentials would otherwise send them with
cross-site requests to the rest of the API. The secret is either

* an API token of that account (``bct_...``) — the way for system accounts, which have no password;
  no audit event per request (the token's ``last_used_at`` is kept, as for bearer tokens); or
* the account's password (person accounts) — checked by ``PasswordAuthenticator`` exactly like a
  login: argon2, lockout after repeated failures, every outcome in the audit log.
"""

from __future__ import annotations

import base64
import binascii

from sqlalchemy.orm import Session

from baocao.access.authn import LoginContext, PasswordAuthenticator, PasswordCredentials, normalise_username
from baocao.access.models import ApiToken, User
from baocao.access.tokens import TOKEN_RE, authenticate_token
from baocao.config import Settings

BASIC_PATHS = ("/dhis2/",)


def basic_allowed(path: str) -> bool:
    return path.startswith(BASIC_PATHS)


def decode_basic(credentials: str) -> tuple[str, str] | None:
    """``(username, secret)`` from the base64 part of the header, or None if malformed."""
    try:
        raw = base64.b64decode(credentials.strip(), validate=True)
    except binascii.Error:
        return None
    try:
        text = raw.decode("utf-8")  # RFC 7617 charset="UTF-8"; older clients send Latin-1
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    username, sep, secret = text.partition(":")
    return (username, secret) if sep and username and secret else None


def authenticate_basic(
    db: Session, credentials: str, settings: Settings, ip: str | None
) -> tuple[User, ApiToken | None] | None:
    """The account (and the API token used, if any); None when refused (already audited)."""
    decoded = decode_basic(credentials)
    if decoded is None:
        return None
    username, secret = decoded
    if TOKEN_RE.match(secret):
        token = authenticate_token(db, secret)
        if token is None or token.user.username != normalise_username(username):
            return None
        return token.user, token
    user = PasswordAuthenticator(settings).authenticate(
        db, PasswordCredentials(username, secret), LoginContext(ip, "basic")
    )
    return (user, None) if user is not None else None
