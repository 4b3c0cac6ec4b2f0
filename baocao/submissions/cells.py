"""Turning what a client sends for one cell into what is stored, by the element's type.

Numbers arrive as JSON numbers or as text (CSV, Excel): ``1234.5`` with a dot, no thousands
separators (``1.234,5`` is ambiguous and refused). ``decimals`` limits the digits after the point;
integers must be whole; booleans accept true/false, 1/0, có/không; dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from baocao.catalog.models import ValueType
from baocao.ledger.canonical import format_number
from baocao.submissions.forms import CellInfo

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
TRUE = frozenset({"true", "1", "có", "co", "yes", "x"})
FALSE = frozenset({"false", "0", "không", "khong", "no"})
MAX_TEXT = 20_000

Raw = float | int | str | bool | None


@dataclass(frozen=True)
class Stored:
    num: float | None
    text: str | None

    @property
    def empty(self) -> bool:
        return self.num is None and (self.text is None or self.text == "")

    def shown(self) -> str | None:
        """How the audit trail and CSV show the value."""
        if self.num is not None:
            return format_number(self.num)
        return self.text or None


EMPTY = Stored(None, None)


class CellValueError(ValueError):
    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


def _number(raw: Raw, cell: CellInfo) -> float:
    if isinstance(raw, bool):
        raise CellValueError("cần một số, nhận được giá trị đúng/sai", "a number is needed, got true/false")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "")
        if not NUMBER.match(text):
            raise CellValueError(
                f"cần một số (dấu chấm thập phân, không dấu phân cách hàng nghìn), nhận được '{raw}'",
                f"a number is needed (decimal point, no thousands separators), got '{raw}'",
            )
        value = float(text)
    if not math.isfinite(value):
        raise CellValueError(f"số không hợp lệ: '{raw}'", f"not a finite number: '{raw}'")
    return value


def _round(value: float, cell: CellInfo) -> float:
    digits = 0 if cell.value_type == ValueType.INTEGER else max(cell.decimals, 0)
    rounded = round(value, digits)
    if abs(rounded - value) > 1e-9 * max(1.0, abs(value)):
        if cell.value_type == ValueType.INTEGER:
            raise CellValueError(
                f"cần một số nguyên, nhận được {value:g}", f"a whole number is needed, got {value:g}"
            )
        raise CellValueError(
            f"tối đa {digits} chữ số sau dấu thập phân, nhận được {format_number(value)}",
            f"at most {digits} digits after the decimal point, got {format_number(value)}",
        )
    return rounded + 0.0  # -0.0 → 0.0


def coerce(cell: CellInfo, raw: Raw) -> Stored:
    """The stored form of ``raw`` for ``cell``; ``CellValueError`` says what is wrong."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return EMPTY
    kind = cell.value_type
    if kind in (ValueType.NUMBER, ValueType.INTEGER, ValueType.PERCENT):
        return Stored(_round(_number(raw, cell), cell), None)
    if kind == ValueType.BOOLEAN:
        text = str(raw).strip().lower() if not isinstance(raw, bool) else ("true" if raw else "false")
        if text in TRUE:
            return Stored(1.0, None)
        if text in FALSE:
            return Stored(0.0, None)
        raise CellValueError(
            f"cần 'có' hoặc 'không', nhận được '{raw}'", f"true or false is needed, got '{raw}'"
        )
    if kind == ValueType.DATE:
        try:
            return Stored(None, date.fromisoformat(str(raw).strip()).isoformat())
        except ValueError:
            raise CellValueError(
                f"cần một ngày dạng YYYY-MM-DD, nhận được '{raw}'",
                f"a date YYYY-MM-DD is needed, got '{raw}'",
            ) from None
    text = raw if isinstance(raw, str) else str(raw)
    if len(text) > MAX_TEXT:
        raise CellValueError(f"văn bản dài quá {MAX_TEXT} ký tự", f"text longer than {MAX_TEXT} characters")
    return Stored(None, text)


def stored_of(num: float | None, text: str | None) -> Stored:
    return Stored(num, text if text not in (None, "") else None)


def computed_value(cell: CellInfo, value: float | None) -> Stored:
    """A computed cell's value, rounded to the element's decimals (whole for integers)."""
    if value is None or not math.isfinite(value):
        return EMPTY
    digits = 0 if cell.value_type == ValueType.INTEGER else max(cell.decimals, 0)
    return Stored(round(value, digits) + 0.0, None)
