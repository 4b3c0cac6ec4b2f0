"""The four demonstration regimes (data/*.yaml), for ``baocao demo``: needs the reference units and the
demo catalogue loaded first. Idempotent: a second run finds every file already stored."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from baocao.regimes.loader import LoadResult, load_regime

DATA_DIR = Path(__file__).parent / "data"
DEMO_REGIMES = (
    DATA_DIR / "ktxh_thang.yaml",  # (a) monthly socio-economic report, province → Chính phủ
    DATA_DIR / "nsnn_quy.yaml",  # (b) quarterly state budget, province → Bộ Tài chính
    DATA_DIR / "gd_xa_nam.yaml",  # (c) annual commune education statistics, commune → province
    DATA_DIR / "thien_tai.yaml",  # (d) ad hoc natural-disaster damage, province → Chính phủ
)


def load_demo_regimes(session: Session) -> list[LoadResult]:
    """Load every demo regime in the caller's transaction (flushes, never commits)."""
    return [load_regime(session, path, actor="demo") for path in DEMO_REGIMES]
