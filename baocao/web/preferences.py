"""Which tiles a person sees on the overview of a unit: their saved choice, else a default (the first
few subjects with figures at the unit)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.analytics.models import MapView, Rollup
from baocao.audit.types import utc_now
from baocao.errors import invalid
from baocao.web.models import TileChoice
from baocao.web.subjects import Subject, choices

DEFAULT_TILES = 6
MAX_TILES = 12


def chosen_codes(session: Session, user_id: int, unit_id: int) -> list[str] | None:
    row = session.scalar(
        select(TileChoice).where(TileChoice.user_id == user_id, TileChoice.unit_id == unit_id)
    )
    return [str(c) for c in row.codes] if row else None


def tiles_for(session: Session, user_id: int, unit_id: int) -> tuple[list[Subject], list[Subject], bool]:
    """(the subjects shown, every subject one may choose, whether the choice is the person's own)."""
    every = choices(session)
    by_code = {s.code: s for s in every}
    codes = chosen_codes(session, user_id, unit_id)
    if codes is not None:
        return [by_code[c] for c in codes if c in by_code], every, True
    indicators = [s for s in every if s.kind == "indicator"]
    if indicators:
        return indicators[:DEFAULT_TILES], every, False
    with_data = set(
        session.scalars(
            select(Rollup.data_element_id)
            .distinct()
            .where(Rollup.map == MapView.AS_IT_WAS.value, Rollup.unit_id == unit_id)
        )
    )
    found = [s for s in every if s.element_id in with_data]
    return found[:DEFAULT_TILES], every, False


def save_choice(session: Session, user_id: int, unit_id: int, codes: list[str]) -> list[str]:
    """Keep the person's tiles for the unit (in the order given); unknown codes are refused by name."""
    known = {s.code for s in choices(session)}
    for code in codes:
        if code not in known:
            raise invalid("tiles", f"Không có chỉ tiêu '{code}'", f"No indicator '{code}'", location="body")
    if len(codes) > MAX_TILES:
        raise invalid(
            "tiles", f"Chọn tối đa {MAX_TILES} ô", f"Choose at most {MAX_TILES} tiles", location="body"
        )
    codes = list(dict.fromkeys(codes))
    row = session.scalar(
        select(TileChoice).where(TileChoice.user_id == user_id, TileChoice.unit_id == unit_id)
    )
    if row is None:
        session.add(TileChoice(user_id=user_id, unit_id=unit_id, codes=codes, updated_at=utc_now()))
    else:
        row.codes = codes
        row.updated_at = utc_now()
    session.flush()
    return codes
