"""The numbers of one submission version as rules read them: by cell address or by data element.

An element reference with options, ``HOC_SINH[cap_hoc=tieu_hoc]``, is the value of the cell bound to
exactly those options when the form has one; otherwise the sum over the other categories' options:
the cells bound to ``cap_hoc=tieu_hoc`` plus one more category (e.g. ``gioi_tinh=nam`` and ``=nu``),
choosing the smallest complete breakdown the forms hold. Summing needs an element that adds up across
its options (unit aggregation ``sum``); every cell of the breakdown must have a value, or the
reference is missing (an empty cell never counts as 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from baocao.catalog.models import UnitAggregation, ValueType
from baocao.regimes.expressions import Cell, Name
from baocao.submissions.forms import CellInfo, FormIndex, Key
from baocao.submissions.keys import parse_option_key

NUMERIC = (ValueType.NUMBER, ValueType.INTEGER, ValueType.PERCENT)


@dataclass
class Figures:
    """One version's numbers, keyed like the forms: ``(element code, option key)``."""

    index: FormIndex
    numbers: dict[Key, float]

    def bound(self, element: str) -> list[CellInfo]:
        return [c for c in self.index.cells.values() if c.element == element]

    def binds(self, element: str) -> bool:
        return any(c.element == element for c in self.index.cells.values())


@dataclass
class Reading:
    """What evaluating one expression on some ``Figures`` touched: for messages and missing inputs."""

    figures: Figures
    form: str | None = None  # the form a cell without ``FORM!`` belongs to
    used: list[CellInfo] = field(default_factory=list)
    missing: list[CellInfo] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # references the forms do not hold

    def __call__(self, ref: Cell | Name) -> float | None:
        if isinstance(ref, Cell):
            cell = self.figures.index.cell_at(ref, self.form or "")
            if cell is None:
                self.unknown.append(ref.address(self.form))
                return None
            return self._read([cell])
        cells = breakdown(self.figures, ref)
        if cells is None:
            self.unknown.append(ref.code + (f"[{ref.option_key()}]" if ref.options else ""))
            return None
        return self._read(cells)

    def _read(self, cells: list[CellInfo]) -> float | None:
        total = 0.0
        complete = True
        for cell in cells:
            self.used.append(cell)
            value = self.figures.numbers.get(cell.key)
            if value is None:
                self.missing.append(cell)
                complete = False
            else:
                total += value
        return total if complete else None

    def addresses(self) -> list[str]:
        seen: dict[str, None] = {}
        for cell in self.used:
            seen.setdefault(cell.address, None)
        return list(seen)

    def required_missing(self) -> list[CellInfo]:
        return [c for c in self.missing if c.required]


def breakdown(figures: Figures, ref: Name) -> list[CellInfo] | None:
    """The cells whose values make up ``ref`` (one cell, or a complete breakdown), None if none do."""
    wanted = dict(ref.options or ())
    cells = figures.bound(ref.code)
    exact = [c for c in cells if parse_option_key(c.option_key) == wanted]
    if exact:
        return exact[:1]
    if not cells or cells[0].aggregation_units != UnitAggregation.SUM or cells[0].value_type not in NUMERIC:
        return None
    groups: dict[tuple[str, ...], list[CellInfo]] = {}
    for cell in cells:
        options = parse_option_key(cell.option_key)
        if all(options.get(k) == v for k, v in wanted.items()):
            extra = tuple(sorted(set(options) - set(wanted)))
            groups.setdefault(extra, []).append(cell)
    if not groups:
        return None
    smallest = min(groups, key=lambda extra: (len(extra), extra))
    return groups[smallest]
