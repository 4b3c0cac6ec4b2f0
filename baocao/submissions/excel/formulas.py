"""Computed cells as Excel formulas that behave like the server's (``baocao.regimes.expressions``).

The server leaves a computed cell empty when a value it needs is missing or on division by zero,
where Excel would count a blank as 0 or show ``#DIV/0!``; so a formula reads
``=IF(COUNT(D12,D13)<2,"",IFERROR(D12+D13,""))``: blank until every cell it needs is filled.
The server still computes these cells itself; what Excel shows is only a help while filling in.
"""

from __future__ import annotations

from collections.abc import Callable

from baocao.regimes import expressions as ex

# Where a reference sits in the workbook: an address (``D12`` or ``'Biểu 02'!D12``), or None.
Locate = Callable[[ex.Cell | ex.Name], str | None]


class UnmappedReference(ValueError):
    """A formula names a cell that is not in the template (then the cell stays blank in Excel)."""


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _render(node: ex.Expr, locate: Locate, refs: list[str]) -> str:
    if isinstance(node, ex.Num):
        return _number(node.value)
    if isinstance(node, ex.Cell | ex.Name):
        address = locate(node)
        if address is None:
            raise UnmappedReference(ex.render(node))
        if address not in refs:
            refs.append(address)
        return address
    if isinstance(node, ex.Unary):
        return f"-({_render(node.operand, locate, refs)})"
    if isinstance(node, ex.Call):
        args = ",".join(_bare(_render(a, locate, refs)) for a in node.args)
        return f"{node.function.upper()}({args})"
    return f"({_render(node.left, locate, refs)}{node.op}{_render(node.right, locate, refs)})"


def excel_formula(formula: ex.Expr, locate: Locate) -> str | None:
    """The Excel formula of a computed cell; None if it refers outside the template."""
    refs: list[str] = []
    try:
        body = _render(formula, locate, refs)
    except UnmappedReference:
        return None
    body = _bare(body)
    if not refs:
        return f"={body}"
    return f'=IF(COUNT({",".join(refs)})<{len(refs)},"",IFERROR({body},""))'


def _bare(text: str) -> str:
    """Without the parentheses around the whole of it (``(a+b)`` → ``a+b``, ``(a)+(b)`` unchanged)."""
    return text[1:-1] if text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]) else text


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
