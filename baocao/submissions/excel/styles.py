"""How template cells look and what Excel lets a user type into them (data validation by value type)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from baocao.catalog.models import ValueType
from baocao.submissions.cells import MAX_TEXT

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # vàng: nhập
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")  # cam: bắt buộc
COMPUTED_FILL = PatternFill("solid", fgColor="E7E6E6")  # xám: tự tính
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
NO_CELL_FILL = PatternFill("lightGray")  # no value belongs here

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
ITALIC = Font(italic=True)
CODE_FONT = Font(italic=True, size=9, color="595959")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

YES, NO = "Có", "Không"
EXCEL_MAX_TEXT = 32_767
LEGEND = (
    "Ô nền vàng: nhập số liệu · Ô nền cam: bắt buộc nhập · Ô nền xám: tự tính, không nhập · "
    "Không chèn, xóa, gộp dòng hoặc cột"
)
DATE_MIN, DATE_MAX = "1", "2958465"  # Excel serials of 1900-01-01 and 9999-12-31


def number_format(value_type: str, decimals: int) -> str:
    if value_type == ValueType.INTEGER:
        return "#,##0"
    if value_type in (ValueType.NUMBER, ValueType.PERCENT):
        return "#,##0." + "0" * decimals if decimals > 0 else "#,##0"
    if value_type == ValueType.DATE:
        return "dd/mm/yyyy"
    if value_type == ValueType.TEXT:
        return "@"
    return "General"


def _validation(**options: str) -> DataValidation:
    return DataValidation(
        allow_blank=True, showErrorMessage=True, showInputMessage=True, errorStyle="stop", **options
    )


def validation_for(value_type: str, decimals: int) -> tuple[str, DataValidation]:
    """A key (cells sharing it share one rule) and the rule for cells of ``value_type``."""
    if value_type == ValueType.INTEGER:
        # Whole-number elements are counts (pupils, schools, enterprises, deaths): never negative.
        return "integer", _validation(
            type="whole", operator="greaterThanOrEqual", formula1="0",
            errorTitle="Cần số nguyên", error="Ô này cần một số nguyên không âm / a whole number ≥ 0",
            promptTitle="Số nguyên", prompt="Nhập số nguyên không âm / a whole number ≥ 0",
        )  # fmt: skip
    if value_type in (ValueType.NUMBER, ValueType.PERCENT):
        # Amounts and rates may be negative (growth, balances): only the type is enforced here.
        places = f"{decimals} chữ số thập phân / {decimals} decimal(s)"
        return f"decimal:{decimals}", _validation(
            type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
            errorTitle="Cần một số", error=f"Ô này cần một số (tối đa {places})",
            promptTitle="Số", prompt=f"Nhập một số, tối đa {places}",
        )  # fmt: skip
    if value_type == ValueType.BOOLEAN:
        return "boolean", _validation(
            type="list", formula1=f'"{YES},{NO}"',
            errorTitle="Chọn Có hoặc Không", error=f"Chọn '{YES}' hoặc '{NO}' / choose yes or no",
            promptTitle="Có / Không", prompt=f"Chọn '{YES}' hoặc '{NO}' trong danh sách",
        )  # fmt: skip
    if value_type == ValueType.DATE:
        return "date", _validation(
            type="date", operator="between", formula1=DATE_MIN, formula2=DATE_MAX,
            errorTitle="Cần một ngày", error="Ô này cần một ngày (ngày/tháng/năm) / a date",
            promptTitle="Ngày", prompt="Nhập ngày dạng ngày/tháng/năm, ví dụ 15/07/2025",
        )  # fmt: skip
    limit = str(min(MAX_TEXT, EXCEL_MAX_TEXT))
    return "text", _validation(
        type="textLength", operator="lessThanOrEqual", formula1=limit,
        errorTitle="Văn bản quá dài", error=f"Tối đa {limit} ký tự / at most {limit} characters",
        promptTitle="Văn bản", prompt=f"Văn bản, tối đa {limit} ký tự",
    )  # fmt: skip
