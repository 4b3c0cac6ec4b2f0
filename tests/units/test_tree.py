"""The tree on a day: descendants, ancestors, children and the subtree subquery used for scopes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.units import service
from baocao.units.models import UnitLevel, UnitVersion
from baocao.units.queries import valid_on
from baocao.units.reference import MERGER
from tests.conftest import session_factory_for

BEFORE = date(2025, 6, 30)


@pytest.fixture
def session(units_database_url: str) -> Iterator[Session]:
    factory = session_factory_for(units_database_url)
    session = factory()
    yield session
    session.rollback()
    session.close()
    factory.kw["bind"].dispose()


def levels_below(session: Session, code: str, day: date, include_self: bool) -> set[str]:
    found = service.descendants(session, code, day, include_self=include_self, limit=100_000)
    assert found.total == len(found.items)
    return {u.level for u in found.items}


def test_ha_noi_spans_three_levels_before_and_two_after(session: Session) -> None:
    assert levels_below(session, "01", BEFORE, include_self=True) == {"province", "district", "commune"}
    assert levels_below(session, "01", MERGER, include_self=True) == {"province", "commune"}
    assert levels_below(session, "01", BEFORE, include_self=False) == {"district", "commune"}
    assert levels_below(session, "01", MERGER, include_self=False) == {"commune"}


def test_descendants_counts_depths_and_filters(session: Session) -> None:
    everything = service.descendants(session, "01", BEFORE, limit=1)
    assert everything.total == 30 + 526
    districts = service.descendants(session, "01", BEFORE, max_depth=1, limit=100)
    assert districts.total == 30
    assert {u.depth for u in districts.items} == {1}
    communes = service.descendants(session, "01", BEFORE, level=UnitLevel.COMMUNE, limit=1000)
    assert communes.total == 526
    assert {u.depth for u in communes.items} == {2}
    assert all(u.parent_code and len(u.parent_code) == 3 for u in communes.items)
    assert service.descendants(session, "01", MERGER, limit=1).total == 126


def test_the_government_sees_the_whole_country(session: Session) -> None:
    below = service.descendants(session, "CP", MERGER, level=UnitLevel.COMMUNE, limit=1)
    assert below.total == 3_321


def test_ancestors_from_the_top_down(session: Session) -> None:
    before = service.ancestors(session, "00004", BEFORE)
    assert [(u.code, u.depth) for u in before] == [("CP", 3), ("01", 2), ("001", 1)]
    after = service.ancestors(session, "00004", MERGER)
    assert [u.code for u in after] == ["CP", "01"]
    assert service.ancestors(session, "CP", MERGER) == []


def test_children_and_resolve_unit(session: Session) -> None:
    ha_noi = service.resolve_unit(session, "01", BEFORE)
    districts = service.children(session, ha_noi.unit_id, BEFORE)
    assert len(districts) == 30 and {d.level for d in districts} == {"district"}
    assert service.children(session, ha_noi.unit_id, MERGER, UnitLevel.DISTRICT) == []
    assert len(service.children(session, ha_noi.unit_id, MERGER, UnitLevel.COMMUNE)) == 126
    with pytest.raises(ApiError) as caught:
        service.resolve_unit(session, "02", MERGER)
    assert caught.value.status == 404 and "'02'" in caught.value.message and caught.value.field == "code"


def test_a_retired_code_without_a_date_falls_back_to_its_last_unit(session: Session) -> None:
    ha_giang = service.get_unit(session, "02")
    assert (ha_giang.name, ha_giang.valid_to) == ("Tỉnh Hà Giang", MERGER)
    # Its surroundings are shown as on its last day.
    assert service.descendants(session, "02", limit=1).total > 0


def test_subtree_unit_ids_works_as_a_subquery(session: Session) -> None:
    ha_noi = service.resolve_unit(session, "01", BEFORE)
    in_scope = (
        select(func.count())
        .select_from(UnitVersion)
        .where(valid_on(UnitVersion, BEFORE))
        .where(UnitVersion.unit_id.in_(service.subtree_unit_ids(session, ha_noi.unit_id, BEFORE)))
    )
    assert session.scalar(in_scope) == 1 + 30 + 526
    # Two scopes in one statement do not clash.
    cao_bang = service.resolve_unit(session, "04", BEFORE)
    both = in_scope.where(
        UnitVersion.unit_id.not_in(service.subtree_unit_ids(session, cao_bang.unit_id, BEFORE))
    )
    assert session.scalar(both) == 1 + 30 + 526
    either = (
        select(func.count())
        .select_from(UnitVersion)
        .where(valid_on(UnitVersion, BEFORE))
        .where(
            UnitVersion.unit_id.in_(service.subtree_unit_ids(session, ha_noi.unit_id, BEFORE))
            | UnitVersion.unit_id.in_(service.subtree_unit_ids(session, cao_bang.unit_id, BEFORE))
        )
    )
    assert (session.scalar(either) or 0) > 1 + 30 + 526
    # A unit that does not exist on the day has an empty subtree.
    assert (
        session.scalar(
            select(func.count()).select_from(
                service.subtree_unit_ids(session, ha_noi.unit_id, date(2000, 1, 1)).subquery()
            )
        )
        == 0
    )
