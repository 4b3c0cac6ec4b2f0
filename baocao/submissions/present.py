"""Turning rows and service results into the API's answers (shared by the routers)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from baocao.access.guard import ClientInfo
from baocao.access.principal import Principal
from baocao.errors import invalid
from baocao.submissions import queries
from baocao.submissions.actors import Actor, WriteReport
from baocao.submissions.models import EntryPath, Submission, SubmissionVersion
from baocao.submissions.schemas import (
    CommentOut,
    SubmissionDetail,
    SubmissionSummary,
    ValidationMessage,
    ValueOut,
    VersionInfo,
    VersionOut,
    WriteOut,
)


def actor_for(principal: Principal, client: ClientInfo, entry_path: EntryPath = EntryPath.API) -> Actor:
    assert principal.user is not None
    return Actor(
        user_id=principal.user.id,
        name=principal.user.username,
        entry_path=entry_path,
        client_address=client.ip,
        principal=principal,
    )


def expected_lock(request: Request, body_value: int | None) -> int | None:
    """``If-Match: "7"`` (or ``7``) wins over ``expected_lock_version`` in the body."""
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        return body_value
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise invalid("If-Match", f"If-Match phải là số phiên bản khóa, nhận '{header}'",
                      f"If-Match must be a lock_version number, got '{header}'", "header")  # fmt: skip
    return int(text)


def summary(row: Any) -> SubmissionSummary:
    s: Submission = row.Submission
    return SubmissionSummary(
        id=s.id,
        regime=row.regime_code,
        regime_version=row.regime_version,
        regime_name=row.regime_name,
        unit=row.unit_code,
        unit_name=row.unit_name,
        receiver=row.receiver_code,
        receiver_name=row.receiver_name,
        period=s.period,
        state=s.state,
        current_version=s.current_version,
        lock_version=s.lock_version,
        deadline=s.deadline,
        first_submitted_at=s.first_submitted_at,
        timeliness=queries.timeliness(s.deadline, s.first_submitted_at),
        updated_at=s.updated_at,
    )


def value_out(row: Any) -> ValueOut:
    value = row.value_num if row.value_num is not None else row.value_text
    return ValueOut(element=row.element, options=row.option_key, value=value, comment=row.comment)


def comment_out(row: Any) -> CommentOut:
    return CommentOut(
        element=row.element,
        options=row.option_key,
        message=row.message,
        author_id=row.author_id,
        created_at=row.created_at,
    )


def version_info(v: SubmissionVersion) -> VersionInfo:
    return VersionInfo(
        version=v.version,
        state=v.state,
        created_at=v.created_at,
        submitted_at=v.submitted_at,
        decided_at=v.decided_at,
        return_reason=v.return_reason,
        reopen_reason=v.reopen_reason,
        content_digest=v.content_digest,
    )


def version_out(session: Session, v: SubmissionVersion) -> VersionOut:
    return VersionOut(
        **version_info(v).model_dump(),
        narrative={str(k): str(t) for k, t in (v.narrative or {}).items()},
        values=[value_out(r) for r in queries.values_of(session, v.id)],
        comments=[comment_out(r) for r in queries.comments_of(session, v.id)],
    )


def detail(session: Session, row: Any) -> SubmissionDetail:
    s: Submission = row.Submission
    versions = queries.versions_of(session, s.id)
    current = next(v for v in versions if v.version == s.current_version)
    out = version_out(session, current)
    return SubmissionDetail(
        **summary(row).model_dump(),
        narrative=out.narrative,
        values=out.values,
        comments=out.comments,
        return_reason=current.return_reason,
        versions=[version_info(v) for v in versions],
    )


def write_out(report: WriteReport) -> WriteOut:
    return WriteOut(
        submission_id=report.submission_id,
        version=report.version,
        lock_version=report.lock_version,
        changed=report.changed,
        unchanged=report.unchanged,
        computed_changed=report.computed_changed,
        narrative_changed=report.narrative_changed,
        messages=[
            ValidationMessage(
                rule_code=r.rule_code,
                importance=r.importance,
                passed=r.passed,
                message=r.message,
                message_en=r.message_en,
                cells=r.cells,
            )
            for r in report.validation
            if not r.passed
        ],
    )
