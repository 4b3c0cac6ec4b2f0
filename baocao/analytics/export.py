"""The same answer as a table: CSV (UTF-8 with a BOM, which Excel opens with Vietnamese intact) and
Excel (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from baocao.analytics.service import Figure

HEADER = ("element", "element_name", "unit", "unit_name", "unit_level", "period", "options", "value", "flags")


def _rows(figures: Sequence[Figure]) -> list[tuple[object, ...]]:
    return [
        (f.element, f.element_name, f.unit, f.unit_name, f.unit_level, f.period, f.options, f.value,
         ";".join(f.flags))
        for f in figures
    ]  # fmt: skip


def to_csv(figures: Sequence[Figure]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(figures))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(figures: Sequence[Figure]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Số liệu"
    sheet.append(HEADER)
    for row in _rows(figures):
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
