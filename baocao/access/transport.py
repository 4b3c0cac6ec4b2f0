"""Facts about how a request arrived: over TLS or not, and from which address.

Behind a reverse proxy (``BAOCAO_TRUST_PROXY=1``) the proxy's ``X-Forwarded-Proto`` and
``X-Forwarded-For`` are believed from any peer; otherwise only uvicorn's own rule applies (it trusts
them from ``FORWARDED_ALLOW_IPS``, by default 127.0.0.1, and rewrites the scheme and client itself).
"""

from __future__ import annotations

from collections.abc import Mapping

from baocao.config import Settings


def _last(value: str | None) -> str | None:
    """The value the nearest proxy added (earlier ones may come from the client and be forged)."""
    if not value:
        return None
    return value.split(",")[-1].strip() or None


def is_secure(scheme: str, headers: Mapping[str, str], settings: Settings) -> bool:
    if scheme in ("https", "wss"):
        return True
    if settings.trust_proxy:
        return (_last(headers.get("x-forwarded-proto")) or "").lower() == "https"
    return False


def client_ip(peer: str | None, headers: Mapping[str, str], settings: Settings) -> str | None:
    if settings.trust_proxy:
        forwarded = _last(headers.get("x-forwarded-for"))
        if forwarded:
            return forwarded[:64]
    return peer
