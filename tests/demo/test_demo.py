"""``baocao demo`` on a database that has not even been migrated: twice, same result."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from baocao.catalog.loader import DEMO_CATALOGUE, read_catalogue
from baocao.catalog.models import Category, DataElement
from baocao.cli import main
from baocao.config import normalise_database_url
from baocao.demo import seed
from baocao.demo.history import REGIMES as HISTORY_REGIMES
from baocao.demo.seed import (
    CATALOGUE_STEP,
    REGIMES_STEP,
    SUBMISSIONS_STEP,
    USERS_STEP,
    count_rows,
    seed_demo,
)
from baocao.units.models import Unit
from tests.conftest import POSTGRES_URL, FreshDatabase, session_factory_for

# 63 + 34 provinces, 696 districts, 10,047 + 3,321 communes, before and after 1 July 2025.
TERRITORIAL_UNITS = 63 + 34 + 696 + 10_047 + 3_321
DEMO_ELEMENTS = len(read_catalogue(DEMO_CATALOGUE).data_elements)


@pytest.fixture
def unmigrated_database_url(backend: FreshDatabase, tmp_path: Path) -> str:
    """A database with no tables at all (the demo must run the migrations itself)."""
    if backend.backend == "sqlite":
        return f"sqlite:///{tmp_path / 'demo.db'}"
    schema = f"bt_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_database_url(POSTGRES_URL))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    backend.schemas.append(schema)  # dropped with the others at the end of the run
    sep = "&" if "?" in POSTGRES_URL else "?"
    return normalise_database_url(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}")


def counts(url: str) -> dict[str, int]:
    factory = session_factory_for(url)
    with factory() as session:
        found = count_rows(session)
    factory.kw["bind"].dispose()
    return found


def test_demo_twice_gives_the_same_data(unmigrated_database_url: str) -> None:
    runner = CliRunner()
    env = {"BAOCAO_DATABASE_URL": unmigrated_database_url}

    first = runner.invoke(main, ["demo"], env=env)
    assert first.exit_code == 0, first.output
    after_first = counts(unmigrated_database_url)
    assert after_first["units"] >= TERRITORIAL_UNITS
    assert after_first["unit_successions"] > 0
    assert (after_first["data_elements"], after_first["categories"]) == (DEMO_ELEMENTS, 7)
    assert "Dữ liệu minh họa / demo data" in first.output
    assert "đã nạp / seeded" in first.output

    second = runner.invoke(main, ["demo"], env=env)
    assert second.exit_code == 0, second.output
    assert counts(unmigrated_database_url) == after_first
    assert "nothing changed" in second.output


def test_a_failing_step_stores_nothing(
    unmigrated_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad_catalogue.yaml"
    bad.write_text("data_elements:\n  - code: X\n", encoding="utf-8")
    monkeypatch.setattr(seed, "DEMO_CATALOGUE", bad)

    result = CliRunner().invoke(main, ["demo"], env={"BAOCAO_DATABASE_URL": unmigrated_database_url})

    assert result.exit_code == 1
    assert f"{bad}:2: data_elements[0].name" in result.output
    # The units were imported in the same transaction as the catalogue: rolled back with it.
    assert counts(unmigrated_database_url)["units"] == 0


def test_seed_demo_reports_progress_and_is_idempotent(empty_session: Session) -> None:
    steps: list[tuple[str, int, int]] = []
    report = seed_demo(empty_session, on_progress=lambda step, done, total: steps.append((step, done, total)))
    empty_session.commit()

    assert report.changed
    assert (CATALOGUE_STEP, 1, 1) in steps and (USERS_STEP, 1, 1) in steps
    assert steps[-1][0] == SUBMISSIONS_STEP and steps[-1][1] == steps[-1][2] > 0
    assert {"units", "versions", "successions", REGIMES_STEP} <= {step for step, _, _ in steps}
    # The four demo regimes, the statistical regimes of the history (and any other capability's).
    assert report.count("regimes") >= 4 + len(HISTORY_REGIMES)
    assert report.count("users") == len(report.users) > 0
    assert report.count("data_elements") == DEMO_ELEMENTS
    assert report.count("units") == empty_session.scalar(select(func.count()).select_from(Unit))
    assert all(c.added == c.after for c in report.counts)

    again = seed_demo(empty_session)
    empty_session.commit()
    assert not again.changed
    assert again.units.inserted == 0 and not again.catalogue.changed
    assert [c.added for c in again.counts] == [0] * len(again.counts)
    assert empty_session.scalar(select(func.count()).select_from(DataElement)) == DEMO_ELEMENTS
    assert empty_session.scalar(select(func.count()).select_from(Category)) == 7
