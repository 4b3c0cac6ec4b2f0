"""Bad reference files: every problem is named (file, line, field), and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.cli import main
from baocao.units.models import Unit, UnitVersion
from baocao.units.reference import MERGER, ReferenceDataError, import_reference, load_plan
from baocao.units.reference_files import Problem
from tests.units.conftest import edit, insert_line


def problems_of(data_dir: Path) -> list[Problem]:
    with pytest.raises(ReferenceDataError) as caught:
        load_plan(data_dir)
    return caught.value.problems


def test_the_mini_reference_is_valid(mini_reference: Path) -> None:
    plan = load_plan(mini_reference)
    # Hà Nội keeps one identity; 02 and 08 end and a new 08 starts.
    assert "province:01:2008-08-01" in plan.units
    assert {"province:02:2008-08-01", "province:08:2008-08-01", "province:08:2025-07-01"} <= set(plan.units)
    assert "province:01:2025-07-01" not in plan.units


def test_a_duplicate_code_names_the_file_and_both_lines(reference_copy: Path, empty_session: Session) -> None:
    communes = reference_copy / "communes_2025.csv"
    second_line = communes.read_text(encoding="utf-8").splitlines()[1]
    assert second_line.startswith("00004,")
    insert_line(communes, 17, second_line)

    with pytest.raises(ReferenceDataError) as caught:
        import_reference(empty_session, reference_copy)

    assert [str(p) for p in caught.value.problems] == [
        "communes_2025.csv:17: mã 00004 trùng với dòng 2 / duplicate code 00004 (also on line 2)"
    ]
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("communes_2025.csv", 17, "code")
    empty_session.rollback()
    assert empty_session.scalar(select(func.count()).select_from(Unit)) == 0
    assert empty_session.scalar(select(func.count()).select_from(UnitVersion)) == 0


def test_the_cli_prints_the_problems_and_stores_nothing(
    reference_copy: Path, empty_database_url: str
) -> None:
    edit(reference_copy / "districts_2024.csv", "001,Quận Ba Đình,01,quan", "001,Quận Ba Đình,01,khu_pho")
    result = CliRunner().invoke(
        main,
        ["units", "import", "--data-dir", str(reference_copy)],
        env={"BAOCAO_DATABASE_URL": empty_database_url},
    )
    assert result.exit_code != 0
    assert "districts_2024.csv:2 [type]: Loại 'khu_pho' không hợp lệ" in result.output
    assert "nothing was stored" in result.output
    from baocao.storage.engine import make_engine

    engine = make_engine(empty_database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Unit)) == 0
    engine.dispose()


def test_the_cli_imports_and_reports_counts(mini_reference: Path, empty_database_url: str) -> None:
    env = {"BAOCAO_DATABASE_URL": empty_database_url}
    first = CliRunner().invoke(main, ["units", "import", "--data-dir", str(mini_reference)], env=env)
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(main, ["units", "import", "--data-dir", str(mini_reference)], env=env)
    assert second.exit_code == 0, second.output
    shown = CliRunner().invoke(main, ["units", "show", "00004", "--as-of", "2025-06-30"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "Phường Trúc Bạch" in shown.output
    assert "Phường Ba Đình" in shown.output  # its successor


def test_a_missing_column_is_named(mini_reference: Path) -> None:
    edit(mini_reference / "districts_2024.csv", "code,name,province_code,type", "code,name,province_code")
    [problem] = problems_of(mini_reference)
    assert (problem.file, problem.line, problem.field) == ("districts_2024.csv", 1, "type")
    assert "Thiếu cột 'type'" in problem.message


def test_a_missing_file_is_named(mini_reference: Path) -> None:
    (mini_reference / "communes_2025.csv").unlink()
    [problem] = problems_of(mini_reference)
    assert problem.file == "communes_2025.csv"
    assert problem.line is None


def test_empty_names_and_unknown_types_are_all_reported_at_once(mini_reference: Path) -> None:
    edit(mini_reference / "communes_2024.csv", "00688,Phường Quang Trung,", "00688,,")
    edit(
        mini_reference / "provinces_2025.csv",
        "08,Tỉnh Tuyên Quang,Tuyên Quang,tinh",
        "08,Tỉnh Tuyên Quang,Tuyên Quang,bang",
    )
    found = {(p.file, p.line, p.field) for p in problems_of(mini_reference)}
    assert found == {("communes_2024.csv", 4, "name"), ("provinces_2025.csv", 3, "type")}


def test_merge_rows_with_unknown_codes_are_named(mini_reference: Path) -> None:
    edit(
        mini_reference / "commune_merges_2025.csv",
        "02200,Phường Phan Thiết,02201",
        "02200,Phường Phan Thiết,09999",
    )
    edit(mini_reference / "commune_merges_2025.csv", "00001,Phường Phúc Xá,", "00002,Phường Phúc Xá,")
    found = {(p.file, p.line, p.field) for p in problems_of(mini_reference)}
    assert ("commune_merges_2025.csv", 5, "new_code") in found
    assert ("commune_merges_2025.csv", 2, "old_code") in found
    # And so 00001 is left without a successor.
    assert ("communes_2024.csv", 2, "code") in found


def test_a_code_held_by_two_units_on_the_same_day_is_refused(mini_reference: Path) -> None:
    edit(
        mini_reference / "central_bodies.csv",
        "BQP,Bộ Quốc phòng",
        "01,Bộ Thử nghiệm,Test,Thử,bo,CP,2020-01-01,\nBQP,Bộ Quốc phòng",
    )
    [problem] = problems_of(mini_reference)
    assert problem.field == "code"
    assert "01" in problem.message and "province:01:2008-08-01" in problem.message_en


def test_a_province_listed_under_two_new_provinces_is_refused(mini_reference: Path) -> None:
    edit(
        mini_reference / "provinces_2025.csv",
        "01,Thành phố Hà Nội,Hà Nội,thanh_pho,01",
        "01,Thành phố Hà Nội,Hà Nội,thanh_pho,01;02",
    )
    found = {(p.file, p.line, p.field) for p in problems_of(mini_reference)}
    assert found == {
        ("provinces_2025.csv", 3, "former_codes"),  # 02 listed again under 08
        ("provinces_2024.csv", 3, "merged_into_code"),  # 02 says 08, provinces_2025 says 01
    }


def test_a_unit_already_in_the_database_with_the_same_code_is_refused(
    mini_reference: Path, empty_session: Session
) -> None:
    from datetime import date

    unit = Unit(uid="manual:00004", level="commune")
    empty_session.add(unit)
    empty_session.flush()
    empty_session.add(
        UnitVersion(
            unit_id=unit.id,
            code="00004",
            name="Xã Thử",
            type="xa",
            level="commune",
            valid_from=date(2025, 1, 1),
            search_name="xa thu",
        )
    )
    empty_session.flush()
    with pytest.raises(ReferenceDataError) as caught:
        import_reference(empty_session, mini_reference)
    assert any("manual:00004" in p.message_en or p.location == "database" for p in caught.value.problems)
    assert empty_session.scalar(select(func.count()).select_from(Unit)) == 1


def test_a_province_renamed_without_territory_change_keeps_one_identity(mini_reference: Path) -> None:
    edit(
        mini_reference / "provinces_2025.csv",
        "01,Thành phố Hà Nội,Hà Nội,thanh_pho,01",
        "01,Thủ đô Hà Nội,Hà Nội,thanh_pho,01",
    )
    plan = load_plan(mini_reference)
    versions = [v for v in plan.versions if v.uid == "province:01:2008-08-01"]
    assert [(v.name, v.valid_from.isoformat(), v.valid_to) for v in versions] == [
        ("Thành phố Hà Nội", "2008-08-01", MERGER),
        ("Thủ đô Hà Nội", "2025-07-01", None),
    ]


def test_a_file_that_is_not_utf8_is_named(mini_reference: Path) -> None:
    path = mini_reference / "districts_2024.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    [problem] = problems_of(mini_reference)
    assert problem.file == "districts_2024.csv" and "UTF-8" in problem.message_en


def test_a_line_with_too_many_fields_is_named(mini_reference: Path) -> None:
    edit(
        mini_reference / "communes_2025.csv",
        "00004,Phường Ba Đình,phuong,01",
        "00004,Phường Ba, Đình,phuong,01",
    )
    found = problems_of(mini_reference)
    assert ("communes_2025.csv", 2) in {(p.file, p.line) for p in found}
    assert any("5 fields" in p.message_en for p in found)
