"""Loading regimes: the four demo regimes, idempotence, and versions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.audit.models import AuditEvent
from baocao.regimes.demo import DEMO_REGIMES, load_demo_regimes
from baocao.regimes.models import CellKind, FormCell
from baocao.regimes.service import get_regime, version_for_period
from tests.regimes.conftest import stored
from tests.regimes.samples import BASE, SOURCE, edit, load, problem, refuse


def _cells(session: Session, code: str) -> dict[str, FormCell]:
    version = get_regime(session, code).versions[-1]
    return {f"{form.code}!{c.row_code}.{c.column_code}": c for form in version.forms for c in form.cells}


def test_the_four_demo_regimes_load_with_every_component(db: Session) -> None:
    results = load_demo_regimes(db)
    assert [(r.code, r.version, r.created) for r in results] == [
        ("KTXH_THANG", 1, True),
        ("NSNN_QUY", 1, True),
        ("GD_XA_NAM", 1, True),
        ("THIEN_TAI", 1, True),
    ]
    shapes = {}
    for code in ("KTXH_THANG", "NSNN_QUY", "GD_XA_NAM", "THIEN_TAI"):
        version = get_regime(db, code).versions[0]
        shapes[code] = (
            version.report_type,
            version.frequency,
            len(version.outline),
            [(f.code, len(f.rows), len(f.columns), len(f.cells)) for f in version.forms],
            len(version.rules),
        )
    assert shapes == {
        "KTXH_THANG": ("dinh_ky", "month", 6, [("B01", 12, 1, 12)], 5),
        "NSNN_QUY": ("dinh_ky", "quarter", 3, [("B01", 5, 1, 5), ("B02", 5, 1, 5)], 4),
        "GD_XA_NAM": ("dinh_ky", "year", 1, [("B01", 4, 3, 12), ("B02", 4, 1, 4), ("B03", 4, 3, 12)], 4),
        "THIEN_TAI": ("dot_xuat", "ad_hoc", 3, [("B01", 5, 1, 5)], 2),
    }
    ktxh = get_regime(db, "KTXH_THANG").versions[0]
    assert (ktxh.deadline_rule["rule"], ktxh.deadline_rule["day"]) == ("day_of_last_month", 25)
    assert ktxh.cutoff_convention == "administrative"
    assert (ktxh.reporting_units_rule, ktxh.receiver_rule) == (
        {"rule": "all_provinces"},
        {"rule": "unit", "unit": "CP"},
    )
    kinds = {
        (r.kind, r.importance)
        for code in ("KTXH_THANG", "NSNN_QUY")
        for r in get_regime(db, code).versions[0].rules
    }
    assert {("in_form", "error"), ("cross_period", "warning"), ("cross_unit", "warning")} <= kinds


def test_cells_carry_element_options_formulas_and_required_flags(db: Session) -> None:
    load_demo_regimes(db)
    education = _cells(db, "GD_XA_NAM")
    girls = education["B01!R03.C3"]
    assert (girls.option_key, girls.kind, girls.required) == (
        "cap_hoc=tieu_hoc;gioi_tinh=nu",
        CellKind.INPUT,
        True,
    )
    total = education["B01!R01.C1"]
    assert (total.option_key, total.kind, total.formula, total.required) == (
        "",
        CellKind.COMPUTED,
        "R02.C1 + R03.C1 + R04.C1",
        False,
    )
    assert education["B01!R03.C1"].formula == "R03.C2 + R03.C3"  # the column's formula, row by row
    assert sum(c.kind == CellKind.COMPUTED for c in education.values()) == 13
    budget = _cells(db, "NSNN_QUY")
    assert budget["B02!R01.C1"].formula == "R02.C1 + R03.C1 + R04.C1 + R05.C1"
    assert budget["B02!R03.C1"].option_key == "loai_chi=thuong_xuyen"
    rule = get_regime(db, "KTXH_THANG").versions[0].rules[0]
    assert rule.expression == "B01!R05.C1 <= B01!R04.C1"  # cells are stored with their form


def test_loading_the_same_files_again_changes_nothing(db: Session) -> None:
    load_demo_regimes(db)
    before = stored(db)
    again = load_demo_regimes(db)
    assert [r.created for r in again] == [False] * 4 and [r.version for r in again] == [1] * 4
    assert stored(db) == before
    # Comments, quoting and layout are not content.
    text = DEMO_REGIMES[0].read_text(encoding="utf-8")
    reworded = "# một chú thích mới\n" + text.replace("code: KTXH_THANG", 'code: "KTXH_THANG"   # mã')
    assert not load(db, reworded).created
    assert stored(db) == before


def test_a_changed_file_becomes_version_2_and_version_1_stays_readable(db: Session) -> None:
    first = load(db, BASE)
    changed = edit("valid_from: 2020-01-01", "valid_from: 2026-01-01")
    changed = edit("label: THCS", "label: Trung học cơ sở", changed)
    second = load(db, changed)
    assert (second.version, second.created, second.closed_version) == (2, True, 1)
    regime = get_regime(db, "MAU_THU")
    old, new = regime.versions
    assert (old.valid_from, old.valid_to, new.valid_from, new.valid_to) == (
        date(2020, 1, 1),
        date(2026, 1, 1),
        date(2026, 1, 1),
        None,
    )
    labels = {v.version: [r.label for f in v.forms for r in f.rows] for v in regime.versions}
    assert labels == {1: ["Tiểu học", "THCS"], 2: ["Tiểu học", "Trung học cơ sở"]}
    assert version_for_period(db, regime, "2025").version == 1
    assert version_for_period(db, regime, "2026").version == 2
    # Either file loaded again changes nothing.
    assert (load(db, BASE).version, load(db, BASE).created) == (1, False)
    assert (load(db, changed).version, load(db, changed).created) == (2, False)
    assert first.regime_version_id == old.id
    events = db.scalars(select(AuditEvent).where(AuditEvent.target == "regime:MAU_THU")).all()
    assert [e.details["version"] for e in events if e.details] == [1, 2]


def test_a_new_version_must_start_after_the_last_one_and_take_the_next_number(db: Session) -> None:
    load(db, BASE)
    before = stored(db)
    changed = edit("label: THCS", "label: Trung học cơ sở")
    overlap = problem(refuse(db, changed), "valid_from")
    assert overlap.location == f"{SOURCE}:13"
    assert "overlaps version 1 (from 2020-01-01)" in overlap.message_en

    numbered = edit(
        "code: MAU_THU\n",
        "code: MAU_THU\nversion: 1\n",
        edit("valid_from: 2020-01-01", "valid_from: 2024-01-01", changed),
    )
    taken = problem(refuse(db, numbered), "version")
    assert taken.location == f"{SOURCE}:2" and "version: 2" in taken.message_en
    assert stored(db) == before
    assert len(get_regime(db, "MAU_THU").versions) == 1
