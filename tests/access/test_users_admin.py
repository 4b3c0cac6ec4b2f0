"""Administrators manage accounts and roles only within their own scope; every change is audited."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select

from baocao.audit.models import AuditEvent
from tests.access.world import PASSWORD, World, add_user, target_username
from tests.conftest import LiveServer

USERS = "/api/v1/users"


def _headers(world: World, username: str) -> dict[str, str]:
    return next(a for a in world.actors if a.username == username).headers()


def _name() -> str:
    return f"n{uuid.uuid4().hex[:10]}"


def _create(client: httpx.Client, headers: dict[str, str], unit: str, **extra: object) -> httpx.Response:
    return client.post(USERS, json={"username": _name(), "unit": unit, **extra}, headers=headers)


def test_a_province_administrator_stays_in_the_province(world: World, world_server: LiveServer) -> None:
    admin = _headers(world, "province.administrator")
    with world_server.client() as client:
        other = _create(client, admin, "79")
        assert other.status_code == 403
        assert other.json()["error"]["code"] == "unit_out_of_scope"
        assert other.json()["error"]["field"] == "unit"
        assert _create(client, admin, "00004", role="reporter").status_code == 201
        assert client.get(f"{USERS}/{target_username('79')}", headers=admin).status_code == 404
        grant = client.post(
            f"{USERS}/{target_username('00004')}/memberships",
            json={"unit": "79", "role": "viewer"},
            headers=admin,
        )
        assert grant.status_code == 403
        national = client.post(
            f"{USERS}/{target_username('00004')}/memberships",
            json={"unit": "00004", "role": "leader", "view_scope": "national"},
            headers=admin,
        )
        assert national.status_code == 403 and national.json()["error"]["code"] == "national_scope_forbidden"


def test_the_national_administrator_manages_everyone(world: World, world_server: LiveServer) -> None:
    admin = _headers(world, "national.administrator")
    with world_server.client() as client:
        created = _create(client, admin, "79", role="leader", full_name="Lãnh đạo TP.HCM")
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["unit"]["code"] == "79"
        assert body["memberships"][0]["view_scope"] == "subtree"
        at_vpcp = _create(client, admin, "VPCP", role="viewer").json()
        assert at_vpcp["memberships"][0]["view_scope"] == "national"


def test_memberships_outside_the_scope_are_not_shown(world: World, world_server: LiveServer) -> None:
    username = add_user(world, "01", role=None)
    with world_server.client() as client:
        national = _headers(world, "national.administrator")
        granted = client.post(
            f"{USERS}/{username}/memberships", json={"unit": "79", "role": "viewer"}, headers=national
        )
        assert granted.status_code == 201
        seen_by_province = client.get(
            f"{USERS}/{username}", headers=_headers(world, "province.administrator")
        )
        assert seen_by_province.status_code == 200
        assert seen_by_province.json()["memberships"] == []
        seen_nationally = client.get(f"{USERS}/{username}", headers=national).json()
        assert [m["unit"]["code"] for m in seen_nationally["memberships"]] == ["79"]


def test_ministry_roles_get_the_sector_scope_by_default(world: World, world_server: LiveServer) -> None:
    admin = _headers(world, "ministry.administrator")
    with world_server.client() as client:
        viewer = _create(client, admin, "BYT", role="viewer").json()["memberships"][0]
        reporter = _create(client, admin, "BYT", role="reporter").json()["memberships"][0]
    assert viewer["sector_scope"] is True
    assert reporter["sector_scope"] is False


def test_system_accounts_hold_one_system_role(world: World, world_server: LiveServer) -> None:
    admin = _headers(world, "province.administrator")
    with world_server.client() as client:
        with_password = _create(client, admin, "01", kind="system", password=PASSWORD)
        assert with_password.status_code == 422 and with_password.json()["error"]["field"] == "password"
        wrong_role = _create(client, admin, "01", kind="system", role="reporter")
        assert wrong_role.status_code == 422 and wrong_role.json()["error"]["field"] == "role"
        person_as_system = _create(client, admin, "01", role="system")
        assert person_as_system.status_code == 422
        system = _create(client, admin, "01", kind="system", role="system").json()
        assert system["memberships"][0]["view_scope"] == "unit"
        second = client.post(
            f"{USERS}/{system['username']}/memberships",
            json={"unit": "00004", "role": "system"},
            headers=admin,
        )
        assert second.status_code == 409


def test_bad_input_names_the_field(world: World, world_server: LiveServer) -> None:
    admin = _headers(world, "province.administrator")
    with world_server.client() as client:
        taken = client.post(USERS, json={"username": "province.viewer", "unit": "01"}, headers=admin)
        assert taken.status_code == 409 and taken.json()["error"]["field"] == "username"
        weak = _create(client, admin, "01", password="short")
        assert weak.status_code == 422 and weak.json()["error"]["field"] == "password"
        assert "short" not in weak.text
        bad_name = client.post(USERS, json={"username": "Bad Name!", "unit": "01"}, headers=admin)
        assert bad_name.status_code == 422 and bad_name.json()["error"]["field"] == "username"
        no_unit = _create(client, admin, "99999")
        assert no_unit.status_code == 422 and no_unit.json()["error"]["field"] == "unit"
        bad_role = client.post(
            f"{USERS}/{target_username('01')}/memberships",
            json={"unit": "01", "role": "emperor"},
            headers=admin,
        )
        assert bad_role.status_code == 422


def test_grant_and_revoke_are_audited(world: World, world_server: LiveServer) -> None:
    username = add_user(world, "00004", role=None)
    admin = _headers(world, "province.administrator")
    with world_server.client() as client:
        granted = client.post(
            f"{USERS}/{username}/memberships", json={"unit": "00004", "role": "approver"}, headers=admin
        )
        assert granted.status_code == 201, granted.text
        membership_id = granted.json()["id"]
        again = client.post(
            f"{USERS}/{username}/memberships", json={"unit": "00004", "role": "approver"}, headers=admin
        )
        assert again.status_code == 409
        assert (
            client.delete(f"{USERS}/{username}/memberships/{membership_id}", headers=admin).status_code == 204
        )
        assert (
            client.delete(f"{USERS}/{username}/memberships/{membership_id}", headers=admin).status_code == 404
        )
    with world.session() as db:
        events = db.execute(
            select(AuditEvent.action, AuditEvent.actor, AuditEvent.details).where(
                AuditEvent.target == f"user:{username}"
            )
        ).all()
    actions = {(action, actor) for action, actor, _ in events}
    assert ("memberships.grant", "province.administrator") in actions
    assert ("memberships.revoke", "province.administrator") in actions
    assert all(PASSWORD not in str(details) for _, _, details in events)


def test_list_filters_stay_inside_the_scope(world: World, world_server: LiveServer) -> None:
    admin = _headers(world, "province.administrator")
    with world_server.client() as client:
        own = client.get(USERS, params={"unit": "00004", "limit": 1000}, headers=admin).json()
        assert own["total"] >= 1 and {u["unit"]["code"] for u in own["items"]} == {"00004"}
        foreign = client.get(USERS, params={"unit": "79"}, headers=admin).json()
        assert foreign["items"] == [] and foreign["total"] == 0
        found = client.get(USERS, params={"q": "target."}, headers=admin).json()
        assert {u["username"] for u in found["items"]} == {
            target_username("01"),
            target_username("00004"),
            target_username("00008"),
        }
