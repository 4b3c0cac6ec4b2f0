"""API tokens: issued for a password, used as Bearer, refused when expired, revoked, malformed or forged."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from baocao.access.models import ApiToken, User
from baocao.audit.types import utc_now
from tests.access.world import PASSWORD, World, add_user
from tests.conftest import LiveServer

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"


def _token(client: httpx.Client, username: str) -> str:
    response = client.post(TOKEN, json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _me(client: httpx.Client, token: str) -> httpx.Response:
    return client.get(ME, headers={"Authorization": f"Bearer {token}"})


def _refused(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "unauthenticated"


def test_password_grant_gives_a_working_bearer_token(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        response = client.post(TOKEN, json={"username": username, "password": PASSWORD})
        body = response.json()
        assert set(body) == {"access_token", "token_type", "expires_in"}
        assert body["token_type"] == "bearer" and body["expires_in"] == 8 * 3600
        assert response.headers["cache-control"] == "no-store"
        me = _me(client, body["access_token"])
        assert me.status_code == 200 and me.json()["auth"] == "token" and me.json()["csrf_token"] is None
        # a bearer request needs no CSRF token, even for unsafe methods
        listed = client.get(
            "/api/v1/auth/tokens", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert listed.status_code == 200
        assert body["access_token"] not in listed.text
        assert listed.json()[0]["prefix"] in body["access_token"]


def test_form_password_grant_like_oauth2_clients(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        response = client.post(
            TOKEN, data={"grant_type": "password", "username": username, "password": PASSWORD}
        )
    assert response.status_code == 200, response.text


def test_the_secret_is_stored_only_as_a_hash(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        token = _token(client, username)
    with world.session() as db:
        stored = db.scalars(select(ApiToken).join(User).where(User.username == username)).one()
    assert token not in (stored.token_hash, stored.prefix)
    assert token.split("_")[1] == stored.prefix


def test_expired_tokens_are_refused(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        token = _token(client, username)
        with world.transaction() as db:
            row = db.scalars(select(ApiToken).join(User).where(User.username == username)).one()
            row.expires_at = utc_now() - timedelta(seconds=1)
        _refused(_me(client, token))


def test_revoked_tokens_are_refused(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        token = _token(client, username)
        auth = {"Authorization": f"Bearer {token}"}
        token_id = client.get("/api/v1/auth/tokens", headers=auth).json()[0]["id"]
        assert client.delete(f"/api/v1/auth/tokens/{token_id}", headers=auth).status_code == 204
        _refused(_me(client, token))


def test_logout_with_a_token_revokes_it(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        token = _token(client, username)
        assert (
            client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}).status_code
            == 204
        )
        _refused(_me(client, token))


def test_nobody_revokes_someone_elses_token(world: World, world_server: LiveServer) -> None:
    owner, other = add_user(world), add_user(world)
    with world_server.client() as client:
        token = _token(client, owner)
        token_id = client.get("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {token}"}).json()[0][
            "id"
        ]
        intruder = {"Authorization": f"Bearer {_token(client, other)}"}
        assert client.delete(f"/api/v1/auth/tokens/{token_id}", headers=intruder).status_code == 404
        assert _me(client, token).status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer not-a-token",
        "Basic dXNlcjpwYXNz",
        "Bearer bct_zzzzzzzzzzzz_" + "a" * 43,
        "Bearer bct_0123456789ab_" + "a" * 43,  # well formed, unknown prefix
        "Bearer bct_0123456789ab_" + "a" * 42 + "=",
        "Bearer " + "x" * 5000,
    ],
)
def test_malformed_and_unknown_tokens_are_refused(header: str, world_server: LiveServer) -> None:
    with world_server.client() as client:
        _refused(client.get(ME, headers={"Authorization": header}))


def test_forged_tokens_are_refused(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        token = _token(client, username)
        last = token[-1]
        altered = token[:-1] + ("A" if last != "A" else "B")
        _refused(_me(client, altered))
        prefix_swapped = token[:4] + ("0" if token[4] != "0" else "1") + token[5:]
        _refused(_me(client, prefix_swapped))
        assert _me(client, token).status_code == 200


def test_a_disabled_accounts_tokens_stop_working(world: World, world_server: LiveServer) -> None:
    username = add_user(world)
    with world_server.client() as client:
        token = _token(client, username)
        with world.transaction() as db:
            user = db.scalar(select(User).where(User.username == username))
            assert user is not None
            user.is_active = False
        _refused(_me(client, token))


def test_token_refusals_do_not_reveal_which_check_failed(world: World, world_server: LiveServer) -> None:
    with world_server.client() as client:
        bodies = {
            client.get(ME, headers={"Authorization": h}).text
            for h in ("Bearer nope", "Bearer bct_0123456789ab_" + "a" * 43)
        }
    assert len(bodies) == 1
