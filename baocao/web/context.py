"""What the submission pages share: the visible submission (404 outside the scope, as the API), its
current version, who may do what with it, and reading the cells a form sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from baocao.access.guard import ClientInfo
from baocao.access.principal import Principal
from baocao.access.rules import Permission, Reach
from baocao.errors import ApiError
from baocao.submissions import queries
from baocao.submissions.actors import Actor, CellInput
from baocao.submissions.forms import FormIndex
from baocao.submissions.guard import acts_for_receiver
from baocao.submissions.models import EntryPath, Submission, SubmissionState, SubmissionVersion
from baocao.submissions.present import actor_for
from baocao.submissions.values import EDITABLE, current_version
from baocao.web.formats import parse_number
from baocao.web.grid import PREFIX

NUMERIC = ("number", "integer", "percent")


@dataclass
class Report:
    row: Any  # the listing row: Submission, regime_code, regime_name, unit_code, unit_name, ...
    version: SubmissionVersion
    may_edit: bool
    may_decide: bool

    @property
    def submission(self) -> Submission:
        s: Submission = self.row.Submission
        return s


def load_report(session: Session, principal: Principal, submission_id: int) -> Report:
    row = queries.visible_row(session, principal, submission_id)
    submission: Submission = row.Submission
    writer = principal.scope(Permission.SUBMISSIONS_WRITE)
    may_edit = (
        submission.state in EDITABLE
        and not writer.is_empty
        and writer.allows_regime(row.regime_code)
        and writer.contains(submission.unit_id, reach=Reach.CAPTURE)
    )
    may_decide = submission.state == SubmissionState.SUBMITTED and acts_for_receiver(
        session, principal, submission.receiver_unit_id, row.regime_code
    )
    return Report(row, current_version(session, submission), may_edit, may_decide)


def web_actor(principal: Principal, client: ClientInfo) -> Actor:
    return actor_for(principal, client, EntryPath.WEB)


def typed_cells(form: FormData) -> dict[str, str]:
    return {k: str(v) for k, v in form.items() if k.startswith(PREFIX) and isinstance(v, str)}


def cell_inputs(index: FormIndex, typed: dict[str, str], lang: str) -> list[CellInput]:
    cells = []
    for name, text in typed.items():
        _, form, row, column = name.split("|", 3)
        info = index.by_address.get((form, row, column))
        if info is None or info.computed:
            continue
        value: float | int | str | None
        if not text.strip():
            value = None
        elif info.value_type in NUMERIC:
            value = parse_number(text, lang)
        else:
            value = text.strip()
        cells.append(CellInput(info.element, info.option_key, value))
    return cells


def prefixed(form: FormData, prefix: str) -> dict[str, str]:
    return {k[len(prefix) :]: str(v) for k, v in form.items() if k.startswith(prefix) and isinstance(v, str)}


def lock_of(form: FormData) -> int | None:
    raw = form.get("lock")
    return int(raw) if isinstance(raw, str) and raw.isdigit() else None


def problems_of(exc: ApiError, kind: str = "error") -> list[tuple[str, str | None, str, str]]:
    """An error and its details as ``(kind, location, vi, en)``, one per problem."""
    details = exc.details or []
    if not details:
        return [(kind, exc.location, exc.message, exc.message_en)]
    return [(kind, d.location, d.message, d.message_en) for d in details]
