"""Writing the template workbook from ``TemplateData`` (no database here).

Every sheet is protected and only input cells are unlocked; the workbook structure is locked, so
sheets cannot be added, renamed or unhidden without switching the protection off. The protection has
no password (the code is public anyway): it prevents accidents, and the upload checks catch the rest.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from baocao.catalog.models import ValueType
from baocao.regimes import expressions as ex
from baocao.submissions.excel import styles
from baocao.submissions.excel.formulas import Locate, excel_formula
from baocao.submissions.excel.layout import (
    CODE_ROW,
    FIRST_ROW,
    FIRST_VALUE_COL,
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    NARRATIVE_HEADER_ROW,
    FormLayout,
    NarrativeLayout,
    WorkbookLayout,
    quoted,
)
from baocao.submissions.excel.metadata import metadata_rows, sign, write_metadata
from baocao.submissions.excel.shapes import Slot, TemplateData
from baocao.submissions.guard import state_name

STEPS = (
    "1. Nhập số liệu vào các ô nền vàng; ô nền cam là ô bắt buộc phải nhập trước khi gửi báo cáo.",
    "2. Ô nền xám được tính tự động (ví dụ dòng tổng số); hệ thống tự tính lại khi nhận tệp.",
    "3. Ô số chỉ nhận số; ô Có/Không chọn trong danh sách; ô ngày nhập dạng ngày/tháng/năm.",
    "4. Không chèn, xóa, gộp hay đổi tên dòng, cột, trang tính; không sửa các ô đã khóa.",
    "5. Lưu tệp dạng .xlsx (Excel Workbook) rồi tải lên hệ thống; nếu có lỗi, hệ thống chỉ rõ trang, "
    "ô, giá trị cần và giá trị đã nhập, và không lưu gì cho đến khi hết lỗi.",
)


def _put(sheet: Worksheet, address: str, value: Any, **style: Any) -> None:
    cell = sheet[address]
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that merely starts with "=", not a formula
    for name, setting in style.items():
        setattr(cell, name, setting)


def _identity_lines(data: TemplateData) -> list[str]:
    return [
        f"Đơn vị báo cáo: {data.unit_name} (mã {data.unit_code})",
        f"Đơn vị nhận báo cáo: {data.receiver_name}",
        f"Kỳ báo cáo: {data.period_name}",
        f"Thời hạn gửi báo cáo: {data.deadline:%d/%m/%Y}",
    ]


def _state_line(data: TemplateData) -> str:
    if data.prefill.state is None:
        return "Trạng thái: chưa lập báo cáo (báo cáo được tạo khi tải tệp lên)"
    return f"Trạng thái: {state_name(data.prefill.state)}, phiên bản {data.prefill.version}"


def _guide(sheet: Worksheet, data: TemplateData, digest: str, made: datetime) -> None:
    sheet.column_dimensions["A"].width = 110
    lines: list[tuple[str, Any]] = [
        ("MẪU NHẬP SỐ LIỆU BÁO CÁO", styles.TITLE_FONT),
        (f"{data.regime_name} (mã {data.regime_code}, phiên bản {data.regime_version})", styles.BOLD),
        *((line, None) for line in _identity_lines(data)),
        (_state_line(data), None),
        ("", None),
        ("Cách nhập số liệu:", styles.BOLD),
        *((step, None) for step in STEPS),
    ]
    if data.instructions.strip():
        lines += [("", None), ("Hướng dẫn của chế độ báo cáo:", styles.BOLD)]
        lines += [(text, None) for text in data.instructions.strip().splitlines()]
    lines += [("", None), (f"Mẫu tạo lúc {made:%H:%M ngày %d/%m/%Y}; mã mẫu {digest[:16]}", styles.ITALIC)]
    for number, (text, font) in enumerate(lines, start=1):
        _put(sheet, f"A{number}", text or None, alignment=styles.WRAP)
        if font is not None:
            sheet[f"A{number}"].font = font


def _header(sheet: Worksheet, layout: FormLayout, data: TemplateData) -> None:
    _put(sheet, "A1", f"{layout.sheet}. {layout.shape.name}", font=styles.TITLE_FONT)
    _put(sheet, "A2", data.regime_name, font=styles.ITALIC)
    for number, text in enumerate(_identity_lines(data), start=3):
        _put(sheet, f"A{number}", text)
    _put(sheet, "A7", styles.LEGEND, font=styles.CODE_FONT)
    for address, label in layout.table_content().items():
        row = int("".join(ch for ch in address if ch.isdigit()))
        style: dict[str, Any] = {"border": styles.BOX}
        if row == HEADER_ROW:
            style |= {"font": styles.BOLD, "fill": styles.HEADER_FILL, "alignment": styles.CENTER}
        elif row == CODE_ROW:
            style |= {"font": styles.CODE_FONT, "alignment": styles.CENTER}
        _put(sheet, address, label, **style)
    for i, line in enumerate(layout.shape.rows):
        n = layout.row_number(i)
        sheet[f"A{n}"].alignment = styles.CENTER
        sheet[f"B{n}"].alignment = Alignment(vertical="center", wrap_text=True, indent=line.indent * 2)
        sheet[f"C{n}"].border = styles.BOX
        sheet[f"C{n}"].alignment = styles.CENTER


def _prefilled(slot: Slot, data: TemplateData) -> Any:
    num, text = data.prefill.values.get(slot.key, (None, None))
    if num is None and not text:
        return None
    if slot.value_type == ValueType.BOOLEAN:
        return styles.YES if num else styles.NO
    if slot.value_type == ValueType.DATE:
        try:
            return date.fromisoformat(text or "")
        except ValueError:
            return text
    if num is not None:
        return int(num) if slot.value_type == ValueType.INTEGER or num.is_integer() else num
    return text


def _locator(layout: WorkbookLayout, form: FormLayout) -> Locate:
    by_key = {s.key: (f, a) for f in layout.forms for a, s in f.slots()}

    def locate(ref: ex.Cell | ex.Name) -> str | None:
        if isinstance(ref, ex.Name):
            found = by_key.get((ref.code, ref.option_key()))
        else:
            found = layout.locate(ref.form or form.shape.code, ref.row, ref.column)
        if found is None:
            return None
        owner, address = found
        return address if owner is form else f"{quoted(owner.sheet)}!{address}"

    return locate


def _cells(sheet: Worksheet, form: FormLayout, layout: WorkbookLayout, data: TemplateData) -> None:
    rules: dict[str, DataValidation] = {}
    locate = _locator(layout, form)
    for i in range(len(form.shape.rows)):  # every cell of the grid; value cells are restyled below
        for j in range(len(form.shape.columns)):
            cell = sheet[f"{form.column_letter(j)}{form.row_number(i)}"]
            cell.border, cell.fill = styles.BOX, styles.NO_CELL_FILL
    for address, slot in form.slots():
        cell = sheet[address]
        cell.number_format = styles.number_format(slot.value_type, slot.decimals)
        if slot.computed:
            formula = excel_formula(slot.formula, locate) if slot.formula is not None else None
            cell.value, cell.fill, cell.font = formula, styles.COMPUTED_FILL, styles.ITALIC
            continue
        cell.protection = styles.UNLOCKED
        cell.fill = styles.REQUIRED_FILL if slot.required else styles.INPUT_FILL
        value = _prefilled(slot, data)
        if value is not None:
            _put(sheet, address, value)
        if slot.required:
            cell.comment = Comment("Bắt buộc nhập / required", "baocao", width=160, height=40)
        key, rule = styles.validation_for(slot.value_type, slot.decimals)
        if key not in rules:
            rules[key] = rule
            sheet.add_data_validation(rule)
        rules[key].add(address)


def _protect(sheet: Worksheet) -> None:
    protection = sheet.protection
    protection.sheet = True
    # Widening columns and rows is harmless; inserting or deleting them is not.
    protection.formatColumns = False
    protection.formatRows = False


def _form_sheet(sheet: Worksheet, form: FormLayout, layout: WorkbookLayout, data: TemplateData) -> None:
    _header(sheet, form, data)
    _cells(sheet, form, layout, data)
    sheet.column_dimensions["A"].width = 9
    sheet.column_dimensions["B"].width = 55
    sheet.column_dimensions["C"].width = 14
    for j in range(len(form.shape.columns)):
        sheet.column_dimensions[form.column_letter(j)].width = 18
    sheet.row_dimensions[HEADER_ROW].height = 45
    sheet.freeze_panes = sheet.cell(FIRST_ROW, FIRST_VALUE_COL)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)


def _narrative_sheet(sheet: Worksheet, narrative: NarrativeLayout, data: TemplateData) -> None:
    _put(sheet, "A1", f"{narrative.sheet}. Phần thuyết minh của báo cáo", font=styles.TITLE_FONT)
    _put(sheet, "A2", data.regime_name, font=styles.ITALIC)
    _put(sheet, "A3", f"{data.unit_name} (mã {data.unit_code}) · {data.period_name}")
    for address, text in narrative.table_content().items():
        header = address.endswith(str(NARRATIVE_HEADER_ROW)) and len(address) == 2
        style = {"font": styles.BOLD, "fill": styles.HEADER_FILL} if header else {}
        _put(sheet, address, text, border=styles.BOX, alignment=styles.WRAP, **style)
    _, rule = styles.validation_for(ValueType.TEXT, 0)
    sheet.add_data_validation(rule)
    for i, section in enumerate(narrative.sections):
        address = narrative.coordinate(i)
        written = data.prefill.narrative.get(section.code)
        _put(sheet, address, written or None, border=styles.BOX, alignment=styles.WRAP)
        cell = sheet[address]
        cell.protection = styles.UNLOCKED
        cell.fill = styles.REQUIRED_FILL if section.required else styles.INPUT_FILL
        cell.number_format = "@"
        rule.add(address)
        sheet.row_dimensions[narrative.row_number(i)].height = 120
    for letter, width in zip("ABCD", (8, 30, 90, 45), strict=True):
        sheet.column_dimensions[letter].width = width
    _protect(sheet)


def render_workbook(data: TemplateData, secret: str, made: datetime) -> bytes:
    """The template as .xlsx bytes."""
    layout = WorkbookLayout.of(data.forms, data.sections)
    rows = metadata_rows(data.identity, layout, made.isoformat(timespec="seconds"))
    digest = sign(rows, secret)
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    _guide(guide, data, digest, made)
    _protect(guide)
    for form in layout.forms:
        _form_sheet(book.create_sheet(form.sheet), form, layout, data)
    if layout.narrative is not None:
        _narrative_sheet(book.create_sheet(layout.narrative.sheet), layout.narrative, data)
    meta = book.create_sheet(META_SHEET)
    write_metadata(meta, rows, digest)
    meta.sheet_state = "veryHidden"  # not even listed under Unhide in Excel
    meta.protection.sheet = True
    book.security = WorkbookProtection(lockStructure=True)
    book.calculation.fullCalcOnLoad = True  # formulas have no cached values: compute on opening
    book.active = 1 if layout.forms else 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
