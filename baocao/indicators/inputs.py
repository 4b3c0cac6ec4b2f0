"""The element figures an indicator reads for one unit, and ``by=category`` for indicators.

With ``by``, an indicator answers one row per option of the category: an input disaggregated by that
category reads its cells of the option, an input that is not (a population, a number of schools)
reads its total for every option."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.analytics.maintain import ElementRule
from baocao.analytics.service import Cell, _Marks, _option_parts, _within, combine
from baocao.analytics.windows import Window
from baocao.catalog.models import Category, CategoryOption, DataElement, DataElementCategory
from baocao.errors import invalid
from baocao.indicators.expressions import Expr, Ref, names

Value = tuple[float | None, frozenset[str]]


@dataclass(frozen=True)
class Split:
    """``by=category`` over indicators: the category, its option codes and the elements that have it."""

    category: str
    options: tuple[str, ...]
    elements: frozenset[str]

    def key(self, option: str) -> str:
        return f"{self.category}={option}"


def split_by(session: Session, indicators: list[tuple[str, Expr]], by: str, field: str = "by") -> Split:
    """The split of ``by`` for these (code, tree) indicators; 422 naming ``field`` when an indicator
    has no input disaggregated by the category, or when one of its references already picks an
    option of it (``T_HS[t_gt=nu]`` cannot also be read per ``t_gt``)."""
    category = session.scalar(select(Category).where(Category.code == by))
    options = () if category is None else tuple(sorted(
        session.scalars(select(CategoryOption.code).where(CategoryOption.category_id == category.id))
    ))  # fmt: skip
    having = frozenset(
        session.scalars(
            select(DataElement.code)
            .join(DataElementCategory, DataElementCategory.data_element_id == DataElement.id)
            .join(Category, Category.id == DataElementCategory.category_id)
            .where(Category.code == by)
        )
    )
    for code, tree in indicators:
        refs = list(dict.fromkeys(Ref.of(n) for n in names(tree)))
        for ref in refs:
            if ref.option.split("=", 1)[0] == by:
                shown = f"{ref.element}[{ref.option}]"
                raise invalid(field, f"Chỉ tiêu tổng hợp '{code}' đã chọn một phân tổ '{by}' ({shown}), "
                                     f"không chia theo '{by}' được",
                              f"Indicator '{code}' already picks an option of '{by}' ({shown}): it cannot "
                              f"be split by '{by}'")  # fmt: skip
        if not options or not any(r.element in having for r in refs):
            inputs = ", ".join(dict.fromkeys(r.element for r in refs)) or "-"
            raise invalid(field, f"Chỉ tiêu tổng hợp '{code}' không chia theo '{by}' được: không chỉ tiêu "
                                 f"đầu vào nào ({inputs}) có phân tổ '{by}'",
                          f"Indicator '{code}' cannot be split by '{by}': none of its inputs ({inputs}) is "
                          f"disaggregated by '{by}'")  # fmt: skip
    return Split(by, options, having)


def pick(cells: list[Cell], parts: dict[str, str]) -> list[Cell]:
    """The cells of one combination of options (none: the total), read as ``by=category`` reads one:
    from keys naming exactly those options, else summed over the other disaggregations."""
    if not parts:
        return [c for c in cells if c.option_key == ""]
    exact: list[Cell] = []
    wider: list[Cell] = []
    for cell in cells:
        have = _option_parts(cell.option_key)
        if all(have.get(k) == v for k, v in parts.items()):
            (exact if len(have) == len(parts) else wider).append(cell)
    return exact or wider


def option_key(parts: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(parts.items()))


@dataclass
class Inputs:
    """The element figures of one unit (and one option of ``split``), read from its cells like
    ``run_query`` reads them (memoised)."""

    cells: dict[tuple[int, int], list[Cell]]
    elements: dict[str, DataElement]
    rules: dict[int, ElementRule]
    marks: _Marks
    unit_id: int
    split: Split | None = None
    option: str = ""
    memo: dict[tuple[Ref, Window], Value] = dataclasses.field(default_factory=dict)

    def parts(self, ref: Ref) -> dict[str, str]:
        """The options a reference reads: its own filter, plus the split's option if it has the category."""
        found = dict(_option_parts(ref.option))  # a copy: the parsed parts are cached
        if self.split is not None and ref.element in self.split.elements:
            found[self.split.category] = self.option
        return found

    def group(self, ref: Ref, at: Window) -> list[Cell]:
        element = self.elements[ref.element]
        inside = [c for c in self.cells.get((element.id, self.unit_id), []) if _within(c, at)]
        return pick(inside, self.parts(ref))

    def __call__(self, ref: Ref, at: Window) -> Value:
        if (ref, at) not in self.memo:
            group = self.group(ref, at)
            value, flags = combine(group, self.rules[self.elements[ref.element].id], at)
            marks = dataclasses.replace(self.marks, window=at)
            extra = {"submitted"} if marks.submitted(group) else set()
            self.memo[(ref, at)] = value, frozenset(flags) | extra
        return self.memo[(ref, at)]
