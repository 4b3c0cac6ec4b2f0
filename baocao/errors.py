"""One error shape for the whole API.

Every error answers ``{"error": {"code", "message", "message_en", "field", "location", "details"}}``:
``message`` is Vietnamese, ``message_en`` English, ``field`` names the parameter, column or cell at fault
and ``location`` where it was (``path``, ``query``, ``body``, ``file:line``, ``Sheet!B7``...).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


@dataclass
class ErrorDetail:
    message: str
    message_en: str
    field: str | None = None
    location: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "message_en": self.message_en,
            "field": self.field,
            "location": self.location,
        }


@dataclass
class ApiError(Exception):
    """An error a client can act on. Raised by services and routes alike."""

    status: int
    code: str
    message: str
    message_en: str
    field: str | None = None
    location: str | None = None
    details: list[ErrorDetail] = dataclasses.field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "message_en": self.message_en,
                "field": self.field,
                "location": self.location,
                "details": [d.as_dict() for d in self.details],
            }
        }


def not_found(kind_vi: str, kind_en: str, key: str, field: str | None = None) -> ApiError:
    return ApiError(
        404,
        "not_found",
        f"Không tìm thấy {kind_vi} '{key}'",
        f"No {kind_en} '{key}'",
        field=field,
        location="path" if field else None,
    )


def invalid(field: str, message: str, message_en: str, location: str = "query") -> ApiError:
    return ApiError(422, "invalid_parameter", message, message_en, field=field, location=location)


_STATUS_CODES = {
    400: ("bad_request", "Yêu cầu không hợp lệ", "Bad request"),
    401: ("unauthenticated", "Chưa đăng nhập", "Not authenticated"),
    403: ("forbidden", "Không có quyền", "Forbidden"),
    404: ("not_found", "Không tìm thấy", "Not found"),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ", "Method not allowed"),
    409: ("conflict", "Xung đột dữ liệu", "Conflict"),
    413: ("too_large", "Dữ liệu gửi lên quá lớn", "Payload too large"),
}


def _validation_detail(err: dict[str, Any]) -> ErrorDetail:
    loc = [str(p) for p in err.get("loc", ())]
    where = loc[0] if loc else None
    name = ".".join(loc[1:]) if len(loc) > 1 else None
    return ErrorDetail(
        message=f"Giá trị không hợp lệ cho '{name or where}': {err.get('msg', '')}",
        message_en=f"Invalid value for '{name or where}': {err.get('msg', '')}",
        field=name,
        location=where,
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.as_dict(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [_validation_detail(e) for e in exc.errors()]
        first = details[0] if details else ErrorDetail("Dữ liệu không hợp lệ", "Invalid input")
        err = ApiError(
            422, "invalid_parameter", first.message, first.message_en, first.field, first.location, details
        )
        return JSONResponse(err.as_dict(), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, vi, en = _STATUS_CODES.get(exc.status_code, ("error", "Lỗi", "Error"))
        err = ApiError(exc.status_code, code, vi, en if exc.detail in (None, "") else str(exc.detail))
        return JSONResponse(err.as_dict(), status_code=exc.status_code, headers=exc.headers)
