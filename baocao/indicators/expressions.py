"""The indicator language: the arithmetic of validation rules (``baocao.validation.expressions``, same
tokens, tree and character positions) plus time functions, without cells or comparisons.

    indicator  := sum
    sum        := term {("+" | "-") term}
    term       := unary {("*" | "/") unary}
    unary      := ("-" | "+") unary | atom
    atom       := NUMBER | ref | FUNCTION "(" sum {"," sum} ")" | "(" sum ")"
    ref        := CODE ["[" category "=" option "]"]      a data element (with one disaggregation
                                                          option) or another indicator (no brackets)
    FUNCTION   := growth | yoy | ytd | abs | min | max   (any case)

``growth(x)`` and ``yoy(x)`` are percent changes against the previous period and the same period last
year, ``ytd(x)`` is ``x`` from 1 January to the end of the period (see docs/analytics.md).
``ExpressionError.position`` is 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass

from baocao.regimes.expressions import Binary, Call, Expr, Name, Num, Unary
from baocao.validation.expressions import FUNCTIONS as ARITHMETIC
from baocao.validation.expressions import ExpressionError, _Parser, _shown, _Token, _tokens

__all__ = ["TIME_FUNCTIONS", "Binary", "Call", "Expr", "ExpressionError", "Name", "Num", "Unary", "parse"]

TIME_FUNCTIONS = ("growth", "yoy", "ytd")
KNOWN = (*TIME_FUNCTIONS, *(f for f in ARITHMETIC if f != "sum"))


class _IndicatorParser(_Parser):
    def call(self, name: _Token) -> Expr:
        function = name.text.lower()
        if function in ARITHMETIC and function != "sum":
            return super().call(name)
        if function not in TIME_FUNCTIONS:
            known = ", ".join(KNOWN)
            raise ExpressionError(
                name.position,
                f"không có hàm '{name.text}' (có: {known})",
                f"no function '{name.text}' ({known})",
            )
        self.expect("(")
        argument = self.sum()
        if self.peek().text == ",":
            raise ExpressionError(
                self.peek().position, f"hàm {function} nhận đúng một đối số", f"{function} takes one argument"
            )
        self.expect(")")
        return Call(function, (argument,))

    def reference(self, token: _Token) -> Expr:
        if "." in token.text or "!" in token.text:
            raise ExpressionError(
                token.position,
                f"'{token.text}' là ô biểu mẫu; chỉ tiêu tổng hợp chỉ dùng mã chỉ tiêu",
                f"'{token.text}' is a form cell; an indicator uses element or indicator codes only",
            )
        node = super().reference(token)
        assert isinstance(node, Name)
        if node.options and len(node.options) > 1:
            raise ExpressionError(
                token.position + len(token.text),
                "mỗi tham chiếu chỉ lọc theo một phân tổ",
                "a reference filters on one disaggregation only",
            )
        return node


def parse(text: str) -> Expr:
    """The tree of an indicator expression; ``ExpressionError`` (with ``position``) if it cannot be read."""
    if not text.strip():
        raise ExpressionError(1, "biểu thức rỗng", "the expression is empty")
    parser = _IndicatorParser(text)
    node = parser.sum()
    rest = parser.peek()
    if rest.kind != "end":
        vi, en = _shown(rest)
        raise ExpressionError(rest.position, f"thừa {vi}", f"unexpected {en}")
    return node


def position_of(text: str, code: str) -> int:
    """Where ``code`` is first referred to in ``text`` (1-based), for errors found after parsing."""
    for token in _tokens(text):
        if token.kind == "ref" and token.text == code:
            return token.position
    return 1


def names(node: Expr) -> list[Name]:
    """Every reference in the tree, in reading order."""
    if isinstance(node, Name):
        return [node]
    if isinstance(node, Unary):
        return names(node.operand)
    if isinstance(node, Binary):
        return names(node.left) + names(node.right)
    if isinstance(node, Call):
        return [n for a in node.args for n in names(a)]
    return []


@dataclass(frozen=True)
class Ref:
    """A data element with at most one option (``category=option``; "" for the total)."""

    element: str
    option: str = ""

    @classmethod
    def of(cls, name: Name) -> Ref:
        return cls(name.code, name.option_key())
