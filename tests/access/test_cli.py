"""``baocao users`` and ``baocao tokens``: passwords never as arguments, tokens printed once."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner

from baocao.cli import main
from tests.access.world import PASSWORD, World
from tests.conftest import TEST_SECRET, LiveServer


@pytest.fixture
def run(world: World):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    env = {"BAOCAO_DATABASE_URL": world.url, "BAOCAO_SECRET_KEY": TEST_SECRET}

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


def test_create_grant_list_revoke_and_a_token(run, world: World, world_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    name = f"cli{uuid.uuid4().hex[:8]}"
    created = run("users", "create", name, "--unit", "01", "--role", "viewer", "--full-name", "Nguyễn Văn A",
                  "--password-stdin", input=PASSWORD + "\n")  # fmt: skip
    assert created.exit_code == 0, created.output
    assert PASSWORD not in created.output
    assert run("users", "grant", name, "--unit", "00004", "--role", "reporter").exit_code == 0
    listed = run("users", "list", "--unit", "01")
    assert name in listed.output and "reporter@00004" in listed.output
    assert run("users", "revoke", name, "--unit", "00004", "--role", "reporter").exit_code == 0
    issued = run("tokens", "create", name, "--name", "nightly import", "--days", "7")
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip().splitlines()[-1]
    with world_server.client() as client:
        me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json()["user"]["username"] == name
        login = client.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD})
        assert login.status_code == 200


def test_the_password_prompt_asks_twice(run) -> None:  # type: ignore[no-untyped-def]
    name = f"cli{uuid.uuid4().hex[:8]}"
    result = run("users", "create", name, "--unit", "01", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output


def test_errors_are_clear_and_store_nothing(run) -> None:  # type: ignore[no-untyped-def]
    name = f"cli{uuid.uuid4().hex[:8]}"
    weak = run("users", "create", name, "--unit", "01", "--password-stdin", input="short\n")
    assert weak.exit_code != 0 and "10" in weak.output
    unknown_unit = run("users", "create", name, "--unit", "99999", "--no-password")
    assert unknown_unit.exit_code != 0 and "99999" in unknown_unit.output
    assert name not in run("users", "list").output


def test_a_system_account_gets_a_token_limited_to_regimes(run, world_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    name = f"sys{uuid.uuid4().hex[:8]}"
    assert run("users", "create", name, "--unit", "01", "--system").exit_code == 0
    issued = run(
        "tokens", "create", name, "--name", "provincial portal", "--regime", "BC-01", "--regime", "BC-02"
    )
    token = issued.stdout.strip().splitlines()[-1]
    with world_server.client() as client:
        me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["regimes"] == ["BC-01", "BC-02"]
    assert me["user"]["memberships"][0]["role"] == "system"
