"""The hidden sheet ``_baocao`` that lets an upload be matched back exactly.

It lists, one per row: the format, the regime code and version, the unit code and uid, the period, when
the template was made, then a map of every cell (sheet, address → form, row, column, element, options,
input/computed) and narrative section, and last a digest: an HMAC-SHA256 of all the rows above under
the server's secret key. An edited metadata sheet no longer matches its digest; a template of an older
layout no longer matches the map the server rebuilds from the regime version.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from openpyxl.worksheet.worksheet import Worksheet

from baocao.errors import ApiError
from baocao.submissions.excel.layout import META_SHEET, WorkbookLayout
from baocao.submissions.excel.shapes import Identity

FORMAT = "baocao-excel-1"
HEADER_KEYS = ("format", "regime", "regime_version", "unit", "unit_uid", "period", "generated_at")
Rows = list[list[str]]


@dataclass(frozen=True)
class Metadata:
    identity: Identity
    generated_at: str
    rows: Rows  # everything but the digest, as read
    digest: str


def metadata_rows(identity: Identity, layout: WorkbookLayout, generated_at: str) -> Rows:
    rows: Rows = [
        ["format", FORMAT],
        ["regime", identity.regime_code],
        ["regime_version", str(identity.regime_version)],
        ["unit", identity.unit_code],
        ["unit_uid", identity.unit_uid],
        ["period", identity.period],
        ["generated_at", generated_at],
    ]
    for form in layout.forms:
        for address, slot in form.slots():
            kind = "computed" if slot.computed else "input"
            rows.append(
                ["cell", form.sheet, address, form.shape.code, slot.row, slot.column, slot.element,
                 slot.option_key, kind]
            )  # fmt: skip
    if layout.narrative is not None:
        for i, section in enumerate(layout.narrative.sections):
            rows.append(["section", layout.narrative.sheet, layout.narrative.coordinate(i), section.code])
    return rows


def sign(rows: Rows, secret: str) -> str:
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def write_metadata(sheet: Worksheet, rows: Rows, digest: str) -> None:
    for row in [*rows, ["digest", digest]]:
        sheet.append(row)


def _problem(code: str, message: str, message_en: str, field: str, where: str = "A1") -> ApiError:
    return ApiError(422, code, message, message_en, field=field, location=f"{META_SHEET}!{where}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_metadata(sheet: Worksheet, secret: str) -> Metadata:
    """The template's identity, or 422 when the sheet is not ours or was edited."""
    rows: Rows = []
    for raw in sheet.iter_rows(max_col=12, values_only=True):
        cells = [_text(v) for v in raw]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            rows.append(cells)
    if len(rows) < len(HEADER_KEYS) + 1 or rows[0][:2] != ["format", FORMAT]:
        raise _problem(
            "not_a_template",
            f"Trang '{META_SHEET}' không phải của mẫu do hệ thống tạo (định dạng {FORMAT})",
            f"Sheet '{META_SHEET}' is not from a template made by the system (format {FORMAT})",
            "format",
        )
    *body, last = rows
    given = last[1] if len(last) == 2 and last[0] == "digest" else ""
    if not hmac.compare_digest(given, sign(body, secret)):
        raise _problem(
            "template_tampered",
            f"Trang ẩn '{META_SHEET}' của mẫu đã bị sửa (mã kiểm tra không khớp), hoặc mẫu do máy chủ "
            "khác tạo; hãy tải mẫu mới và nhập lại số liệu",
            f"The hidden sheet '{META_SHEET}' was edited (its digest does not match), or another server "
            "made the template; download a new template and enter the figures again",
            "digest",
            f"B{len(rows)}",
        )
    header = dict(r[:2] for r in body[: len(HEADER_KEYS)] if len(r) >= 2)
    if list(header) != list(HEADER_KEYS) or not header["regime_version"].isdigit():
        raise _problem("not_a_template", "Trang dữ liệu ẩn của mẫu không đúng cấu trúc",
                       "The template's hidden sheet is malformed", "format")  # fmt: skip
    identity = Identity(
        header["regime"], int(header["regime_version"]), header["unit"], header["unit_uid"], header["period"]
    )
    return Metadata(
        identity=identity,
        generated_at=header["generated_at"],
        rows=body,
        digest=given,
    )
