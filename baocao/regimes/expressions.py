"""Formulas of computed cells and expressions of validation rules: one small grammar for both.

    comparison := sum [("==" | "!=" | "<" | "<=" | ">" | ">=") sum]
    sum        := term {("+" | "-") term}
    term       := unary {("*" | "/") unary}
    unary      := "-" unary | atom
    atom       := NUMBER | cell | name | FUNCTION "(" sum {"," sum} ")" | "(" sum ")"
    cell       := [FORM "!"] ROW "." COLUMN             e.g. R01.C1, B01!R01.C1
    name       := CODE ["[" category "=" option {";" category "=" option} "]"]
                                                          e.g. THU_NSNN, HOC_SINH[cap_hoc=tieu_hoc]

A bare name is a row code in a row's formula, a column code in a column's formula, and a data element
(with its disaggregation options) in a rule. Functions: abs, min, max. Form, row and column codes start
with a letter, so ``1.5`` is always a number and ``R1.C5`` always a cell.

The validation and submission code evaluate parsed expressions with ``evaluate`` (a missing value makes
the result None, never 0: an empty cell must not pass a rule by accident).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Union

COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
FUNCTIONS = {"abs": (1, 1), "min": (2, 99), "max": (2, 99)}

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>\d+(?:\.\d+)?)
    | (?P<ref>[A-Za-z_][A-Za-z0-9_]*(?:![A-Za-z_][A-Za-z0-9_]*)?(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
      (?P<options>\[[^\]]*\])?
    | (?P<op>==|!=|<=|>=|<|>|[-+*/(),])
    )""",
    re.VERBOSE,
)
_OPTION = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_-]*)\s*=\s*([A-Za-z0-9][A-Za-z0-9_-]*)\s*$")


class ExpressionError(ValueError):
    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Cell:
    form: str | None
    row: str
    column: str

    def address(self, form: str | None = None) -> str:
        """``R01.C1``, or ``B01!R01.C1`` when the cell names its form (or ``form`` is given)."""
        owner = self.form or form
        return f"{owner}!{self.row}.{self.column}" if owner else f"{self.row}.{self.column}"


@dataclass(frozen=True)
class Name:
    code: str
    options: tuple[tuple[str, str], ...] | None = None  # None: written without brackets

    def option_key(self) -> str:
        return ";".join(f"{c}={o}" for c, o in sorted(self.options or ()))


@dataclass(frozen=True)
class Unary:
    operand: Expr


@dataclass(frozen=True)
class Binary:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Comparison:
    op: str
    left: Expr
    right: Expr


Expr = Union[Num, Cell, Name, Unary, Binary, Call]  # noqa: UP007 - a runtime alias of dataclasses
Parsed = Union[Expr, Comparison]  # noqa: UP007


@dataclass(frozen=True)
class _Token:
    kind: str  # number | ref | op | end
    text: str
    options: str | None = None


def _tokens(text: str) -> list[_Token]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            shown = text[pos:].strip()[:20]
            raise ExpressionError(
                f"không hiểu '{shown}' (vị trí {pos + 1})", f"cannot read '{shown}' (position {pos + 1})"
            )
        kind = next(k for k in ("number", "ref", "op") if match.group(k) is not None)
        tokens.append(_Token(kind, match.group(kind), match.group("options")))
        pos = match.end()
    tokens.append(_Token("end", ""))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, op: str) -> None:
        token = self.take()
        if token.text != op:
            found = token.text or "hết biểu thức"
            raise ExpressionError(
                f"thiếu '{op}' trước '{found}'", f"expected '{op}' before '{token.text or 'end'}'"
            )

    def comparison(self) -> Parsed:
        left = self.sum()
        if self.peek().text in COMPARISONS:
            op = self.take().text
            return Comparison(op, left, self.sum())
        return left

    def sum(self) -> Expr:
        node = self.term()
        while self.peek().text in ("+", "-"):
            op = self.take().text
            node = Binary(op, node, self.term())
        return node

    def term(self) -> Expr:
        node = self.unary()
        while self.peek().text in ("*", "/"):
            op = self.take().text
            node = Binary(op, node, self.unary())
        return node

    def unary(self) -> Expr:
        if self.peek().text == "-":
            self.take()
            return Unary(self.unary())
        return self.atom()

    def atom(self) -> Expr:
        token = self.take()
        if token.kind == "number":
            return Num(float(token.text))
        if token.text == "(":
            node = self.sum()
            self.expect(")")
            return node
        if token.kind == "ref":
            if self.peek().text == "(" and token.options is None:
                return self.call(token.text)
            return _reference(token)
        found = token.text or "hết biểu thức / end"
        raise ExpressionError(
            f"thiếu một số, một ô hoặc một chỉ tiêu trước '{found}'",
            f"expected a number, a cell or a data element before '{token.text or 'end'}'",
        )

    def call(self, function: str) -> Expr:
        if function not in FUNCTIONS:
            raise ExpressionError(
                f"không có hàm '{function}' (các hàm: {', '.join(FUNCTIONS)})",
                f"no function '{function}' (functions: {', '.join(FUNCTIONS)})",
            )
        self.expect("(")
        args = [self.sum()]
        while self.peek().text == ",":
            self.take()
            args.append(self.sum())
        self.expect(")")
        low, high = FUNCTIONS[function]
        if not low <= len(args) <= high:
            raise ExpressionError(
                f"hàm '{function}' nhận từ {low} đến {high} đối số",
                f"'{function}' takes {low} to {high} arguments",
            )
        return Call(function, tuple(args))


def _reference(token: _Token) -> Expr:
    text = token.text
    if "." in text:
        if token.options is not None:
            raise ExpressionError(
                f"ô '{text}' không nhận phân tổ trong [...]", f"cell '{text}' takes no options in [...]"
            )
        form, _, address = text.rpartition("!")
        row, _, column = address.partition(".")
        return Cell(form or None, row, column)
    if "!" in text:
        raise ExpressionError(
            f"'{text}' thiếu cột: viết BIỂU!DÒNG.CỘT", f"'{text}' lacks a column: write FORM!ROW.COLUMN"
        )
    if token.options is None:
        return Name(text)
    pairs: dict[str, str] = {}
    inner = token.options[1:-1]
    for part in filter(None, (p.strip() for p in re.split(r"[;,]", inner))):
        match = _OPTION.match(part)
        if match is None:
            raise ExpressionError(
                f"phân tổ '{part}' phải có dạng phan_to=phuong_an",
                f"option '{part}' must read category=option",
            )
        category, option = match.groups()
        if category in pairs:
            raise ExpressionError(f"phân tổ '{category}' bị lặp", f"category '{category}' is repeated")
        pairs[category] = option
    return Name(text, tuple(sorted(pairs.items())))


def parse(text: str) -> Parsed:
    """Parse a formula or rule; ExpressionError says what is wrong, in Vietnamese and English."""
    if not text.strip():
        raise ExpressionError("biểu thức rỗng", "the expression is empty")
    parser = _Parser(text)
    node = parser.comparison()
    rest = parser.peek()
    if rest.kind != "end":
        raise ExpressionError(f"thừa '{rest.text}' ở cuối biểu thức", f"unexpected '{rest.text}' at the end")
    return node


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
    if isinstance(node, Comparison):
        return Comparison(
            node.op, _expr(substitute(node.left, replace)), _expr(substitute(node.right, replace))
        )
    if isinstance(node, Call):
        return Call(node.function, tuple(_expr(substitute(a, replace)) for a in node.args))
    return node


def _expr(node: Parsed) -> Expr:
    assert not isinstance(node, Comparison)
    return node


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(node: Parsed, form: str | None = None) -> str:
    """Canonical text: single spaces around operators, parentheses only where needed."""
    if isinstance(node, Num):
        return f"{node.value:g}" if node.value != int(node.value) else str(int(node.value))
    if isinstance(node, Cell):
        return node.address(form)
    if isinstance(node, Name):
        return f"{node.code}[{node.option_key()}]" if node.options is not None else node.code
    if isinstance(node, Unary):
        inner = render(node.operand, form)
        return f"-({inner})" if isinstance(node.operand, Binary) else f"-{inner}"
    if isinstance(node, Call):
        return f"{node.function}({', '.join(render(a, form) for a in node.args)})"
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
        if any(a is None for a in args):
            return None
        present = [a for a in args if a is not None]
        return {"abs": lambda: abs(present[0]), "min": lambda: min(present), "max": lambda: max(present)}[
            node.function
        ]()
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
