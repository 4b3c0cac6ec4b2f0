"""Scope as SQL: the unit ids it selects equal the subtree walked in Python, on both engines."""

from __future__ import annotations

from sqlalchemy import literal, select, union_all

from baocao.access.models import ScopeMode, User
from baocao.access.principal import AuthMethod, principal_for
from baocao.access.rules import Permission, Reach, Role
from baocao.access.scope import Grant, Scope
from tests.access.world import World


def _ids(world: World, scope: Scope, reach: Reach = Reach.VIEW) -> set[int]:
    with world.session() as db:
        scope = Scope(db, scope.grants, scope.regimes, scope.unlimited)
        stmt = scope.view_unit_ids() if reach == Reach.VIEW else scope.capture_unit_ids()
        return set(db.scalars(stmt))


def _grant(world: World, code: str, view: ScopeMode = ScopeMode.SUBTREE, sector: bool = False) -> Grant:
    return Grant(0, world.unit_ids[code], Role.VIEWER, ScopeMode.UNIT, view, sector)


def test_subtree_scope_is_the_units_subtree(world: World) -> None:
    assert _ids(world, Scope(None, (_grant(world, "01"),))) == world.below("01")


def test_several_grants_union_their_reach(world: World) -> None:
    grants = (_grant(world, "01"), _grant(world, "79"), _grant(world, "BYT", ScopeMode.UNIT))
    expected = world.below("01") | world.below("79") | {world.unit_ids["BYT"]}
    assert _ids(world, Scope(None, grants)) == expected


def test_national_unit_and_empty_scopes(world: World) -> None:
    everything = _ids(world, Scope(None, (_grant(world, "VPCP", ScopeMode.NATIONAL),)))
    assert world.below("CP") <= everything
    assert _ids(world, Scope(None, (_grant(world, "01", ScopeMode.UNIT),))) == {world.unit_ids["01"]}
    assert _ids(world, Scope(None, ())) == set()
    assert _ids(world, Scope(None, (_grant(world, "01", ScopeMode.NONE),))) == set()


def test_capture_is_the_unit_by_default(world: World) -> None:
    assert _ids(world, Scope(None, (_grant(world, "01"),)), Reach.CAPTURE) == {world.unit_ids["01"]}


def test_where_adds_sector_and_regime_limits(world: World) -> None:
    byt, btc, hcm = world.unit_ids["BYT"], world.unit_ids["BTC"], world.unit_ids["79"]
    # (unit that reported, unit owning the regime, regime): rows of a future submissions table
    rows = [(hcm, byt, "YT-01"), (hcm, btc, "TC-01"), (byt, byt, "YT-02")]
    t = union_all(
        *(
            select(literal(u).label("unit_id"), literal(o).label("owner_id"), literal(r).label("regime"))
            for u, o, r in rows
        )
    ).subquery("t")
    with world.session() as db:
        ministry = Scope(db, (_grant(world, "BYT", ScopeMode.SUBTREE, sector=True),))
        seen = set(
            db.scalars(select(t.c.regime).where(ministry.where(t.c.unit_id, regime_owner_id=t.c.owner_id)))
        )
        assert seen == {"YT-01", "YT-02"}  # health reports from Hồ Chí Minh City, not its budget report
        no_sector = Scope(db, (_grant(world, "BYT"),))
        assert set(
            db.scalars(select(t.c.regime).where(no_sector.where(t.c.unit_id, regime_owner_id=t.c.owner_id)))
        ) == {"YT-02"}
        limited = Scope(db, ministry.grants, regimes=frozenset({"YT-02"}))
        clause = limited.where(t.c.unit_id, regime_owner_id=t.c.owner_id, regime_code=t.c.regime)
        assert set(db.scalars(select(t.c.regime).where(clause))) == {"YT-02"}


def test_principal_scope_keeps_only_memberships_granting_the_permission(world: World) -> None:
    with world.session() as db:
        user = db.scalar(select(User).where(User.username == "province.reporter"))
        assert user is not None
        principal = principal_for(db, user, AuthMethod.TOKEN)
        assert principal.can(Permission.SUBMISSIONS_WRITE)
        assert not principal.can(Permission.USERS_ADMIN)
        assert principal.scope(Permission.USERS_ADMIN).is_empty
        assert principal.scope(Permission.SUBMISSIONS_WRITE).contains(
            world.unit_ids["01"], reach=Reach.CAPTURE
        )
        assert not principal.scope(Permission.SUBMISSIONS_WRITE).contains(
            world.unit_ids["00004"], reach=Reach.CAPTURE
        )
        assert principal.scope(Permission.SUBMISSIONS_READ).contains(world.unit_ids["00004"])
        assert not principal.scope(Permission.SUBMISSIONS_READ).contains(world.unit_ids["79"])


def test_system_accounts_reach_only_their_unit(world: World) -> None:
    with world.session() as db:
        user = db.scalar(select(User).where(User.username == "province.system"))
        assert user is not None
        scope = principal_for(db, user, AuthMethod.TOKEN).scope(Permission.SUBMISSIONS_READ)
        assert set(db.scalars(scope.view_unit_ids())) == {world.unit_ids["01"]}
