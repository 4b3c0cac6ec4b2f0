"""Forms (biểu mẫu) in a regime file: rows × columns expanded into cells bound to data elements.

Each cell takes its data element from its row or its column (one of them, or both naming the same
element) and its disaggregation options from both (``{cap_hoc: tieu_hoc}`` on a row and
``{gioi_tinh: nu}`` on a column give ``cap_hoc=tieu_hoc;gioi_tinh=nu``); options left out mean the
total over that category. A row's ``formula`` (``R02 + R03``: row codes) makes every cell of the row
computed, column by column; a column's formula (``C2 + C3``) does the same row by row; a row's formula
wins where both meet. ``cells`` entries change single cells: ``{cell: R01.C3, empty: true}`` (no value
there), another ``element``/``options``, a ``formula`` over cells (``R02.C1 * 100 / R03.C1``), ``required``.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass

from yaml.nodes import Node

from baocao.regimes import expressions as ex
from baocao.regimes.formulas import check_formulas
from baocao.regimes.reading import ElementInfo, RegimeReader
from baocao.regimes.spec import CellSpec, ColumnSpec, FormSpec, RowSpec

MAX_INDENT = 5
_LINE_KEYS = ("element", "options", "formula", "required")
_CELL_KEYS = ("element", "options", "formula", "required", "empty")


@dataclass
class _Line:
    """A row, a column or a single-cell entry as read, with the nodes to point errors at."""

    field: str
    node: Node
    code: str = ""
    label: str = ""
    label_en: str = ""
    indent: int = 0
    element: ElementInfo | None = None
    element_node: Node | None = None
    options: dict[str, tuple[str, Node]] = dataclasses.field(default_factory=dict)
    formula: ex.Parsed | None = None
    formula_node: Node | None = None
    required: bool | None = None
    empty: bool = False


@dataclass(frozen=True)
class _Expanded:
    cell: CellSpec
    blame: _Line  # where binding problems are reported: the cell's own entry, else its row
    source: _Line  # where its formula was written: the cell's entry, its row or its column


@dataclass
class CellIndex:
    """Every cell of a regime: by address (``B01!R01.C1``) and by (element, option key)."""

    by_address: dict[str, CellSpec] = dataclasses.field(default_factory=dict)
    by_binding: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    elements: dict[str, ElementInfo] = dataclasses.field(default_factory=dict)
    declared: list[str] = dataclasses.field(default_factory=list)  # every form code written in the file
    failed: set[str] = dataclasses.field(default_factory=set)  # forms refused (their errors are reported)
    # Row and column codes of every form read, refused ones included (to check rules against them).
    shapes: dict[str, tuple[set[str], set[str]]] = dataclasses.field(default_factory=dict)


def read_forms(reader: RegimeReader, node: Node | None, index: CellIndex) -> list[FormSpec]:
    items = reader.sequence(node, "forms")
    reader.unique_codes(items, "biểu", "form")
    forms = []
    for item_field, item in items:
        code_node = reader.peek(item, "code")
        code = str(code_node.value).strip() if code_node is not None else ""
        index.declared.append(code)
        form = _read_form(reader, item, item_field, index)
        if form is None:
            index.failed.add(code)
        else:
            forms.append(form)
    return forms


def _read_form(reader: RegimeReader, node: Node, field: str, index: CellIndex) -> FormSpec | None:
    keys = reader.mapping(node, field, ("code", "name", "name_en", "rows", "columns"), ("cells",))
    if keys is None:
        return None
    before = len(reader.problems)
    code = reader.sheet_code(keys.get("code"), f"{field}.code")
    name = reader.text(keys.get("name"), f"{field}.name", max_length=300)
    name_en = reader.text(keys.get("name_en"), f"{field}.name_en", max_length=300)
    row_items = reader.sequence(keys.get("rows"), f"{field}.rows", non_empty=True)
    column_items = reader.sequence(keys.get("columns"), f"{field}.columns", non_empty=True)
    reader.unique_codes(row_items, "dòng", "row")
    reader.unique_codes(column_items, "cột", "column")
    rows = [_read_line(reader, n, f, is_row=True) for f, n in row_items]
    columns = [_read_line(reader, n, f, is_row=False) for f, n in column_items]
    row_codes = {line.code for line in rows}
    column_codes = {line.code for line in columns}
    if code is not None:
        index.shapes[code] = (row_codes, column_codes)
    _check_line_formulas(reader, rows, row_codes, "dòng", "row")
    _check_line_formulas(reader, columns, column_codes, "cột", "column")
    overrides = _read_overrides(reader, keys.get("cells"), f"{field}.cells", row_codes, column_codes)
    if len(reader.problems) > before or code is None or name is None or name_en is None:
        return None
    cells = _expand(reader, rows, columns, overrides, index)
    if len(reader.problems) > before:  # formulas over cells that failed would only add noise
        return None
    _check_bindings(reader, code, cells, index)
    numeric = {e.cell.address: index.elements[e.cell.element].numeric for e in cells}
    blame = {
        e.cell.address: (e.source.formula_node or e.source.node, f"{e.source.field}.formula") for e in cells
    }
    check_formulas(reader, code, [e.cell for e in cells], numeric, blame)
    if len(reader.problems) > before:
        return None
    return FormSpec(
        code,
        name,
        name_en,
        tuple(RowSpec(r.code, r.label, r.label_en, r.indent) for r in rows),
        tuple(ColumnSpec(c.code, c.label, c.label_en) for c in columns),
        tuple(e.cell for e in cells),
    )


def _read_line(reader: RegimeReader, node: Node, field: str, *, is_row: bool) -> _Line:
    optional = (*_LINE_KEYS, "indent") if is_row else _LINE_KEYS
    keys = reader.mapping(node, field, ("code", "label", "label_en"), optional) or {}
    line = _Line(field, node, code=reader.sheet_code(keys.get("code"), f"{field}.code") or "")
    line.label = reader.text(keys.get("label"), f"{field}.label", max_length=300) or ""
    line.label_en = reader.text(keys.get("label_en"), f"{field}.label_en", max_length=300) or ""
    line.indent = reader.integer(keys.get("indent"), f"{field}.indent", minimum=0, maximum=MAX_INDENT) or 0
    _read_binding(reader, keys, field, line)
    return line


def _read_binding(reader: RegimeReader, keys: dict[str, Node], field: str, line: _Line) -> None:
    if keys.get("element") is not None:
        line.element_node = keys["element"]
        line.element = _element(reader, keys["element"], f"{field}.element")
    line.options = reader.options(keys.get("options"), f"{field}.options")
    if keys.get("required") is not None:
        line.required = reader.flag(keys["required"], f"{field}.required")
    if keys.get("formula") is not None:
        line.formula_node = keys["formula"]
        line.formula = _parse(reader, keys["formula"], f"{field}.formula")


def _element(reader: RegimeReader, node: Node, field: str) -> ElementInfo | None:
    code = reader.code(node, field)
    if code is None:
        return None
    found = reader.context.element(code)
    if found is None:
        hint = difflib.get_close_matches(code, reader.context.element_codes(), n=1)
        reader.report(
            node,
            field,
            f"chỉ tiêu '{code}' không có trong danh mục" + (f"; có phải '{hint[0]}'?" if hint else ""),
            f"unknown data element '{code}'" + (f"; did you mean '{hint[0]}'?" if hint else ""),
        )
    return found


def _parse(reader: RegimeReader, node: Node, field: str) -> ex.Parsed | None:
    text = reader.text(node, field, max_length=2000)
    if text is None:
        return None
    try:
        return ex.parse(text)
    except ex.ExpressionError as exc:
        reader.report(
            node, field, f"công thức '{text}': {exc.message}", f"formula '{text}': {exc.message_en}"
        )
        return None


def _check_line_formulas(
    reader: RegimeReader, lines: list[_Line], codes: set[str], what: str, what_en: str
) -> None:
    """A row's formula names rows, a column's names columns; no comparisons."""
    for line in lines:
        if line.formula is None or line.formula_node is None:
            continue
        where = f"{line.field}.formula"
        if isinstance(line.formula, ex.Comparison):
            reader.report(
                line.formula_node, where, "công thức không được chứa phép so sánh", "a formula cannot compare"
            )
            continue
        for ref in ex.references(line.formula):
            if not isinstance(ref, ex.Name) or ref.options is not None or ref.code not in codes:
                shown = ex.render(ref)
                reader.report(
                    line.formula_node,
                    where,
                    f"'{shown}' không phải là mã {what} của biểu này",
                    f"'{shown}' is not a {what_en} code of this form",
                )


def _read_overrides(
    reader: RegimeReader, node: Node | None, field: str, rows: set[str], columns: set[str]
) -> dict[tuple[str, str], _Line]:
    found: dict[tuple[str, str], _Line] = {}
    for item_field, item in reader.sequence(node, field):
        keys = reader.mapping(item, item_field, ("cell",), _CELL_KEYS)
        if keys is None:
            continue
        address = reader.text(keys.get("cell"), f"{item_field}.cell", max_length=90) or ""
        row, _, column = address.partition(".")
        if address and (row not in rows or column not in columns):
            reader.report(
                keys["cell"],
                f"{item_field}.cell",
                f"ô '{address}' không có trong biểu (viết DÒNG.CỘT theo mã dòng và mã cột)",
                f"cell '{address}' is not in the form (write ROW.COLUMN with row and column codes)",
            )
            continue
        if (row, column) in found:
            reader.report(
                keys["cell"], f"{item_field}.cell", f"ô '{address}' bị khai báo hai lần", "cell listed twice"
            )
            continue
        line = _Line(
            item_field, item, code=address, empty=reader.flag(keys.get("empty"), f"{item_field}.empty")
        )
        _read_binding(reader, keys, item_field, line)
        found[(row, column)] = line
    return found


def _expand(
    reader: RegimeReader,
    rows: list[_Line],
    columns: list[_Line],
    overrides: dict[tuple[str, str], _Line],
    index: CellIndex,
) -> list[_Expanded]:
    """Every non-empty cell, with the lines to blame for its problems."""
    cells = []
    for row in rows:
        unbound = []
        for column in columns:
            own = overrides.get((row.code, column.code))
            if own is not None and own.empty:
                continue
            address = f"{row.code}.{column.code}"
            element = _cell_element(reader, row, column, own, address)
            if element is None:
                if own is None and row.element is None and column.element is None:
                    unbound.append(address)
                continue
            options = _cell_options(reader, element, row, column, own, address)
            if options is None:
                continue
            index.elements[element.code] = element
            formula = _cell_formula(row, column, own)
            required = (
                own.required if own and own.required is not None else bool(row.required or column.required)
            )
            key = ";".join(f"{c}={o}" for c, o in sorted(options.items()))
            source = own if own and own.formula else row if row.formula else column
            cell = CellSpec(row.code, column.code, element.code, key, formula, required and not formula)
            cells.append(_Expanded(cell, own or row, source))
        if unbound:
            reader.report(
                row.node,
                row.field,
                f"các ô {', '.join(unbound)} chưa gắn chỉ tiêu: khai báo 'element' ở dòng, ở cột, "
                "hoặc đánh dấu ô trống trong 'cells' ({cell: ..., empty: true})",
                f"cells {', '.join(unbound)} have no data element: give 'element' on the row or the column, "
                "or mark them empty in 'cells'",
            )
    return cells


def _cell_element(
    reader: RegimeReader, row: _Line, column: _Line, own: _Line | None, address: str
) -> ElementInfo | None:
    if own is not None and own.element_node is not None:
        return own.element
    if row.element and column.element and row.element.code != column.element.code:
        reader.report_once(
            ("elements", row.field, column.field),
            row.element_node or row.node,
            f"{row.field}.element",
            f"ô {address} gắn hai chỉ tiêu: '{row.element.code}' (dòng) và '{column.element.code}' (cột)",
            f"cell {address} is bound to two elements: '{row.element.code}' (row) and "
            f"'{column.element.code}' (column)",
        )
        return None
    return row.element or column.element


def _cell_options(
    reader: RegimeReader, element: ElementInfo, row: _Line, column: _Line, own: _Line | None, address: str
) -> dict[str, str] | None:
    """Row and column options combined (they may not disagree), then the cell's own on top."""
    chosen: dict[str, tuple[str, Node, str]] = {}
    ok = True
    for source in (row, column):
        for category, (option, node) in source.options.items():
            earlier = chosen.get(category, (option,))[0]
            if earlier != option:
                reader.report_once(
                    ("conflict", row.field, column.field, category),
                    node,
                    f"{source.field}.options.{category}",
                    f"ô {address}: phân tổ '{category}' nhận hai phương án '{earlier}' và '{option}'",
                    f"cell {address}: category '{category}' gets two options '{earlier}' and '{option}'",
                )
                ok = False
            chosen[category] = (option, node, source.field)
    for category, (option, node) in (own.options if own else {}).items():
        chosen[category] = (option, node, own.field if own else "")
    for category, (option, node, where) in chosen.items():
        if category not in element.categories:
            applicable = ", ".join(element.categories) or "không có / none"
            reader.report_once(
                ("category", where, category, element.code),
                node,
                f"{where}.options.{category}",
                f"ô {address}: chỉ tiêu '{element.code}' không có phân tổ '{category}' (có: {applicable})",
                f"cell {address}: element '{element.code}' has no category '{category}' "
                f"(it has: {applicable})",
            )
            ok = False
        elif option not in element.categories[category]:
            listed = ", ".join(element.categories[category])
            reader.report_once(
                ("option", where, category, option),
                node,
                f"{where}.options.{category}",
                f"ô {address}: phân tổ '{category}' không có phương án '{option}' (có: {listed})",
                f"cell {address}: category '{category}' has no option '{option}' (options: {listed})",
            )
            ok = False
    return {category: option for category, (option, _, _) in chosen.items()} if ok else None


def _cell_formula(row: _Line, column: _Line, own: _Line | None) -> str | None:
    if own is not None and own.formula is not None:
        return ex.render(own.formula)
    if row.formula is not None:
        return ex.render(ex.substitute(row.formula, lambda r: ex.Cell(None, _code(r), column.code)))
    if column.formula is not None:
        return ex.render(ex.substitute(column.formula, lambda c: ex.Cell(None, row.code, _code(c))))
    return None


def _code(ref: ex.Cell | ex.Name) -> str:
    return ref.code if isinstance(ref, ex.Name) else ref.row


def _check_bindings(reader: RegimeReader, form: str, cells: list[_Expanded], index: CellIndex) -> None:
    """One cell per (element, options) in the whole regime: values are stored by that key."""
    for expanded in cells:
        cell, blame = expanded.cell, expanded.blame
        binding = (cell.element, cell.option_key)
        address = f"{form}!{cell.address}"
        if binding in index.by_binding:
            shown = f"{cell.element}[{cell.option_key}]" if cell.option_key else cell.element
            reader.report(
                blame.node,
                blame.field,
                f"ô {address} và ô {index.by_binding[binding]} cùng gắn chỉ tiêu {shown}",
                f"cells {address} and {index.by_binding[binding]} are both bound to {shown}",
            )
            continue
        index.by_binding[binding] = address
        index.by_address[address] = cell
