"""The formula and rule grammar shared by the loader, the write path and validation (no database)."""

from __future__ import annotations

import pytest

from baocao.regimes import expressions as ex


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
    ("text", "problem"),
    [
        ("R01.C1 +", "expected a number, a cell or a data element before 'end'"),
        ("R01.C1 == R02.C1 == R03.C1", "unexpected '==' at the end"),
        ("sum(R01.C1)", "no function 'sum'"),
        ("R01.C1 % 2", "cannot read '% 2'"),
        ("HOC_SINH[gioi_tinh]", "must read category=option"),
        ("B01!R01", "lacks a column"),
        ("(R01.C1", "expected ')'"),
    ],
)
def test_bad_expressions_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ex.ExpressionError) as caught:
        ex.parse(text)
    assert problem in caught.value.message_en and caught.value.message
