"""A regime version's forms as the write path needs them: every cell by (element, option key) and by
address, with the element's type, and computed cells in an order where each comes after the cells
it reads (formulas from ``baocao.regimes.expressions``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.catalog.models import DataElement
from baocao.errors import ApiError
from baocao.regimes import expressions
from baocao.regimes.models import CellKind, Form, FormCell, OutlineSection

Key = tuple[str, str]  # (element code, option key)


@dataclass(frozen=True)
class CellInfo:
    form: str
    row: str
    column: str
    element_id: int
    element: str
    element_name: str
    option_key: str
    kind: str
    required: bool
    value_type: str
    decimals: int
    aggregation_units: str
    formula: expressions.Expr | None = field(default=None, compare=False)

    @property
    def address(self) -> str:
        return f"{self.form}!{self.row}.{self.column}"

    @property
    def key(self) -> Key:
        return (self.element, self.option_key)

    @property
    def computed(self) -> bool:
        return self.kind == CellKind.COMPUTED


@dataclass(frozen=True)
class SectionInfo:
    code: str
    title: str
    required: bool


@dataclass
class FormIndex:
    regime_version_id: int
    cells: dict[Key, CellInfo]
    by_address: dict[tuple[str, str, str], CellInfo]
    sections: dict[str, SectionInfo]
    computed_order: list[CellInfo]

    def input_cells(self) -> list[CellInfo]:
        return [c for c in self.cells.values() if not c.computed]

    def cell_at(self, ref: expressions.Cell, form: str) -> CellInfo | None:
        return self.by_address.get((ref.form or form, ref.row, ref.column))

    def compute(self, values: dict[Key, float | None]) -> dict[Key, float | None]:
        """Values of the computed cells given the entered ``values`` (computed ones filled in order)."""
        known = dict(values)
        out: dict[Key, float | None] = {}
        for cell in self.computed_order:
            assert cell.formula is not None

            def value_of(ref: expressions.Cell | expressions.Name, form: str = cell.form) -> float | None:
                if isinstance(ref, expressions.Name):
                    return known.get((ref.code, ref.option_key()))
                target = self.cell_at(ref, form)
                return None if target is None else known.get(target.key)

            result = expressions.evaluate(cell.formula, value_of)
            known[cell.key] = out[cell.key] = result
        return out


def _misconfigured(cell: CellInfo, problem: str) -> ApiError:
    return ApiError(
        500,
        "regime_misconfigured",
        f"Công thức của ô {cell.address} không dùng được: {problem}",
        f"The formula of cell {cell.address} cannot be used: {problem}",
        field=cell.address,
    )


def _order(cells: list[CellInfo], index: FormIndex) -> list[CellInfo]:
    """Computed cells sorted so each comes after the computed cells it reads (cycle → error)."""
    pending = {c.key: c for c in cells}
    ordered: list[CellInfo] = []
    while pending:
        progressed = False
        for key, cell in list(pending.items()):
            assert cell.formula is not None
            needs = set()
            for ref in expressions.references(cell.formula):
                if isinstance(ref, expressions.Cell):
                    target = index.cell_at(ref, cell.form)
                    if target is None:
                        raise _misconfigured(cell, f"no cell {ref.address(cell.form)}")
                    needs.add(target.key)
                else:
                    needs.add((ref.code, ref.option_key()))
            if not needs & pending.keys() - {key} and key not in needs:
                ordered.append(cell)
                del pending[key]
                progressed = True
        if not progressed:
            raise _misconfigured(next(iter(pending.values())), "circular reference")
    return ordered


def load_form_index(session: Session, regime_version_id: int) -> FormIndex:
    rows = session.execute(
        select(Form.code, FormCell, DataElement)
        .join(FormCell, FormCell.form_id == Form.id)
        .join(DataElement, DataElement.id == FormCell.data_element_id)
        .where(Form.regime_version_id == regime_version_id)
        .order_by(Form.position, FormCell.id)
    ).all()
    cells: dict[Key, CellInfo] = {}
    by_address: dict[tuple[str, str, str], CellInfo] = {}
    computed: list[CellInfo] = []
    for form_code, cell, element in rows:
        info = CellInfo(
            form=form_code,
            row=cell.row_code,
            column=cell.column_code,
            element_id=element.id,
            element=element.code,
            element_name=element.name,
            option_key=cell.option_key,
            kind=cell.kind,
            required=cell.required,
            value_type=element.value_type,
            decimals=element.decimals,
            aggregation_units=element.aggregation_units,
        )
        if info.computed:
            try:
                parsed = expressions.parse(cell.formula or "")
            except expressions.ExpressionError as exc:
                raise _misconfigured(info, exc.message_en) from None
            if isinstance(parsed, expressions.Comparison):
                raise _misconfigured(info, "a formula cannot compare")
            info = CellInfo(**{**info.__dict__, "formula": parsed})
            computed.append(info)
        by_address[(info.form, info.row, info.column)] = info
        # The same element and options may sit in two forms; the value is one, an input cell wins.
        if info.key not in cells or cells[info.key].computed:
            cells[info.key] = info
    sections = {
        s.code: SectionInfo(s.code, s.title, s.required)
        for s in session.scalars(
            select(OutlineSection)
            .where(OutlineSection.regime_version_id == regime_version_id)
            .order_by(OutlineSection.position)
        )
    }
    index = FormIndex(regime_version_id, cells, by_address, sections, [])
    index.computed_order = _order([c for c in computed if cells.get(c.key) is c], index)
    return index
