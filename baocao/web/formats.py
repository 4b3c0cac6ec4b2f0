"""Vietnamese number and date formats (1.234,5; 14/07/2025), and reading numbers typed that way."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from baocao.timeutil import VIETNAM

_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def number(value: object, lang: str = "vi", decimals: int | None = None, group: bool = True) -> str:
    """``1234.5`` → ``1.234,5`` (vi) or ``1,234.5`` (en); text and None pass through ("" for None)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    thousands, point = _SEPARATORS.get(lang, _SEPARATORS["vi"])
    if decimals is None:
        text = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    else:
        text = f"{value:.{decimals}f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if group:
        whole = f"{int(whole):,}".replace(",", thousands)
    return sign + whole + (point + fraction if fraction else "")


def number_text(text: str | None, lang: str = "vi") -> str:
    """A value stored as text in the audit trail (``1500.25``), shown as a number when it is one."""
    if text is None:
        return ""
    try:
        value = float(text)
    except ValueError:
        return text
    return number(int(value) if value.is_integer() and "." not in text else value, lang)


def percent(value: float | None, lang: str = "vi") -> str:
    return "" if value is None else number(round(value, 1), lang, 1) + " %"


def parse_number(text: str, lang: str = "vi") -> float | int | str:
    """What a person typed: ``1.234,5`` (vi) or ``1,234.5`` (en); anything else is returned as typed,
    so the write path reports it at the cell."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    thousands, point = _SEPARATORS.get(lang, _SEPARATORS["vi"])
    if not re.fullmatch(r"-?[\d.,]+", raw):
        return text.strip()
    plain = raw.replace(thousands, "").replace(point, ".")
    try:
        as_float = float(plain)
    except ValueError:
        return text.strip()
    return int(as_float) if "." not in plain and abs(as_float) < 2**53 else as_float


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(VIETNAM).date() if value.tzinfo else value.date()
    return value.strftime("%d/%m/%Y")


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(VIETNAM) if value.tzinfo else value
    return local.strftime("%d/%m/%Y %H:%M")


def to_json(value: object) -> str:
    """Data for a chart in a ``data-*`` attribute (escaped by the template like any attribute)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
