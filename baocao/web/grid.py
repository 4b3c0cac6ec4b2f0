"""A submission's forms as tables for the entry and review pages: rows × columns, each cell with its
value, whether it is required or computed, and the messages that belong to it (validation results,
the approver's notes, errors of an upload). Cells are named ``c|FORM|ROW|COLUMN`` in the HTML form.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from baocao.regimes import expressions as ex
from baocao.regimes.models import Form, OutlineSection
from baocao.submissions import queries
from baocao.submissions.excel.context import shapes_of
from baocao.submissions.excel.layout import WorkbookLayout
from baocao.submissions.forms import CellInfo, FormIndex, load_form_index
from baocao.submissions.models import SubmissionState, SubmissionVersion
from baocao.validation.models import ValidationResult

PREFIX = "c|"


@dataclass
class GridCell:
    info: CellInfo
    value: float | str | None
    messages: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, vi, en)

    @property
    def name(self) -> str:
        return f"{PREFIX}{self.info.form}|{self.info.row}|{self.info.column}"

    formula: str = ""

    @property
    def dom_id(self) -> str:
        return dom_id(self.info)


def dom_id(info: CellInfo) -> str:
    parts = (info.form, info.row, info.column)
    return "cell-" + "-".join("".join(ch if ch.isalnum() else "_" for ch in part) for part in parts)


def _tree(node: ex.Expr, form: str, index: FormIndex) -> object:
    """A formula for static/app.js: ``{"n": 1}``, ``{"c": dom id}``, ``{"u": x}``, ``{"b": op, "l", "r"}``,
    ``{"f": name, "a": [...]}`` (the evaluation rules of ``baocao.regimes.expressions``)."""
    if isinstance(node, ex.Num):
        return {"n": node.value}
    if isinstance(node, ex.Cell):
        target = index.cell_at(node, form)
        return {"c": dom_id(target)} if target else {"n": None}
    if isinstance(node, ex.Name):
        named = index.cells.get((node.code, node.option_key()))
        return {"c": dom_id(named)} if named else {"n": None}
    if isinstance(node, ex.Unary):
        return {"u": _tree(node.operand, form, index)}
    if isinstance(node, ex.Call):
        return {"f": node.function, "a": [_tree(a, form, index) for a in node.args]}
    assert isinstance(node, ex.Binary)
    return {"b": node.op, "l": _tree(node.left, form, index), "r": _tree(node.right, form, index)}


def formula_json(info: CellInfo, index: FormIndex) -> str:
    return json.dumps(_tree(info.formula, info.form, index)) if info.formula is not None else ""


@dataclass
class GridRow:
    code: str
    label: str
    label_en: str
    indent: int
    cells: list[GridCell | None]


@dataclass
class GridForm:
    code: str
    name: str
    name_en: str
    columns: list[tuple[str, str, str]]  # (code, label, label_en)
    rows: list[GridRow]


@dataclass
class Section:
    code: str
    title: str
    title_en: str
    guidance: str
    required: bool
    text: str


@dataclass
class Grid:
    forms: list[GridForm]
    sections: list[Section]
    index: FormIndex
    loose: list[tuple[str, str, str, str]]  # messages tied to no cell: (kind, where, vi, en)
    warnings: list[tuple[str, str, str, str]]  # failed warnings: (rule code, vi, en, explanation)

    def cell(self, form: str, row: str, column: str) -> GridCell | None:
        for grid_form in self.forms:
            if grid_form.code == form:
                for grid_row in grid_form.rows:
                    for cell in grid_row.cells:
                        if cell and cell.info.row == row and cell.info.column == column:
                            return cell
        return None


def excel_addresses(session: Session, regime_version_id: int) -> dict[str, str]:
    """``Sheet!D7`` (as an upload's errors name it) → ``FORM!ROW.COLUMN`` (as the page names it)."""
    layout = WorkbookLayout.of(*shapes_of(session, regime_version_id))
    return {
        f"{form.sheet}!{coordinate}": slot.info.address
        for form in layout.forms
        for coordinate, slot in form.slots()
    }


def build_grid(
    session: Session,
    version: SubmissionVersion,
    regime_version_id: int,
    typed: dict[str, str] | None = None,
    problems: list[tuple[str, str | None, str, str]] | None = None,
) -> Grid:
    """The forms of ``version``; ``typed`` (field name → text) replaces stored values after a refused
    save, and ``problems`` ``(kind, address, vi, en)`` are shown at their cells."""
    index = load_form_index(session, regime_version_id)
    stored = {
        (r.element, r.option_key): (r.value_num if r.value_num is not None else r.value_text)
        for r in queries.values_of(session, version.id)
    }
    computed = index.compute({k: v if isinstance(v, float | int) else None for k, v in stored.items()})
    notes: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    loose: list[tuple[str, str, str, str]] = []
    warnings: list[tuple[str, str, str, str]] = []
    for result in session.scalars(
        select(ValidationResult).where(
            ValidationResult.submission_version_id == version.id, ValidationResult.passed.is_(False)
        )
    ):
        kind = "warning" if result.importance == "warning" else "error"
        if kind == "warning":
            warnings.append((result.rule_code, result.message, result.message_en, result.comment or ""))
        addresses = [a.strip() for a in result.cells.split(",") if a.strip()]
        for address in addresses[:1] or [""]:
            notes[address].append((kind, result.message, result.message_en))
    by_key = {c.key: c.address for c in index.by_address.values() if not c.computed}
    # The approver's notes on cells matter while the report is back with its unit.
    remarks = queries.comments_of(session, version.id) if version.state == SubmissionState.RETURNED else []
    for c in remarks:
        address = by_key.get((c.element, c.option_key), "")
        notes[address].append(("remark", c.message, c.message))
    for kind, where, vi, en in problems or []:
        notes[where or ""].append((kind, vi, en))
    known = {info.address for info in index.by_address.values()}
    for address, messages in notes.items():
        if address not in known:
            loose.extend((kind, address, vi, en) for kind, vi, en in messages)
    forms = []
    for form in session.scalars(
        select(Form)
        .where(Form.regime_version_id == regime_version_id)
        .order_by(Form.position)
        .options(selectinload(Form.rows), selectinload(Form.columns))
    ):
        rows = []
        for row in form.rows:
            cells: list[GridCell | None] = []
            for column in form.columns:
                info = index.by_address.get((form.code, row.code, column.code))
                if info is None:
                    cells.append(None)
                    continue
                value = computed.get(info.key) if info.computed else stored.get(info.key)
                cell = GridCell(info, value, notes.get(info.address, []), formula_json(info, index))
                if typed is not None and cell.name in typed and not info.computed:
                    cell.value = typed[cell.name]
                cells.append(cell)
            rows.append(GridRow(row.code, row.label, row.label_en, row.indent, cells))
        columns = [(c.code, c.label, c.label_en) for c in form.columns]
        forms.append(GridForm(form.code, form.name, form.name_en, columns, rows))
    narrative = version.narrative or {}
    sections = [
        Section(s.code, s.title, s.title_en, s.guidance, s.required, str(narrative.get(s.code) or ""))
        for s in session.scalars(
            select(OutlineSection)
            .where(OutlineSection.regime_version_id == regime_version_id)
            .order_by(OutlineSection.position)
        )
    ]
    return Grid(forms, sections, index, loose, warnings)
