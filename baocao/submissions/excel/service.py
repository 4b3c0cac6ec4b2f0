"""The Excel entry path: a template to download, and an upload that goes through the one write path.

``build_template`` and ``read_upload`` are the contract's two functions (docs/issue3-contract.md);
``template_for`` and ``upload_workbook`` add who may do it, for the routes. Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.principal import Principal
from baocao.errors import ApiError
from baocao.submissions.actors import Actor, WriteReport
from baocao.submissions.excel.container import UploadLimits
from baocao.submissions.excel.context import template_data
from baocao.submissions.excel.layout import META_SHEET
from baocao.submissions.excel.reader import Claim, ParsedUpload, read_upload
from baocao.submissions.excel.shapes import TemplateData
from baocao.submissions.excel.writer import render_workbook
from baocao.submissions.models import Submission
from baocao.submissions.resolve import Target
from baocao.submissions.service import may_enter, open_submission, write_values
from baocao.timeutil import now
from baocao.units.models import Unit

__all__ = ["Claim", "ParsedUpload", "Template", "build_template", "read_upload", "template_for"]


@dataclass(frozen=True)
class Template:
    data: TemplateData
    content: bytes


def build_template(
    session: Session,
    regime_code: str,
    unit_code: str,
    period: str,
    *,
    secret: str = "",
    made: datetime | None = None,
) -> bytes:
    """The .xlsx template of a unit's report for a regime and period, pre-filled with what the
    submission already holds. ``secret`` keys the digest of the hidden metadata sheet."""
    return render_workbook(template_data(session, regime_code, unit_code, period), secret, made or now())


def template_for(
    session: Session, principal: Principal, regime_code: str, unit_code: str, period: str, secret: str
) -> Template:
    """``build_template`` for someone who may enter the unit's figures (403 otherwise)."""

    def authorise(target: Target) -> None:
        may_enter(principal, target, location="query")

    data = template_data(session, regime_code, unit_code, period, authorise=authorise)
    return Template(data, render_workbook(data, secret, now()))


def _check_matches(session: Session, submission: Submission, parsed: ParsedUpload) -> None:
    uid = session.scalar(select(Unit.uid).where(Unit.id == submission.unit_id))
    if uid != parsed.identity.unit_uid:
        raise ApiError(
            422,
            "template_mismatch",
            f"Mẫu lập cho một đơn vị khác từng mang mã '{parsed.unit_code}' ({parsed.identity.unit_uid}); "
            "hãy tải mẫu mới",
            f"The template is for another unit that carried code '{parsed.unit_code}' "
            f"({parsed.identity.unit_uid}); download a new template",
            field="unit",
            location=f"{META_SHEET}!B5",
        )
    if submission.regime_version_id != parsed.regime_version_id:
        raise ApiError(
            422,
            "template_mismatch",
            f"Mẫu lập theo phiên bản {parsed.identity.regime_version} của chế độ '{parsed.regime_code}' "
            "nhưng báo cáo dùng phiên bản khác; hãy tải mẫu mới",
            f"The template follows version {parsed.identity.regime_version} of regime "
            f"'{parsed.regime_code}' but the submission uses another; download a new template",
            field="regime_version",
            location=f"{META_SHEET}!B3",
        )


def upload_workbook(
    session: Session,
    data: bytes,
    filename: str,
    actor: Actor,
    *,
    secret: str = "",
    limits: UploadLimits | None = None,
    claim: Claim | None = None,
    expected_lock_version: int | None = None,
) -> tuple[Submission, WriteReport, ParsedUpload]:
    """Read the file, open (or create) its submission and write everything it holds, all or nothing."""
    parsed = read_upload(session, data, filename, secret=secret, limits=limits, claim=claim)
    submission = open_submission(session, parsed.regime_code, parsed.unit_code, parsed.period, actor)
    _check_matches(session, submission, parsed)
    report = write_values(
        session,
        submission,
        parsed.cells,
        actor,
        narrative=parsed.narrative,
        expected_lock_version=expected_lock_version,
    )
    return submission, report, parsed
