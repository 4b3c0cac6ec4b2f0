"""The body of ``POST /regimes``: YAML text sent as application/yaml (or text/yaml), as a multipart
upload (field ``file``), or wrapped in JSON (``{"yaml": "...", "filename": "..."}``) for clients that
only speak JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile

from baocao.errors import ApiError
from baocao.regimes.loader import DEFAULT_SOURCE

MAX_BYTES = 2 * 1024 * 1024  # a regime file is a few dozen KB; anything near this is a mistake
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


@dataclass(frozen=True)
class YamlUpload:
    text: str
    filename: str


def _bad(message: str, message_en: str, status: int = 422, code: str = "invalid_body") -> ApiError:
    return ApiError(status, code, message, message_en, field="body", location="body")


def _too_large() -> ApiError:
    size = MAX_BYTES // 1024 // 1024
    return _bad(f"Tệp lớn hơn {size} MB", f"The file is larger than {size} MB", 413, "too_large")


def _decode(data: bytes, filename: str) -> YamlUpload:
    if len(data) > MAX_BYTES:
        raise _too_large()
    try:
        return YamlUpload(data.decode("utf-8-sig"), filename)
    except UnicodeDecodeError as exc:
        raise _bad(
            f"Tệp không phải UTF-8 (byte {exc.start})", f"The file is not UTF-8 (byte {exc.start})"
        ) from None


async def yaml_upload(request: Request) -> YamlUpload:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise _too_large()  # before reading it
    if kind in YAML_TYPES:
        return _decode(await request.body(), DEFAULT_SOURCE)
    if kind == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _bad("Thiếu tệp trong trường 'file'", "The multipart field 'file' is missing")
        return _decode(await upload.read(MAX_BYTES + 1), upload.filename or DEFAULT_SOURCE)
    if kind == "application/json":
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("yaml"), str):
            raise _bad('Cần JSON dạng {"yaml": "..."}', 'Expected JSON like {"yaml": "..."}')
        filename = body.get("filename")
        return _decode(
            body["yaml"].encode("utf-8"), filename if isinstance(filename, str) else DEFAULT_SOURCE
        )
    raise _bad(
        "Gửi tệp YAML với Content-Type application/yaml, hoặc multipart/form-data (trường 'file')",
        "Send the YAML as application/yaml, or multipart/form-data (field 'file')",
        415,
        "unsupported_media_type",
    )
