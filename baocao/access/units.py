"""Unit codes → unit ids for the access capability, through the units service."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from baocao.errors import ApiError, invalid
from baocao.timeutil import today
from baocao.units.service import resolve_unit


def unit_id_for_code(db: Session, code: str, field: str, location: str, as_of: date | None = None) -> int:
    """The unit that has ``code`` on ``as_of`` (today by default); 422 naming ``field`` if none."""
    code = code.strip()
    try:
        found = resolve_unit(db, code, as_of or today())
    except ApiError as exc:
        if exc.status != 404:
            raise
        found = None
    if found is None:
        raise invalid(
            field,
            f"Không có đơn vị mã '{code}' vào ngày {(as_of or today()).isoformat()}",
            f"No unit has code '{code}' on {(as_of or today()).isoformat()}",
            location,
        )
    return int(found.unit_id)
