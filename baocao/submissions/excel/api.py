"""Excel routes: download a unit's template, upload it back filled in.

    GET  /api/v1/submissions/template.xlsx?regime=&unit=&period=   the .xlsx (pre-filled if it exists)
    POST /api/v1/submissions/upload[?regime=&unit=&period=]        multipart field ``file``

Registered before the submissions router, whose ``/submissions/{submission_id}`` would otherwise take
``template.xlsx`` for an id. The upload's size is refused from its Content-Length, before the body is
read (a larger body is drained, not stored, so the client reliably gets the 413).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from baocao.access.guard import ClientInfo, client_info, require
from baocao.access.principal import Principal
from baocao.access.rules import Permission
from baocao.config import Settings
from baocao.deps import get_session, get_settings
from baocao.errors import ApiError
from baocao.submissions import queries
from baocao.submissions.excel.container import MB, UploadLimits, too_large
from baocao.submissions.excel.reader import Claim, display_name
from baocao.submissions.excel.service import template_for, upload_workbook
from baocao.submissions.models import EntryPath
from baocao.submissions.present import actor_for, expected_lock, summary, write_out
from baocao.submissions.schemas import SubmissionSummary, WriteOut

router = APIRouter(prefix="/submissions", tags=["submissions: Excel"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file
DRAIN_MAX = 256 * MB  # beyond this a refused body is not even drained: the connection just closes
WRITE = require(Permission.SUBMISSIONS_WRITE)
ERRORS = {
    "description": "Lỗi / error: `{error: {code, message, message_en, field, location, details}}`",
}


class ExcelUploadOut(BaseModel):
    submission: SubmissionSummary
    result: WriteOut
    cells_read: int
    sections_read: int


@dataclass(frozen=True)
class Uploaded:
    name: str
    data: bytes


def _limit(settings: Settings) -> int:
    return settings.upload_max_mb * MB


async def declared_size(request: Request, settings: Settings = Depends(get_settings)) -> None:
    """411 without a Content-Length, 413 above the limit: decided before the body is read."""
    raw = request.headers.get("content-length")
    if raw is None and "transfer-encoding" not in request.headers:
        return  # no body at all
    if raw is None or not raw.strip().isdigit():
        raise ApiError(
            411,
            "length_required",
            "Yêu cầu tải lên phải có Content-Length",
            "An upload must declare its Content-Length",
            field="Content-Length",
            location="header",
        )
    size, limit = int(raw), _limit(settings)
    if size > limit + MULTIPART_SLACK:
        # Read and drop the body (as a web server's lingering close does) so a client still sending
        # gets the answer rather than a reset connection; one waiting for "100 Continue" never sends it.
        waiting = "100-continue" in request.headers.get("expect", "").lower()
        if size <= DRAIN_MAX and not waiting:
            async for _ in request.stream():
                pass
        raise too_large(size, limit, "file")


async def uploaded_file(request: Request, settings: Settings = Depends(get_settings)) -> Uploaded:
    form = await request.form(max_files=1, max_fields=20)
    file = form.get("file")
    if not isinstance(file, UploadFile):
        raise ApiError(
            422,
            "missing_file",
            "Thiếu tệp: gửi tệp .xlsx trong trường 'file' (multipart/form-data)",
            "No file: send the .xlsx in the 'file' field (multipart/form-data)",
            field="file",
            location="body",
        )
    limit = _limit(settings)
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise too_large(None, limit, display_name(file.filename))
    return Uploaded(file.filename or "upload.xlsx", data)


def _file_part(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", text).strip(" .-")


def attachment(ascii_name: str, name: str) -> str:
    """``Content-Disposition`` with an ASCII fallback and the RFC 5987 UTF-8 name."""
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


@router.get(
    "/template.xlsx",
    response_class=Response,
    summary="Tải mẫu Excel / download the Excel template",
    description=(
        "Mẫu .xlsx của đơn vị cho một chế độ và kỳ: mỗi biểu một trang, ô nhập mở khóa, có kiểm tra dữ liệu, "
        "ô tính tự động là công thức, điền sẵn số liệu đã có. Cần quyền nhập số liệu của đơn vị.\n\n"
        "The unit's .xlsx template for a regime and period: one sheet per form, input cells unlocked and "
        "validated, computed cells as formulas, pre-filled with what the submission holds. Needs the "
        "right to enter the unit's figures. Fill it in and send it to `POST /api/v1/submissions/upload`."
    ),
    responses={
        200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}, "description": "xlsx"},
        403: ERRORS,
        404: ERRORS,
        422: ERRORS,
    },
)
def download_template(
    regime: str = Query(..., description="Mã chế độ báo cáo / regime code", examples=["KTXH_THANG"]),
    unit: str = Query(..., description="Mã đơn vị báo cáo / reporting unit code", examples=["01"]),
    period: str = Query(..., description="Kỳ báo cáo / period", examples=["2025-07"]),
    principal: Principal = Depends(WRITE),
    settings: Settings = Depends(get_settings),
    session: Session = Depends(get_session),
) -> Response:
    template = template_for(session, principal, regime, unit, period, settings.secret_key)
    data = template.data
    ascii_name = f"mau_{data.regime_code}_{data.unit_code}_{data.period}.xlsx"
    name = _file_part(f"Mẫu {data.regime_code} - {data.unit_name} - {data.period_name}") + ".xlsx"
    return Response(
        template.content,
        media_type=XLSX,
        headers={"Content-Disposition": attachment(ascii_name, name), "Cache-Control": "no-store"},
    )


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary", "description": "the .xlsx"}},
            }
        }
    },
}


@router.post(
    "/upload",
    response_model=ExcelUploadOut,
    summary="Tải lên mẫu Excel đã điền / upload a filled-in Excel template",
    description=(
        "Đọc mẫu đã điền và ghi toàn bộ số liệu, hoặc trả lỗi 422 nêu từng trang, ô, giá trị cần và giá trị "
        "đã nhập; khi có lỗi không lưu gì. Tham số regime/unit/period (nếu gửi) phải khớp với mẫu.\n\n"
        "Reads a filled-in template and stores all its figures, or answers 422 naming each sheet, cell, "
        "expected and found value; on any error nothing is stored. regime/unit/period, when given, must "
        "match the template. Files above the configured size (`BAOCAO_UPLOAD_MAX_MB`) answer 413."
    ),
    openapi_extra={"requestBody": UPLOAD_BODY},
    responses={403: ERRORS, 409: ERRORS, 411: ERRORS, 413: ERRORS, 422: ERRORS, 423: ERRORS},
)
def upload_template(
    request: Request,
    _size: None = Depends(declared_size),  # first: nothing reads a body that is too large
    principal: Principal = Depends(WRITE),
    upload: Uploaded = Depends(uploaded_file),
    regime: str | None = Query(None, description="Mã chế độ mà tệp phải thuộc / expected regime"),
    unit: str | None = Query(None, description="Mã đơn vị mà tệp phải thuộc / expected unit"),
    period: str | None = Query(None, description="Kỳ mà tệp phải thuộc / expected period"),
    client: ClientInfo = Depends(client_info),
    settings: Settings = Depends(get_settings),
    session: Session = Depends(get_session),
) -> ExcelUploadOut:
    submission, report, parsed = upload_workbook(
        session,
        upload.data,
        upload.name,
        actor_for(principal, client, EntryPath.EXCEL),
        secret=settings.secret_key,
        limits=UploadLimits.for_upload(_limit(settings)),
        claim=Claim(regime, unit, period),
        expected_lock_version=expected_lock(request, None),
    )
    return ExcelUploadOut(
        submission=summary(queries.visible_row(session, principal, submission.id)),
        result=write_out(report),
        cells_read=len(parsed.cells),
        sections_read=sum(1 for text in parsed.narrative.values() if text),
    )
