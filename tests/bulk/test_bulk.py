"""The bulk import path gives what the one write path gives: the same facts, rollups, answers and an
intact ledger; bad rows are named by line and column and nothing is stored; re-importing a period
makes a new accepted version (or changes nothing when the content is the same)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from baocao.analytics.graph import unit_graph
from baocao.analytics.models import Fact, Rollup
from baocao.catalog.models import DataElement
from baocao.cli import main
from baocao.errors import ApiError
from baocao.imports.rows import ValueRow, read_csv
from baocao.imports.service import import_values
from baocao.ledger.service import verify
from baocao.storage.engine import transaction
from baocao.submissions import service
from baocao.submissions.models import EntryPath, Submission, SubmissionVersion, ValueChange
from baocao.units.service import resolve_unit
from tests.analytics.helpers import report
from tests.conftest import LiveServer, session_factory_for
from tests.submissions.env import Env

ACTOR = service.system_actor("bulk-test", EntryPath.CSV)
DAY = date(2024, 2, 29)


def communes_of(env: Env, code: str, count: int, day: date = DAY) -> list[str]:
    with env.session() as db:
        graph = unit_graph(db)
        todo, found = [resolve_unit(db, code, day).unit_id], []
        while todo:
            for child in sorted(graph.children(todo.pop(0), day), key=lambda c: c.code):
                if child.level == "commune":
                    found.append(child.code)
                else:
                    todo.append(child.unit_id)
    return found[:count]


def figures(seed: str) -> dict[str, float]:
    rng = random.Random(seed)
    return {
        "T_HS[t_gt=nam]": rng.randint(100, 900),
        "T_HS[t_gt=nu]": rng.randint(100, 900),
        "T_TRUONG": rng.randint(1, 9),
        "T_TYLE": round(rng.uniform(80, 99), 1),
        "T_KINHPHI": round(rng.uniform(10, 500), 1),
        "A_CHISO": round(rng.uniform(1, 3), 2),
    }


def rows_of(plan: list[tuple[str, str, dict[str, float]]], period: str) -> list[ValueRow]:
    out: list[ValueRow] = []
    for unit, _regime, values in plan:
        for name, value in values.items():
            element, _, options = name.partition("[")
            out.append(ValueRow(len(out) + 2, element, unit, period, options.rstrip("]"), str(value)))
    return out


def imported(env: Env, regime: str, rows: list[ValueRow], **kw: Any) -> Any:
    with transaction(session_factory_for(env.url)) as db:
        return import_values(db, regime, rows, ACTOR, source="test.csv", **kw)


def facts_of(env: Env, period: str) -> list[tuple[Any, ...]]:
    with env.session() as db:
        found = db.execute(
            select(DataElement.code, Fact.unit_id, Fact.option_key, Fact.value, Fact.status, Fact.version)
            .join(DataElement, DataElement.id == Fact.data_element_id)
            .where(Fact.period == period, Fact.known_to.is_(None))
        )
        return sorted(tuple(r) for r in found)


def rollups_of(env: Env, period: str) -> list[tuple[Any, ...]]:
    with env.session() as db:
        found = db.execute(select(Rollup).where(Rollup.period == period)).scalars()
        return sorted(
            (r.map, r.data_element_id, r.unit_id, r.option_key, round(r.own_sum, 6), round(r.own_weight, 6),
             r.own_n, r.own_apportioned, round(r.child_sum, 6), round(r.child_weight, 6), r.child_n,
             r.child_apportioned)
            for r in found
        )  # fmt: skip


def answer(server: LiveServer, env: Env, **params: Any) -> list[tuple[Any, ...]]:
    with server.client() as http:
        got = http.get("/api/v1/analytics", params=params, headers=env.headers(http, "vpcp.leader"))
        assert got.status_code == 200, got.text
        return [(r["unit"], r["options"], r["value"], tuple(r["flags"])) for r in got.json()["rows"]]


def test_bulk_import_gives_what_the_write_path_gives(benv: Env, bserver: LiveServer) -> None:
    communes = communes_of(benv, "24", 5) + communes_of(benv, "27", 5) + communes_of(benv, "01", 3)
    plan = [(c, "A_XA", figures(c)) for c in communes] + [
        (p, "A_TINH", figures(p)) for p in ("24", "27", "79")
    ]
    for unit, regime, values in plan:  # February through the one write path
        report(benv, regime, unit, "2024-02", values)
    for regime in ("A_XA", "A_TINH"):  # March, the same figures, through the bulk path
        result = imported(benv, regime, rows_of([p for p in plan if p[1] == regime], "2024-03"))
        assert result.created == len([p for p in plan if p[1] == regime])

    assert facts_of(benv, "2024-03") == facts_of(benv, "2024-02")
    assert rollups_of(benv, "2024-03") == rollups_of(benv, "2024-02")
    seen = []
    for element in ("T_KINHPHI", "T_HS", "T_TYLE", "A_CHISO"):
        for params in (
            {"unit": "24", "map": "today"},  # old Bắc Giang and old Bắc Ninh under today's Bắc Ninh
            {"unit": "27", "level": "commune", "map": "as_it_was"},
            {"unit": "CP", "level": "province", "map": "as_it_was"},
        ):
            feb = answer(bserver, benv, element=element, period="2024-02", **params)
            mar = answer(bserver, benv, element=element, period="2024-03", **params)
            assert mar == feb, (element, params)
            seen += [v for _, _, v, _ in feb if v is not None]
    assert len(seen) > 20
    with benv.session() as db:
        assert verify(db).ok


def test_bad_rows_are_named_and_nothing_is_stored(benv: Env, tmp_path: Path) -> None:
    commune = communes_of(benv, "01", 8)[-1]
    lines = [
        "element,unit,period,options,value",
        f"T_KINHPHI,{commune},2024-05,,12.5",
        f"KHONG_CO,{commune},2024-05,,1",  # 3: unknown element
        "T_KINHPHI,99999,2024-05,,1",  # 4: unknown unit
        f"T_KINHPHI,{commune},2024-05,,12.345",  # 5: too many decimals
        f"T_KINHPHI,{commune},2024-Q2,,1",  # 6: a quarter for a monthly regime
        f"T_HS,{commune},2024-06,t_gt=khong,1",  # 7: no such option cell
        f"T_HS,{commune},2024-06,,1",  # 8: a computed cell
    ]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with benv.session() as db:
        before = db.scalar(select(func.count()).select_from(Submission))
    with pytest.raises(ApiError) as caught, transaction(session_factory_for(benv.url)) as db:
        import_values(db, "A_XA", read_csv(path), ACTOR, source=path.name)
    where = [(d.location, d.field) for d in caught.value.details]
    assert where == [("bad.csv:3", "element"), ("bad.csv:4", "unit"), ("bad.csv:5", "value"),
                     ("bad.csv:6", "period"), ("bad.csv:7", "options"), ("bad.csv:8", "element")]  # fmt: skip
    assert caught.value.status == 422 and "không có gì được lưu" in caught.value.message
    with benv.session() as db:
        assert db.scalar(select(func.count()).select_from(Submission)) == before

    cli = CliRunner().invoke(
        main, ["import", "values", str(path), "--regime", "A_XA"], env={"BAOCAO_DATABASE_URL": benv.url}
    )
    assert cli.exit_code == 1
    assert "bad.csv:3: element" in cli.output and "bad.csv:8: element" in cli.output
    with benv.session() as db:
        assert db.scalar(select(func.count()).select_from(Submission)) == before


def test_reimport_makes_a_new_version_or_changes_nothing(benv: Env, bserver: LiveServer) -> None:
    commune = communes_of(benv, "79", 4, date(2024, 7, 31))[-1]
    first = {"T_KINHPHI": 100.0, "T_TRUONG": 3, "A_CHISO": 1.5}
    rows = rows_of([(commune, "A_XA", first)], "2024-07")
    assert imported(benv, "A_XA", rows).created == 1
    again = imported(benv, "A_XA", rows)
    assert (again.created, again.replaced, again.unchanged, again.values) == (0, 0, 1, 0)

    second = {"T_KINHPHI": 150.0, "T_TRUONG": 3}  # one value changed, one gone
    assert imported(benv, "A_XA", rows_of([(commune, "A_XA", second)], "2024-07")).replaced == 1
    params = {"unit": commune, "period": "2024-07"}
    assert answer(bserver, benv, element="T_KINHPHI", **params)[0][2] == 150.0
    assert answer(bserver, benv, element="A_CHISO", **params) == [(commune, "", None, ())]
    with benv.session() as db:
        submission = db.scalar(
            select(Submission).where(Submission.period == "2024-07", Submission.unit_id == resolve_unit(
                db, commune, date(2024, 7, 31)).unit_id)
        )  # fmt: skip
        assert submission is not None and (submission.current_version, submission.state) == (2, "accepted")
        versions = db.scalars(
            select(SubmissionVersion).where(SubmissionVersion.submission_id == submission.id)
        )
        assert [v.state for v in versions] == ["accepted", "accepted"]
        changes = db.execute(
            select(ValueChange.old_value, ValueChange.new_value).where(
                ValueChange.submission_id == submission.id, ValueChange.version == 2)
        )  # fmt: skip
        assert sorted(changes, key=str) == sorted([("100", "150"), ("1.5", None)], key=str)
        assert verify(db).ok


def test_a_submission_in_progress_is_refused(benv: Env) -> None:
    commune = communes_of(benv, "79", 5, date(2024, 8, 31))[-1]
    report(benv, "A_XA", commune, "2024-08", {"T_KINHPHI": 5.0}, accept=False)
    with pytest.raises(ApiError) as caught:
        imported(benv, "A_XA", rows_of([(commune, "A_XA", {"T_KINHPHI": 6.0})], "2024-08"))
    assert caught.value.details[0].location == "test.csv:2"
    assert "submitted" in caught.value.message_en


def test_bulk_and_write_path_mixed_in_one_period(benv: Env) -> None:
    """Provinces first, then half the communes through the write path and the other half in bulk: the
    figures and rollups (both maps) are those of the same period entered through the write path."""
    day = date(2024, 9, 30)
    communes = (
        communes_of(benv, "24", 4, day) + communes_of(benv, "27", 4, day) + communes_of(benv, "01", 2, day)
    )
    provinces = [(p, "A_TINH", figures(f"mixed-{p}")) for p in ("24", "27")]
    plan = [(c, "A_XA", figures(f"mixed-{c}")) for c in communes]
    for unit, regime, values in provinces + plan:
        report(benv, regime, unit, "2024-09", values)
    imported(benv, "A_TINH", rows_of(provinces, "2024-10"))
    for unit, regime, values in plan[::2]:
        report(benv, regime, unit, "2024-10", values)
    assert imported(benv, "A_XA", rows_of(plan[1::2], "2024-10")).created == len(plan[1::2])
    assert facts_of(benv, "2024-10") == facts_of(benv, "2024-09")
    assert rollups_of(benv, "2024-10") == rollups_of(benv, "2024-09")
    assert len(rollups_of(benv, "2024-10")) > 50
