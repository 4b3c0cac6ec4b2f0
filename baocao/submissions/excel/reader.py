"""``read_upload``: from the bytes of a filled-in template to the cells and narrative it holds, or one
422 listing every problem (sheet, cell, expected, found). Nothing is written here; the caller hands
the result to ``write_values``, which stores all of it or nothing.

Order: the container (size, kind, zip bomb) → the hidden metadata sheet and its digest → what the URL
claims → the regime version's layout rebuilt from the database → sheets present → per sheet:
merged cells, rows and columns where the template put them, stray contents, then the values.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy.orm import Session

from baocao.errors import ApiError, ErrorDetail, invalid
from baocao.periods.periods import PeriodError, parse_period
from baocao.submissions.actors import CellInput
from baocao.submissions.cells import Stored
from baocao.submissions.excel import sheets
from baocao.submissions.excel.container import UploadLimits, check_container
from baocao.submissions.excel.context import shapes_of, version_of
from baocao.submissions.excel.layout import (
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    NARRATIVE_HEADER_ROW,
    WorkbookLayout,
)
from baocao.submissions.excel.metadata import Metadata, metadata_rows, read_metadata
from baocao.submissions.excel.shapes import Identity, Key, Slot

MAX_DETAILS = 200


@dataclass(frozen=True)
class Claim:
    """What the request says the file is for (any part may be left out)."""

    regime: str | None = None
    unit: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class ParsedUpload:
    identity: Identity
    regime_version_id: int
    cells: list[CellInput]
    narrative: dict[str, str | None] = field(default_factory=dict)
    digest: str = ""

    @property
    def regime_code(self) -> str:
        return self.identity.regime_code

    @property
    def unit_code(self) -> str:
        return self.identity.unit_code

    @property
    def period(self) -> str:
        return self.identity.period


def display_name(filename: str | None) -> str:
    """The uploaded file's own name (no client path), for messages."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    return (name or "upload.xlsx")[:120]


def _open(data: bytes, name: str, data_only: bool = False) -> Workbook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, missing default styles...
            return load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False)
    except Exception as exc:  # any parser failure on untrusted input means the same thing to the user
        raise ApiError(
            422,
            "damaged_xlsx",
            f"Không đọc được tệp .xlsx ({type(exc).__name__}); hãy mở bằng Excel và lưu lại",
            f"The .xlsx file cannot be read ({type(exc).__name__}); open it in Excel and save it again",
            field="file",
            location=name,
        ) from None


def _metadata(book: Workbook, secret: str, name: str) -> Metadata:
    if META_SHEET not in book.sheetnames:
        raise ApiError(
            422,
            "not_a_template",
            f"Tệp không phải là mẫu do hệ thống tạo (không có trang ẩn '{META_SHEET}'); hãy tải mẫu .xlsx "
            "của đúng chế độ, đơn vị, kỳ báo cáo và nhập số liệu vào đó",
            f"The file is not a template made by the system (no hidden sheet '{META_SHEET}'); download the "
            "template of the regime, unit and period and fill it in",
            field="sheet",
            location=name,
        )
    return read_metadata(book[META_SHEET], secret)


def _same_period(a: str, b: str) -> bool:
    try:
        return str(parse_period(a)) == str(parse_period(b))
    except PeriodError:
        return a == b


def check_claim(identity: Identity, claim: Claim) -> None:
    """422 when the file is for another regime, unit or period than the request says."""
    if claim.period:
        try:
            parse_period(claim.period)
        except PeriodError as exc:
            raise invalid("period", exc.message, exc.message_en) from None
    problems = []
    for name, given, found, what, what_en in (
        ("regime", claim.regime, identity.regime_code, "chế độ báo cáo", "regime"),
        ("unit", claim.unit, identity.unit_code, "đơn vị", "unit"),
        ("period", claim.period, identity.period, "kỳ báo cáo", "period"),
    ):
        same = _same_period(given, found) if name == "period" and given else given == found
        if given and not same:
            problems.append(
                ErrorDetail(
                    f"Tệp là mẫu của {what} '{found}', không phải '{given}' như yêu cầu tải lên",
                    f"The file is the template of {what_en} '{found}', not '{given}' as the request says",
                    field=name,
                    location="query",
                )
            )
    if problems:
        raise ApiError(422, "template_mismatch", problems[0].message, problems[0].message_en,
                       problems[0].field, "query", problems)  # fmt: skip


def _outdated(identity: Identity) -> ApiError:
    return ApiError(
        422,
        "template_outdated",
        f"Mẫu không còn khớp với chế độ '{identity.regime_code}' phiên bản {identity.regime_version} "
        "(mẫu cũ hoặc đã bị sửa); hãy tải mẫu mới",
        f"The template no longer matches regime '{identity.regime_code}' version {identity.regime_version} "
        "(an old or edited template); download a new one",
        field="template",
        location=META_SHEET,
    )


def _sheet_problems(book: Workbook, layout: WorkbookLayout) -> list[ErrorDetail]:
    present = book.sheetnames
    expected = layout.sheets()
    listed = ", ".join(f"'{s}'" for s in present if s != META_SHEET)
    problems = [
        ErrorDetail(
            f"Thiếu trang '{sheet}' của mẫu (tệp có các trang {listed}); không đổi tên hay xóa trang",
            f"Sheet '{sheet}' of the template is missing (the file has {listed}); do not rename or delete "
            "sheets",
            field="sheet",
            location=sheet,
        )
        for sheet in expected
        if sheet not in present
    ]
    problems += [
        ErrorDetail(
            f"Trang '{sheet}' không có trong mẫu (trang bị đổi tên hoặc thêm vào)",
            f"Sheet '{sheet}' is not in the template (a renamed or added sheet)",
            field="sheet",
            location=sheet,
        )
        for sheet in present
        if sheet not in (*expected, GUIDE_SHEET, META_SHEET)
    ]
    return problems


class _Cached:
    """Values Excel calculated for formulas, read from a second load only if someone typed one."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name
        self.book: Workbook | None = None

    def __call__(self, sheet: str, address: str) -> Any:
        if self.book is None:
            self.book = _open(self.data, self.name, data_only=True)
        return self.book[sheet][address].value


def _collect(found: list[tuple[str, str, Slot, Stored]], problems: list[ErrorDetail]) -> list[CellInput]:
    """One input per element and options: the same figure may sit in two forms, with one value."""
    first: dict[Key, tuple[str, Stored]] = {}
    cells = []
    for sheet, address, slot, stored in found:
        where = f"{sheet}!{address}"
        if slot.key in first:
            other, value = first[slot.key]
            if value != stored:
                twice = (f"cùng chỉ tiêu với ô {other} nhưng khác giá trị",
                         f"the same figure as {other} but a different value")  # fmt: skip
                problems.append(sheets.detail(sheet, address, slot.label, *twice))
            continue
        first[slot.key] = (where, stored)
        cells.append(CellInput(slot.element, slot.option_key, sheets.to_input(slot, stored), location=where))
    return cells


def read_upload(
    session: Session,
    data: bytes,
    filename: str,
    *,
    secret: str = "",
    limits: UploadLimits | None = None,
    claim: Claim | None = None,
) -> ParsedUpload:
    """Check and read an uploaded template; ``ApiError`` (413/422) names every problem found."""
    name = display_name(filename)
    check_container(data, name, limits or UploadLimits())
    book = _open(data, name)
    meta = _metadata(book, secret, name)
    if claim is not None:
        check_claim(meta.identity, claim)
    version = version_of(session, meta.identity)
    layout = WorkbookLayout.of(*shapes_of(session, version.id))
    if metadata_rows(meta.identity, layout, meta.generated_at) != meta.rows:
        raise _outdated(meta.identity)
    problems = _sheet_problems(book, layout)
    cached = _Cached(data, name)
    found: list[tuple[str, str, Slot, Stored]] = []
    narrative: dict[str, str | None] = {}
    if not problems:
        for form in layout.forms:
            sheet = book[form.sheet]
            broken = sheets.merged_ranges(form.sheet, sheet) + sheets.check_structure(sheet, form)
            known = set(form.table_content()) | {address for address, _ in form.slots()}
            problems += broken + sheets.stray_content(form.sheet, sheet, known, HEADER_ROW)
            if not broken:
                values, wrong = sheets.read_values(sheet, form, cached)
                found += [(form.sheet, address, slot, stored) for address, slot, stored in values]
                problems += wrong
        if layout.narrative is not None:
            sheet = book[layout.narrative.sheet]
            known = set(layout.narrative.table_content())
            known |= {layout.narrative.coordinate(i) for i in range(len(layout.narrative.sections))}
            problems += sheets.merged_ranges(layout.narrative.sheet, sheet)
            problems += sheets.stray_content(layout.narrative.sheet, sheet, known, NARRATIVE_HEADER_ROW)
            narrative, wrong = sheets.read_narrative(sheet, layout.narrative)
            problems += wrong
    cells = _collect(found, problems)
    if problems:
        first = problems[0]
        raise ApiError(
            422,
            "invalid_workbook",
            f"{len(problems)} lỗi trong tệp Excel; không có gì được lưu. {first.message}",
            f"{len(problems)} problem(s) in the Excel file; nothing was stored. {first.message_en}",
            field=first.field,
            location=first.location,
            details=problems[:MAX_DETAILS],
        )
    return ParsedUpload(meta.identity, version.id, cells, narrative, meta.digest)
