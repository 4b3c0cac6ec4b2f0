"""The workflow: submit, accept, return (reason overall and/or per cell), reopen (a new version).

    draft ──submit──▶ submitted ──accept──▶ accepted ──reopen──▶ draft (version n+1)
      ▲                   │
      └─ (revise) ◀─ returned ◀──return──┘

Every transition locks the submission row (``guard.claim``), checks who acts and the state, updates
the version and the submission, and appends a ledger entry with the digest of the canonical content
(``baocao.ledger``) — all in the caller's transaction.
"""

from __future__ import annotations

import importlib.util

from sqlalchemy.orm import Session

from baocao.analytics.maintain import on_version_sealed
from baocao.audit.types import utc_now
from baocao.errors import ApiError, ErrorDetail, invalid
from baocao.ledger.canonical import content_digest
from baocao.ledger.chain import LedgerEvent, append_event
from baocao.ledger.signatures import require_intact_signatures
from baocao.submissions import guard
from baocao.submissions.actors import Actor, CellRemark
from baocao.submissions.deadlines import check_entry_open
from baocao.submissions.forms import FormIndex, load_form_index
from baocao.submissions.keys import OptionKeyError, normalise_option_key
from baocao.submissions.models import (
    CellComment,
    DataValue,
    Submission,
    SubmissionState,
    SubmissionVersion,
)
from baocao.submissions.values import EDITABLE, current_version, stored_values

SUBMIT = ("gửi báo cáo", "submit")
ACCEPT = ("tiếp nhận báo cáo", "accept")
RETURN = ("trả lại báo cáo", "return")
REOPEN = ("mở lại báo cáo", "reopen")


def _missing_required(session: Session, index: FormIndex, version: SubmissionVersion) -> list[ErrorDetail]:
    stored = stored_values(session, version.id)
    problems = []
    for cell in index.cells.values():
        row = stored.get((cell.element_id, cell.option_key))
        if cell.required and (row is None or (row.value_num is None and not row.value_text)):
            problems.append(
                ErrorDetail(
                    f"Ô bắt buộc {cell.address} ({cell.element_name}) chưa có số liệu",
                    f"Required cell {cell.address} ({cell.element}) is empty",
                    field=cell.element + (f"[{cell.option_key}]" if cell.option_key else ""),
                    location=cell.address,
                )
            )
    narrative = version.narrative or {}
    for section in index.sections.values():
        if section.required and not str(narrative.get(section.code) or "").strip():
            problems.append(
                ErrorDetail(
                    f"Mục bắt buộc '{section.title}' của đề cương chưa viết",
                    f"Required outline section '{section.code}' is empty",
                    field=f"narrative.{section.code}",
                    location="narrative",
                )
            )
    return problems


def _validation_problems(
    session: Session, submission: Submission, version: SubmissionVersion, comments: dict[str, str]
) -> list[ErrorDetail]:
    """Run the regime's rules: errors block; warnings need a comment (stored on the result)."""
    if importlib.util.find_spec("baocao.validation.service") is None:
        return []
    from baocao.validation import service as validation

    problems = []
    for result in validation.validate_version(session, submission, version):
        if result.passed:
            continue
        if result.importance == "warning":
            comment = (comments.get(result.rule_code) or "").strip()
            if comment:
                result.comment = comment
                continue
            message = f"Cảnh báo {result.rule_code} cần giải trình: {result.message}"
            message_en = f"Warning {result.rule_code} needs an explanation: {result.message_en}"
        else:
            message = f"Lỗi {result.rule_code}: {result.message}"
            message_en = f"Error {result.rule_code}: {result.message_en}"
        problems.append(
            ErrorDetail(message, message_en, field=result.rule_code, location=result.cells or None)
        )
    return problems


def _seal(
    session: Session, submission: Submission, version: SubmissionVersion, state: SubmissionState
) -> None:
    version.state = state.value
    submission.state = state.value
    submission.updated_at = utc_now()
    # Analytics facts and rollups follow the new state (submitted, accepted, returned) in this same
    # transaction, so the next answer has it. Reopen needs no call: the accepted figures stay
    # official until a new version is accepted.
    on_version_sealed(session, submission, version)


def submit(
    session: Session,
    submission: Submission,
    actor: Actor,
    expected_lock_version: int | None = None,
    warning_comments: dict[str, str] | None = None,
) -> SubmissionVersion:
    """Send the current version to the receiver (required cells filled, validation errors none)."""
    guard.claim(session, submission, expected_lock_version, SUBMIT)
    guard.check_capture(session, actor, submission)
    guard.require_state(submission, EDITABLE, SUBMIT)
    check_entry_open(session, submission, actor)
    version = current_version(session, submission)
    index = load_form_index(session, submission.regime_version_id)
    problems = _missing_required(session, index, version)
    problems += _validation_problems(session, submission, version, warning_comments or {})
    if problems:
        first = problems[0]
        raise ApiError(
            422,
            "submission_incomplete",
            f"Chưa gửi được báo cáo ({len(problems)} vấn đề). {first.message}",
            f"The report cannot be submitted ({len(problems)} problem(s)). {first.message_en}",
            field=first.field,
            location=first.location,
            details=problems,
        )
    now = utc_now()
    version.submitted_at, version.submitted_by_id = now, actor.user_id
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
    _seal(session, submission, version, SubmissionState.SUBMITTED)
    guard.flush_or_conflict(session, submission, SUBMIT)
    version.content_digest = content_digest(session, version)
    append_event(session, submission, version, LedgerEvent.SUBMIT, actor, digest=version.content_digest)
    return version


def accept(
    session: Session, submission: Submission, actor: Actor, expected_lock_version: int | None = None
) -> SubmissionVersion:
    """The receiver accepts the submitted version; its content is sealed in the ledger."""
    guard.claim(session, submission, expected_lock_version, ACCEPT)
    guard.check_receiver(session, actor, submission)
    guard.require_state(submission, (SubmissionState.SUBMITTED,), ACCEPT)
    version = current_version(session, submission)
    # A signed report whose content changed since it was signed is refused (and flagged on next read).
    require_intact_signatures(session, version)
    version.decided_at, version.decided_by_id = utc_now(), actor.user_id
    _seal(session, submission, version, SubmissionState.ACCEPTED)
    guard.flush_or_conflict(session, submission, ACCEPT)
    version.content_digest = content_digest(session, version)
    append_event(session, submission, version, LedgerEvent.ACCEPT, actor, digest=version.content_digest)
    return version


def _remarks(
    session: Session, index: FormIndex, version: SubmissionVersion, remarks: list[CellRemark], actor: Actor
) -> None:
    problems = []
    now = utc_now()
    for i, remark in enumerate(remarks):
        try:
            key = (remark.element.strip(), normalise_option_key(remark.option_key))
        except OptionKeyError as exc:
            problems.append(ErrorDetail(exc.message, exc.message_en, f"cell_comments[{i}]", "body"))
            continue
        cell = index.cells.get(key)
        if cell is None or not remark.message.strip():
            problems.append(
                ErrorDetail(
                    f"Ghi chú {i + 1}: không có ô {key[0]}[{key[1]}] hoặc thiếu nội dung",
                    f"Comment {i + 1}: no cell {key[0]}[{key[1]}], or an empty message",
                    f"cell_comments[{i}]",
                    "body",
                )
            )
            continue
        session.add(
            CellComment(
                submission_version_id=version.id,
                data_element_id=cell.element_id,
                option_key=cell.option_key,
                message=remark.message.strip(),
                author_id=actor.user_id,
                created_at=now,
            )
        )
    if problems:
        raise ApiError(422, "invalid_comments", problems[0].message, problems[0].message_en,
                       problems[0].field, "body", problems)  # fmt: skip


def return_submission(
    session: Session,
    submission: Submission,
    actor: Actor,
    reason: str,
    cell_comments: list[CellRemark] | None = None,
    expected_lock_version: int | None = None,
) -> SubmissionVersion:
    """Send the submitted version back to the reporter with a reason and/or notes on cells."""
    guard.claim(session, submission, expected_lock_version, RETURN)
    guard.check_receiver(session, actor, submission)
    guard.require_state(submission, (SubmissionState.SUBMITTED,), RETURN)
    remarks = cell_comments or []
    if not reason.strip() and not remarks:
        raise invalid("reason", "Cần nêu lý do trả lại (chung hoặc cho từng ô)",
                      "Give a reason for returning (overall or per cell)", "body")  # fmt: skip
    version = current_version(session, submission)
    _remarks(session, load_form_index(session, submission.regime_version_id), version, remarks, actor)
    version.return_reason = reason.strip() or None
    version.decided_at, version.decided_by_id = utc_now(), actor.user_id
    _seal(session, submission, version, SubmissionState.RETURNED)
    guard.flush_or_conflict(session, submission, RETURN)
    append_event(session, submission, version, LedgerEvent.RETURN, actor)
    return version


def reopen(
    session: Session,
    submission: Submission,
    actor: Actor,
    reason: str,
    expected_lock_version: int | None = None,
) -> SubmissionVersion:
    """The receiver reopens an accepted submission: a new draft version with a copy of the values;
    the accepted version stays as it was, readable and sealed."""
    guard.claim(session, submission, expected_lock_version, REOPEN)
    guard.check_receiver(session, actor, submission)
    guard.require_state(submission, (SubmissionState.ACCEPTED,), REOPEN)
    if not reason.strip():
        raise invalid("reason", "Cần nêu lý do mở lại báo cáo", "A reason is required to reopen", "body")
    old = current_version(session, submission)
    now = utc_now()
    submission.current_version = old.version + 1
    submission.state = SubmissionState.DRAFT.value
    submission.updated_at = now
    guard.flush_or_conflict(session, submission, REOPEN)
    new = SubmissionVersion(
        submission_id=submission.id,
        version=old.version + 1,
        state=SubmissionState.DRAFT.value,
        narrative=dict(old.narrative or {}),
        created_at=now,
        created_by_id=actor.user_id,
        reopen_reason=reason.strip(),
    )
    session.add(new)
    session.flush()
    for value in stored_values(session, old.id).values():
        session.add(
            DataValue(
                submission_version_id=new.id,
                data_element_id=value.data_element_id,
                option_key=value.option_key,
                value_num=value.value_num,
                value_text=value.value_text,
                comment=value.comment,
            )
        )
    append_event(session, submission, new, LedgerEvent.REOPEN, actor)
    return new
