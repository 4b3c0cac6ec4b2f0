"""One batch of an import: the submissions it makes complete (computed and required cells), what
already exists (new, replaced, unchanged, refused), their canonical content, then the writes
(``persist``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from baocao.analytics.graph import UnitAt
from baocao.errors import ErrorDetail
from baocao.imports import canon
from baocao.imports.resolve import PeriodInfo, Resolver, Value
from baocao.submissions.actors import Actor
from baocao.submissions.cells import computed_value
from baocao.submissions.forms import CellInfo
from baocao.submissions.models import Submission, SubmissionState, SubmissionVersion
from baocao.units.models import Unit

CHUNK = 2000


@dataclass
class Pending:
    """What the rows say about one unit's submission for one period."""

    unit: UnitAt
    when: PeriodInfo
    line: int  # the first row's line
    values: dict[tuple[int, str], Value] = field(default_factory=dict)  # (element id, option) → value
    receiver_id: int | None = None
    submission_id: int | None = None  # an existing submission (replaced)
    old_version_id: int | None = None
    version: int = 1
    narrative: dict[str, Any] = field(default_factory=dict)
    digest: str = ""


@dataclass
class Batch:
    resolver: Resolver
    actor: Actor
    source: str
    now: datetime
    pending: dict[tuple[int, str], Pending] = field(default_factory=dict)
    values: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    # Per regime version: the required cells, and each cell's place and written codes in the
    # canonical values list (element code, option key order).
    required: dict[int, list[CellInfo]] = field(default_factory=dict)
    order: dict[int, dict[tuple[int, str], tuple[tuple[str, str], str, str]]] = field(default_factory=dict)
    heads: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)
    unit_json: dict[int, str] = field(default_factory=dict)

    @property
    def session(self) -> Session:
        return self.resolver.session


def _detail(batch: Batch, pending: Pending, column: str, message: str, message_en: str) -> ErrorDetail:
    where = f"{batch.source}:{pending.line}"
    unit, period = pending.unit.code, pending.when.text
    return ErrorDetail(
        f"{where} ('{unit}' kỳ {period}): {message}",
        f"{where} ('{unit}' for {period}): {message_en}",
        column,
        where,
    )


def _complete(batch: Batch, pending: Pending) -> list[ErrorDetail]:
    """Fill the computed cells from the entered ones, then check the required cells."""
    vid = pending.when.version_id
    index = batch.resolver.indexes[vid]
    if index.computed_order:
        by_key = batch.resolver.by_key[vid]
        numbers: dict[tuple[str, str], float | None] = {
            by_key[k].key: v for k, v in pending.values.items() if isinstance(v, float)
        }
        for key, value in index.compute(numbers).items():
            cell = index.cells[key]
            pending.values[(cell.element_id, cell.option_key)] = computed_value(cell, value).num
    required = batch.required.get(vid)
    if required is None:
        required = batch.required[vid] = [c for c in index.cells.values() if c.required]
    problems = []
    for cell in required:
        if pending.values.get((cell.element_id, cell.option_key)) is None:
            problems.append(
                _detail(
                    batch,
                    pending,
                    "element",
                    f"ô bắt buộc {cell.address} ({cell.element_name}) chưa có số liệu",
                    f"required cell {cell.address} ({cell.element}) is empty",
                )
            )
    return problems


def _receivers(batch: Batch) -> list[ErrorDetail]:
    problems = []
    for pending in batch.pending.values():
        pending.receiver_id = batch.resolver.receiver(pending.unit, pending.when)
        if pending.receiver_id is None:
            problems.append(
                _detail(
                    batch, pending, "unit", "không xác định được đơn vị nhận báo cáo", "no receiving unit"
                )
            )
    return problems


def _existing(batch: Batch) -> list[ErrorDetail]:
    """Link each group to its submission if there is one; refuse those in progress."""
    regime_id = batch.resolver.regime.id
    periods = sorted({p.when.text for p in batch.pending.values()})
    units = sorted({p.unit.unit_id for p in batch.pending.values()})
    problems = []
    for first in range(0, len(units), CHUNK):
        stmt = (
            select(
                Submission.id,
                Submission.unit_id,
                Submission.period,
                Submission.state,
                Submission.current_version,
                SubmissionVersion.id,
                SubmissionVersion.content_digest,
                SubmissionVersion.narrative,
                SubmissionVersion.created_at,
            )
            .join(
                SubmissionVersion,
                and_(
                    SubmissionVersion.submission_id == Submission.id,
                    SubmissionVersion.version == Submission.current_version,
                ),
            )
            .where(
                Submission.regime_id == regime_id,
                Submission.period.in_(periods),
                Submission.unit_id.in_(units[first : first + CHUNK]),
            )
        )
        for (
            sid,
            unit_id,
            period,
            state,
            number,
            version_id,
            digest,
            narrative,
            created,
        ) in batch.session.execute(stmt):
            pending = batch.pending.get((unit_id, period))
            if pending is None:
                continue
            if created == batch.now:  # written by an earlier batch of this very import
                problems.append(
                    _detail(
                        batch,
                        pending,
                        "unit",
                        "số liệu của đơn vị và kỳ này đã có ở các dòng trước; các dòng của một đơn vị "
                        "và kỳ phải liền nhau (sắp xếp tệp theo kỳ, đơn vị)",
                        "values of this unit and period came earlier in the file; the rows of one unit "
                        "and period must come together (sort the file by period, unit)",
                    )
                )
                continue
            if state != SubmissionState.ACCEPTED.value:
                problems.append(
                    _detail(
                        batch,
                        pending,
                        "period",
                        f"báo cáo này đang ở trạng thái '{state}': cần tiếp nhận hoặc trả lại "
                        "trước khi nhập đè",
                        f"this submission is '{state}': accept or return it before importing over it",
                    )
                )
                continue
            pending.submission_id, pending.old_version_id = sid, version_id
            pending.version, pending.narrative = number + 1, dict(narrative or {})
            pending.digest = digest or ""
    return problems


def _uids(batch: Batch) -> None:
    uids = batch.resolver.uids
    missing = sorted({p.unit.unit_id for p in batch.pending.values()} - uids.keys())
    for first in range(0, len(missing), CHUNK):
        stmt = select(Unit.id, Unit.uid).where(Unit.id.in_(missing[first : first + CHUNK]))
        uids.update({i: u for i, u in batch.session.execute(stmt)})


def digest_of(batch: Batch, pending: Pending) -> str:
    """SHA-256 of the version's canonical content (``baocao.ledger.canonical``), built in memory."""
    when = pending.when
    vid = when.version_id
    order = batch.order.get(vid)
    if order is None:
        order = batch.order[vid] = {
            (c.element_id, c.option_key): (
                (c.element, c.option_key),
                canon.js(c.element),
                canon.js(c.option_key),
            )
            for c in batch.resolver.indexes[vid].cells.values()
        }
    parts = batch.heads.get((vid, when.text))
    if parts is None:
        parts = batch.heads[(vid, when.text)] = canon.head(
            batch.resolver.regime.code, when.version.version, when.text
        )
    items = sorted((order[k], v) for k, v in pending.values.items() if v is not None)
    values = [canon.value_item(code, option, v) for (_, code, option), v in items]
    narrative = canon.narrative_json(pending.narrative) if pending.narrative else "{}"
    unit_id = pending.unit.unit_id
    unit = batch.unit_json.get(unit_id)
    if unit is None:
        unit = batch.unit_json[unit_id] = canon.js(batch.resolver.uids[unit_id])
    return canon.digest(parts, narrative, unit, values)


def prepare(batch: Batch) -> tuple[list[Pending], list[ErrorDetail]]:
    """The groups to write (new or changed), or the problems that refuse the batch."""
    problems: list[ErrorDetail] = []
    for pending in batch.pending.values():
        problems += _complete(batch, pending)
        pending.values = {k: v for k, v in pending.values.items() if v is not None}
    problems += _receivers(batch)
    problems += _existing(batch)
    if problems:
        return [], problems
    _uids(batch)
    out = []
    for pending in batch.pending.values():
        digest = digest_of(batch, pending)
        if pending.submission_id is not None and digest == pending.digest:
            batch.unchanged += 1
            continue
        pending.digest = digest
        if pending.submission_id is None:
            batch.created += 1
        else:
            batch.replaced += 1
        out.append(pending)
    batch.values = sum(len(p.values) for p in out)  # what is written (computed cells included)
    return out, []


def write_batch(batch: Batch) -> list[ErrorDetail]:
    from baocao.imports.persist import persist

    if not batch.pending:
        return []
    writing, problems = prepare(batch)
    if problems:
        return problems
    if writing:
        persist(batch, writing)
    return []
