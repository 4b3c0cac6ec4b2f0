"""The rule language of validation, parsed without ``eval``; errors point at the character.

    rule       := sum [COMPARE sum [TOLERANCE]]
    COMPARE    := "==" | "!=" | "<" | "<=" | ">" | ">="
    TOLERANCE  := ("±" | "+-") NUMBER ["%"]            absolute, or % of the larger side
    sum        := term {("+" | "-") term}
    term       := unary {("*" | "/") unary}
    unary      := ("-" | "+") unary | atom
    atom       := NUMBER | cell | element | FUNCTION "(" sum {"," sum} ")" | "(" sum ")"
    cell       := [FORM "!"] ROW "." COLUMN              R01.C1, B01!R01.C1
    element    := CODE ["[" cat "=" opt {";" cat "=" opt} "]"]   THU_NSNN, HOC_SINH[gioi_tinh=nu]
    FUNCTION   := SUM | ABS | MIN | MAX                  (any case)

The tree is the one of ``baocao.regimes.expressions`` (Num, Cell, Name, Unary, Binary, Call,
Comparison), so regime files, formulas and rules share one grammar; this parser adds positions in
errors, ``SUM`` and a tolerance on the comparison (``Check``). ``parse_rule`` is what a regime loader
calls; ``ExpressionError.position`` is 1-based.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from baocao.regimes import expressions as shared
from baocao.regimes.expressions import Binary, Call, Cell, Comparison, Expr, Name, Num, Parsed, Unary

__all__ = [
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
    "compare",
    "evaluate",
    "parse_rule",
    "render_rule",
]

COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
FUNCTIONS = {"sum": (1, 999), "abs": (1, 1), "min": (1, 999), "max": (1, 999)}
EPSILON = 1e-9  # relative: == on numbers that went through decimal rounding

_TOKEN = re.compile(
    r"""(?P<number>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
      | (?P<ref>[A-Za-z_][A-Za-z0-9_]*(?:![A-Za-z_][A-Za-z0-9_]*)?(?:\.[A-Za-z0-9_]+)?)
      | (?P<options>\[[^\]]*\]?)
      | (?P<op>==|!=|<=|>=|\+-|±|[<>+\-*/(),%])""",
    re.VERBOSE,
)
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")


class ExpressionError(shared.ExpressionError):
    """A rule that cannot be read; ``position`` is the 1-based character where the problem is."""

    def __init__(self, position: int, message: str, message_en: str) -> None:
        super().__init__(f"{message} (vị trí {position})", f"{message_en} (position {position})")
        self.position = position
        self.reason = message
        self.reason_en = message_en


@dataclass(frozen=True)
class Check(Comparison):
    """A comparison with a tolerance: ``tolerance`` absolute, or percent of the larger side."""

    tolerance: float = 0.0
    relative: bool = False


@dataclass(frozen=True)
class _Token:
    kind: str  # number | ref | op | end
    text: str
    position: int  # 1-based


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        if match is None:
            shown = text[pos : pos + 12]
            raise ExpressionError(pos + 1, f"không hiểu '{shown}'", f"cannot read '{shown}'")
        kind = match.lastgroup or "op"
        tokens.append(_Token(kind, match.group(), pos + 1))
        pos = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


def _shown(token: _Token) -> tuple[str, str]:
    return (f"'{token.text}'", f"'{token.text}'") if token.text else ("hết biểu thức", "the end")


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, text: str) -> _Token:
        token = self.take()
        if token.text != text:
            vi, en = _shown(token)
            raise ExpressionError(
                token.position, f"thiếu '{text}' trước {vi}", f"expected '{text}' before {en}"
            )
        return token

    def rule(self) -> Parsed:
        left = self.sum()
        if self.peek().text not in COMPARISONS:
            return left
        op = self.take().text
        right = self.sum()
        if self.peek().text not in ("±", "+-"):
            return Comparison(op, left, right)
        self.take()
        number = self.take()
        if number.kind != "number":
            vi, en = _shown(number)
            raise ExpressionError(
                number.position,
                f"sau '±' phải là một số, gặp {vi}",
                f"expected a number after '±', found {en}",
            )
        relative = self.peek().text == "%"
        if relative:
            self.take()
        return Check(op, left, right, float(number.text), relative)

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
        if self.peek().text == "+":
            self.take()
            return self.unary()
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
            if self.peek().text == "(":
                return self.call(token)
            return self.reference(token)
        vi, en = _shown(token)
        raise ExpressionError(
            token.position,
            f"cần một số, một ô hoặc một chỉ tiêu, gặp {vi}",
            f"expected a number, a cell or a data element, found {en}",
        )

    def call(self, name: _Token) -> Expr:
        function = name.text.lower()
        if function not in FUNCTIONS:
            known = ", ".join(f.upper() for f in FUNCTIONS)
            raise ExpressionError(
                name.position,
                f"không có hàm '{name.text}' (có: {known})",
                f"no function '{name.text}' ({known})",
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
                name.position,
                f"hàm {function.upper()} nhận từ {low} đến {high} đối số",
                f"{function.upper()} takes {low} to {high} argument(s)",
            )
        return Call(function, tuple(args))

    def reference(self, token: _Token) -> Expr:
        text = token.text
        if "." in text:
            form, _, address = text.rpartition("!")
            row, _, column = address.partition(".")
            if self.peek().kind == "options":
                raise ExpressionError(
                    self.peek().position, f"ô '{text}' không nhận phân tổ", f"cell '{text}' takes no options"
                )
            return Cell(form or None, row, column)
        if "!" in text:
            raise ExpressionError(
                token.position + len(text),
                f"'{text}' thiếu cột: viết BIỂU!DÒNG.CỘT",
                f"'{text}' lacks a column: write FORM!ROW.COLUMN",
            )
        if self.peek().kind != "options":
            return Name(text)
        return Name(text, _options(self.take()))


def _options(token: _Token) -> tuple[tuple[str, str], ...]:
    """``[gioi_tinh=nu; cap_hoc=tieu_hoc]`` → sorted pairs; errors point inside the brackets."""
    if not token.text.endswith("]"):
        raise ExpressionError(token.position, "thiếu ']' đóng phân tổ", "missing ']' after the options")
    inner, offset = token.text[1:-1], token.position + 1
    pairs: dict[str, str] = {}
    for part in re.finditer(r"[^;,]+", inner):
        if not part.group().strip():
            continue
        where = offset + part.start() + len(part.group()) - len(part.group().lstrip())
        category, equals, option = (p.strip() for p in part.group().partition("="))
        if not equals or not _CODE.fullmatch(category) or not _CODE.fullmatch(option):
            shown = part.group().strip()
            raise ExpressionError(
                where,
                f"phân tổ '{shown}' phải có dạng phan_to=phuong_an",
                f"option '{shown}' must read category=option",
            )
        if category in pairs:
            raise ExpressionError(where, f"phân tổ '{category}' bị lặp", f"category '{category}' repeats")
        pairs[category] = option
    return tuple(sorted(pairs.items()))


def parse_rule(text: str) -> Parsed:
    """The tree of a rule or formula; ``ExpressionError`` (with ``position``) when it cannot be read."""
    if not text.strip():
        raise ExpressionError(1, "biểu thức rỗng", "the expression is empty")
    parser = _Parser(text)
    node = parser.rule()
    rest = parser.peek()
    if rest.kind != "end":
        raise ExpressionError(rest.position, f"thừa '{rest.text}'", f"unexpected '{rest.text}'")
    return node


def render_rule(node: Parsed) -> str:
    """Canonical text (``shared.render``) keeping a tolerance: ``A == B ± 0.5`` or ``± 1%``."""
    if isinstance(node, Check):
        tolerance = shared.render(Num(node.tolerance))
        return f"{shared.render(node)} ± {tolerance}{'%' if node.relative else ''}"
    return shared.render(node)


def evaluate(node: Expr, value_of: Callable[[Cell | Name], float | None]) -> float | None:
    """The value of an arithmetic expression: None when an input is missing or on division by zero."""
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
        return sum(present)
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
