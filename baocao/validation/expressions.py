"""The rule language of validation: the grammar of ``baocao.regimes.grammar`` with ``SUM``, ``MIN`` and
``MAX`` of one or more arguments and a tolerance on the comparison (``Check``)::

    rule       := sum [COMPARE sum [TOLERANCE]]
    TOLERANCE  := ("±" | "+-") NUMBER ["%"]            absolute, or % of the larger side
    FUNCTION   := SUM | ABS | MIN | MAX                  (any case)

Rules come from regime files, whose loader reads them with ``regimes.expressions.parse`` (no ``SUM``,
no tolerance) and stores ``render``-ed text, so every stored rule parses here to the same tree.
``ExpressionError.position`` is 1-based; ``compare`` decides a comparison with a rounding epsilon.
"""

from __future__ import annotations

from baocao.regimes import grammar
from baocao.regimes.expressions import Parsed, render

__all__ = ["EPSILON", "FUNCTIONS", "RULES", "compare", "parse_rule", "render_rule"]

FUNCTIONS = {"sum": (1, 999), "abs": (1, 1), "min": (1, 999), "max": (1, 999)}
RULES = grammar.Grammar(FUNCTIONS, tolerance=True)
EPSILON = 1e-9  # relative: == on numbers that went through decimal rounding


def parse_rule(text: str) -> Parsed:
    """The tree of a rule or formula; ``ExpressionError`` (with ``position``) when it cannot be read."""
    return grammar.parse(text, RULES)


def render_rule(node: Parsed) -> str:
    """Canonical text keeping a tolerance: ``A == B ± 0.5`` or ``± 1%``."""
    return render(node)


def compare(op: str, left: float, right: float, tolerance: float = 0.0, relative: bool = False) -> bool:
    """``left op right`` allowing ``tolerance`` (absolute, or percent of the larger side) and a tiny
    relative epsilon, so ``0.1 + 0.2 == 0.3`` holds."""
    allowed = tolerance * max(abs(left), abs(right)) / 100 if relative else tolerance
    noise = EPSILON * max(1.0, abs(left), abs(right))
    difference = left - right
    if op == "==":
        return abs(difference) <= allowed + noise
    if op == "!=":
        return abs(difference) > allowed + noise
    if op == "<":
        return difference < allowed - noise
    if op == "<=":
        return difference <= allowed + noise
    if op == ">":
        return difference > -allowed + noise
    return difference >= -allowed - noise
