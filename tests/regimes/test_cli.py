"""``baocao regimes load FILE`` and ``baocao regimes list`` against a real database."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.cli import main
from baocao.regimes.demo import DEMO_REGIMES
from baocao.regimes.models import Regime
from baocao.storage.engine import transaction
from baocao.units.reference import import_reference
from tests.conftest import session_factory_for


def _codes(url: str) -> list[str]:
    factory = session_factory_for(url)
    with factory() as session:
        codes = list(session.scalars(select(Regime.code).order_by(Regime.code)))
    factory.kw["bind"].dispose()
    return codes


def test_load_and_list_and_refuse_a_bad_file(empty_database_url: str, tmp_path: Path) -> None:
    factory = session_factory_for(empty_database_url)
    with transaction(factory) as session:
        import_reference(session)
        load_catalogue(session, DEMO_CATALOGUE)
    factory.kw["bind"].dispose()
    runner, env = CliRunner(), {"BAOCAO_DATABASE_URL": empty_database_url}

    text = DEMO_REGIMES[0].read_text(encoding="utf-8")
    bad = text.replace("element: CPI_CUNG_KY", "element: CPI").replace("day: 25}", "day: 32}")
    path = tmp_path / "ktxh.yaml"
    path.write_text(bad, encoding="utf-8")
    refused = runner.invoke(main, ["regimes", "load", str(path)], env=env)
    assert refused.exit_code == 1, refused.output
    lines = bad.splitlines()
    deadline_line = next(i for i, line in enumerate(lines, 1) if line.startswith("deadline:"))
    element_line = next(i for i, line in enumerate(lines, 1) if line.strip() == "element: CPI")
    assert "nothing was stored" in refused.output
    assert (
        f"{path}:{deadline_line}: deadline.day: Tham số 'day' phải là số nguyên từ 1 đến 31" in refused.output
    )
    assert (
        f"{path}:{element_line}: forms[0].rows[6].element: chỉ tiêu 'CPI' không có trong danh mục"
        in refused.output
    )
    assert _codes(empty_database_url) == []

    for file in DEMO_REGIMES:
        loaded = runner.invoke(main, ["regimes", "load", str(file)], env=env)
        assert loaded.exit_code == 0 and "loaded version 1" in loaded.output, loaded.output
    again = runner.invoke(main, ["regimes", "load", str(DEMO_REGIMES[0])], env=env)
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert _codes(empty_database_url) == ["GD_XA_NAM", "KTXH_THANG", "NSNN_QUY", "THIEN_TAI"]

    listed = runner.invoke(main, ["regimes", "list"], env={**env, "COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert "KTXH_THANG" in listed.output and "Báo cáo nhanh thiệt hại do thiên tai" in listed.output
