"""The four kinds of rule, each evaluated on one submission version.

- ``in_form``: a comparison over the version's own cells and elements (total = sum of parts).
- ``cross_period``: a quantity against the same unit's accepted report of the previous period or of
  the same period last year; fails beyond ±``max_change_pct`` % (``direction``: both, increase, decrease).
- ``cross_unit`` (kiểm tra chéo): a quantity against the sum of the same quantity over other units'
  accepted reports for the same period: ``against: sum_of_reporters`` (the units reporting to this
  one, the default), ``sum_of_children`` (its children as of the period) or ``units: all_provinces``
  / ``{rule: list, units: [...]}``; passes within ``tolerance_pct``. Every unit must have reported.
- ``outlier``: a quantity against the unit's own accepted history (``history`` periods, default 12;
  at least ``min_history``, default 5) by ``zscore`` or ``modified_z`` beyond ``threshold``.

Each returns an ``Outcome``, or None when the rule is skipped because an input is missing (no
earlier report, an empty cell) — unless a required cell is empty, which fails the rule.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.periods.periods import Period, PeriodError, parse_period
from baocao.regimes.expressions import (
    Cell,
    Check,
    Comparison,
    Expr,
    Name,
    Parsed,
    evaluate,
    references,
    substitute,
)
from baocao.regimes.models import ValidationRule
from baocao.submissions.models import Submission, SubmissionVersion
from baocao.validation import queries
from baocao.validation.expressions import compare
from baocao.validation.figures import Figures, Reading
from baocao.validation.units import other_units


@dataclass(frozen=True)
class Outcome:
    passed: bool
    left: float | None
    right: float | None
    cells: list[str]
    detail: str
    detail_en: str


@dataclass
class Run:
    """One validation run over one version: what every rule needs, loaded once."""

    session: Session
    submission: Submission
    version: SubmissionVersion
    cache: queries.FiguresCache

    @cached_property
    def figures(self) -> Figures:
        return self.cache.of(self.version.id, self.submission.regime_version_id)

    @cached_property
    def period(self) -> Period | None:
        try:
            return parse_period(self.submission.period)
        except PeriodError:
            return None

    @cached_property
    def only_form(self) -> str | None:
        forms = {form for form, _, _ in self.figures.index.by_address}
        return forms.pop() if len(forms) == 1 else None

    def reading(self, figures: Figures | None = None) -> Reading:
        return Reading(figures or self.figures, self.only_form)

    def by_element(self, node: Expr) -> Expr:
        """Cells replaced by the element and options they hold, to read another regime version."""

        def replace(ref: Cell | Name) -> Expr:
            if isinstance(ref, Name):
                return ref
            cell = self.figures.index.cell_at(ref, self.only_form or "")
            if cell is None:
                raise misconfigured(f"no cell {ref.address(self.only_form)}")
            options = tuple(sorted(p.split("=", 1) for p in cell.option_key.split(";") if p))
            return Name(cell.element, tuple((c, o) for c, o in options))

        result = substitute(node, replace)
        assert not isinstance(result, Comparison)
        return result


def misconfigured(problem: str) -> ApiError:
    return ApiError(
        500,
        "regime_misconfigured",
        f"Quy tắc kiểm tra của chế độ báo cáo không dùng được: {problem}",
        f"A validation rule of the regime cannot be used: {problem}",
    )


def fmt(value: float, vi: bool = True) -> str:
    """``1234.5`` → ``1.234,5`` (vi) or ``1,234.5`` (en); at most two decimals."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,")) if vi else text


def _skipped_or_required(reading: Reading) -> Outcome | None:
    if reading.unknown:
        raise misconfigured(f"the forms hold no {', '.join(reading.unknown)}")
    required = reading.required_missing()
    if not required:
        return None
    names = ", ".join(dict.fromkeys(c.address for c in required))
    return Outcome(
        False,
        None,
        None,
        reading.addresses(),
        f"ô bắt buộc chưa có số liệu: {names}",
        f"required cell(s) empty: {names}",
    )


def _params(rule: ValidationRule) -> dict[str, Any]:
    return rule.params or {}


def _quantity(parsed: Parsed, rule: ValidationRule) -> Expr:
    if isinstance(parsed, Comparison):
        raise misconfigured(f"rule {rule.code} ({rule.kind}) must be a quantity, not a comparison")
    return parsed


def in_form(run: Run, rule: ValidationRule, parsed: Parsed) -> Outcome | None:
    if not isinstance(parsed, Comparison):
        raise misconfigured(f"rule {rule.code} (in_form) must be a comparison")
    reading = run.reading()
    left, right = evaluate(parsed.left, reading), evaluate(parsed.right, reading)
    if left is None or right is None:
        return _skipped_or_required(reading)
    tolerance = float(_params(rule).get("tolerance", 0) or 0)
    relative = False
    if isinstance(parsed, Check):
        tolerance, relative = max(tolerance, parsed.tolerance), parsed.relative
    passed = compare(parsed.op, left, right, tolerance, relative)
    gap = left - right
    return Outcome(
        passed,
        left,
        right,
        reading.addresses(),
        f"vế trái {fmt(left)}, vế phải {fmt(right)}, chênh lệch {fmt(gap)}",
        f"left {fmt(left, False)}, right {fmt(right, False)}, difference {fmt(gap, False)}",
    )


def cross_period(run: Run, rule: ValidationRule, parsed: Parsed) -> Outcome | None:
    quantity = _quantity(parsed, rule)
    reading = run.reading()
    current = evaluate(quantity, reading)
    if current is None:
        return _skipped_or_required(reading)
    if run.period is None:
        return None
    last_year = _params(rule).get("compare") == "same_period_last_year"
    target = run.period.same_period_last_year() if last_year else run.period.previous()
    found = queries.accepted(
        run.session,
        Submission.regime_id == run.submission.regime_id,
        Submission.unit_id == run.submission.unit_id,
        Submission.period == str(target),
    )
    if not found:
        return None
    earlier = run.cache.of(found[0].version_id, found[0].regime_version_id)
    before = evaluate(run.by_element(quantity), run.reading(earlier))
    if before is None:
        return None
    change = _change_pct(current, before)
    limit = float(_params(rule).get("max_change_pct", 0))
    direction = _params(rule).get("direction", "both")
    passed = {
        "increase": change <= limit,
        "decrease": change >= -limit,
    }.get(direction, abs(change) <= limit)
    sign = "+" if change > 0 else ""
    what = ("cùng kỳ năm trước", "same period last year") if last_year else ("kỳ trước", "previous period")
    return Outcome(
        passed,
        current,
        before,
        reading.addresses(),
        f"{fmt(current)} so với {fmt(before)} của {what[0]} ({target}): {sign}{fmt(change)}%, "
        f"giới hạn ±{fmt(limit)}%",
        f"{fmt(current, False)} against {fmt(before, False)} in the {what[1]} ({target}): "
        f"{sign}{fmt(change, False)}%, limit ±{fmt(limit, False)}%",
    )


def _change_pct(current: float, before: float) -> float:
    if before == 0:
        return 0.0 if current == 0 else math.copysign(math.inf, current)
    return (current - before) / abs(before) * 100


def cross_unit(run: Run, rule: ValidationRule, parsed: Parsed) -> Outcome | None:
    quantity = _quantity(parsed, rule)
    reading = run.reading()
    own = evaluate(quantity, reading)
    if own is None:
        return _skipped_or_required(reading)
    general = run.by_element(quantity)
    elements = sorted({r.code for r in _names(general)})
    units = other_units(run.session, run.submission, run.cache, _params(rule), elements)
    if not units:
        return None
    rows = queries.accepted(
        run.session,
        Submission.period == run.submission.period,
        Submission.unit_id.in_(sorted(units)),
        Submission.id != run.submission.id,
    )
    run.cache.load([(r.version_id, r.regime_version_id) for r in rows])
    per_unit: dict[int, float] = {}
    for row in sorted(rows, key=lambda r: (r.regime_id != run.submission.regime_id, r.submission_id)):
        figures = run.cache.of(row.version_id, row.regime_version_id)
        if row.unit_id in per_unit or not all(figures.binds(e) for e in elements):
            continue
        value = evaluate(general, run.reading(figures))
        if value is not None:
            per_unit[row.unit_id] = value
    if set(per_unit) != units:
        return None  # not every unit has an accepted figure yet: the sum would mislead
    total = math.fsum(per_unit.values())
    tolerance = float(_params(rule).get("tolerance_pct", 0) or 0)
    passed = compare("==", own, total, tolerance, relative=True)
    count = len(per_unit)
    return Outcome(
        passed,
        own,
        total,
        reading.addresses(),
        f"số của đơn vị {fmt(own)}, tổng của {count} đơn vị {fmt(total)}, chênh lệch {fmt(own - total)}"
        + (f" (cho phép ±{fmt(tolerance)}%)" if tolerance else ""),
        f"this unit {fmt(own, False)}, sum over {count} units {fmt(total, False)}, "
        f"difference {fmt(own - total, False)}"
        + (f" (allowed ±{fmt(tolerance, False)}%)" if tolerance else ""),
    )


def _names(node: Expr) -> list[Name]:
    return [r for r in references(node) if isinstance(r, Name)]


def outlier(run: Run, rule: ValidationRule, parsed: Parsed) -> Outcome | None:
    quantity = _quantity(parsed, rule)
    reading = run.reading()
    current = evaluate(quantity, reading)
    if current is None:
        return _skipped_or_required(reading)
    method = _params(rule).get("method", "modified_z")
    threshold = float(_params(rule).get("threshold") or (3.5 if method == "modified_z" else 3.0))
    length, needed = int(_params(rule).get("history", 12)), int(_params(rule).get("min_history", 5))
    rows = queries.accepted(
        run.session,
        Submission.regime_id == run.submission.regime_id,
        Submission.unit_id == run.submission.unit_id,
        Submission.period_start < run.submission.period_start,
    )
    run.cache.load([(r.version_id, r.regime_version_id) for r in rows[: length * 2]])
    general = run.by_element(quantity)
    history: list[float] = []
    for row in rows:
        if len(history) == length:
            break
        value = evaluate(general, run.reading(run.cache.of(row.version_id, row.regime_version_id)))
        if value is not None:
            history.append(value)
    if len(history) < max(needed, 2):
        return None
    score, center = (modified_z if method == "modified_z" else z_score)(current, history)
    passed = abs(score) <= threshold
    name = ("z cải tiến", "modified z") if method == "modified_z" else ("z", "z")
    middle = ("trung vị", "median") if method == "modified_z" else ("trung bình", "mean")
    return Outcome(
        passed,
        current,
        center,
        reading.addresses(),
        f"{fmt(current)}: {name[0]} = {fmt(score)} (ngưỡng {fmt(threshold)}) so với {middle[0]} "
        f"{fmt(center)} của {len(history)} kỳ trước",
        f"{fmt(current, False)}: {name[1]} = {fmt(score, False)} (threshold {fmt(threshold, False)}) "
        f"against the {middle[1]} {fmt(center, False)} of {len(history)} earlier periods",
    )


def _spread_score(value: float, center: float, spread: float) -> float:
    if spread > 0:
        return (value - center) / spread
    return (
        0.0
        if math.isclose(value, center, rel_tol=1e-9, abs_tol=1e-12)
        else math.copysign(math.inf, value - center)
    )


def modified_z(value: float, history: list[float]) -> tuple[float, float]:
    """Iglewicz–Hoaglin: 0.6745 (x − median) / MAD; with MAD = 0, the mean absolute deviation × 1.2533."""
    center = statistics.median(history)
    deviations = [abs(h - center) for h in history]
    mad = statistics.median(deviations)
    if mad > 0:
        return _spread_score(value, center, mad / 0.6745), center
    return _spread_score(value, center, 1.253314 * statistics.fmean(deviations)), center


def z_score(value: float, history: list[float]) -> tuple[float, float]:
    """(x − mean) / sample standard deviation of the history."""
    center = statistics.fmean(history)
    return _spread_score(value, center, statistics.stdev(history)), center


KINDS: dict[str, Callable[[Run, ValidationRule, Parsed], Outcome | None]] = {
    "in_form": in_form,
    "cross_period": cross_period,
    "cross_unit": cross_unit,
    "outlier": outlier,
}


def evaluate_rule(run: Run, rule: ValidationRule, parsed: Parsed) -> Outcome | None:
    kind = KINDS.get(rule.kind)
    if kind is None:
        raise misconfigured(f"unknown rule kind '{rule.kind}' ({rule.code})")
    return kind(run, rule, parsed)
