"""``baocao catalog load FILE`` against a real database."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from baocao.catalog.loader import DEMO_CATALOGUE, read_catalogue
from baocao.catalog.models import DataElement
from baocao.cli import main
from tests.conftest import session_factory_for


def element_count(url: str) -> int:
    factory = session_factory_for(url)
    with factory() as session:
        total = session.scalar(select(func.count()).select_from(DataElement)) or 0
    factory.kw["bind"].dispose()
    return total


def test_load_prints_what_changed_and_is_idempotent(empty_database_url: str) -> None:
    runner = CliRunner()
    env = {"BAOCAO_DATABASE_URL": empty_database_url}
    first = runner.invoke(main, ["catalog", "load", str(DEMO_CATALOGUE)], env=env)
    assert first.exit_code == 0, first.output
    assert "Chỉ tiêu / data elements" in first.output
    assert element_count(empty_database_url) == len(read_catalogue(DEMO_CATALOGUE).data_elements)

    second = runner.invoke(main, ["catalog", "load", str(DEMO_CATALOGUE)], env=env)
    assert second.exit_code == 0, second.output
    assert "nothing changed" in second.output
    assert element_count(empty_database_url) == len(read_catalogue(DEMO_CATALOGUE).data_elements)


def test_a_bad_file_prints_file_line_and_field_and_exits_non_zero(
    empty_database_url: str, tmp_path: Path
) -> None:
    text = DEMO_CATALOGUE.read_text(encoding="utf-8")
    bad = text.replace("value_type: integer", "value_type: numbr", 1)
    line = bad.splitlines().index("    value_type: numbr") + 1
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")

    result = CliRunner().invoke(
        main, ["catalog", "load", str(path)], env={"BAOCAO_DATABASE_URL": empty_database_url}
    )

    assert result.exit_code == 1
    assert "nothing was stored" in result.output
    assert f"{path}:{line}: data_elements[" in result.output
    assert ".value_type: 'numbr' không hợp lệ" in result.output
    assert element_count(empty_database_url) == 0


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["catalog", "load", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
