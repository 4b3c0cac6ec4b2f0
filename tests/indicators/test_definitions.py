"""Indicator definitions: parse errors point at the character, names must exist, cycles are refused,
loader errors name file:line and field, the demo set loads, and the API lists them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.errors import ApiError
from baocao.indicators.evaluate import DefinitionError, inline
from baocao.indicators.expressions import ExpressionError, parse
from baocao.indicators.loader import (
    IndicatorFileError,
    TargetFileError,
    load_demo_indicators,
    load_indicators,
    load_targets,
)
from baocao.indicators.service import get_indicator, list_indicators
from tests.conftest import LiveServer, session_factory_for
from tests.submissions.env import Env
from tests.submissions.helpers import Client, error, ok


@pytest.fixture
def units_session(units_database_url: str) -> Iterator[Session]:
    """The shared reference units, with this test's writes rolled back."""
    session = session_factory_for(units_database_url)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.mark.parametrize(
    ("text", "position", "says"),
    [
        ("BAC_SI / * DAN_SO", 10, "'*'"),
        ("BAC_SI / DAN_SO * 10000)", 24, "')'"),
        ("foo(BAC_SI)", 1, "foo"),
        ("growth(A, B)", 9, "growth"),
        ("HOC_SINH[cap_hoc]", 10, "cap_hoc"),
        ("HOC_SINH[cap_hoc=tieu_hoc;gioi_tinh=nu]", 9, "một phân tổ"),
        ("B01!R01.C1 + 1", 1, "ô biểu mẫu"),
        ("(A + B", 7, "')'"),
        ("", 1, "rỗng"),
    ],
)
def test_parse_errors_point_at_the_character(text: str, position: int, says: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.position == position
    assert says in caught.value.message and f"vị trí {position}" in caught.value.message


def test_names_must_exist_and_cycles_are_refused() -> None:
    elements = {"A", "B"}
    with pytest.raises(DefinitionError) as caught:
        inline("X", {"X": "A / C * 100"}, elements)
    assert caught.value.position == 5 and "'C'" in caught.value.message
    with pytest.raises(DefinitionError) as caught:
        inline("X", {"X": "A + Y", "Y": "2 * Z", "Z": "X - B"}, elements)
    assert "X → Y → Z → X" in caught.value.message
    with pytest.raises(DefinitionError) as caught:
        inline("X", {"X": "Y[k=v]", "Y": "A"}, elements)
    assert "không nhận phân tổ" in caught.value.message
    assert inline("X", {"X": "yoy(Y) + 1", "Y": "A / B"}, elements) == parse("yoy(A / B) + 1")


def test_loader_errors_name_file_line_and_field(empty_session: Session, tmp_path: Path) -> None:
    load_catalogue(empty_session, DEMO_CATALOGUE)
    path = tmp_path / "bad.yaml"
    path.write_text(
        "indicators:\n"
        "  - {code: OK1, name: Một, name_en: One, field: social, expression: BAC_SI, unit_measure: người}\n"
        "  - code: BAD\n"
        "    name: Hai\n"
        "    name_en: Two\n"
        "    field: nowhere\n"
        "    expression: BAC_SI / / DAN_SO\n"
        "    unit_measure: người\n",
        encoding="utf-8",
    )
    with pytest.raises(IndicatorFileError) as caught:
        load_indicators(empty_session, path)
    problems = [(p.location, p.field) for p in caught.value.problems]
    assert problems == [(f"{path}:6", "indicators[1].field")]
    path.write_text(path.read_text(encoding="utf-8").replace("nowhere", "social"), encoding="utf-8")
    with pytest.raises(IndicatorFileError) as caught:
        load_indicators(empty_session, path)
    (problem,) = caught.value.problems
    assert (problem.location, problem.field) == (f"{path}:7", "indicators[1].expression")
    assert "vị trí 10" in problem.message
    assert list_indicators(empty_session) == []  # nothing stored

    targets = tmp_path / "targets.yaml"
    targets.write_text(
        "targets:\n"
        "  - {indicator: NOPE, unit: CP, year: 2025, value: 1, direction: at_least, assigned_by: Quốc hội}\n"
        "  - {indicator: NOPE, unit: CP, year: 2025, value: x, direction: up, assigned_by: Quốc hội}\n",
        encoding="utf-8",
    )
    with pytest.raises(TargetFileError) as caught:
        load_targets(empty_session, targets)
    assert [(p.location, p.field) for p in caught.value.problems] == [
        (f"{targets}:3", "targets[1].value"),
        (f"{targets}:3", "targets[1].direction"),
        (f"{targets}:2", "targets[0].indicator"),
        (f"{targets}:2", "targets[0].unit"),  # no units in this database
    ]


def test_the_demo_set_loads_across_the_nine_fields_and_again_changes_nothing(units_session: Session) -> None:
    load_catalogue(units_session, DEMO_CATALOGUE)
    load_demo_indicators(units_session)
    load_demo_indicators(units_session)
    found = list_indicators(units_session)
    assert len(found) >= 30 and len({i.field for i in found}) == 9
    assert found[0].field == "economic_growth" and found[-1].field == "infrastructure_science"
    assert get_indicator(units_session, "BAC_SI_VAN_DAN").expression == "BAC_SI / DAN_SO * 10000"
    with pytest.raises(ApiError) as caught:
        get_indicator(units_session, "NOPE")
    assert caught.value.status == 404 and "NOPE" in caught.value.message


def test_the_api_lists_indicators(ienv: Env, iserver: LiveServer) -> None:
    with iserver.client() as http:
        vpcp = Client(ienv, http, "vpcp.leader")
        listed = ok(vpcp.get("/indicators", params={"limit": 1000}))
        codes = [i["code"] for i in listed["items"]]
        assert "I_HS_TRUONG" in codes and listed["total"] == len(codes)
        one = ok(vpcp.get("/indicators/I_NU_PCT"))
        assert (one["field_name"], one["expression"]) == ("Các vấn đề xã hội", "T_HS[t_gt=nu] / T_HS * 100")
        assert error(vpcp.get("/indicators/NOPE"), 404)["field"] == "code"
        assert http.get("/api/v1/indicators").status_code == 401
