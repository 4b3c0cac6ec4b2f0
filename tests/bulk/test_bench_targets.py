"""Question (d) of the benchmark: progress of the 30 national targets through
``indicators.targets.progress`` and the plain ``GROUP BY`` give the same actuals, on both engines.

The quick world with its province values only (the commune ones do not enter (d)): imported through
the public import path and loaded raw, as the bench does."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from baocao.analytics.graph import unit_graph
from baocao.bench import indicators, run
from baocao.bench.generator import SCALES, as_import, months, province_rows
from baocao.bench.queries import Question, mismatch, questions
from baocao.bench.reuse import not_loaded
from baocao.bench.world import PROVINCE_REGIME
from baocao.imports.service import import_values
from baocao.storage.engine import make_engine, transaction
from baocao.timeutil import today
from baocao.units.service import resolve_unit
from tests.conftest import FreshDatabase, session_factory_for

QUICK = SCALES["quick"]
YEAR = months(QUICK)[-1].start.year


@pytest.fixture(scope="module")
def bench_url(backend: FreshDatabase) -> str:
    url = backend.create()
    run.setup(url, QUICK)
    factory = session_factory_for(url)
    with transaction(factory) as session:
        graph = unit_graph(session)
        rows = as_import(province_rows(graph, QUICK))
        import_values(session, PROVINCE_REGIME, rows, run.ACTOR, source="bench:test")
    engine = make_engine(url)
    with engine.begin() as conn:
        run.create_raw_tables(conn)
    engine.dispose()
    with transaction(factory) as session:
        run.insert_raw(session, run.raw_rows(graph, QUICK, (province_rows,)))
    return url


def _question_d(session: Session) -> Question:
    hanoi = resolve_unit(session, "01", today()).unit_id
    return next(q for q in questions(QUICK, hanoi) if q.name == "d_ytd_targets_30")


def test_progress_and_group_by_give_the_same_actuals(bench_url: str) -> None:
    with session_factory_for(bench_url)() as session:
        scope = run.national_scope(session, resolve_unit(session, "CP", today()).unit_id)
        q = _question_d(session)
        ours = q.ours(session, scope)
        theirs = session.execute(text(q.sql), q.params).all()
        graph = unit_graph(session)
    assert sorted(code for code, _ in ours) == sorted(indicators.codes())
    assert all(value is not None for _, value in ours)
    assert mismatch(q, ours, theirs) is None
    # By hand from the generated rows: this year's sums, then two of the definitions.
    sums: dict[str, float] = defaultdict(float)
    for element, _, _, period, _, value in province_rows(graph, QUICK):
        if period.startswith(f"{YEAR}-"):
            sums[element] += value
    found = dict(ours)
    assert found["CT_BENCH_P01"] == pytest.approx(sums["BENCH_P01"] / sums["BENCH_P02"] * 1000, rel=1e-9)
    assert found["CT_BENCH_P02"] == pytest.approx(sums["BENCH_P02"] / sums["BENCH_P03"] * 100, rel=1e-9)
    assert found["CT_BENCH_P03"] == pytest.approx(sums["BENCH_P03"] / 1000, rel=1e-9)


def test_the_check_names_an_indicator_whose_actual_differs(bench_url: str) -> None:
    with session_factory_for(bench_url)() as session:
        q = _question_d(session)
        theirs = [tuple(r) for r in session.execute(text(q.sql), q.params)]
    changed = [(code, value + 1.0 if code == "CT_BENCH_P07" else value) for code, value in theirs]
    assert "CT_BENCH_P07" in (mismatch(q, changed, theirs) or "")
    swapped = [(code, theirs[1][1] if i == 0 else theirs[0][1] if i == 1 else v)
               for i, (code, v) in enumerate(theirs)]  # fmt: skip
    assert mismatch(q, swapped, theirs) is not None  # same total, values under the wrong codes


def test_indicators_and_targets_are_saved_once(bench_url: str) -> None:
    run.setup(bench_url, QUICK)  # what --reuse does again on a loaded database
    with session_factory_for(bench_url)() as session:
        found = session.execute(
            text(
                "SELECT i.code, t.direction, t.value FROM targets t "
                "JOIN indicators i ON i.id = t.indicator_id WHERE t.year = :year"
            ),
            {"year": YEAR},
        ).all()
    assert sorted(code for code, _, _ in found) == sorted(indicators.codes())
    assert {direction for _, direction, _ in found} == {"at_least", "at_most", "about"}


def test_reuse_refuses_a_database_without_the_commune_values(bench_url: str, backend: FreshDatabase) -> None:
    why = not_loaded(bench_url, QUICK)
    assert why is not None and "BENCH_C01" in why[0] and "BENCH_C01" in why[1]
    empty = not_loaded(backend.create(), QUICK)
    assert empty is not None and "bench_raw_values" in empty[1]


def test_freshness_can_be_measured_again_on_the_same_database(bench_url: str) -> None:
    # The second run reopens this month's accepted report and checks its new value arrives.
    assert run.freshness(bench_url) > 0
    assert run.freshness(bench_url) > 0
