"""SQL of the analytics engine, in one place: bound parameters only, the same on SQLite and PostgreSQL
(the upsert uses each dialect's ``INSERT ... ON CONFLICT DO UPDATE``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Delete, Select, Table, and_, delete, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert, Update

from baocao.access.scope import Scope
from baocao.analytics.models import Fact, FactStatus, Rollup
from baocao.catalog.models import DataElement, DataElementCategory
from baocao.submissions.models import DataValue

ROLLUP_DELTAS = (
    "own_sum", "own_weight", "own_n", "own_apportioned",
    "child_sum", "child_weight", "child_n", "child_apportioned",
)  # fmt: skip
ROLLUP_KEY = ("map", "data_element_id", "unit_id", "period", "option_key")


def version_values(version_id: int) -> Select[int, str, float | None]:
    """The numeric values of a version: element id, option key, value."""
    return select(DataValue.data_element_id, DataValue.option_key, DataValue.value_num).where(
        DataValue.submission_version_id == version_id, DataValue.value_num.is_not(None)
    )


def element_rules(element_ids: Iterable[int]) -> Select[Any]:
    """Element id, unit aggregation, time aggregation, number of disaggregations."""
    ids = sorted(set(element_ids))
    count = (
        select(DataElementCategory.data_element_id, DataElementCategory.category_id)
        .where(DataElementCategory.data_element_id.in_(ids))
        .subquery()
    )
    return (
        select(
            DataElement.id, DataElement.aggregation_units, DataElement.aggregation_time, count.c.category_id
        )
        .outerjoin(count, count.c.data_element_id == DataElement.id)
        .where(DataElement.id.in_(ids))
    )


def supersede(submission_id: int, statuses: tuple[FactStatus, ...], at: datetime) -> Update:
    """Close the current facts of a submission at the given statuses (``known_to = at``)."""
    return (
        update(Fact)
        .where(
            Fact.submission_id == submission_id,
            Fact.status.in_([s.value for s in statuses]),
            Fact.known_to.is_(None),
        )
        .values(known_to=at)
    )


def current_facts_of(submission_id: int, status: FactStatus) -> Select[int, int, str, str]:
    return select(Fact.data_element_id, Fact.unit_id, Fact.period, Fact.option_key).where(
        Fact.submission_id == submission_id, Fact.status == status.value, Fact.known_to.is_(None)
    )


def current_accepted(
    element_ids: list[int], unit_ids: list[int], periods: list[str]
) -> Select[int, int, str, str, float]:
    """Current accepted facts for the keys being recomputed (latest first)."""
    return (
        select(Fact.data_element_id, Fact.unit_id, Fact.period, Fact.option_key, Fact.value)
        .where(
            Fact.status == FactStatus.ACCEPTED.value,
            Fact.known_to.is_(None),
            Fact.data_element_id.in_(element_ids),
            Fact.unit_id.in_(unit_ids),
            Fact.period.in_(periods),
        )
        .order_by(Fact.known_from.desc(), Fact.id.desc())
    )


def current_accepted_keys() -> Select[int, int, str, str]:
    return select(Fact.data_element_id, Fact.unit_id, Fact.period, Fact.option_key).where(
        Fact.status == FactStatus.ACCEPTED.value, Fact.known_to.is_(None)
    )


def delete_rollups() -> Delete:
    return delete(Rollup)


def rollup_rows(
    view: str, element_ids: list[int], unit_ids: list[int], periods: list[str], options: list[str]
) -> Select[Any]:
    return select(Rollup).where(
        Rollup.map == view,
        Rollup.data_element_id.in_(element_ids),
        Rollup.unit_id.in_(unit_ids),
        Rollup.period.in_(periods),
        Rollup.option_key.in_(options),
    )


def upsert_rollups(session: Session) -> Insert:
    """Add deltas to rollup rows, creating them when new: ``col = col + excluded.col``."""
    table: Table = Rollup.__table__  # type: ignore[assignment]
    dialect = session.get_bind().dialect.name
    stmt = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    return stmt.on_conflict_do_update(
        index_elements=list(ROLLUP_KEY),
        set_={name: table.c[name] + stmt.excluded[name] for name in ROLLUP_DELTAS},
    )


# What an answer reads of a rollup row: no ORM objects (thousands of rows per dashboard question).
ROLLUP_READ: tuple[Any, ...] = (
    Rollup.data_element_id, Rollup.unit_id, Rollup.period, Rollup.period_type, Rollup.period_start,
    Rollup.period_end, Rollup.option_key, Rollup.own_sum, Rollup.own_weight, Rollup.own_n,
    Rollup.own_apportioned, Rollup.child_sum, Rollup.child_weight, Rollup.child_n, Rollup.child_apportioned,
)  # fmt: skip


def rollups_in_range(
    view: str, element_ids: list[int], unit_ids: list[int], start: date, end: date,
    scope: ColumnElement[bool], *, totals: bool | None = None,
) -> Select[Any]:  # fmt: skip
    """Rollup rows (``ROLLUP_READ``) of the units for periods lying within ``[start, end]``, limited by
    the scope. ``totals``: True, the totals over options (key "") alone; False, the other keys alone."""
    stmt = select(*ROLLUP_READ).where(
        Rollup.map == view,
        Rollup.data_element_id.in_(element_ids),
        Rollup.unit_id.in_(unit_ids),
        Rollup.period_start >= start,
        Rollup.period_end <= end,
        scope,
    )
    if totals is None:
        return stmt
    return stmt.where(Rollup.option_key == "" if totals else Rollup.option_key != "")


def rollup_scope(scope: Scope, day: date) -> ColumnElement[bool]:
    """The scope as a clause on rollup rows. A national view sees every unit: no clause (the
    sub-select of every unit id would be evaluated for nothing on each question)."""
    if scope.regimes is None and scope.is_national():
        return true()
    return scope.where(Rollup.unit_id, as_of=day)


def facts_in_range(
    element_ids: list[int], start: date, end: date, *, include_submitted: bool, as_known_on: datetime | None
) -> Select[Any]:
    """Facts of the elements for periods within ``[start, end]``: the current accepted ones, or those
    known at the instant ``as_known_on``; with ``include_submitted``, the current submitted ones too."""
    if as_known_on is None:
        current: ColumnElement[bool] = Fact.known_to.is_(None)
    else:  # known by the end of the day: accepted before it, replaced (if ever) after it
        current = and_(
            Fact.known_from < as_known_on, or_(Fact.known_to.is_(None), Fact.known_to >= as_known_on)
        )
    statuses = [FactStatus.ACCEPTED.value] + ([FactStatus.SUBMITTED.value] if include_submitted else [])
    return select(Fact).where(
        Fact.data_element_id.in_(element_ids),
        Fact.period_start >= start,
        Fact.period_end <= end,
        Fact.status.in_(statuses),
        current,
    )
