"""Checking import rows the way the write path checks entered values, with every look-up cached.

A row is refused, naming its line and column, when its period does not parse or does not fit the
regime (no version in force, wrong frequency), its unit carries no such code on the period's last day
or is not one of the regime's reporting units, its element and options are not an input cell of the
regime version's forms (unknown, or computed), or its value does not fit the cell (type, decimals).
The look-ups are made once per period, unit code and cell, so a row costs a few dictionary reads.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from baocao.analytics.graph import UnitAt, UnitGraph
from baocao.analytics.maintain import ElementRule
from baocao.catalog.models import ValueType
from baocao.errors import ApiError
from baocao.periods.periods import Period, PeriodError, parse_period
from baocao.regimes import service as regimes
from baocao.regimes import unitrules
from baocao.regimes.models import Regime, RegimeVersion
from baocao.submissions.cells import CellValueError, Stored, coerce
from baocao.submissions.forms import CellInfo, FormIndex, load_form_index
from baocao.submissions.keys import OptionKeyError, normalise_option_key
from baocao.submissions.resolve import get_regime

NUMERIC = frozenset({ValueType.NUMBER.value, ValueType.INTEGER.value, ValueType.PERCENT.value})
Value = float | str | None  # a stored value: a number, a text, or empty


class RowProblem(Exception):
    """What is wrong with one row: the column and the Vietnamese and English text."""

    def __init__(self, column: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.column, self.message, self.message_en = column, message, message_en


@dataclass(frozen=True, slots=True)
class Cell:
    """What the hot loop needs of a cell: its value key and, for numbers, the digits kept."""

    key: tuple[int, str]  # element id, option key
    digits: int | None  # None: not a number cell (the careful ``coerce`` decides)
    info: CellInfo


@dataclass(frozen=True)
class PeriodInfo:
    period: Period
    text: str
    start: date  # the period's bounds, computed once (``Period.end`` is not cached)
    end: date
    version: RegimeVersion
    version_id: int  # ``version.id``, read without the ORM
    deadline: date
    level: str | None  # the reporting level of a level rule (all_provinces ...), else None
    reporting: frozenset[int]  # the reporting units of any other rule


class Resolver:
    def __init__(self, session: Session, regime_code: str, graph: UnitGraph) -> None:
        self.session = session
        self.regime: Regime = get_regime(session, regime_code, location="--regime")
        self.graph = graph
        self.by_code: dict[str, list[UnitAt]] = defaultdict(list)
        for versions in graph.versions.values():
            for version in versions:
                self.by_code[version.code].append(version)
        self._periods: dict[str, PeriodInfo | RowProblem] = {}
        self._units: dict[tuple[str, date, int, str], UnitAt | RowProblem] = {}
        self._cells: dict[tuple[int, str, str], CellInfo | RowProblem] = {}
        self.indexes: dict[int, FormIndex] = {}
        self._receivers: dict[tuple[int, int, date], int | None] = {}
        self.uids: dict[int, str] = {}  # unit id → stable uid (the canonical content names it)
        self.rules: dict[int, ElementRule] = {}  # element id → aggregation rules (facts, rollups)
        # The hot loop's caches, keyed by the row's own texts (no parsing, no date arithmetic).
        self.periods: dict[str, PeriodInfo] = {}
        self.units: dict[tuple[str, str], UnitAt] = {}  # (unit code, period text)
        self.cells: dict[tuple[int, str, str], Cell] = {}  # (regime version id, element, options)
        self.by_key: dict[int, dict[tuple[int, str], CellInfo]] = {}  # version id → (element id, option)

    def period(self, text: str) -> PeriodInfo:
        found = self._periods.get(text)
        if found is None:
            found = self._periods[text] = self._period(text)
        if isinstance(found, RowProblem):
            raise found
        self.periods[text] = found
        return found

    def _period(self, text: str) -> PeriodInfo | RowProblem:
        try:
            period = parse_period(text)
        except PeriodError as exc:
            return RowProblem("period", f"{exc.message} ('{text}')", f"{exc.message_en} ('{text}')")
        try:
            version = regimes.version_for_period(self.session, self.regime, period)
        except ApiError as exc:
            return RowProblem("period", exc.message, exc.message_en)
        rule = version.reporting_units_rule
        level = unitrules.LEVEL_RULES.get(rule["rule"])
        reporting: frozenset[int] = frozenset()
        if level is None:
            units = regimes.reporting_units(self.session, version, period)
            reporting = frozenset(u.unit_id for u in units)
        if version.id not in self.indexes:
            index = self.indexes[version.id] = load_form_index(self.session, version.id)
            self.by_key[version.id] = {(c.element_id, c.option_key): c for c in index.cells.values()}
        deadline = regimes.deadline_for(version, period)
        return PeriodInfo(
            period,
            str(period),
            period.start,
            period.end,
            version,
            version.id,
            deadline,
            level.value if level else None,
            reporting,
        )

    def unit(self, code: str, when: PeriodInfo) -> UnitAt:
        # Days of one epoch of the units tree see the same units: one entry serves many periods.
        key = (code, self.graph.epoch(when.end), when.version_id, "" if when.level else when.text)
        found = self._units.get(key)
        if found is None:
            found = self._units[key] = self._unit(code, when)
        if isinstance(found, RowProblem):
            raise found
        self.units[(code, when.text)] = found
        return found

    def _unit(self, code: str, when: PeriodInfo) -> UnitAt | RowProblem:
        day = when.end  # the period's reference day (``regimes.reference_day``)
        unit = next((u for u in self.by_code.get(code, ()) if u.valid_on(day)), None)
        if unit is None:
            return RowProblem(
                "unit",
                f"Không có đơn vị mã '{code}' vào ngày {day:%d/%m/%Y}",
                f"No unit with code '{code}' on {day.isoformat()}",
            )
        if (when.level is not None and unit.level != when.level) or (
            when.level is None and unit.unit_id not in when.reporting
        ):
            return RowProblem(
                "unit",
                f"Đơn vị '{code}' ({unit.name}) không thuộc đối tượng báo cáo của chế độ "
                f"'{self.regime.code}' kỳ {when.text}",
                f"Unit '{code}' is not one of the reporting units of regime '{self.regime.code}' "
                f"for {when.text}",
            )
        return unit

    def cell(self, element: str, options: str, when: PeriodInfo) -> Cell:
        key = (when.version_id, element, options)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._cell(element, options, self.indexes[when.version_id])
        if isinstance(found, RowProblem):
            raise found
        numeric = found.value_type in NUMERIC
        digits = (0 if found.value_type == ValueType.INTEGER else max(found.decimals, 0)) if numeric else None
        fast = self.cells[key] = Cell((found.element_id, found.option_key), digits, found)
        return fast

    def _cell(self, element: str, options: str, index: FormIndex) -> CellInfo | RowProblem:
        try:
            option_key = normalise_option_key(options)
        except OptionKeyError as exc:
            return RowProblem("options", exc.message, exc.message_en)
        label = f"{element}[{option_key}]" if option_key else element
        cell = index.cells.get((element, option_key))
        if cell is None:
            column = "element" if all(c.element != element for c in index.cells.values()) else "options"
            return RowProblem(
                column,
                f"Biểu mẫu của chế độ '{self.regime.code}' không có ô cho chỉ tiêu {label}",
                f"The forms of regime '{self.regime.code}' have no cell for {label}",
            )
        if cell.computed:
            return RowProblem(
                "element",
                f"Ô {cell.address} ({label}) được tính tự động, không nhập",
                f"Cell {cell.address} ({label}) is computed and cannot be entered",
            )
        return cell

    def receiver(self, unit: UnitAt, when: PeriodInfo) -> int | None:
        """The receiving unit's id, by the regime version's receiver rule (``regimes.receivers_for``),
        read from the units tree in memory."""
        rule, day = when.version.receiver_rule, when.end
        key = (unit.unit_id, when.version_id, self.graph.epoch(day))
        if key in self._receivers:
            return self._receivers[key]
        found: int | None = None
        if rule["rule"] == unitrules.FIXED:
            fixed = next((u for u in self.by_code.get(rule["unit"], ()) if u.valid_on(day)), None)
            found = fixed.unit_id if fixed else None
        else:
            level, current = rule.get("level"), self.graph.at(unit.unit_id, day)
            for _ in range(12):
                parent = self.graph.at(current.parent_id, day) if current and current.parent_id else None
                if parent is None or level is None or parent.level == level:
                    found = parent.unit_id if parent else None
                    break
                current = parent
        self._receivers[key] = found
        return found

    @staticmethod
    def value(cell: Cell, raw: float | int | str | None) -> Value:
        """What is stored for ``raw``: a float, a text or None (empty). A float for a number cell is
        checked here; anything else goes through the write path's ``coerce``."""
        digits = cell.digits
        if digits is not None and type(raw) is float and math.isfinite(raw):
            rounded = round(raw, digits)
            if rounded == raw or abs(rounded - raw) <= 1e-9 * max(1.0, abs(raw)):
                return rounded + 0.0  # -0.0 → 0.0
        try:
            stored: Stored = coerce(cell.info, raw)
        except CellValueError as exc:
            info = cell.info
            label = f"{info.element}[{info.option_key}]" if info.option_key else info.element
            raise RowProblem("value", f"{label}: {exc.message}", f"{label}: {exc.message_en}") from None
        return stored.num if stored.num is not None else (stored.text or None)
