"""The indicator language: the arithmetic of ``baocao.regimes.grammar`` (same tokens, tree and character
positions) plus time functions, without cells or comparisons.

    indicator  := sum
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
from functools import lru_cache

from baocao.regimes import grammar
from baocao.regimes.expressions import references
from baocao.regimes.grammar import Binary, Call, Comparison, Expr, ExpressionError, Name, Num, Unary

__all__ = [
    "INDICATORS",
    "TIME_FUNCTIONS",
    "Binary",
    "Call",
    "Expr",
    "ExpressionError",
    "Name",
    "Num",
    "Ref",
    "Unary",
    "names",
    "parse",
    "position_of",
]

TIME_FUNCTIONS = ("growth", "yoy", "ytd")
INDICATORS = grammar.Grammar(
    {**dict.fromkeys(TIME_FUNCTIONS, (1, 1)), "abs": (1, 1), "min": (1, 999), "max": (1, 999)},
    comparison=False,
    cells=False,
    one_option=True,
    at_comma=frozenset(TIME_FUNCTIONS),
)


@lru_cache(maxsize=4096)
def parse(text: str) -> Expr:
    """The tree of an indicator expression; ``ExpressionError`` (with ``position``) if it cannot be read.
    Cached: every answer about indicators compiles them again, and a tree is immutable."""
    node = grammar.parse(text, INDICATORS)
    assert not isinstance(node, Comparison)  # the grammar allows none
    return node


def position_of(text: str, code: str) -> int:
    """Where ``code`` is first referred to in ``text`` (1-based), for errors found after parsing."""
    return grammar.position_of(text, code, INDICATORS)


def names(node: Expr) -> list[Name]:
    """Every reference in the tree, in reading order."""
    return [ref for ref in references(node) if isinstance(ref, Name)]


@dataclass(frozen=True)
class Ref:
    """A data element with at most one option (``category=option``; "" for the total)."""

    element: str
    option: str = ""

    @classmethod
    def of(cls, name: Name) -> Ref:
        return cls(name.code, name.option_key())
