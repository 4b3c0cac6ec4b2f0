"""Where everything sits in a template: one layout shared by the writer and the reader, so an upload is
read at exactly the addresses the template was written with.

A form sheet::

    rows 1–7   title, regime, unit, receiver, period, deadline, legend      (column A only)
    row 9      Mã số | Chỉ tiêu | Đơn vị tính | <column labels>             HEADER_ROW
    row 10     A     | B        | C           | <column codes: C1, C2 ...>  CODE_ROW
    row 11+    R01   | label    | unit        | <cells>                     FIRST_ROW

The narrative sheet (đề cương) has one row per outline section: code, title, the text, guidance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from baocao.submissions.excel.shapes import FormShape, SectionShape, Slot

HEADER_ROW = 9
CODE_ROW = 10
FIRST_ROW = 11
CODE_COL, LABEL_COL, UNIT_COL, FIRST_VALUE_COL = 1, 2, 3, 4
HEADER_LABELS = ("Mã số", "Chỉ tiêu", "Đơn vị tính")
CODE_LABELS = ("A", "B", "C")

GUIDE_SHEET = "Hướng dẫn"
NARRATIVE_SHEET = "Đề cương"
META_SHEET = "_baocao"
NARRATIVE_HEADER_ROW = 5
NARRATIVE_FIRST_ROW = 6
NARRATIVE_LABELS = ("Mục", "Tiêu đề", "Nội dung", "Gợi ý")
NARRATIVE_TEXT_COL = "C"

MAX_SHEET_NAME = 31  # Excel's limit
_NUMBERED = re.compile(r"^[Bb](\d+)$")


def sheet_name(form_code: str) -> str:
    """``B01`` → ``Biểu 01``; any other code → ``Biểu <code>`` (within Excel's 31 characters)."""
    match = _NUMBERED.match(form_code)
    return f"Biểu {match.group(1) if match else form_code}"[:MAX_SHEET_NAME]


def sheet_names(form_codes: list[str]) -> dict[str, str]:
    """A distinct sheet name per form (Excel compares names without case)."""
    taken = {GUIDE_SHEET.lower(), NARRATIVE_SHEET.lower(), META_SHEET.lower()}
    names: dict[str, str] = {}
    for code in form_codes:
        name, n = sheet_name(code), 1
        while name.lower() in taken:
            n += 1
            suffix = f" ({n})"
            name = sheet_name(code)[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(name.lower())
        names[code] = name
    return names


def quoted(sheet: str) -> str:
    """A sheet name as a formula reference writes it: ``'Biểu 01'``."""
    return "'" + sheet.replace("'", "''") + "'"


@dataclass(frozen=True)
class FormLayout:
    shape: FormShape
    sheet: str

    def row_number(self, index: int) -> int:
        return FIRST_ROW + index

    def column_letter(self, index: int) -> str:
        return get_column_letter(FIRST_VALUE_COL + index)

    @property
    def last_row(self) -> int:
        return FIRST_ROW + len(self.shape.rows) - 1

    @property
    def last_column(self) -> int:
        return FIRST_VALUE_COL + len(self.shape.columns) - 1

    def coordinate(self, row_code: str, column_code: str) -> str:
        rows = [r.code for r in self.shape.rows]
        columns = [c.code for c in self.shape.columns]
        return f"{self.column_letter(columns.index(column_code))}{self.row_number(rows.index(row_code))}"

    def slots(self) -> Iterator[tuple[str, Slot]]:
        """Every cell holding a value, with its address, row by row."""
        for i, row in enumerate(self.shape.rows):
            for j, column in enumerate(self.shape.columns):
                slot = self.shape.slots.get((row.code, column.code))
                if slot is not None:
                    yield f"{self.column_letter(j)}{self.row_number(i)}", slot

    def unit_of(self, row_code: str) -> str:
        """The row's unit of measure when all its cells share one (else blank: it varies by column)."""
        units = {s.unit_of_measure for (r, _), s in self.shape.slots.items() if r == row_code}
        return units.pop() if len(units) == 1 else ""

    def table_content(self) -> dict[str, str]:
        """The text the template writes at and below the header, by address (labels and codes)."""
        content: dict[str, str] = {}
        for col, (header, code) in enumerate(zip(HEADER_LABELS, CODE_LABELS, strict=True), start=1):
            letter = get_column_letter(col)
            content[f"{letter}{HEADER_ROW}"] = header
            content[f"{letter}{CODE_ROW}"] = code
        for j, column in enumerate(self.shape.columns):
            content[f"{self.column_letter(j)}{HEADER_ROW}"] = column.label
            content[f"{self.column_letter(j)}{CODE_ROW}"] = column.code
        for i, row in enumerate(self.shape.rows):
            n = self.row_number(i)
            content[f"A{n}"] = row.code
            content[f"B{n}"] = row.label
            unit = self.unit_of(row.code)
            if unit:
                content[f"C{n}"] = unit
        return content


@dataclass(frozen=True)
class NarrativeLayout:
    sections: tuple[SectionShape, ...]
    sheet: str = NARRATIVE_SHEET

    def row_number(self, index: int) -> int:
        return NARRATIVE_FIRST_ROW + index

    def coordinate(self, index: int) -> str:
        return f"{NARRATIVE_TEXT_COL}{self.row_number(index)}"

    def title(self, section: SectionShape) -> str:
        return f"{section.title} (*)" if section.required else section.title

    def table_content(self) -> dict[str, str]:
        content = {
            f"{get_column_letter(i)}{NARRATIVE_HEADER_ROW}": label
            for i, label in enumerate(NARRATIVE_LABELS, start=1)
        }
        for i, section in enumerate(self.sections):
            n = self.row_number(i)
            content[f"A{n}"] = section.code
            content[f"B{n}"] = self.title(section)
            if section.guidance:
                content[f"D{n}"] = section.guidance
        return content


@dataclass(frozen=True)
class WorkbookLayout:
    forms: tuple[FormLayout, ...]
    narrative: NarrativeLayout | None

    @classmethod
    def of(cls, forms: tuple[FormShape, ...], sections: tuple[SectionShape, ...]) -> WorkbookLayout:
        names = sheet_names([f.code for f in forms])
        return cls(
            tuple(FormLayout(f, names[f.code]) for f in forms),
            NarrativeLayout(sections) if sections else None,
        )

    def sheets(self) -> list[str]:
        """The visible sheets an upload must have, in order (the guide sheet is not read back)."""
        names = [f.sheet for f in self.forms]
        if self.narrative is not None:
            names.append(self.narrative.sheet)
        return names

    def locate(self, form: str, row: str, column: str) -> tuple[FormLayout, str] | None:
        for layout in self.forms:
            if layout.shape.code == form and (row, column) in layout.shape.slots:
                return layout, layout.coordinate(row, column)
        return None
