"""Accent-insensitive names: "ha noi" must find "Thành phố Hà Nội", "dak lak" must find "Tỉnh Đắk Lắk"."""

from __future__ import annotations

import unicodedata

# đ is a letter of its own in Unicode (not d + a mark), so NFD does not take it apart.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case ASCII-ish form used for ``search_name`` and for the ``q`` filter."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
