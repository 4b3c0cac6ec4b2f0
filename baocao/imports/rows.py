"""The rows of a bulk import and how a CSV file becomes them.

CSV: UTF-8 (a byte-order mark is fine), comma-separated, a header row with the columns
``element,unit,period,options,value`` in any order (other columns are refused, so a misspelt one is
noticed). ``options`` is the disaggregation key (``gioi_tinh=nu;khu_vuc=thanh_thi``), empty for none.
Rows are read one at a time: a file of millions of rows never sits in memory as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from baocao.errors import ApiError

COLUMNS = ("element", "unit", "period", "options", "value")
Raw = float | int | str | None


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One value to import. ``line`` is where it was read (CSV line; a generator's own count)."""

    line: int
    element: str
    unit: str
    period: str
    options: str
    value: Raw


def _header_error(name: str, message: str, message_en: str, field: str | None = None) -> ApiError:
    return ApiError(422, "invalid_csv", message, message_en, field=field, location=f"{name}:1")


def read_csv(path: Path, name: str | None = None) -> Iterator[ValueRow]:
    """The rows of ``path``; a bad header raises at once (``ApiError`` naming line 1)."""
    name = name or path.name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise _header_error(name, f"Tệp {name} trống", f"{name} is empty")
        columns = [c.strip().lower() for c in header]
        unknown = [c for c in columns if c not in COLUMNS]
        missing = [c for c in COLUMNS if c not in columns and c != "options"]
        if unknown or missing:
            bad = (unknown or missing)[0]
            raise _header_error(
                name,
                f"Tệp {name}: dòng tiêu đề phải có các cột {', '.join(COLUMNS)} (cột '{bad}' sai hoặc thiếu)",
                f"{name}: the header must name the columns {', '.join(COLUMNS)} "
                f"('{bad}' is wrong or missing)",
                field=bad,
            )
        at = {c: columns.index(c) for c in COLUMNS if c in columns}
        width = len(columns)
        opt = at.get("options")
        for number, record in enumerate(reader, start=2):
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # a blank line
            if len(record) != width:
                raise ApiError(
                    422,
                    "invalid_csv",
                    f"{name}:{number}: dòng có {len(record)} cột, tiêu đề có {width}",
                    f"{name}:{number}: the line has {len(record)} columns, the header {width}",
                    location=f"{name}:{number}",
                )
            yield ValueRow(
                number,
                record[at["element"]].strip(),
                record[at["unit"]].strip(),
                record[at["period"]].strip(),
                record[opt] if opt is not None else "",
                record[at["value"]],
            )
