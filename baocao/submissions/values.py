"""``write_values``: the one path by which reported figures change, whatever they came through.

Everything is checked before anything is stored: unknown cells, computed cells (computed here from
their formulas, never taken from input), values of the wrong type, unknown narrative sections — all
problems come back at once in one 422 whose details name each cell (or the CSV line / Excel cell the
caller gave as ``location``). Every change, of an entered or a computed cell or of a narrative section,
writes a ``ValueChange``.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.audit.types import utc_now
from baocao.errors import ApiError, ErrorDetail
from baocao.submissions import guard
from baocao.submissions.actors import Actor, CellInput, WriteReport
from baocao.submissions.cells import EMPTY, CellValueError, Stored, coerce, computed_value, stored_of
from baocao.submissions.deadlines import check_entry_open
from baocao.submissions.forms import CellInfo, FormIndex, Key, load_form_index
from baocao.submissions.keys import OptionKeyError, normalise_option_key
from baocao.submissions.models import DataValue, Submission, SubmissionState, SubmissionVersion, ValueChange

if TYPE_CHECKING:
    from baocao.validation.models import ValidationResult

WRITE = ("ghi số liệu", "write values")
EDITABLE = (SubmissionState.DRAFT, SubmissionState.RETURNED)
MAX_SECTION = 100_000


def current_version(session: Session, submission: Submission) -> SubmissionVersion:
    version = session.scalar(
        select(SubmissionVersion).where(
            SubmissionVersion.submission_id == submission.id,
            SubmissionVersion.version == submission.current_version,
        )
    )
    assert version is not None, f"submission {submission.id} lacks version {submission.current_version}"
    return version


def stored_values(session: Session, version_id: int) -> dict[tuple[int, str], DataValue]:
    rows = session.scalars(select(DataValue).where(DataValue.submission_version_id == version_id))
    return {(v.data_element_id, v.option_key): v for v in rows}


def _detail(
    column: str, location: str | None, message: str, message_en: str, cell: CellInfo | None = None
) -> ErrorDetail:
    """``column`` is what is wrong in the input: ``element``, ``options`` or ``value``; ``location``
    where the caller read it (``values.csv:12``, ``cells[3]``), else the cell's address."""
    where = f"{location}: " if location else ""
    return ErrorDetail(
        f"{where}{message}",
        f"{where}{message_en}",
        field=column,
        location=location or (cell.address if cell else None),
    )


def _label(element: str, option_key: str) -> str:
    return f"{element}[{option_key}]" if option_key else element


def _parse_inputs(
    index: FormIndex, cells: list[CellInput]
) -> tuple[dict[Key, tuple[CellInfo, Stored, CellInput]], list[ErrorDetail]]:
    parsed: dict[Key, tuple[CellInfo, Stored, CellInput]] = {}
    problems: list[ErrorDetail] = []
    for given in cells:
        location = given.location
        try:
            key = (given.element.strip(), normalise_option_key(given.option_key))
        except OptionKeyError as exc:
            label = _label(given.element, given.option_key)
            problems.append(
                _detail("options", location, f"{label}: {exc.message}", f"{label}: {exc.message_en}")
            )
            continue
        label = _label(*key)
        cell = index.cells.get(key)
        if cell is None:
            problems.append(
                _detail(
                    "element",
                    location,
                    f"Biểu mẫu không có ô cho chỉ tiêu {label}",
                    f"The forms have no cell for {label}",
                )
            )
            continue
        if cell.computed:
            problems.append(
                _detail(
                    "element",
                    location,
                    f"Ô {cell.address} ({label}) được tính tự động, không nhập",
                    f"Cell {cell.address} ({label}) is computed and cannot be entered",
                    cell,
                )
            )
            continue
        if key in parsed:
            problems.append(
                _detail(
                    "element", location, f"Ô {label} được gửi hai lần", f"Cell {label} is given twice", cell
                )
            )
            continue
        try:
            parsed[key] = (cell, coerce(cell, given.value), given)
        except CellValueError as exc:
            problems.append(
                _detail(
                    "value",
                    location,
                    f"Ô {cell.address} ({label}): {exc.message}",
                    f"Cell {cell.address} ({label}): {exc.message_en}",
                    cell,
                )
            )
    return parsed, problems


def _check_narrative(index: FormIndex, narrative: dict[str, str | None]) -> list[ErrorDetail]:
    problems = []
    for code, text in narrative.items():
        if code not in index.sections:
            problems.append(
                ErrorDetail(
                    f"Đề cương không có mục '{code}'",
                    f"The outline has no section '{code}'",
                    field=f"narrative.{code}",
                    location="body",
                )
            )
        elif text is not None and (not isinstance(text, str) or len(text) > MAX_SECTION):
            problems.append(
                ErrorDetail(
                    f"Mục '{code}' phải là văn bản dưới {MAX_SECTION} ký tự",
                    f"Section '{code}' must be text under {MAX_SECTION} characters",
                    field=f"narrative.{code}",
                    location="body",
                )
            )
    return problems


def _record(
    session: Session,
    submission: Submission,
    version: SubmissionVersion,
    cell: CellInfo,
    old: Stored,
    new: Stored,
    actor: Actor,
) -> None:
    session.add(
        _change(
            submission,
            version,
            actor,
            data_element_id=cell.element_id,
            option_key=cell.option_key,
            old_value=old.shown(),
            new_value=new.shown(),
        )
    )


def _record_section(
    session: Session,
    submission: Submission,
    version: SubmissionVersion,
    code: str,
    old: str | None,
    new: str | None,
    actor: Actor,
) -> None:
    """A narrative section written, rewritten or cleared: the whole text before and after."""
    session.add(
        _change(
            submission,
            version,
            actor,
            data_element_id=None,
            option_key="",
            section_code=code,
            old_value=old,
            new_value=new,
        )
    )


def _change(
    submission: Submission, version: SubmissionVersion, actor: Actor, **what: str | int | None
) -> ValueChange:
    """One audit entry: who, when, from where and by which path, plus what changed."""
    return ValueChange(
        at=utc_now(),
        actor_id=actor.user_id,
        actor_name=actor.name[:120],
        entry_path=actor.entry_path.value,
        client_address=actor.client_address,
        submission_id=submission.id,
        version=version.version,
        **what,
    )


def _store(
    session: Session,
    version: SubmissionVersion,
    existing: dict[tuple[int, str], DataValue],
    cell: CellInfo,
    new: Stored,
    comment: str | None,
) -> None:
    row = existing.get((cell.element_id, cell.option_key))
    if new.empty:
        if row is not None:
            session.delete(row)
            del existing[(cell.element_id, cell.option_key)]
        return
    if row is None:
        row = DataValue(
            submission_version_id=version.id, data_element_id=cell.element_id, option_key=cell.option_key
        )
        session.add(row)
        existing[(cell.element_id, cell.option_key)] = row
    row.value_num, row.value_text = new.num, new.text
    if comment is not None:
        row.comment = comment or None


def _numbers(index: FormIndex, existing: dict[tuple[int, str], DataValue]) -> dict[Key, float | None]:
    by_id = {(c.element_id, c.option_key): c.key for c in index.cells.values()}
    return {by_id[k]: v.value_num for k, v in existing.items() if k in by_id}


def _inline_validation(
    session: Session, submission: Submission, version: SubmissionVersion
) -> list[ValidationResult]:
    """Messages of the validation rules, shown while entering; never blocking here."""
    if importlib.util.find_spec("baocao.validation.service") is None:
        return []
    from baocao.validation import service as validation

    return list(validation.validate_version(session, submission, version))


def write_values(
    session: Session,
    submission: Submission,
    cells: list[CellInput],
    actor: Actor,
    narrative: dict[str, str | None] | None = None,
    expected_lock_version: int | None = None,
) -> WriteReport:
    """Store ``cells`` (and narrative sections) in the submission's current version, all or nothing."""
    guard.claim(session, submission, expected_lock_version, WRITE)
    guard.check_capture(session, actor, submission)
    guard.require_state(submission, EDITABLE, WRITE)
    check_entry_open(session, submission, actor)
    index = load_form_index(session, submission.regime_version_id)
    parsed, problems = _parse_inputs(index, cells)
    problems += _check_narrative(index, narrative or {})
    if problems:
        first = problems[0]
        raise ApiError(
            422,
            "invalid_values",
            f"{len(problems)} lỗi trong số liệu gửi lên; không có gì được lưu. {first.message}",
            f"{len(problems)} problem(s) in the values sent; nothing was stored. {first.message_en}",
            field=first.field,
            location=first.location,
            details=problems,
        )
    version = current_version(session, submission)
    existing = stored_values(session, version.id)
    report = WriteReport(submission.id, version.version, submission.lock_version)
    for cell, new, given in parsed.values():
        row = existing.get((cell.element_id, cell.option_key))
        old = stored_of(row.value_num, row.value_text) if row else EMPTY
        if old == new:
            report.unchanged += 1
            if row is not None and given.comment is not None:
                row.comment = given.comment or None
            continue
        _record(session, submission, version, cell, old, new, actor)
        _store(session, version, existing, cell, new, given.comment)
        report.changed += 1
    for key, value in index.compute(_numbers(index, existing)).items():
        cell = index.cells[key]
        row = existing.get((cell.element_id, cell.option_key))
        old = stored_of(row.value_num, row.value_text) if row else EMPTY
        new = computed_value(cell, value)
        if old != new:
            _record(session, submission, version, cell, old, new, actor)
            _store(session, version, existing, cell, new, None)
            report.computed_changed += 1
    if narrative:
        merged = dict(version.narrative or {})
        for code, text in narrative.items():
            if text in (None, ""):
                merged.pop(code, None)
            else:
                merged[code] = text
        before = version.narrative or {}
        if merged != before:
            for code in sorted(set(before) | set(merged)):
                if before.get(code) != merged.get(code):
                    _record_section(
                        session, submission, version, code, before.get(code), merged.get(code), actor
                    )
            version.narrative = merged
            report.narrative_changed = True
    submission.updated_at = utc_now()  # always an UPDATE: the lock version moves on every write
    guard.flush_or_conflict(session, submission, WRITE)
    report.lock_version = submission.lock_version
    report.validation = _inline_validation(session, submission, version)
    return report
