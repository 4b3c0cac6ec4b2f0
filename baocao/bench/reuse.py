"""``--reuse``: is this scale's world already loaded in the database (imported values and raw baseline)?

Cheap checks only (a national database holds ≈ 11 M values): the raw tables exist, the first and last
month of the raw table for a commune and a province element are this run's first and last month (a
database loaded for another scale, or in an earlier month, does not match), and the bench regimes have
an accepted submission for both months. The import and the raw load each run in one transaction, so
the months at both ends being there means the rest is too."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, make_url, text

from baocao.bench.generator import Scale, months
from baocao.bench.queries import MAP, RAW
from baocao.bench.world import COMMUNE_REGIME, PROVINCE_REGIME, commune_elements, province_elements
from baocao.storage.engine import make_engine
from baocao.submissions.models import SubmissionState

_SPAN = f"SELECT MIN(period), MAX(period) FROM {RAW} WHERE element = :element"  # noqa: S608 - constants
_ACCEPTED = (
    "SELECT 1 FROM submissions s JOIN regimes r ON r.id = s.regime_id "
    "WHERE r.code = :regime AND s.period = :period AND s.state = :state LIMIT 1"
)


def not_loaded(url: str, scale: Scale) -> tuple[str, str] | None:
    """Why ``url`` does not hold ``scale``'s loaded world, in Vietnamese and English; None if it does."""
    series = months(scale)
    first, last = str(series[0]), str(series[-1])
    where = make_url(url)
    if where.get_backend_name() == "sqlite" and where.database and not Path(where.database).exists():
        return f"không có tệp {where.database}", f"no file {where.database}"  # do not create an empty one
    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        missing = sorted({RAW, MAP, "submissions", "regimes"} - tables)
        if missing:
            return f"thiếu bảng {', '.join(missing)}", f"missing table(s) {', '.join(missing)}"
        with engine.connect() as conn:
            for element in (commune_elements(scale.commune_elements)[-1], province_elements()[0]):
                low, high = conn.execute(text(_SPAN), {"element": element}).one()
                if (low, high) != (first, last):
                    held = f"{low}..{high}"
                    return (
                        f"{RAW} có {element} cho {held if low else 'không kỳ nào'}, "
                        f"quy mô {scale.name} cần {first}..{last}",
                        f"{RAW} holds {element} for {held if low else 'no period'}, "
                        f"scale {scale.name} needs {first}..{last}",
                    )
            for regime in (COMMUNE_REGIME, PROVINCE_REGIME):
                for period in (first, last):
                    params = {"regime": regime, "period": period, "state": SubmissionState.ACCEPTED.value}
                    if conn.execute(text(_ACCEPTED), params).first() is None:
                        return (
                            f"chế độ {regime} chưa có báo cáo được tiếp nhận kỳ {period}",
                            f"regime {regime} has no accepted submission for {period}",
                        )
    finally:
        engine.dispose()
    return None
