"""Browser login: cookie flags, CSRF on unsafe methods, logout, lockout, and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select

from baocao.access.models import User
from baocao.audit.models import AuditEvent
from baocao.audit.types import utc_now
from tests.access.world import PASSWORD, World, add_user
from tests.conftest import LiveServer

LOGIN = "/api/v1/auth/login"


def _login(client: httpx.Client, username: str, password: str = PASSWORD) -> httpx.Response:
    return client.post(LOGIN, json={"username": username, "password": password})


def _events(world: World, username: str) -> list[str]:
    with world.session() as db:
        rows = db.scalars(
            select(AuditEvent.action).where(AuditEvent.target == f"user:{username}").order_by(AuditEvent.id)
        )
        return list(rows)


def test_login_sets_a_safe_cookie_and_me_answers(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        response = _login(client, username)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["user"]["username"] == username
        assert body["csrf_token"]
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("baocao_session=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie  # plain HTTP on loopback, no trusted proxy
        assert response.headers["cache-control"] == "no-store"
        me = client.get("/api/v1/auth/me").json()
        assert me["user"]["username"] == username
        assert me["auth"] == "session"
        assert me["csrf_token"] == body["csrf_token"]
        assert "password" not in response.text and PASSWORD not in response.text
    assert "auth.login" in _events(world, username)


def test_the_session_id_is_stored_only_as_a_hash(world: World, world_server: LiveServer) -> None:
    from baocao.access.models import WebSession

    username = add_user(world)
    with world_server.client() as client:
        _login(client, username)
        raw = client.cookies["baocao_session"]
    with world.session() as db:
        stored = list(db.scalars(select(WebSession.id_hash)))
    assert raw not in stored
    assert all(len(h) == 64 for h in stored)


def test_form_login_works_too(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        response = client.post(LOGIN, data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text


def test_unsafe_requests_need_the_csrf_token(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        csrf = _login(client, username).json()["csrf_token"]
        refused = client.post("/api/v1/auth/logout")
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "csrf_failed"
        wrong = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf[:-2] + "xx"})
        assert wrong.status_code == 403
        assert client.get("/api/v1/auth/me").status_code == 200  # reads need no token
        assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
        assert client.get("/api/v1/auth/me").status_code == 401
    assert "auth.logout" in _events(world, username)


def test_the_csrf_token_may_come_as_a_form_field(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        csrf = _login(client, username).json()["csrf_token"]
        assert client.post("/api/v1/auth/logout", data={"csrf_token": csrf}).status_code == 204


def test_a_stolen_cookie_from_another_session_does_not_carry_its_csrf(
    world: World, world_server: LiveServer
) -> None:
    first, second = add_user(world), add_user(world)
    with world_server.client() as a, world_server.client() as b:
        csrf_a = _login(a, first).json()["csrf_token"]
        _login(b, second)
        assert b.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf_a}).status_code == 403


def test_wrong_password_and_unknown_user_look_the_same(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        wrong = _login(client, username, "not-the-password")
        unknown = _login(client, "nobody-" + username, PASSWORD)
        missing = client.post(LOGIN, json={"username": username})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "password"
    assert "auth.login_failed" in _events(world, username)


def test_lockout_after_repeated_failures_then_unlock(world: World) -> None:
    username = add_user(world)
    with LiveServer(world.url, lockout_attempts=3, lockout_minutes=15) as server, server.client() as client:
        for _ in range(3):
            assert _login(client, username, "wrong-password!").status_code == 401
        locked = _login(client, username)  # the right password, but locked
        assert locked.status_code == 401
        assert locked.json()["error"]["code"] == "invalid_credentials"
        events = _events(world, username)
        assert events.count("auth.login_failed") == 4 and "auth.locked" in events
        with world.session() as db:
            user = db.scalar(select(User).where(User.username == username))
            assert user is not None and user.locked_until is not None
            assert user.locked_until > utc_now() + timedelta(minutes=14)
        # the lock expires by itself
        with world.transaction() as db:
            user = db.scalar(select(User).where(User.username == username))
            assert user is not None
            user.locked_until = utc_now() - timedelta(seconds=1)
        assert _login(client, username).status_code == 200


def test_an_administrator_can_unlock(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world.transaction() as db:
        user = db.scalar(select(User).where(User.username == username))
        assert user is not None
        user.locked_until = utc_now() + timedelta(minutes=10)
    admin = next(a for a in world.actors if a.username == "province.administrator")
    with world_server.client() as client:
        assert _login(client, username).status_code == 401
        answer = client.patch(f"/api/v1/users/{username}", json={"unlock": True}, headers=admin.headers())
        assert answer.status_code == 200 and answer.json()["locked"] is False
        assert _login(client, username).status_code == 200
    assert "users.update" in _events(world, username)


def test_a_disabled_account_cannot_log_in_and_loses_its_sessions(
    world: World, world_server: LiveServer
) -> None:
    username = add_user(world)
    admin = next(a for a in world.actors if a.username == "province.administrator")
    with world_server.client() as client, world_server.client() as other:
        _login(client, username)
        other.patch(f"/api/v1/users/{username}", json={"is_active": False}, headers=admin.headers())
        assert client.get("/api/v1/auth/me").status_code == 401
        assert _login(client, username).status_code == 401


def test_login_rehashes_a_weak_hash(world: World, world_server: LiveServer) -> None:
    from argon2 import PasswordHasher

    username = add_user(world)
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with world.transaction() as db:
        user = db.scalar(select(User).where(User.username == username))
        assert user is not None
        user.password_hash = weak
    with world_server.client() as client:
        assert _login(client, username).status_code == 200
    with world.session() as db:
        stored = db.scalar(select(User.password_hash).where(User.username == username))
    assert stored and stored != weak and stored.startswith("$argon2id$")
