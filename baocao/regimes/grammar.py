"""One tokenizer and one parser for every expression language: formulas of computed cells and the
rules of regime files (``regimes.expressions``), validation rules (``validation.expressions``) and
indicators (``indicators.expressions``). What a language allows on top of the shared arithmetic is a
``Grammar`` its module declares; the tree is the same for all.

    top        := sum [COMPARE sum [TOLERANCE]]             comparison, tolerance: when allowed
    COMPARE    := "==" | "!=" | "<" | "<=" | ">" | ">="
    TOLERANCE  := ("±" | "+-") NUMBER ["%"]                 absolute, or % of the larger side
    sum        := term {("+" | "-") term}
    term       := unary {("*" | "/") unary}
    unary      := ("-" | "+") unary | atom
    atom       := NUMBER | cell | name | FUNCTION "(" sum {"," sum} ")" | "(" sum ")"
    cell       := [FORM "!"] ROW "." COLUMN                 R01.C1, B01!R01.C1 (when allowed)
    name       := CODE ["[" category "=" option {";" category "=" option} "]"]
                                                            THU_NSNN, HOC_SINH[cap_hoc=tieu_hoc]
    NUMBER     := DIGITS ["." DIGITS] [("e" | "E") ["+" | "-"] DIGITS]

Form and row codes start with a letter, so ``1.5`` is always a number and ``R1.C5`` always a cell.
Function names are read in any case and kept in lower case. ``ExpressionError`` says what is wrong in
Vietnamese and English and where: ``position`` is the 1-based character.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Union

COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
TOLERANCES = ("±", "+-")


class ExpressionError(ValueError):
    """An expression that cannot be read; ``position`` is the 1-based character where the problem is."""

    def __init__(self, position: int, message: str, message_en: str) -> None:
        super().__init__(f"{message_en} (position {position})")
        self.position = position
        self.reason = message
        self.reason_en = message_en
        self.message = f"{message} (vị trí {position})"
        self.message_en = f"{message_en} (position {position})"


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


@dataclass(frozen=True)
class Check(Comparison):
    """A comparison with a tolerance: ``tolerance`` absolute, or percent of the larger side."""

    tolerance: float = 0.0
    relative: bool = False


Expr = Union[Num, Cell, Name, Unary, Binary, Call]  # noqa: UP007 - a runtime alias of dataclasses
Parsed = Union[Expr, Comparison]  # noqa: UP007


@dataclass(frozen=True)
class Grammar:
    """What one language accepts on top of the shared arithmetic."""

    functions: Mapping[str, tuple[int, int]]  # lower-case name → (fewest, most) arguments
    comparison: bool = True  # ``sum COMPARE sum`` at the top
    tolerance: bool = False  # ``± 0.5`` or ``± 1%`` after the comparison (a ``Check``)
    cells: bool = True  # False: codes only, a cell is an error
    one_option: bool = False  # at most one ``category=option`` in the brackets
    # functions whose argument beyond the most is refused at its comma rather than at the name
    at_comma: frozenset[str] = frozenset()


_OPS = r"==|!=|<=|>=|[<>+\-*/(),]"
_PATTERN = r"""(?P<number>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
  | (?P<ref>[A-Za-z_][A-Za-z0-9_]*(?:![A-Za-z_][A-Za-z0-9_]*)?(?:\.[A-Za-z0-9_]+)?)
  | (?P<options>\[[^\]]*\]?)
  | (?P<op>{ops})"""
# "±", "+-" and "%" are tokens only where a tolerance may be written: elsewhere "a +- b" is a + (-b)
# and "%" a character the language does not know.
_TOKENS = {
    False: re.compile(_PATTERN.format(ops=_OPS), re.VERBOSE),
    True: re.compile(_PATTERN.format(ops=r"\+-|±|%|" + _OPS), re.VERBOSE),
}
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")


@dataclass(frozen=True)
class Token:
    kind: str  # number | ref | options | op | end
    text: str
    position: int  # 1-based


def tokenize(text: str, grammar: Grammar) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token one character past the text."""
    pattern = _TOKENS[grammar.tolerance]
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = pattern.match(text, pos)
        if match is None:
            shown = text[pos : pos + 12]
            raise ExpressionError(pos + 1, f"không hiểu '{shown}'", f"cannot read '{shown}'")
        tokens.append(Token(match.lastgroup or "op", match.group(), pos + 1))
        pos = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def parse(text: str, grammar: Grammar) -> Parsed:
    """The tree of ``text`` in ``grammar``; ``ExpressionError`` (with ``position``) when it cannot be read."""
    if not text.strip():
        raise ExpressionError(1, "biểu thức rỗng", "the expression is empty")
    parser = _Parser(text, grammar)
    node = parser.top()
    rest = parser.peek()
    if rest.kind != "end":
        vi, en = _shown(rest)
        raise ExpressionError(rest.position, f"thừa {vi} ở cuối biểu thức", f"unexpected {en} at the end")
    return node


def position_of(text: str, code: str, grammar: Grammar) -> int:
    """Where ``code`` is first referred to in ``text`` (1-based; 1 if nowhere), for errors found after
    parsing (an unknown name, a cycle)."""
    for token in tokenize(text, grammar):
        if token.kind == "ref" and token.text == code:
            return token.position
    return 1


def _shown(token: Token) -> tuple[str, str]:
    return (f"'{token.text}'", f"'{token.text}'") if token.text else ("hết biểu thức", "'end'")


def _number(token: Token) -> float:
    value = float(token.text)
    if not math.isfinite(value):  # 1e999: no figure is that large, and it could not be written back
        raise ExpressionError(
            token.position, f"số '{token.text}' quá lớn", f"number '{token.text}' is too large"
        )
    return value


def _arity(position: int, written: str, low: int, high: int) -> ExpressionError:
    if low == high:
        vi, en = f"đúng {low}", f"exactly {low}"
    else:
        vi, en = f"từ {low} đến {high}", f"{low} to {high}"
    return ExpressionError(position, f"hàm {written} nhận {vi} đối số", f"{written} takes {en} argument(s)")


class _Parser:
    def __init__(self, text: str, grammar: Grammar) -> None:
        self.grammar = grammar
        self.tokens = tokenize(text, grammar)
        self.at = 0

    def peek(self) -> Token:
        return self.tokens[self.at]

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.take()
        if token.text != text:
            vi, en = _shown(token)
            raise ExpressionError(
                token.position, f"thiếu '{text}' trước {vi}", f"expected '{text}' before {en}"
            )
        return token

    def top(self) -> Parsed:
        left = self.sum()
        if not self.grammar.comparison or self.peek().text not in COMPARISONS:
            return left
        op = self.take().text
        right = self.sum()
        if self.peek().text not in TOLERANCES:  # never a token where no tolerance is allowed
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
        return Check(op, left, right, _number(number), relative)

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
            return Num(_number(token))
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
            f"expected a number, a cell or a data element before {en}",
        )

    def call(self, name: Token) -> Expr:
        function, functions = name.text.lower(), self.grammar.functions
        if function not in functions:
            known = ", ".join(functions)
            raise ExpressionError(
                name.position,
                f"không có hàm '{name.text}' (các hàm: {known})",
                f"no function '{name.text}' (functions: {known})",
            )
        low, high = functions[function]
        self.expect("(")
        args = [self.sum()]
        while self.peek().text == ",":
            comma = self.take()
            if function in self.grammar.at_comma and len(args) == high:
                raise _arity(comma.position, name.text, low, high)
            args.append(self.sum())
        self.expect(")")
        if not low <= len(args) <= high:
            raise _arity(name.position, name.text, low, high)
        return Call(function, tuple(args))

    def reference(self, token: Token) -> Expr:
        text = token.text
        if not self.grammar.cells and ("." in text or "!" in text):
            raise ExpressionError(
                token.position,
                f"'{text}' là ô biểu mẫu; biểu thức này chỉ dùng mã chỉ tiêu",
                f"'{text}' is a form cell; this expression takes element or indicator codes only",
            )
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
        brackets = self.take()
        options = _options(brackets)
        if self.grammar.one_option and len(options) > 1:
            raise ExpressionError(
                brackets.position,
                "mỗi tham chiếu chỉ lọc theo một phân tổ",
                "a reference filters on one disaggregation only",
            )
        return Name(text, options)


def _options(token: Token) -> tuple[tuple[str, str], ...]:
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
