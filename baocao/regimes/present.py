"""Regime models → API shapes (the words for rules, the units' names, the cells' element details)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.catalog.models import DataElement
from baocao.regimes import unitrules
from baocao.regimes.models import Regime, RegimeVersion
from baocao.regimes.schemas import (
    CellOut,
    ColumnOut,
    FormOut,
    OutlineOut,
    RegimeDetail,
    RegimeSummary,
    RowOut,
    RuleText,
    SendingMethodOut,
    UnitRef,
    ValidationRuleOut,
    VersionSummary,
)
from baocao.regimes.spec import SENDING_METHODS
from baocao.timeutil import today
from baocao.units import queries as unit_queries
from baocao.units.models import UnitVersion


def unit_ref(unit: UnitVersion) -> UnitRef:
    return UnitRef(code=unit.code, name=unit.name, level=unit.level)


def owner_ref(session: Session, regime: Regime, day: date) -> UnitRef | None:
    """The owner as it was on ``day`` (or its latest version: a ministry may have been restructured)."""
    if regime.owner_unit_id is None:
        return None
    stmt = select(UnitVersion).where(UnitVersion.unit_id == regime.owner_unit_id)
    found = session.scalars(stmt.where(unit_queries.valid_on(UnitVersion, day))).first()
    found = found or session.scalars(stmt.order_by(UnitVersion.valid_from.desc())).first()
    return unit_ref(found) if found else None


def deadline_text(rule: dict[str, Any]) -> RuleText:
    name, roll = rule.get("rule"), rule.get("roll") == "next_working_day"
    if name == "day_of_last_month":
        vi, en = f"Ngày {rule['day']} của tháng cuối kỳ", f"Day {rule['day']} of the period's last month"
    elif name == "days_after_cutoff":
        vi, en = f"{rule['days']} ngày sau ngày chốt số liệu", f"{rule['days']} days after the cut-off"
    else:
        vi = f"{rule.get('days')} ngày làm việc sau khi hết kỳ"
        en = f"{rule.get('days')} working days after the period ends"
    if roll:
        vi += " (gặp ngày nghỉ thì lùi sang ngày làm việc tiếp theo)"
        en += " (moved to the next working day when it falls on a day off)"
    return RuleText(rule=rule, text=vi, text_en=en)


def unit_rule_text(rule: dict[str, Any]) -> RuleText:
    vi, en = unitrules.describe(rule)
    return RuleText(rule=rule, text=vi, text_en=en)


def summary(session: Session, regime: Regime, version: RegimeVersion) -> RegimeSummary:
    return RegimeSummary(
        code=regime.code,
        version=version.version,
        name=version.name,
        name_en=version.name_en,
        report_type=version.report_type,
        frequency=version.frequency,
        cutoff_convention=version.cutoff_convention,
        owner=owner_ref(session, regime, version.valid_from),
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        versions=len(regime.versions),
    )


def version_summary(version: RegimeVersion) -> VersionSummary:
    day = today()
    in_force = version.valid_from <= day and (version.valid_to is None or day < version.valid_to)
    return VersionSummary(
        version=version.version,
        name=version.name,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        in_force=in_force,
        loaded_at=version.loaded_at,
        source_digest=version.source_digest,
    )


def _forms(session: Session, version: RegimeVersion) -> list[FormOut]:
    ids = {c.data_element_id for f in version.forms for c in f.cells}
    elements = {e.id: e for e in session.scalars(select(DataElement).where(DataElement.id.in_(ids)))}
    forms = []
    for form in version.forms:
        order = {
            (r.code, c.code): (i, j) for i, r in enumerate(form.rows) for j, c in enumerate(form.columns)
        }
        cells = []
        for cell in sorted(form.cells, key=lambda c: order.get((c.row_code, c.column_code), (0, 0))):
            element = elements[cell.data_element_id]
            cells.append(
                CellOut(
                    row=cell.row_code,
                    column=cell.column_code,
                    address=f"{form.code}!{cell.row_code}.{cell.column_code}",
                    element=element.code,
                    element_name=element.name,
                    option_key=cell.option_key,
                    kind=cell.kind,
                    formula=cell.formula,
                    required=cell.required,
                    value_type=element.value_type,
                    unit_of_measure=element.unit_of_measure,
                    unit_of_measure_en=element.unit_of_measure_en,
                    decimals=element.decimals,
                )
            )
        forms.append(
            FormOut(
                code=form.code,
                name=form.name,
                name_en=form.name_en,
                rows=[
                    RowOut(code=r.code, label=r.label, label_en=r.label_en, indent=r.indent)
                    for r in form.rows
                ],
                columns=[ColumnOut(code=c.code, label=c.label, label_en=c.label_en) for c in form.columns],
                cells=cells,
            )
        )
    return forms


def detail(session: Session, regime: Regime, version: RegimeVersion) -> RegimeDetail:
    methods = [
        SendingMethodOut(
            code=m, name=SENDING_METHODS.get(m, (m, m))[0], name_en=SENDING_METHODS.get(m, (m, m))[1]
        )
        for m in version.sending_methods
    ]
    return RegimeDetail(
        **summary(session, regime, version).model_dump(),
        content=version.content,
        legal_basis=version.legal_basis,
        deadline=deadline_text(version.deadline_rule),
        grace_days=version.grace_days,
        reporting_units=unit_rule_text(version.reporting_units_rule),
        receiver=unit_rule_text(version.receiver_rule),
        sending_methods=methods,
        instructions=version.instructions,
        loaded_at=version.loaded_at,
        source_digest=version.source_digest,
        outline=[
            OutlineOut(
                code=s.code, title=s.title, title_en=s.title_en, guidance=s.guidance, required=s.required
            )
            for s in version.outline
        ],
        forms=_forms(session, version),
        rules=[
            ValidationRuleOut(
                code=r.code,
                kind=r.kind,
                importance=r.importance,
                expression=r.expression,
                params=r.params,
                message=r.message,
                message_en=r.message_en,
            )
            for r in version.rules
        ],
    )
