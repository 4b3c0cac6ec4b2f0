"""Reading one filled-in sheet back: is its structure still the template's, and what was entered.

Every problem becomes an ``ErrorDetail`` whose ``location`` is ``Sheet!A1`` and whose message says
what was expected and what was found. A sheet whose rows or columns moved is not read any further:
its values would land in the wrong cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.worksheet import Worksheet

from baocao.catalog.models import ValueType
from baocao.errors import ErrorDetail
from baocao.submissions.cells import CellValueError, Raw, Stored, coerce
from baocao.submissions.excel.layout import CODE_ROW, HEADER_ROW, FormLayout, NarrativeLayout
from baocao.submissions.excel.shapes import Slot

ROWS = ("dòng", "rows")
COLUMNS = ("cột", "columns")
UNCALCULATED = (
    "ô có công thức nhưng chưa có giá trị tính sẵn; hãy nhập số trực tiếp hoặc mở tệp bằng Excel và lưu lại",
    "the cell holds a formula without a calculated value; type the figure, or open and save it in Excel",
)
MAX_STRAY = 5  # stray contents reported per sheet (then a count)
# The value Excel cached for a formula someone typed into an input cell (None: never calculated).
Cached = Callable[[str, str], Any]


def detail(sheet: str, address: str, field: str | None, message: str, message_en: str) -> ErrorDetail:
    where = f"{sheet}!{address}"
    return ErrorDetail(f"{where}: {message}", f"{where}: {message_en}", field=field, location=where)


def _shown(value: Any) -> str:
    if value is None:
        return "(trống / empty)"
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _same(found: Any, expected: str) -> bool:
    return str(found if found is not None else "").strip() == expected.strip()


def filled_cells(sheet: Worksheet) -> Iterator[tuple[int, str, Any]]:
    """``(row, address, value)`` of the cells that hold something, wherever they are. Uses openpyxl's
    cell store: ``iter_rows`` would create every cell of the used rectangle, and one stray value in
    XFD1048576 makes that billions."""
    for (row, column), cell in sorted(sheet._cells.items()):
        if cell.value is not None and cell.value != "":
            yield row, f"{get_column_letter(column)}{row}", cell.value


def merged_ranges(sheet_name: str, sheet: Worksheet) -> list[ErrorDetail]:
    return [
        detail(
            sheet_name,
            str(merged),
            "merged_cells",
            f"ô gộp {merged} không có trong mẫu; hãy bỏ gộp ô (Unmerge) hoặc dùng lại mẫu gốc",
            f"merged cells {merged} are not in the template; unmerge them or use the original template",
        )
        for merged in sheet.merged_cells.ranges
    ]


def stray_content(sheet_name: str, sheet: Worksheet, known: set[str], first_row: int) -> list[ErrorDetail]:
    """Contents at or below the table's header that the template does not have (added rows, columns,
    notes typed beside the table)."""
    problems: list[ErrorDetail] = []
    extra = 0
    for row, address, value in filled_cells(sheet):
        if row < first_row or address in known:
            continue
        if len(problems) < MAX_STRAY:
            problems.append(
                detail(
                    sheet_name,
                    address,
                    "structure",
                    f"ô ngoài mẫu có nội dung {_shown(value)} (cần để trống); có thể đã thêm dòng hoặc cột",
                    f"a cell outside the template holds {_shown(value)} (expected empty); rows or columns "
                    "may have been added",
                )
            )
        else:
            extra += 1
    if extra:
        more = (
            f"và {extra} ô ngoài mẫu khác có nội dung",
            f"and {extra} more cells outside it hold something",
        )
        problems.append(detail(sheet_name, "A1", "structure", *more))
    return problems


def check_structure(sheet: Worksheet, form: FormLayout) -> list[ErrorDetail]:
    """Column codes and labels, then row codes and labels, each exactly where the template put them;
    the first difference is reported (after it, everything is shifted)."""
    for j, column in enumerate(form.shape.columns):
        letter = form.column_letter(j)
        for row, expected, what, what_en in (
            (CODE_ROW, column.code, "mã cột", "column code"),
            (HEADER_ROW, column.label, "tên cột", "column label"),
        ):
            found = sheet[f"{letter}{row}"].value
            if not _same(found, expected):
                where = f"{letter}{row}"
                return [_moved(form.sheet, where, column.code, (what, what_en), expected, found, COLUMNS)]
    for i, line in enumerate(form.shape.rows):
        n = form.row_number(i)
        for letter, expected, what, what_en in (
            ("A", line.code, "mã dòng", "row code"),
            ("B", line.label, "tên dòng", "row label"),
        ):
            found = sheet[f"{letter}{n}"].value
            if not _same(found, expected):
                return [_moved(form.sheet, f"{letter}{n}", line.code, (what, what_en), expected, found, ROWS)]
    return []


def _moved(
    sheet: str,
    address: str,
    code: str,
    what: tuple[str, str],
    expected: str,
    found: Any,
    kind: tuple[str, str],
) -> ErrorDetail:
    (what_vi, what_en), (kind_vi, kind_en) = what, kind
    return detail(
        sheet,
        address,
        code,
        f"cần {what_vi} '{expected}', thấy {_shown(found)}: {kind_vi} đã bị chèn, xóa, di chuyển hoặc sửa; "
        "hãy dùng lại mẫu gốc",
        f"expected {what_en} '{expected}', found {_shown(found)}: {kind_en} were inserted, deleted, moved "
        "or edited; use the original template",
    )


def _raw(value: Any, slot: Slot) -> Raw:
    """openpyxl's value as the write path's coercion takes it (``CellValueError`` if it cannot)."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        if slot.value_type == ValueType.DATE:
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        raise CellValueError(
            f"cần {_expected(slot)}, nhận được ngày {value:%d/%m/%Y}",
            f"expected {_expected_en(slot)}, found the date {value:%Y-%m-%d}",
        )
    if isinstance(value, time | timedelta):
        raise CellValueError(
            f"cần {_expected(slot)}, nhận được giờ '{value}'",
            f"expected {_expected_en(slot)}, found a time '{value}'",
        )
    if slot.value_type == ValueType.DATE and isinstance(value, int | float) and not isinstance(value, bool):
        try:  # a date pasted without a date format arrives as Excel's serial number
            return from_excel(value).date().isoformat()
        except (ValueError, OverflowError, TypeError):
            return str(value)
    if slot.value_type == ValueType.DATE and isinstance(value, str):
        text = value.strip()
        parts = text.split("/")
        if len(parts) == 3 and all(p.isdigit() for p in parts):  # 15/07/2025 typed as text
            return f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
        return text
    if slot.value_type == ValueType.TEXT and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str | int | float | bool):
        return value
    raise CellValueError(f"giá trị không đọc được: {_shown(value)}", f"unreadable value: {_shown(value)}")


def _expected(slot: Slot) -> str:
    return {
        ValueType.INTEGER: "một số nguyên",
        ValueType.NUMBER: f"một số (tối đa {slot.decimals} chữ số thập phân)",
        ValueType.PERCENT: f"một tỷ lệ phần trăm (tối đa {slot.decimals} chữ số thập phân)",
        ValueType.BOOLEAN: "'Có' hoặc 'Không'",
        ValueType.DATE: "một ngày (ngày/tháng/năm)",
    }.get(ValueType(slot.value_type), "văn bản")


def _expected_en(slot: Slot) -> str:
    return {
        ValueType.INTEGER: "a whole number",
        ValueType.NUMBER: f"a number (at most {slot.decimals} decimals)",
        ValueType.PERCENT: f"a percentage (at most {slot.decimals} decimals)",
        ValueType.BOOLEAN: "'Có' (yes) or 'Không' (no)",
        ValueType.DATE: "a date (day/month/year)",
    }.get(ValueType(slot.value_type), "text")


def to_input(slot: Slot, stored: Stored) -> float | str | bool | None:
    """The value handed to ``write_values`` (which coerces it again, to the same result)."""
    if stored.empty:
        return None
    if slot.value_type == ValueType.BOOLEAN:
        return bool(stored.num)
    return stored.num if stored.num is not None else stored.text


def read_values(
    sheet: Worksheet, form: FormLayout, cached: Cached
) -> tuple[list[tuple[str, Slot, Stored]], list[ErrorDetail]]:
    """``(address, slot, value)`` of every input cell, and the cells whose content is not valid."""
    values: list[tuple[str, Slot, Stored]] = []
    problems: list[ErrorDetail] = []
    for address, slot in form.slots():
        if slot.computed:
            continue  # the server computes these; whatever the file holds there is not read
        cell = sheet[address]
        value = cell.value
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
            value = cached(form.sheet, address)
            if value is None:
                problems.append(detail(form.sheet, address, slot.label, *UNCALCULATED))
                continue
        try:
            values.append((address, slot, coerce(slot.info, _raw(value, slot))))
        except CellValueError as exc:
            label = form.shape.rows[[r.code for r in form.shape.rows].index(slot.row)].label
            problems.append(
                detail(
                    form.sheet,
                    address,
                    slot.label,
                    f"{exc.message} (dòng '{label}', ô {slot.info.address})",
                    f"{exc.message_en} (row '{label}', cell {slot.info.address})",
                )
            )
    return values, problems


def read_narrative(
    sheet: Worksheet, narrative: NarrativeLayout
) -> tuple[dict[str, str | None], list[ErrorDetail]]:
    texts: dict[str, str | None] = {}
    for i, section in enumerate(narrative.sections):
        n = narrative.row_number(i)
        found = sheet[f"A{n}"].value
        if not _same(found, section.code):
            where = f"A{n}"
            what = ("mã mục", "section code")
            return {}, [_moved(narrative.sheet, where, section.code, what, section.code, found, ROWS)]
        texts[section.code] = _text_of(sheet[narrative.coordinate(i)].value)
    return texts, []


def _text_of(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        text = f"{value:%d/%m/%Y}"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return text.strip() or None
