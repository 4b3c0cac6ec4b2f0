"""Everything a template needs from the database, gathered once into plain data (``shapes.py``).

The regime version, receiver and deadline are those of the submission when it exists (it keeps the
version it was made under), else those a new submission would get (``resolve_target``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from baocao.catalog.models import DataElement
from baocao.errors import ApiError
from baocao.regimes.models import Form, OutlineSection, Regime, RegimeVersion
from baocao.submissions import queries
from baocao.submissions.excel.layout import META_SHEET
from baocao.submissions.excel.shapes import (
    FormShape,
    Identity,
    Line,
    Prefill,
    SectionShape,
    Slot,
    TemplateData,
)
from baocao.submissions.forms import load_form_index
from baocao.submissions.models import Submission
from baocao.submissions.resolve import Target, resolve_target
from baocao.submissions.service import find_submission
from baocao.submissions.values import current_version
from baocao.units.models import Unit, UnitVersion
from baocao.units.queries import valid_on


def shapes_of(
    session: Session, regime_version_id: int
) -> tuple[tuple[FormShape, ...], tuple[SectionShape, ...]]:
    """The forms (rows, columns, cells) and outline sections of a regime version."""
    index = load_form_index(session, regime_version_id)
    element_ids = {c.element_id for c in index.by_address.values()}
    units: dict[int, str] = {
        element_id: unit
        for element_id, unit in session.execute(
            select(DataElement.id, DataElement.unit_of_measure).where(DataElement.id.in_(element_ids))
        )
    }
    forms = session.scalars(
        select(Form)
        .where(Form.regime_version_id == regime_version_id)
        .order_by(Form.position)
        .options(selectinload(Form.rows), selectinload(Form.columns))
    )
    shapes = []
    for form in forms:
        slots = {
            (row, column): Slot(info, units.get(info.element_id, ""))
            for (code, row, column), info in index.by_address.items()
            if code == form.code
        }
        shapes.append(
            FormShape(
                form.code,
                form.name,
                tuple(Line(r.code, r.label, r.indent) for r in form.rows),
                tuple(Line(c.code, c.label) for c in form.columns),
                slots,
            )
        )
    sections = session.scalars(
        select(OutlineSection)
        .where(OutlineSection.regime_version_id == regime_version_id)
        .order_by(OutlineSection.position)
    )
    return tuple(shapes), tuple(SectionShape(s.code, s.title, s.guidance, s.required) for s in sections)


def _unit_name(session: Session, unit_id: int, submission: Submission) -> str:
    """The unit's name at the end of the submission's period (as the submissions API names it)."""
    name = session.scalar(
        select(UnitVersion.name).where(
            UnitVersion.unit_id == unit_id, valid_on(UnitVersion, submission.period_end)
        )
    )
    return name or ""


def _prefill(session: Session, submission: Submission) -> Prefill:
    version = current_version(session, submission)
    values = {
        (row.element, row.option_key): (row.value_num, row.value_text)
        for row in queries.values_of(session, version.id)
    }
    narrative = {str(k): str(v) for k, v in (version.narrative or {}).items() if v}
    return Prefill(values, narrative, submission.state, version.version)


def _target(session: Session, regime_code: str, unit_code: str, period: str) -> Target:
    try:
        return resolve_target(session, regime_code, unit_code, period)
    except ApiError as exc:
        if exc.location == "body":  # here they come from the query string
            exc.location = "query"
        raise


def template_data(
    session: Session,
    regime_code: str,
    unit_code: str,
    period: str,
    authorise: Callable[[Target], None] | None = None,
) -> TemplateData:
    """What the template of (regime, unit, period) shows; ``authorise`` may refuse before any figure
    is read."""
    target = _target(session, regime_code, unit_code, period)
    if authorise is not None:
        authorise(target)
    existing = find_submission(session, target)
    version, deadline, receiver = target.version, target.deadline, target.receiver.name
    prefill = Prefill()
    if existing is not None:
        found = session.get(RegimeVersion, existing.regime_version_id)
        assert found is not None
        version, deadline = found, existing.deadline
        receiver = _unit_name(session, existing.receiver_unit_id, existing) or receiver
        prefill = _prefill(session, existing)
    forms, sections = shapes_of(session, version.id)
    uid = session.scalar(select(Unit.uid).where(Unit.id == target.unit_id))
    return TemplateData(
        regime_code=target.regime.code,
        regime_version=version.version,
        regime_version_id=version.id,
        regime_name=version.name,
        instructions=version.instructions or "",
        unit_code=target.unit_code,
        unit_uid=str(uid),
        unit_name=target.unit.name,
        receiver_name=receiver,
        period=str(target.period),
        period_name=target.period.name,
        deadline=deadline,
        forms=forms,
        sections=sections,
        prefill=prefill,
    )


def version_of(session: Session, identity: Identity) -> RegimeVersion:
    """The regime version a template claims to be made from (422 naming the hidden sheet if none)."""
    version = session.scalar(
        select(RegimeVersion)
        .join(Regime, Regime.id == RegimeVersion.regime_id)
        .where(Regime.code == identity.regime_code, RegimeVersion.version == identity.regime_version)
    )
    if version is None:
        raise ApiError(
            422,
            "unknown_regime_version",
            f"Mẫu được lập cho chế độ '{identity.regime_code}' phiên bản {identity.regime_version}, "
            "không có trong hệ thống",
            f"The template is for regime '{identity.regime_code}' version {identity.regime_version}, which "
            "the system does not have",
            field="regime",
            location=f"{META_SHEET}!B2",
        )
    return version
