"""The formula and rule grammar shared by the loader, the write path and validation (no database)."""

from __future__ import annotations

import pytest

from baocao.regimes import expressions as ex
from baocao.validation.expressions import parse_rule


def test_parse_render_and_references() -> None:
    parsed = ex.parse(
        "B01!R01.C1 >= -(R02.C1 + 2.5) * HOC_SINH[gioi_tinh=nu; cap_hoc=tieu_hoc] / max(R03.C1, 1)"
    )
    assert isinstance(parsed, ex.Comparison) and parsed.op == ">="
    assert ex.render(parsed) == (
        "B01!R01.C1 >= -(R02.C1 + 2.5) * HOC_SINH[cap_hoc=tieu_hoc;gioi_tinh=nu] / max(R03.C1, 1)"
    )
    assert (
        ex.render(ex.parse("R01.C1 - (R02.C1 - R03.C1)"), form="B02")
        == "B02!R01.C1 - (B02!R02.C1 - B02!R03.C1)"
    )
    refs = list(ex.references(parsed))
    assert refs[0] == ex.Cell("B01", "R01", "C1")
    assert refs[2] == ex.Name("HOC_SINH", (("cap_hoc", "tieu_hoc"), ("gioi_tinh", "nu")))
    assert refs[2].option_key() == "cap_hoc=tieu_hoc;gioi_tinh=nu"  # type: ignore[union-attr]


def test_evaluate_keeps_missing_values_missing() -> None:
    values = {"R01.C1": 10.0, "R02.C1": 4.0, "R03.C1": None}

    def value_of(ref: ex.Cell | ex.Name) -> float | None:
        return values.get(ref.address()) if isinstance(ref, ex.Cell) else None

    assert ex.evaluate(ex.parse("R01.C1 - 2 * R02.C1"), value_of) == 2.0  # type: ignore[arg-type]
    assert ex.evaluate(ex.parse("R01.C1 + R03.C1"), value_of) is None  # type: ignore[arg-type]
    assert ex.evaluate(ex.parse("R01.C1 / (R02.C1 - 4)"), value_of) is None  # type: ignore[arg-type]
    assert ex.evaluate(ex.parse("abs(R02.C1 - R01.C1)"), value_of) == 6.0  # type: ignore[arg-type]
    assert ex.holds("==", 10.04, 10.0, tolerance=0.1) and not ex.holds("==", 10.2, 10.0, tolerance=0.1)


@pytest.mark.parametrize(
    ("text", "position", "problem"),
    [
        ("R01.C1 +", 9, "expected a number, a cell or a data element before 'end'"),
        ("R01.C1 == R02.C1 == R03.C1", 18, "unexpected '==' at the end"),
        ("sum(R01.C1)", 1, "no function 'sum'"),
        ("R01.C1 % 2", 8, "cannot read '% 2'"),
        ("R01.C1 == R02.C1 ± 1", 18, "cannot read '± 1'"),  # a tolerance is for validation rules
        ("min(R01.C1)", 1, "min takes 2 to 99 argument(s)"),
        ("HOC_SINH[gioi_tinh]", 10, "must read category=option"),
        ("B01!R01", 8, "lacks a column"),
        ("(R01.C1", 8, "expected ')'"),
        ("R01.C1 * 1e999", 10, "number '1e999' is too large"),
    ],
)
def test_bad_expressions_say_what_is_wrong_and_where(text: str, position: int, problem: str) -> None:
    with pytest.raises(ex.ExpressionError) as caught:
        ex.parse(text)
    assert problem in caught.value.message_en and caught.value.position == position
    assert (
        f"(vị trí {position})" in caught.value.message and f"(position {position})" in caught.value.message_en
    )


def test_formulas_read_what_render_writes_back() -> None:
    """The loader stores rendered formulas and the write path parses them again: the same tree."""
    for text in ("R01.C1 * 0.00001", "R01.C1 * 1234567.5", "R01.C1 / 3e-7 + 1e20", "-(R01.C1 - 2.5)"):
        parsed = ex.parse(text)
        assert ex.parse(ex.render(parsed)) == parsed, text
    assert ex.render(ex.parse("R01.C1 * 1234567.5")) == "R01.C1 * 1234567.5"  # not 1.23457e+06


def test_the_formula_grammar_next_to_the_rule_grammar() -> None:
    """One parser, two grammars: formulas take any-case abs/min/max, unary plus and exponents, and read
    "+-" as plus minus; rules add SUM and a tolerance, where "+-" is the tolerance."""
    formula = ex.parse("ABS(-R01.C1) + +2 * 1e3 +- MAX(R02.C1, R03.C1)")
    assert ex.render(formula) == "abs(-R01.C1) + 2 * 1000 + -max(R02.C1, R03.C1)"
    values = {"R01.C1": 5.0, "R02.C1": 1.0, "R03.C1": 4.0}
    assert ex.evaluate(formula, lambda ref: values.get(ref.address())) == 2001.0  # type: ignore[arg-type,union-attr]
    rule = parse_rule("SUM(A, B) >= C +- 1%")
    assert isinstance(rule, ex.Check) and rule.relative and ex.render(rule) == "sum(A, B) >= C ± 1%"
    with pytest.raises(ex.ExpressionError) as caught:
        parse_rule("A +- B")
    assert caught.value.position == 3 and "unexpected '+-'" in caught.value.message_en
    with pytest.raises(ValueError, match="growth"):  # time functions are the indicators' to evaluate
        ex.evaluate(ex.Call("growth", (ex.Num(1),)), lambda ref: None)
