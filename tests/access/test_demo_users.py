"""Demo accounts: every role at a commune, a province, a ministry and VPCP; idempotent; clearly labelled."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy import func, select

from baocao.access.demo import DEMO_PASSWORD, DemoUser, print_demo_users, seed_demo_users
from baocao.access.models import User
from baocao.access.rules import Role
from tests.access.world import World
from tests.conftest import LiveServer


def _seed(world: World) -> list[DemoUser]:
    with world.transaction() as db:
        return seed_demo_users(db)


def test_demo_users_cover_every_role_at_four_levels_and_reseed_changes_nothing(world: World) -> None:
    first = _seed(world)
    assert {(u.unit_code, u.role) for u in first} == {
        (code, role) for code in ("00004", "01", "BYT", "VPCP") for role in Role
    }
    assert all(u.token for u in first if u.role == Role.SYSTEM)
    with world.session() as db:
        before = db.scalar(select(func.count()).select_from(User))
    again = _seed(world)
    with world.session() as db:
        after = db.scalar(select(func.count()).select_from(User))
    assert before == after
    assert [u.username for u in again] == [u.username for u in first]
    assert not any(u.token for u in again)  # a token is shown only when it is issued


def test_demo_accounts_work_with_their_scopes(world: World, world_server: LiveServer) -> None:
    users = {u.username: u for u in _seed(world)}
    with world_server.client() as client:
        for username in ("badinh.reporter", "hanoi.leader", "byt.viewer", "vpcp.admin"):
            answer = client.post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD})
            assert answer.status_code == 200, (username, answer.text)
            membership = answer.json()["user"]["memberships"][0]
            if username == "byt.viewer":
                assert membership["sector_scope"] is True
            if username == "vpcp.admin":
                assert membership["view_scope"] == "national"
        system = next(u for u in users.values() if u.username == "byt.system")
        assert system.password is None


def test_the_printout_warns_it_is_demo_only(world: World) -> None:
    console = Console(record=True, width=160)
    print_demo_users(_seed(world), console)
    text = console.export_text()
    assert "CHỈ DÙNG CHO DEMO" in text and "DEMO ONLY" in text
    assert "vpcp.admin" in text and DEMO_PASSWORD in text
