"""``baocao indicators load FILE`` and ``baocao targets load FILE`` against a real database."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from baocao.catalog.loader import DEMO_CATALOGUE
from baocao.cli import main
from baocao.indicators.loader import DEMO_INDICATORS, DEMO_TARGETS
from baocao.indicators.models import Indicator, Target
from baocao.storage.engine import transaction
from baocao.units.reference import import_reference
from tests.conftest import FreshDatabase, session_factory_for


def _counts(url: str) -> tuple[int, int]:
    with transaction(session_factory_for(url)) as db:
        return (db.scalar(select(func.count()).select_from(Indicator)) or 0,
                db.scalar(select(func.count()).select_from(Target)) or 0)  # fmt: skip


def test_demo_indicators_and_targets_load_once_and_a_bad_file_stores_nothing(
    backend: FreshDatabase, tmp_path: Path
) -> None:
    url = backend.create()
    with transaction(session_factory_for(url)) as db:
        import_reference(db)
    runner, env = CliRunner(), {"BAOCAO_DATABASE_URL": url}
    assert runner.invoke(main, ["catalog", "load", str(DEMO_CATALOGUE)], env=env).exit_code == 0

    first = runner.invoke(main, ["indicators", "load", str(DEMO_INDICATORS)], env=env)
    assert first.exit_code == 0, first.output
    indicators, _ = _counts(url)
    assert indicators >= 30
    assert f"indicators: {indicators} mới / created, 0 cập nhật / updated" in first.output
    again = runner.invoke(main, ["indicators", "load", str(DEMO_INDICATORS)], env=env)
    assert again.exit_code == 0 and "indicators: 0 mới / created" in again.output

    loaded = runner.invoke(main, ["targets", "load", str(DEMO_TARGETS)], env=env)
    assert loaded.exit_code == 0, loaded.output
    _, targets = _counts(url)
    assert targets > 0 and f"targets: {targets} mới / created" in loaded.output

    text = DEMO_INDICATORS.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("expression: yoy(GRDP_SS2010)", "expression: yoy(KHONG_CO)", 1), "utf-8")
    line = next(i for i, row in enumerate(bad.read_text("utf-8").splitlines(), 1) if "KHONG_CO" in row)
    refused = runner.invoke(main, ["indicators", "load", str(bad)], env=env)
    assert refused.exit_code == 1
    assert f"{bad}:{line}" in refused.output and "KHONG_CO" in refused.output
    assert _counts(url) == (indicators, targets)
