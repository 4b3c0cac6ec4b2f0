"""Load the reference units (provinces, districts, communes before and after 1 July 2025, and the
Government, ministries and agencies) into the database.

``import_reference`` checks every file before it writes anything, raises ``ReferenceDataError`` with
all problems found, and only inserts what is missing (keyed by the stable ``uid``), so running it again
inserts nothing. It never updates or deletes: a changed name in a file needs a new version, not an edit.
It does not commit; the caller's transaction does (one transaction: an error stores nothing).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from baocao.storage.base import Base
from baocao.units.models import Unit, UnitSuccession, UnitVersion
from baocao.units.reference_checks import check_references, read_tables
from baocao.units.reference_files import Problem, Problems, ReferenceDataError
from baocao.units.reference_plan import Plan, Span, build_plan, check_code_overlaps
from baocao.units.timeline import HISTORY_START, MERGER, MINISTRIES_RESTRUCTURED

__all__ = [
    "DATA_DIR",
    "HISTORY_START",
    "MERGER",
    "MINISTRIES_RESTRUCTURED",
    "ImportReport",
    "Problem",
    "ReferenceDataError",
    "import_reference",
    "load_plan",
]

DATA_DIR = Path(__file__).parent / "data"
# Rows per INSERT round; large enough to be fast, small enough for a smooth progress bar.
CHUNK = 2500

Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    units_inserted: int = 0
    units_skipped: int = 0
    versions_inserted: int = 0
    versions_skipped: int = 0
    successions_inserted: int = 0
    successions_skipped: int = 0
    seconds: float = 0.0

    @property
    def inserted(self) -> int:
        return self.units_inserted + self.versions_inserted + self.successions_inserted


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


def load_plan(data_dir: Path = DATA_DIR, on_progress: Progress | None = None) -> Plan:
    """Read and check the files; raises ``ReferenceDataError`` listing every problem."""
    progress = on_progress or _quiet
    problems = Problems()
    tables = read_tables(data_dir, problems, lambda done, total: progress("read", done, total))
    if tables.complete:
        check_references(tables, problems)
    problems.raise_if_any()
    plan = build_plan(tables)
    check_code_overlaps(
        (Span(v.code, v.valid_from, v.valid_to, v.uid, v.location) for v in plan.versions), problems
    )
    problems.raise_if_any()
    return plan


def import_reference(
    session: Session,
    data_dir: Path = DATA_DIR,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Insert the reference units that are not in the database yet.

    ``on_progress(stage, done, total)`` is called with stage ``read`` (files), ``units``, ``versions``
    and ``successions`` (rows).
    """
    started = time.perf_counter()
    progress = on_progress or _quiet
    plan = load_plan(data_dir, progress)
    report = ImportReport()

    ids: dict[str, int] = {uid: id_ for uid, id_ in session.execute(select(Unit.uid, Unit.id))}
    stored = session.execute(
        select(Unit.uid, UnitVersion.code, UnitVersion.valid_from, UnitVersion.valid_to).join(
            Unit, Unit.id == UnitVersion.unit_id
        )
    ).all()
    stored_keys = {(uid, valid_from) for uid, _, valid_from, _ in stored}
    versions = [v for v in plan.versions if (v.uid, v.valid_from) not in stored_keys]
    # Units already in the database (added by hand or by another source) may hold the same codes.
    problems = Problems()
    check_code_overlaps(
        [Span(code, start, end, uid, "database") for uid, code, start, end in stored]
        + [Span(v.code, v.valid_from, v.valid_to, v.uid, v.location) for v in versions],
        problems,
    )
    problems.raise_if_any()

    units = [{"uid": uid, "level": level.value} for uid, level in plan.units.items() if uid not in ids]
    _insert(session, Unit, units, "units", progress)
    report.units_inserted, report.units_skipped = len(units), len(plan.units) - len(units)
    if units:
        ids = {uid: id_ for uid, id_ in session.execute(select(Unit.uid, Unit.id))}

    version_rows = [
        {
            **v.columns(),
            "unit_id": ids[v.uid],
            "parent_id": ids[v.parent_uid] if v.parent_uid else None,
        }
        for v in versions
    ]
    _insert(session, UnitVersion, version_rows, "versions", progress)
    report.versions_inserted = len(version_rows)
    report.versions_skipped = len(plan.versions) - len(version_rows)

    have: set[tuple[int, int, date]] = {
        (pred, succ, day)
        for pred, succ, day in session.execute(
            select(UnitSuccession.predecessor_id, UnitSuccession.successor_id, UnitSuccession.effective_date)
        )
    }
    successions = []
    for s in plan.successions:
        key = (ids[s.predecessor_uid], ids[s.successor_uid], s.effective_date)
        if key not in have:
            have.add(key)
            successions.append(
                {
                    "predecessor_id": key[0],
                    "successor_id": key[1],
                    "effective_date": key[2],
                    "kind": s.kind,
                    "note": s.note,
                }
            )
    _insert(session, UnitSuccession, successions, "successions", progress)
    report.successions_inserted = len(successions)
    report.successions_skipped = len(plan.successions) - len(successions)
    if report.inserted:
        _refresh_statistics(session)
    report.seconds = time.perf_counter() - started
    return report


def _refresh_statistics(session: Session) -> None:
    """PostgreSQL plans the recursive tree queries from table statistics; right after a bulk load
    autovacuum has not gathered any yet and descendants of the Government take ~1.5 s instead of
    ~0.04 s. SQLite plans well without them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in (Unit, UnitVersion, UnitSuccession):
        session.execute(text(f"ANALYZE {model.__tablename__}"))


def _insert(
    session: Session, model: type[Base], rows: list[dict[str, Any]], stage: str, progress: Progress
) -> None:
    """Bulk INSERT (executemany) in chunks: no ORM objects, no per-row round-trips. The Core table
    rather than the mapped class skips the ORM bulk layer, about twice as fast on both engines."""
    table = cast(Table, model.__table__)
    progress(stage, 0, len(rows))
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table), rows[start : start + CHUNK])
        progress(stage, min(start + CHUNK, len(rows)), len(rows))
