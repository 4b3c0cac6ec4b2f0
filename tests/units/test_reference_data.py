"""The shipped reference, loaded once per backend: the maps before and after 1 July 2025."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.units import service
from baocao.units.models import Unit, UnitLevel, UnitSuccession, UnitVersion
from baocao.units.reference import DATA_DIR, MERGER, import_reference
from tests.conftest import session_factory_for

BEFORE = date(2025, 6, 30)
AFTER = MERGER


@pytest.fixture
def session(units_database_url: str) -> Iterator[Session]:
    """A session on the shared database; whatever a test does is rolled back."""
    factory = session_factory_for(units_database_url)
    session = factory()
    yield session
    session.rollback()
    session.close()
    bind = factory.kw["bind"]
    bind.dispose()


def count(session: Session, level: UnitLevel, day: date) -> int:
    return service.list_units(session, as_of=day, level=level, limit=1).total


@pytest.mark.parametrize(
    ("day", "provinces", "districts", "communes"),
    [(BEFORE, 63, 696, 10_047), (AFTER, 34, 0, 3_321)],
)
def test_the_map_on_each_side_of_the_merger(
    session: Session, day: date, provinces: int, districts: int, communes: int
) -> None:
    assert count(session, UnitLevel.PROVINCE, day) == provinces
    assert count(session, UnitLevel.DISTRICT, day) == districts
    assert count(session, UnitLevel.COMMUNE, day) == communes


def test_code_24_is_bac_giang_then_bac_ninh(session: Session) -> None:
    before = service.get_unit(session, "24", BEFORE)
    after = service.get_unit(session, "24", AFTER)
    assert before.name == "Tỉnh Bắc Giang"
    assert after.name == "Tỉnh Bắc Ninh"
    assert before.uid != after.uid
    [link] = service.successors(session, "24", BEFORE)
    assert (link.unit.uid, link.kind, link.effective_date) == (after.uid, "full", MERGER)


def test_a_province_with_unchanged_territory_keeps_its_identity(session: Session) -> None:
    for code in ("01", "04", "46"):
        old = service.get_unit(session, code, date(2010, 1, 1))
        new = service.get_unit(session, code, AFTER)
        assert old.uid == new.uid == f"province:{code}:2008-08-01"
        assert new.valid_to is None
        assert service.successors(session, code, BEFORE) == []


def test_every_pre_2025_commune_has_a_successor(session: Session) -> None:
    without = (
        select(func.count())
        .select_from(UnitVersion)
        .where(
            UnitVersion.level == UnitLevel.COMMUNE.value,
            UnitVersion.valid_to == MERGER,
            UnitVersion.unit_id.not_in(select(UnitSuccession.predecessor_id)),
        )
    )
    assert session.scalar(without) == 0
    old = select(func.count()).select_from(UnitVersion).where(UnitVersion.valid_to == MERGER)
    assert session.scalar(old.where(UnitVersion.level == "commune")) == 10_047


def test_the_island_districts_pass_on_to_their_special_zones(session: Session) -> None:
    [link] = service.successors(session, "755", BEFORE)
    assert (link.unit.code, link.unit.name, link.unit.type) == ("26732", "Đặc khu Côn Đảo", "dac_khu")


def test_new_ba_dinh_has_exactly_its_listed_predecessors(session: Session) -> None:
    with (DATA_DIR / "commune_merges_2025.csv").open(encoding="utf-8") as handle:
        expected = {
            (r["old_code"], r["old_name"], r["kind"])
            for r in csv.DictReader(handle)
            if r["new_code"] == "00004"
        }
    links = service.predecessors(session, "00004", AFTER)
    assert {(link.unit.code, link.unit.name, link.kind) for link in links} == expected
    assert ("00004", "Phường Trúc Bạch", "full") in expected
    assert ("00016", "Phường Ngọc Hà", "partial") in expected
    assert {link.effective_date for link in links} == {MERGER}
    # A predecessor is shown with its parent of the day before: its district.
    with (DATA_DIR / "communes_2024.csv").open(encoding="utf-8") as handle:
        district_of = {r["code"]: r["district_code"] for r in csv.DictReader(handle)}
    assert all(link.unit.parent_code == district_of[link.unit.code] for link in links)


def test_ministries_before_and_after_1_march_2025(session: Session) -> None:
    assert count(session, UnitLevel.MINISTRY, date(2025, 3, 1)) == 17
    assert count(session, UnitLevel.MINISTRY, date(2025, 2, 28)) == 22
    assert count(session, UnitLevel.GOVERNMENT, date(2025, 2, 28)) == 1
    [link] = service.successors(session, "BKHDT", date(2024, 1, 1))
    assert (link.unit.code, link.unit.name, link.kind) == ("BTC", "Bộ Tài chính", "full")
    finance_2024 = service.get_unit(session, "BTC", date(2024, 1, 1))
    assert finance_2024.uid == service.get_unit(session, "BTC", date(2026, 1, 1)).uid
    ethnic = {(x.unit.code, x.kind) for x in service.predecessors(session, "BDTTG", date(2025, 3, 1))}
    assert ethnic == {("UBDT", "full"), ("BNV", "partial")}
    labour = {(x.unit.code, x.kind) for x in service.successors(session, "BLDTBXH", date(2025, 1, 1))}
    assert labour == {("BNV", "partial"), ("BYT", "partial"), ("BGDDT", "partial"), ("BNNMT", "partial")}


def test_every_province_and_ministry_hangs_under_the_government(session: Session) -> None:
    for day in (BEFORE, AFTER):
        top = service.list_units(session, as_of=day, parent_code="CP", limit=1000)
        levels = {u.level for u in top.items}
        assert levels == {"ministry", "province"}
        assert top.total == count(session, UnitLevel.MINISTRY, day) + count(session, UnitLevel.PROVINCE, day)


def test_reimport_is_idempotent(session: Session) -> None:
    def counts() -> tuple[int, int, int]:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(m)) for m in (Unit, UnitVersion, UnitSuccession)
        )

    before = counts()
    report = import_reference(session)
    assert report.inserted == 0
    assert (report.units_skipped, report.versions_skipped, report.successions_skipped) == before
    assert counts() == before
    assert before[0] > 14_000 and before[2] > 10_600
