"""Dates as Vietnam sees them: "today" is in Asia/Ho_Chi_Minh, and date parameters fail clearly."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from baocao.errors import invalid

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    return datetime.now(VIETNAM).date()


def now() -> datetime:
    return datetime.now(VIETNAM)


def parse_date_param(value: str | None, field: str, location: str = "query") -> date | None:
    """Parse YYYY-MM-DD or answer 422 naming the parameter (``as_of=2025-13-01`` → field ``as_of``)."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(
            field,
            f"Tham số '{field}' phải là một ngày có thật dạng YYYY-MM-DD, nhận được '{value}'",
            f"Parameter '{field}' must be a real date YYYY-MM-DD, got '{value}'",
            location,
        ) from None
