"""Reading and writing indicators and targets. Evaluation lives in ``evaluate``, progress in ``targets``.

Writes are upserts by key (indicator code; indicator × unit × year), each change recorded in the audit
log with the old and new values. Callers validate first (``check_definitions``, ``check_target``)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.scope import Scope
from baocao.audit.service import record_event
from baocao.catalog.models import DataElement, Domain
from baocao.errors import ApiError, ErrorDetail, not_found
from baocao.indicators.evaluate import DefinitionError, inline
from baocao.indicators.models import Better, Direction, Indicator, Target
from baocao.timeutil import today
from baocao.units.models import UnitVersion
from baocao.units.queries import version_on

FIELD_ORDER = {d.value: i for i, d in enumerate(Domain)}
INDICATOR_COLUMNS = ("name", "name_en", "field", "expression", "unit_measure", "decimals", "better",
                     "is_public", "description")  # fmt: skip
TARGET_COLUMNS = ("value", "direction", "tolerance", "assigned_by", "source_document", "parent_id")


def list_indicators(session: Session, *, public_only: bool = False) -> list[Indicator]:
    """Every indicator, ordered by field (in the order of Decision 293) then code."""
    stmt = select(Indicator)
    if public_only:
        stmt = stmt.where(Indicator.is_public.is_(True))
    found = list(session.scalars(stmt))
    return sorted(found, key=lambda i: (FIELD_ORDER.get(i.field, len(FIELD_ORDER)), i.code))


def get_indicator(session: Session, code: str) -> Indicator:
    """The indicator with ``code``; 404 naming the code."""
    found = session.scalars(select(Indicator).where(Indicator.code == code)).first()
    if found is None:
        raise not_found("chỉ tiêu tổng hợp", "indicator", code, field="code")
    return found


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    name_en: str
    field: str
    expression: str
    unit_measure: str
    decimals: int = 1
    better: str = Better.UP.value
    is_public: bool = True
    description: str | None = None


def check_definitions(session: Session, specs: list[IndicatorSpec]) -> dict[str, DefinitionError]:
    """The specs whose expression cannot be used together with the stored indicators, by code: parse
    errors, unknown names, nested indicators with options, cycles (each error names the character)."""
    expressions = {i.code: i.expression for i in session.scalars(select(Indicator))}
    expressions.update({s.code: s.expression for s in specs})
    elements = set(session.scalars(select(DataElement.code)))
    problems: dict[str, DefinitionError] = {}
    for spec in specs:
        if spec.code in elements:  # a name must mean one thing in expressions
            problems[spec.code] = DefinitionError(spec.code, 1, "mã trùng với một chỉ tiêu trong danh mục",
                                                  "the code is a data element's code")  # fmt: skip
            continue
        try:
            inline(spec.code, expressions, elements)
        except DefinitionError as exc:
            if exc.indicator == spec.code:
                problems[spec.code] = exc
            else:  # the fault is in a stored indicator this one uses
                problems[spec.code] = DefinitionError(spec.code, 1, exc.message, exc.message_en)
    return problems


def save_indicators(session: Session, specs: list[IndicatorSpec], actor: str | None) -> tuple[int, int]:
    """Upsert by code (validated specs); audit every change. Returns (created, updated)."""
    stored = {i.code: i for i in session.scalars(select(Indicator))}
    created = updated = 0
    for spec in specs:
        values = {k: v for k, v in asdict(spec).items() if k != "code"}
        current = stored.get(spec.code)
        if current is None:
            session.add(Indicator(code=spec.code, **values))
            record_event(session, "indicator.created", actor=actor, target=f"indicator:{spec.code}",
                         details={"new": values})  # fmt: skip
            created += 1
            continue
        old = {k: getattr(current, k) for k in INDICATOR_COLUMNS}
        if old != values:
            for key, value in values.items():
                setattr(current, key, value)
            changed = [k for k in INDICATOR_COLUMNS if old[k] != values[k]]
            record_event(session, "indicator.updated", actor=actor, target=f"indicator:{spec.code}",
                         details={"old": {k: old[k] for k in changed},
                                  "new": {k: values[k] for k in changed}})  # fmt: skip
            updated += 1
    session.flush()
    return created, updated


@dataclass(frozen=True)
class TargetSpec:
    indicator: str
    unit: str  # code on 31 December of the year
    year: int
    value: float
    direction: str
    assigned_by: str
    tolerance: float | None = None
    source_document: str | None = None
    parent_unit: str | None = None  # the unit whose target (same indicator, year) this one breaks down


def target_unit(session: Session, code: str, year: int) -> UnitVersion | None:
    return session.scalars(version_on(code, date(year, 12, 31))).first()


def check_target(
    session: Session, spec: TargetSpec, pending: AbstractSet[tuple[str, str, int]] = frozenset()
) -> list[tuple[str, str, str]]:
    """Problems of one target as (field, message, message_en). ``pending``: (indicator, unit, year) of
    targets saved together, which a ``parent_unit`` may name."""
    problems = []
    if session.scalars(select(Indicator.id).where(Indicator.code == spec.indicator)).first() is None:
        problems.append(("indicator", f"không có chỉ tiêu tổng hợp '{spec.indicator}'",
                         f"no indicator '{spec.indicator}'"))  # fmt: skip
    if not 2000 <= spec.year <= 2100:
        problems.append(
            ("year", f"năm {spec.year} nằm ngoài 2000..2100", f"year {spec.year} is outside 2000..2100")
        )
    elif target_unit(session, spec.unit, spec.year) is None:
        problems.append(("unit", f"không có đơn vị mã '{spec.unit}' vào ngày 31/12/{spec.year}",
                         f"no unit with code '{spec.unit}' on {spec.year}-12-31"))  # fmt: skip
    if spec.direction not in {d.value for d in Direction}:
        listed = ", ".join(d.value for d in Direction)
        problems.append(("direction", f"'{spec.direction}' không hợp lệ, phải là một trong: {listed}",
                         f"invalid direction '{spec.direction}', expected one of: {listed}"))  # fmt: skip
    elif spec.direction == Direction.ABOUT.value and (spec.tolerance is None or spec.tolerance < 0):
        problems.append(("tolerance", "hướng 'about' cần dung sai (tolerance) không âm",
                         "direction 'about' needs a non-negative tolerance"))  # fmt: skip
    if spec.parent_unit and not problems:
        key = (spec.indicator, spec.parent_unit, spec.year)
        if key not in pending and _find_target(session, spec.indicator, spec.parent_unit, spec.year) is None:
            vi = f"đơn vị '{spec.parent_unit}' chưa có chỉ tiêu này năm {spec.year}"
            problems.append(
                ("parent_unit", vi, f"unit '{spec.parent_unit}' has no such target for {spec.year}")
            )
    return problems


def _find_target(session: Session, indicator: str, unit: str, year: int) -> Target | None:
    version = target_unit(session, unit, year)
    if version is None:
        return None
    stmt = select(Target).join(Indicator, Indicator.id == Target.indicator_id)
    stmt = stmt.where(Indicator.code == indicator, Target.unit_id == version.unit_id, Target.year == year)
    return session.scalars(stmt).first()


def save_targets(session: Session, specs: list[TargetSpec], actor: str | None) -> tuple[int, int]:
    """Upsert by indicator × unit × year (validated specs, parents first); audit every change."""
    indicator_ids = {code: id_ for code, id_ in session.execute(select(Indicator.code, Indicator.id))}
    created = updated = 0
    for spec in sorted(specs, key=lambda s: s.parent_unit is not None):
        version = target_unit(session, spec.unit, spec.year)
        assert version is not None
        parent = (
            _find_target(session, spec.indicator, spec.parent_unit, spec.year) if spec.parent_unit else None
        )
        values: dict[str, Any] = {
            "value": spec.value, "direction": spec.direction, "tolerance": spec.tolerance,
            "assigned_by": spec.assigned_by, "source_document": spec.source_document,
            "parent_id": parent.id if parent else None,
        }  # fmt: skip
        current = _find_target(session, spec.indicator, spec.unit, spec.year)
        label = f"target:{spec.indicator}:{spec.unit}:{spec.year}"
        if current is None:
            session.add(Target(indicator_id=indicator_ids[spec.indicator], unit_id=version.unit_id,
                               year=spec.year, **values))  # fmt: skip
            record_event(session, "target.created", actor=actor, target=label, details={"new": values})
            created += 1
        else:
            old = {k: getattr(current, k) for k in TARGET_COLUMNS}
            if old != values:
                for key, value in values.items():
                    setattr(current, key, value)
                changed = [k for k in TARGET_COLUMNS if old[k] != values[k]]
                record_event(session, "target.updated", actor=actor, target=label,
                             details={"old": {k: old[k] for k in changed},
                                      "new": {k: values[k] for k in changed}})  # fmt: skip
                updated += 1
        session.flush()
    return created, updated


def set_targets(
    session: Session, scope: Scope, specs: list[TargetSpec], actor: str | None
) -> tuple[int, int]:
    """Validate every target (problems name the item and field, ``[3].unit``), check each unit is in
    the administrator's ``scope``, then save them all; nothing is stored unless all are right."""
    pending = {(s.indicator, s.unit, s.year) for s in specs}
    problems = [
        ErrorDetail(vi, en, f"[{index}].{field}", "body")
        for index, spec in enumerate(specs)
        for field, vi, en in check_target(session, spec, pending)
    ]
    if problems:
        first = problems[0]
        raise ApiError(422, "invalid_target", first.message, first.message_en, first.field, "body", problems)
    for index, spec in enumerate(specs):
        version = target_unit(session, spec.unit, spec.year)
        assert version is not None
        if not scope.contains(version.unit_id, as_of=min(date(spec.year, 12, 31), today())):
            raise ApiError(403, "unit_out_of_scope", f"Đơn vị '{spec.unit}' nằm ngoài phạm vi quản lý",
                           f"Unit '{spec.unit}' is outside the scope you manage", f"[{index}].unit",
                           "body")  # fmt: skip
    return save_targets(session, specs, actor)
