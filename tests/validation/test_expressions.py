"""The rule language on its own: parsing, where errors point, arithmetic, comparisons, filters."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from baocao.catalog.models import UnitAggregation, ValueType
from baocao.regimes.expressions import (
    Call,
    Cell,
    Check,
    Comparison,
    ExpressionError,
    Name,
    Num,
    evaluate,
    substitute,
)
from baocao.regimes.expressions import parse as shared_parse
from baocao.submissions.forms import CellInfo, FormIndex
from baocao.validation.expressions import compare, parse_rule, render_rule
from baocao.validation.figures import Figures, Reading


def calc(text: str, value_of: Callable[[Cell | Name], float | None]) -> float | None:
    node = parse_rule(text)
    assert not isinstance(node, Comparison)
    return evaluate(node, value_of)


def test_references_are_cells_across_forms_and_elements_with_options() -> None:
    rule = parse_rule("F1!R01.C1 == R02.C1 + HOC_SINH[gioi_tinh=nu] + THU_NSNN")
    assert isinstance(rule, Comparison)
    assert rule.left == Cell("F1", "R01", "C1")
    assert render_rule(rule) == "F1!R01.C1 == R02.C1 + HOC_SINH[gioi_tinh=nu] + THU_NSNN"


def test_options_are_sorted_whatever_order_or_separator() -> None:
    one = parse_rule("HOC_SINH[gioi_tinh=nu; cap_hoc=tieu_hoc]")
    two = parse_rule("HOC_SINH[cap_hoc = tieu_hoc, gioi_tinh = nu]")
    assert one == two == Name("HOC_SINH", (("cap_hoc", "tieu_hoc"), ("gioi_tinh", "nu")))
    assert parse_rule("DAN_SO[nhom_tuoi=15-24]") == Name("DAN_SO", (("nhom_tuoi", "15-24"),))


def test_functions_any_case_and_precedence() -> None:
    assert parse_rule("SUM(A, B) * 2") == parse_rule("sum(A,B)*2")
    assert calc("1 + 2 * 3 - -4 / (1 + 1)", lambda ref: None) == 9.0
    assert calc("ABS(2 - 5) + MAX(1, 7, 3) + MIN(4, 2)", lambda ref: None) == 12
    assert isinstance(parse_rule("sum(A)"), Call)


def test_tolerance_absolute_and_relative() -> None:
    rule = parse_rule("A == B ± 0.5")
    assert isinstance(rule, Check) and rule.tolerance == 0.5 and not rule.relative
    rule = parse_rule("A <= B +- 2%")
    assert isinstance(rule, Check) and rule.tolerance == 2 and rule.relative
    assert render_rule(rule) == "A <= B ± 2%"


def test_a_tolerance_survives_substitution() -> None:
    """Replacing references (cells by elements, to read another regime version) keeps the tolerance."""
    rule = parse_rule("R01.C1 == R02.C1 ± 2%")
    moved = substitute(rule, lambda ref: Name("X") if isinstance(ref, Cell) and ref.row == "R01" else ref)
    assert moved == Check("==", Name("X"), Cell(None, "R02", "C1"), 2.0, True)
    assert render_rule(moved) == "X == R02.C1 ± 2%"


def test_the_shared_grammar_reads_what_is_rendered() -> None:
    """A rule stored by the regime loader (shared grammar) parses to the same tree here."""
    text = "B01!R01.C1 >= abs(HOC_SINH[cap_hoc=tieu_hoc] - 3) / 2"
    assert parse_rule(text) == shared_parse(text)


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("A + ", 5, "hết biểu thức"),
        ("A == (B + C", 12, "')'"),
        ("A @ B", 3, "'@ B'"),
        ("X[a=b, a=c]", 8, "bị lặp"),
        ("X[gioi_tinh]", 3, "phan_to=phuong_an"),
        ("X[a=b", 2, "']'"),
        ("F1!R01", 7, "thiếu cột"),
        ("A == B ± x", 10, "phải là một số"),
        ("A == B == C", 8, "thừa '=='"),
        ("FOO(1)", 1, "không có hàm 'FOO'"),
        ("ABS(1, 2)", 1, "ABS"),
        ("R01.C1[a=b]", 7, "không nhận phân tổ"),
        ("   ", 1, "rỗng"),
    ],
)
def test_errors_point_at_the_character(text: str, position: int, words: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_rule(text)
    assert caught.value.position == position
    assert words in caught.value.message
    assert f"(vị trí {position})" in caught.value.message
    assert f"(position {position})" in caught.value.message_en


def test_missing_values_and_division_by_zero_are_none_never_zero() -> None:
    values = {"A": 5.0, "B": 0.0}

    def value_of(ref: Cell | Name) -> float | None:
        return values.get(ref.code) if isinstance(ref, Name) else None

    assert calc("A + C", value_of) is None
    assert calc("A / B", value_of) is None
    assert calc("SUM(A, C)", value_of) is None
    assert calc("A * 2", value_of) == 10


def test_comparisons_with_epsilon_and_tolerance() -> None:
    assert compare("==", 0.1 + 0.2, 0.3)
    assert not compare("!=", 0.1 + 0.2, 0.3)
    assert compare("==", 1e12 + 0.0001, 1e12)  # rounding noise on large figures
    assert not compare("==", 100, 101)
    assert compare("==", 100, 101, tolerance=1)
    assert compare("==", 1000, 1015, tolerance=2, relative=True)
    assert not compare("==", 1000, 1025, tolerance=2, relative=True)
    assert compare("<", 1, 2) and not compare("<", 2, 2) and not compare("<", 0.1 + 0.2, 0.3)
    assert compare("<=", 2, 2) and compare("<=", 0.1 + 0.2, 0.3)
    assert compare(">", 3, 2) and not compare(">", 2, 2)
    assert compare(">=", 2, 2) and not compare(">=", 1, 2)
    assert compare("<=", 101, 100, tolerance=1) and not compare("<=", 102, 100, tolerance=1)


def _cell(form: str, row: str, column: str, element: str, key: str = "", required: bool = False) -> CellInfo:
    return CellInfo(
        form=form,
        row=row,
        column=column,
        element_id=0,
        element=element,
        element_name=element,
        option_key=key,
        kind="input",
        required=required,
        value_type=ValueType.INTEGER,
        decimals=0,
        aggregation_units=UnitAggregation.SUM,
    )


def _figures(numbers: dict[tuple[str, str], float]) -> Figures:
    cells = [
        _cell("B01", "R01", "C1", "HOC_SINH", "cap_hoc=tieu_hoc;gioi_tinh=nam"),
        _cell("B01", "R01", "C2", "HOC_SINH", "cap_hoc=tieu_hoc;gioi_tinh=nu"),
        _cell("B01", "R02", "C1", "HOC_SINH", "cap_hoc=thcs;gioi_tinh=nam"),
        _cell("B01", "R02", "C2", "HOC_SINH", "cap_hoc=thcs;gioi_tinh=nu"),
        _cell("B01", "R03", "C1", "TRUONG", "", required=True),
    ]
    index = FormIndex(1, {c.key: c for c in cells}, {(c.form, c.row, c.column): c for c in cells}, {}, [])
    return Figures(index, numbers)


def test_an_option_filter_sums_over_the_other_categories() -> None:
    figures = _figures(
        {
            ("HOC_SINH", "cap_hoc=tieu_hoc;gioi_tinh=nam"): 10,
            ("HOC_SINH", "cap_hoc=tieu_hoc;gioi_tinh=nu"): 12,
            ("HOC_SINH", "cap_hoc=thcs;gioi_tinh=nam"): 7,
            ("HOC_SINH", "cap_hoc=thcs;gioi_tinh=nu"): 9,
        }
    )
    read = Reading(figures, "B01")
    assert calc("HOC_SINH[cap_hoc=tieu_hoc]", read) == 22
    assert calc("HOC_SINH[gioi_tinh=nu]", read) == 21
    assert calc("HOC_SINH", read) == 38
    assert calc("HOC_SINH[cap_hoc=thcs; gioi_tinh=nu]", read) == 9
    assert calc("R01.C2 + B01!R02.C2", read) == 21
    assert read.addresses()[:2] == ["B01!R01.C1", "B01!R01.C2"]


def test_an_incomplete_breakdown_is_missing_and_required_cells_are_named() -> None:
    figures = _figures({("HOC_SINH", "cap_hoc=tieu_hoc;gioi_tinh=nam"): 10})
    read = Reading(figures, "B01")
    assert calc("HOC_SINH[cap_hoc=tieu_hoc]", read) is None
    assert [c.address for c in read.missing] == ["B01!R01.C2"]
    assert not read.required_missing()
    calc("TRUONG", read)
    assert [c.address for c in read.required_missing()] == ["B01!R03.C1"]


def test_unknown_references_are_reported() -> None:
    read = Reading(_figures({}), "B01")
    assert calc("KHONG_CO + R09.C9", read) is None
    assert read.unknown == ["KHONG_CO", "B01!R09.C9"]
    assert math.isclose(evaluate(Num(2.5), read) or 0, 2.5)
