"""Security headers on every answer; HSTS only over TLS (directly or through a trusted proxy)."""

from __future__ import annotations

import pytest

from baocao.access.transport import client_ip, is_secure
from baocao.config import Settings
from tests.access.world import World
from tests.conftest import LiveServer

PATHS = ["/api/v1/health", "/api/v1/no-such-page", "/api/v1/auth/me"]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_are_set(path: str, world_server: LiveServer) -> None:
    with world_server.client() as client:
        headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "http:" not in csp and "https:" not in csp and "*" not in csp  # no CDN, no wildcard
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in headers  # plain HTTP


def test_forwarded_headers_count_only_from_a_trusted_proxy() -> None:
    # Over loopback uvicorn itself trusts X-Forwarded-* (FORWARDED_ALLOW_IPS defaults to 127.0.0.1),
    # so the untrusted case is checked on the function that decides.
    forwarded = {"x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.1, 203.0.113.7"}
    untrusted = Settings(trust_proxy=False)
    trusted = Settings(trust_proxy=True)
    assert not is_secure("http", forwarded, untrusted)
    assert client_ip("10.0.0.2", forwarded, untrusted) == "10.0.0.2"
    assert is_secure("http", forwarded, trusted)
    assert is_secure("https", {}, untrusted)
    # the address the nearest proxy added, not the one a client may have forged before it
    assert client_ip("10.0.0.2", forwarded, trusted) == "203.0.113.7"


def test_hsts_and_secure_cookie_behind_a_trusted_tls_proxy(world: World) -> None:
    from tests.access.world import PASSWORD, add_user

    username = add_user(world)
    tls = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    with LiveServer(world.url, trust_proxy=True) as server, server.client() as client:
        assert (
            client.get("/api/v1/health", headers=tls)
            .headers["strict-transport-security"]
            .startswith("max-age=")
        )
        assert "strict-transport-security" not in client.get("/api/v1/health").headers
        login = client.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}, headers=tls
        )
        assert "Secure" in login.headers["set-cookie"]
    from sqlalchemy import select

    from baocao.audit.models import AuditEvent

    with world.session() as db:
        ip = db.scalar(
            select(AuditEvent.ip).where(
                AuditEvent.action == "auth.login", AuditEvent.target == f"user:{username}"
            )
        )
    assert ip == "203.0.113.7"
