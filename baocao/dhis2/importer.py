"""Importing a dataValueSet through the one write path of submissions.

Rows are mapped (``resolve.py``), grouped by (regime, unit, period) and written with
``open_submission`` + ``write_values`` — audit, validation, ledger and analytics come with them —
each group in its own savepoint. A group written without conflicts is then submitted, as the
regime's workflow expects of a reporting unit; if it cannot be submitted yet (required cells still
empty, validation errors) the values stay in the draft and the summary says why.

``atomic`` (DHIS2's ``atomicMode=ALL``, the default): any conflict and the whole import is rolled
back — nothing is stored, every failing row is listed. ``atomic=False`` (``atomicMode=NONE``): the
rows in conflict are left out and the rest is stored. ``dry_run`` does all the work, then rolls back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, SessionTransaction

from baocao.dhis2.conflicts import Conflict, ErrorCode, ImportSummary, SubmissionNote
from baocao.dhis2.formats import RawValue
from baocao.dhis2.mapping import MappingIndex
from baocao.dhis2.resolve import Resolved, Schemes, conflict, resolve_row
from baocao.errors import ApiError
from baocao.submissions import service
from baocao.submissions.actors import Actor, CellInput
from baocao.submissions.cells import EMPTY, CellValueError, coerce, stored_of
from baocao.submissions.forms import load_form_index
from baocao.submissions.guard import take_write_lock
from baocao.submissions.models import Submission
from baocao.submissions.values import EDITABLE, stored_values

# Which DHIS2 property an error of the write path is about (by its ``field``).
_PROPERTY = {
    "element": "dataElement",
    "options": "categoryOptionCombo",
    "value": "value",
    "unit": "orgUnit",
    "period": "period",
    "regime": "dataSet",
}
_CODE = {
    "element": ErrorCode.NOT_IN_DATA_SET,
    "options": ErrorCode.COC,
    "value": ErrorCode.VALUE_TYPE,
    "unit": ErrorCode.ORG_UNIT,
    "period": ErrorCode.PERIOD,
    "regime": ErrorCode.DATA_SET,
}


@dataclass(frozen=True)
class ImportOptions:
    strategy: str = "CREATE_AND_UPDATE"
    dry_run: bool = False
    atomic: bool = True
    schemes: Schemes = field(default_factory=Schemes)


_Cell = tuple[Resolved, CellInput, str]


@dataclass
class _Plan:
    """What one group would do to each row: write it (imported/updated/deleted) or ignore it."""

    cells: list[_Cell] = field(default_factory=list)
    ignored: int = 0


def _group_conflicts(rows: list[Resolved], exc: ApiError) -> list[Conflict]:
    """An error about the whole group (unit out of scope, not a reporting unit, entry locked ...)."""
    prop = _PROPERTY.get(exc.field or "", "orgUnit" if exc.status == 403 else "dataSet")
    code = (
        ErrorCode.ORG_UNIT_ACCESS
        if exc.status == 403
        else ErrorCode.LOCKED
        if exc.status in (409, 423)
        else _CODE.get(exc.field or "", ErrorCode.DATA_SET)
    )
    objects = {
        "orgUnit": rows[0].row.org_unit,
        "period": rows[0].row.period,
        "dataSet": rows[0].row.data_set or "",
    }
    return [
        conflict(r.row, prop, objects.get(prop, r.row.org_unit), code, exc.message, exc.message_en)
        for r in rows
    ]


def _write_conflicts(rows: list[Resolved], exc: ApiError) -> list[Conflict]:
    """``write_values`` names each cell at fault by the location we gave it (the row's location)."""
    by_location = {r.row.location: r for r in rows}
    found = []
    for detail in exc.details:
        r = by_location.get(detail.location or "")
        if r is None:
            continue
        prop = _PROPERTY.get(detail.field or "", "value")
        obj = r.row.value or "" if prop == "value" else r.row.data_element
        found.append(
            Conflict(
                obj,
                prop,
                detail.message,
                detail.message_en,
                _CODE.get(detail.field or "", ErrorCode.VALUE_TYPE),
                [r.row.index],
                r.row.line,
                r.row.location,
            )
        )
    return found or _group_conflicts(rows, exc)


def _plan(
    session: Session, submission: Submission, rows: list[Resolved], strategy: str
) -> tuple[_Plan, list[Conflict]]:
    index = load_form_index(session, submission.regime_version_id)
    stored = stored_values(session, submission_version_id(session, submission))
    editable = submission.state in EDITABLE
    plan, problems = _Plan(), []
    for r in rows:
        cell = index.cells.get((r.element, r.option_key))
        row = stored.get((cell.element_id, cell.option_key)) if cell else None
        exists = row is not None
        value: str | None = r.row.value
        if strategy == "DELETE":
            value, outcome = None, "deleted"
        else:
            outcome = "updated" if exists else "imported"
        if (strategy == "CREATE" and exists) or (strategy in ("UPDATE", "DELETE") and cell and not exists):
            plan.ignored += 1
            continue
        if not editable and cell is not None:
            try:
                same = coerce(cell, value) == (stored_of(row.value_num, row.value_text) if row else EMPTY)
            except CellValueError:
                same = False
            if same:
                plan.ignored += 1  # re-sending what the sealed report already says
                continue
            problems.append(
                conflict(
                    r.row,
                    "value",
                    r.row.value or "",
                    ErrorCode.LOCKED,
                    f"Báo cáo kỳ {r.period} của đơn vị {r.unit} đang ở trạng thái '{submission.state}'; "
                    "chỉ sửa được khi đơn vị nhận trả lại",
                    f"The {r.period} report of unit {r.unit} is {submission.state}; it can change "
                    "only after the receiver returns it",
                )
            )
            continue
        comment = r.row.comment
        plan.cells.append(
            (r, CellInput(r.element, r.option_key, value, comment, location=r.row.location), outcome)
        )
    return plan, problems


def submission_version_id(session: Session, submission: Submission) -> int:
    return service.current_version(session, submission).id


class _Run:
    def __init__(self, session: Session, options: ImportOptions, actor: Actor) -> None:
        self.session, self.options, self.actor = session, options, actor
        self.summary = ImportSummary(dry_run=options.dry_run, atomic=options.atomic)

    def group(self, key: tuple[str, str, str], rows: list[Resolved]) -> None:
        regime, unit, period = key
        savepoint = self.session.begin_nested()
        try:
            submission = service.open_submission(self.session, regime, unit, period, self.actor)
            plan, problems = _plan(self.session, submission, rows, self.options.strategy)
        except ApiError as exc:
            savepoint.rollback()
            self.summary.conflicts += _group_conflicts(rows, exc)
            return
        self.summary.conflicts += problems
        written = self._write(savepoint, submission, plan)
        if written is None:
            return
        self.summary.count.ignored += plan.ignored
        for _, _, outcome in written:
            setattr(self.summary.count, outcome, getattr(self.summary.count, outcome) + 1)
        note = SubmissionNote(regime, unit, period, submission.id, submission.state)
        if written:
            self._submit(submission, note)
        self.summary.submissions.append(note)
        self.summary.stored = self.summary.stored or bool(written)

    def _write(
        self, savepoint: SessionTransaction, submission: Submission, plan: _Plan
    ) -> list[_Cell] | None:
        cells = plan.cells
        while cells:
            try:
                service.write_values(self.session, submission, [c for _, c, _ in cells], self.actor)
                break
            except ApiError as exc:
                found = _write_conflicts([r for r, _, _ in cells], exc)
                self.summary.conflicts += found
                bad = {i for c in found for i in c.indexes}
                remaining = [c for c in cells if c[0].row.index not in bad]
                if not _partial_retry(self.options, remaining, cells):
                    savepoint.rollback()
                    return None
                cells = remaining
        savepoint.commit()
        return cells

    def _submit(self, submission: Submission, note: SubmissionNote) -> None:
        if submission.state not in EDITABLE:
            return
        savepoint = self.session.begin_nested()
        try:
            service.submit(self.session, submission, self.actor)
            savepoint.commit()
        except ApiError as exc:
            savepoint.rollback()
            note.note, note.note_en = exc.message, exc.message_en
        note.state = submission.state


def _partial_retry(options: ImportOptions, remaining: list[_Cell], before: list[_Cell]) -> bool:
    """Write again without the rows in conflict: only in partial mode, and only if that is progress."""
    return not options.atomic and 0 < len(remaining) < len(before)


def import_values(
    session: Session, rows: list[RawValue], options: ImportOptions, actor: Actor
) -> ImportSummary:
    """Import ``rows``; the caller's transaction commits what the summary says was stored."""
    index = MappingIndex.load(session)
    run = _Run(session, options, actor)
    groups: dict[tuple[str, str, str], list[Resolved]] = defaultdict(list)
    for row in rows:
        resolved, problems = resolve_row(row, index, options.schemes, options.strategy)
        run.summary.conflicts += problems
        if resolved is not None:
            groups[(resolved.regime, resolved.unit, resolved.period)].append(resolved)
    take_write_lock(session)
    outer = session.begin_nested()
    for key in sorted(groups):
        run.group(key, groups[key])
    summary = run.summary
    summary.conflicts.sort(key=lambda c: (min(c.indexes, default=-1), c.property))
    if summary.conflicts and options.atomic:
        outer.rollback()
        summary.count.imported = summary.count.updated = summary.count.deleted = 0
        summary.count.ignored = len(rows)
        summary.stored = False
        summary.submissions = []
    elif options.dry_run:
        outer.rollback()
    else:
        outer.commit()
    summary.count.ignored += (
        len({i for c in summary.conflicts for i in c.indexes}) if not options.atomic else 0
    )
    return summary


__all__ = ["ImportOptions", "import_values"]
