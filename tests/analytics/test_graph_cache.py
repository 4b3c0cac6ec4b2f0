"""The cached unit graph follows every write to the units tables (database triggers raise
``units_revision``), and is reused while they do not change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from baocao.analytics.graph import unit_graph
from baocao.storage.engine import transaction
from baocao.units.models import SuccessionKind, UnitsRevision, UnitSuccession, UnitVersion
from baocao.units.reference import import_reference
from tests.conftest import FreshDatabase, session_factory_for

SPLIT_DAY = date(2031, 1, 1)


def _revision(url: str) -> int:
    with transaction(session_factory_for(url)) as db:
        return db.execute(select(UnitsRevision.revision)).scalar_one()


def test_a_renamed_unit_and_a_new_link_are_seen_by_the_next_query(backend: FreshDatabase) -> None:
    units_database_url = backend.create()  # its own database: the test changes units
    factory = session_factory_for(units_database_url)
    with transaction(factory) as db:
        import_reference(db)
    with transaction(factory) as db:
        first = unit_graph(db)
        assert unit_graph(db) is first  # nothing changed: the cached graph is reused
        current = db.scalars(
            select(UnitVersion).where(UnitVersion.code == "01", UnitVersion.valid_to.is_(None))
        ).one()
        hanoi, other = (
            current.unit_id,
            db.scalars(
                select(UnitVersion.unit_id).where(UnitVersion.code == "79", UnitVersion.valid_to.is_(None))
            ).one(),
        )
        assert first.at(hanoi, SPLIT_DAY).name == current.name
    before = _revision(units_database_url)

    with transaction(factory) as db:  # a new version from 2031 (an UPDATE closes the current one)
        current = db.get(UnitVersion, current.id)
        assert current is not None
        current.valid_to = SPLIT_DAY
        renamed = UnitVersion(
            unit_id=hanoi, code="01", name="Thủ đô Hà Nội (thử)", type=current.type, level=current.level,
            parent_id=current.parent_id, valid_from=SPLIT_DAY, search_name="thu do ha noi (thu)",
        )  # fmt: skip
        db.add(renamed)
    assert _revision(units_database_url) > before
    with transaction(factory) as db:
        second = unit_graph(db)
        assert second is not first
        assert second.at(hanoi, SPLIT_DAY).name == "Thủ đô Hà Nội (thử)"
        assert second.at(hanoi, date(2030, 12, 31)).name == current.name

    with transaction(factory) as db:  # a succession link alone (no unit version changes)
        db.add(UnitSuccession(predecessor_id=other, successor_id=hanoi, effective_date=SPLIT_DAY,
                              kind=SuccessionKind.PARTIAL.value, share=0.25))  # fmt: skip
    with transaction(factory) as db:
        third = unit_graph(db)
        assert third is not second
        assert any(link.successor_id == hanoi and link.share == 0.25 for link in third.links[other])
