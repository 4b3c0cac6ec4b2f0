"""The DHIS2 part of ``baocao demo``: the monthly health regime (``data/yt_thang.yaml``), the demo
mapping (``data/demo_mapping.csv``) and an orgUnit for every province of today's map, with UIDs
made from the unit code (``VnOu0000001`` for Hà Nội, code ``VN_01``). Idempotent."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.dhis2.mapping import MappingRow, parse_mapping_csv, save_mappings
from baocao.dhis2.models import MappingKind
from baocao.regimes.loader import LoadResult, load_regime
from baocao.timeutil import today
from baocao.units.models import UnitLevel, UnitVersion
from baocao.units.queries import valid_on

DATA_DIR = Path(__file__).parent / "data"
HEALTH_REGIME = DATA_DIR / "yt_thang.yaml"
DEMO_MAPPING = DATA_DIR / "demo_mapping.csv"


def org_unit_uid(unit_code: str) -> str:
    return f"VnOu{unit_code:0>7}"


def province_rows(session: Session) -> list[MappingRow]:
    provinces = session.execute(
        select(UnitVersion.code, UnitVersion.name)
        .where(UnitVersion.level == UnitLevel.PROVINCE, valid_on(UnitVersion, today()))
        .order_by(UnitVersion.code)
    )
    return [
        MappingRow(
            MappingKind.ORG_UNIT.value, org_unit_uid(code), f"VN_{code}", code, name, f"province {code}"
        )
        for code, name in provinces
    ]


def seed_dhis2_demo(session: Session) -> LoadResult:
    """Needs the reference units and the demo catalogue; flushes, never commits."""
    result = load_regime(session, HEALTH_REGIME, actor="demo")
    rows = parse_mapping_csv(DEMO_MAPPING.read_bytes(), DEMO_MAPPING.name) + province_rows(session)
    save_mappings(session, rows, actor="demo")
    return result
