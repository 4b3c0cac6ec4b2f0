"""Disaggregation keys (``option_key``): which options of which categories a value is for.

A key is ``"category=option"`` pairs sorted by category code and joined by ``";"``, e.g.
``"cap_hoc=tieu_hoc;gioi_tinh=nu"``; ``""`` means "not disaggregated". Every stored key is canonical,
so a key can be compared as a string; ``normalise_option_key`` turns what a client sends (any order,
stray spaces) into that form or raises ``OptionKeyError`` saying what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

CODE = re.compile(r"^[A-Za-z0-9_.\-]+$")


class OptionKeyError(ValueError):
    """A malformed key; carries Vietnamese and English text."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


def _check_code(code: str, what_vi: str, what_en: str) -> str:
    code = code.strip()
    if not CODE.match(code):
        raise OptionKeyError(
            f"Mã {what_vi} '{code}' không hợp lệ (chỉ dùng chữ, số, '_', '-', '.')",
            f"Invalid {what_en} code '{code}' (letters, digits, '_', '-', '.' only)",
        )
    return code


def make_option_key(options: Mapping[str, str]) -> str:
    """``{"gioi_tinh": "nu", "cap_hoc": "tieu_hoc"}`` → ``"cap_hoc=tieu_hoc;gioi_tinh=nu"``."""
    pairs = []
    for category, option in options.items():
        pairs.append(
            (_check_code(category, "phân tổ", "category"), _check_code(option, "phương án", "option"))
        )
    categories = [c for c, _ in pairs]
    if len(set(categories)) != len(categories):
        raise OptionKeyError("Một phân tổ xuất hiện hai lần", "A category appears twice")
    return ";".join(f"{c}={o}" for c, o in sorted(pairs))


def parse_option_key(key: str) -> dict[str, str]:
    """``"cap_hoc=tieu_hoc;gioi_tinh=nu"`` → ``{"cap_hoc": "tieu_hoc", "gioi_tinh": "nu"}``."""
    result: dict[str, str] = {}
    if not key or not key.strip():
        return result
    for part in key.split(";"):
        category, sep, option = part.partition("=")
        if not sep:
            raise OptionKeyError(
                f"Phân tổ '{part.strip()}' phải có dạng 'phân_tổ=phương_án'",
                f"Disaggregation '{part.strip()}' must look like 'category=option'",
            )
        category = _check_code(category, "phân tổ", "category")
        if category in result:
            raise OptionKeyError(
                f"Phân tổ '{category}' xuất hiện hai lần", f"Category '{category}' appears twice"
            )
        result[category] = _check_code(option, "phương án", "option")
    return result


def normalise_option_key(key: str | Mapping[str, str] | None) -> str:
    """The canonical form of a key given as a string (any order) or a mapping; None → ``""``."""
    if key is None:
        return ""
    if isinstance(key, str):
        return make_option_key(parse_option_key(key))
    return make_option_key(key)
