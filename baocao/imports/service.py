"""The public path for large loads: rows of values → accepted submissions, in the same tables and with
the same meaning as the one write path (``baocao.submissions``), written set-based.

``import_values(session, regime, rows, actor)`` groups the rows by (unit, period): each group is the
complete content of that unit's submission for the period. A new group becomes a submission whose
version 1 is accepted at once; a group for a submission already accepted becomes its next version
(like reopen → write → submit → accept: the earlier version stays readable, its values leave the
figures, the changed cells are recorded old → new in ``value_changes``); a group identical to the
accepted content changes nothing; a submission still in progress (draft, submitted, returned) is
refused. Every version gets its ledger entry (``accept``, with the digest of its canonical content),
its analytics facts, and the rollups of both maps are updated by the batch's deltas. One audit event
records the import.

Checks are those of the write path for each value (see ``resolve``) plus the required cells; the
regime's cross-cell validation rules are not run (a history load is already-published statistics).
Nothing is stored unless everything is right: the rows are checked as they stream in, batches are
written in the caller's transaction, and the first problems (up to ``MAX_PROBLEMS``) are raised as
one 422 naming each line and column — the caller's rollback then removes the earlier batches too.
Rows of one (unit, period) must come together when the input is larger than a batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from baocao.analytics.graph import unit_graph
from baocao.audit.service import record_event
from baocao.audit.types import utc_now
from baocao.errors import ApiError, ErrorDetail
from baocao.imports.batch import Batch, Pending, write_batch
from baocao.imports.resolve import Resolver, RowProblem
from baocao.imports.rows import ValueRow
from baocao.submissions.actors import Actor
from baocao.submissions.guard import may_write, take_write_lock

MAX_PROBLEMS = 100
BATCH_VALUES = 250_000


@dataclass
class ImportReport:
    regime: str
    source: str
    rows: int = 0
    values: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    seconds: float = 0.0

    @property
    def values_per_s(self) -> float:
        return self.values / self.seconds if self.seconds > 0 else 0.0


def _problem(source: str, line: int, column: str, message: str, message_en: str) -> ErrorDetail:
    where = f"{source}:{line}"
    return ErrorDetail(
        f"{where}, cột '{column}': {message}", f"{where}, column '{column}': {message_en}", column, where
    )


def _refuse(source: str, problems: list[ErrorDetail]) -> ApiError:
    first = problems[0]
    more = "+" if len(problems) >= MAX_PROBLEMS else ""
    return ApiError(
        422,
        "invalid_import",
        f"{len(problems)}{more} lỗi trong {source}; không có gì được lưu. {first.message}",
        f"{len(problems)}{more} problem(s) in {source}; nothing was stored. {first.message_en}",
        field=first.field,
        location=first.location,
        details=problems,
    )


def import_values(
    session: Session,
    regime_code: str,
    rows: Iterable[ValueRow],
    actor: Actor,
    *,
    source: str = "values.csv",
    batch_values: int = BATCH_VALUES,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``rows`` for the regime (see the module's notes). Never commits."""
    started = time.perf_counter()
    take_write_lock(session)
    session.flush()
    graph = unit_graph(session)
    resolver = Resolver(session, regime_code, graph)
    report = ImportReport(resolver.regime.code, source)
    batch = Batch(resolver, actor, source, utc_now())
    problems: list[ErrorDetail] = []
    allowed: dict[int, bool] = {}
    periods, units, cells = resolver.periods, resolver.units, resolver.cells
    count = 0
    for row in rows:  # the hot loop: dictionary reads for what was seen before, the careful way else
        count += 1
        try:
            text = row.period
            when = periods.get(text) or resolver.period(text)
            unit = units.get((row.unit, text)) or resolver.unit(row.unit, when)
            cell = cells.get((when.version_id, row.element, row.options)) or resolver.cell(
                row.element, row.options, when
            )
            stored = resolver.value(cell, row.value)
        except RowProblem as exc:
            problems.append(_problem(source, row.line, exc.column, exc.message, exc.message_en))
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        key = (unit.unit_id, text)
        if actor.principal is not None:
            if unit.unit_id not in allowed:
                allowed[unit.unit_id] = may_write(actor.principal, resolver.regime.code, unit.unit_id)
            if not allowed[unit.unit_id]:
                problems.append(
                    _problem(
                        source,
                        row.line,
                        "unit",
                        f"Không có quyền nhập số liệu cho '{row.unit}'",
                        f"You may not enter data for '{row.unit}'",
                    )
                )
                continue
        pending = batch.pending.get(key)
        if pending is None:
            if batch.values >= batch_values and not problems:
                _write(batch, report, on_progress)
                batch = Batch(resolver, actor, source, batch.now)
            pending = batch.pending[key] = Pending(unit, when, row.line)
        values = pending.values
        if cell.key in values:
            info = cell.info
            label = f"{info.element}[{info.option_key}]" if info.option_key else info.element
            problems.append(
                _problem(
                    source,
                    row.line,
                    "element",
                    f"Ô {label} của '{row.unit}' kỳ {when.text} có hai lần",
                    f"Cell {label} of '{row.unit}' for {when.text} is given twice",
                )
            )
            continue
        values[cell.key] = stored
        if stored is not None:
            batch.values += 1
    report.rows = count
    if problems:
        raise _refuse(source, problems)
    _write(batch, report, on_progress)
    report.seconds = time.perf_counter() - started
    record_event(
        session,
        "submissions.bulk_import",
        actor=actor.name,
        target=f"regime:{report.regime}",
        ip=actor.client_address,
        details={
            "source": source,
            "entry_path": actor.entry_path.value,
            "rows": report.rows,
            "values": report.values,
            "created": report.created,
            "replaced": report.replaced,
            "unchanged": report.unchanged,
            "at": batch.now.isoformat(),
        },
    )
    return report


def _write(batch: Batch, report: ImportReport, on_progress: Callable[[int], None] | None) -> None:
    problems = write_batch(batch)
    if problems:
        raise _refuse(batch.source, problems)
    report.values += batch.values
    report.created += batch.created
    report.replaced += batch.replaced
    report.unchanged += batch.unchanged
    if on_progress:
        on_progress(report.values)
