"""Formulas of computed cells and expressions of validation rules in regime files, and what the
callers do with a tree: references, substitution, canonical text, evaluation.

The grammar (``baocao.regimes.grammar``) is shared with validation rules and indicators; here it
allows comparisons (a rule) but neither ``sum`` nor a tolerance, and ``min``/``max`` of two or more::

    R01.C1 + R02.C1            B01!R05.C1 <= B01!R04.C1            abs(HOC_SINH[cap_hoc=tieu_hoc] - 3)

A bare name is a row code in a row's formula, a column code in a column's formula, and a data element
(with its disaggregation options) in a rule. The validation and submission code evaluate parsed
expressions with ``evaluate`` (a missing value makes the result None, never 0: an empty cell must not
pass a rule by accident).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from baocao.regimes import grammar
from baocao.regimes.grammar import (
    COMPARISONS,
    Binary,
    Call,
    Cell,
    Check,
    Comparison,
    Expr,
    ExpressionError,
    Name,
    Num,
    Parsed,
    Unary,
)

__all__ = [
    "COMPARISONS",
    "FORMULAS",
    "FUNCTIONS",
    "Binary",
    "Call",
    "Cell",
    "Check",
    "Comparison",
    "Expr",
    "ExpressionError",
    "Name",
    "Num",
    "Parsed",
    "Unary",
    "children",
    "evaluate",
    "holds",
    "parse",
    "references",
    "render",
    "substitute",
]

FUNCTIONS = {"abs": (1, 1), "min": (2, 99), "max": (2, 99)}
FORMULAS = grammar.Grammar(FUNCTIONS)


def parse(text: str) -> Parsed:
    """Parse a formula or rule; ExpressionError says what is wrong and where, in Vietnamese and English."""
    return grammar.parse(text, FORMULAS)


def children(node: Parsed) -> tuple[Parsed, ...]:
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary | Comparison):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def references(node: Parsed) -> Iterator[Cell | Name]:
    """Cells and names in the order they are written."""
    if isinstance(node, Cell | Name):
        yield node
    for child in children(node):
        yield from references(child)


def substitute(node: Parsed, replace: Callable[[Cell | Name], Expr]) -> Parsed:
    """A copy with every reference replaced (e.g. a row formula's row codes by cells)."""
    if isinstance(node, Cell | Name):
        return replace(node)
    if isinstance(node, Unary):
        return Unary(_expr(substitute(node.operand, replace)))
    if isinstance(node, Binary):
        return Binary(node.op, _expr(substitute(node.left, replace)), _expr(substitute(node.right, replace)))
    if isinstance(node, Comparison):  # dataclasses.replace keeps a Check's tolerance
        left, right = _expr(substitute(node.left, replace)), _expr(substitute(node.right, replace))
        return dataclasses.replace(node, left=left, right=right)
    if isinstance(node, Call):
        return Call(node.function, tuple(_expr(substitute(a, replace)) for a in node.args))
    return node


def _expr(node: Parsed) -> Expr:
    assert not isinstance(node, Comparison)
    return node


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(node: Parsed, form: str | None = None) -> str:
    """Canonical text: single spaces around operators, parentheses only where needed; a tolerance as
    ``A == B ± 0.5`` or ``± 1%``."""
    if isinstance(node, Num):
        # repr is the shortest text that reads back to the same float (":g" kept 6 digits only)
        return repr(node.value) if node.value != int(node.value) else str(int(node.value))
    if isinstance(node, Cell):
        return node.address(form)
    if isinstance(node, Name):
        return f"{node.code}[{node.option_key()}]" if node.options is not None else node.code
    if isinstance(node, Unary):
        inner = render(node.operand, form)
        return f"-({inner})" if isinstance(node.operand, Binary) else f"-{inner}"
    if isinstance(node, Call):
        return f"{node.function}({', '.join(render(a, form) for a in node.args)})"
    if isinstance(node, Check):
        tolerance = f" ± {render(Num(node.tolerance))}{'%' if node.relative else ''}"
        return f"{render(node.left, form)} {node.op} {render(node.right, form)}{tolerance}"
    if isinstance(node, Comparison):
        return f"{render(node.left, form)} {node.op} {render(node.right, form)}"
    left, right = render(node.left, form), render(node.right, form)
    if isinstance(node.left, Binary) and _PRECEDENCE[node.left.op] < _PRECEDENCE[node.op]:
        left = f"({left})"
    if isinstance(node.right, Binary) and _PRECEDENCE[node.right.op] <= _PRECEDENCE[node.op]:
        right = f"({right})"
    return f"{left} {node.op} {right}"


def evaluate(node: Expr, value_of: Callable[[Cell | Name], float | None]) -> float | None:
    """The value of an arithmetic expression; None when a value it needs is missing or on division by 0."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Cell | Name):
        return value_of(node)
    if isinstance(node, Unary):
        inner = evaluate(node.operand, value_of)
        return None if inner is None else -inner
    if isinstance(node, Call):
        args = [evaluate(a, value_of) for a in node.args]
        present = [a for a in args if a is not None]
        if len(present) < len(args):
            return None
        if node.function == "abs":
            return abs(present[0])
        if node.function == "min":
            return min(present)
        if node.function == "max":
            return max(present)
        if node.function == "sum":
            return sum(present)
        raise ValueError(f"no arithmetic function '{node.function}'")  # e.g. an indicator's growth()
    left, right = evaluate(node.left, value_of), evaluate(node.right, value_of)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return None if right == 0 else left / right


def holds(op: str, left: float, right: float, tolerance: float = 0.0) -> bool:
    """Whether ``left op right`` holds, allowing ``tolerance`` (absolute) for rounding in reports."""
    if op == "==":
        return abs(left - right) <= tolerance
    if op == "!=":
        return abs(left - right) > tolerance
    if op == "<":
        return left < right + tolerance
    if op == "<=":
        return left <= right + tolerance
    if op == ">":
        return left + tolerance > right
    return left + tolerance >= right
