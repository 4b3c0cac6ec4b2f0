"""The other units a cross-unit rule sums over, resolved as of the period's last day.

``params`` of a ``cross_unit`` rule:

- ``against: sum_of_reporters`` (default): the units whose reports for this period are addressed to
  this submission's unit, in a regime whose forms hold the rule's elements (a ministry's national
  figure against the provinces' reports to it);
- ``against: sum_of_children``: the unit's children on that day (a province against its communes);
- ``units: all_provinces`` | ``all_communes`` | ``all_ministries`` | ``{rule: children_of, unit: "01"}``
  | ``{rule: list, units: ["01", "79"]}``: an explicit set, like a regime's reporting units.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.submissions.models import Submission
from baocao.units.models import UnitVersion
from baocao.units.queries import valid_on
from baocao.validation import queries

LEVELS = {"all_provinces": "province", "all_communes": "commune", "all_ministries": "ministry"}


def _bad_units(rule: object) -> ApiError:
    return ApiError(
        500,
        "regime_misconfigured",
        f"Quy tắc kiểm tra chéo có tập đơn vị không hiểu được: {rule!r}",
        f"A cross-unit rule names a set of units that cannot be read: {rule!r}",
    )


def _by_rule(session: Session, rule: Any, submission: Submission) -> set[int]:
    day = submission.period_end
    if isinstance(rule, str):
        rule = {"rule": rule}
    if not isinstance(rule, dict):
        raise _bad_units(rule)
    name = rule.get("rule")
    if name in LEVELS:
        return queries.units_at_level(session, LEVELS[name], day)
    if name == "children_of":
        parent = session.scalar(
            select(UnitVersion.unit_id).where(
                UnitVersion.code == str(rule.get("unit")), valid_on(UnitVersion, day)
            )
        )
        return queries.children_of(session, parent, day) if parent is not None else set()
    if name == "list":
        return queries.units_with_codes(session, [str(c) for c in rule.get("units") or []], day)
    raise _bad_units(rule)


def _reporters(
    session: Session, submission: Submission, cache: queries.FiguresCache, elements: list[str]
) -> set[int]:
    rows = session.execute(
        select(Submission.unit_id, Submission.regime_version_id).where(
            Submission.receiver_unit_id == submission.unit_id,
            Submission.period == submission.period,
            Submission.id != submission.id,
        )
    )
    return {
        unit_id
        for unit_id, regime_version_id in rows
        if all(_binds(cache, regime_version_id, e) for e in elements)
    }


def _binds(cache: queries.FiguresCache, regime_version_id: int, element: str) -> bool:
    return any(c.element == element for c in cache.index(regime_version_id).cells.values())


def other_units(
    session: Session,
    submission: Submission,
    cache: queries.FiguresCache,
    params: dict[str, Any],
    elements: list[str],
) -> set[int]:
    """Unit ids (``Unit.id``) to sum over, never the submission's own unit."""
    if "units" in params:
        found = _by_rule(session, params["units"], submission)
    elif params.get("against") == "sum_of_children":
        found = queries.children_of(session, submission.unit_id, submission.period_end)
    else:
        found = _reporters(session, submission, cache, elements)
    return found - {submission.unit_id}
