"""Validation rules in a regime file: checked here for form (kind, importance, expression, parameters,
the cells and elements they name); evaluated by ``baocao.validation``.

- ``in_form``: a comparison over cells or elements of the same submission (``B01!R01.C1 == ...``).
- ``cross_period``: a quantity compared with an earlier period (``params.compare``), ±``max_change_pct``.
- ``cross_unit``: a quantity compared with the sum over other units (``params.against``).
- ``outlier``: a quantity against the unit's own history (``params.method``, ``threshold``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node

from baocao.regimes import expressions as ex
from baocao.regimes.forms import CellIndex
from baocao.regimes.models import RuleImportance, RuleKind
from baocao.regimes.reading import RegimeReader
from baocao.regimes.spec import RuleSpec


@dataclass(frozen=True)
class Param:
    required: bool
    choices: tuple[str, ...] = ()  # a choice when given, else a number
    minimum: float = 0.0
    whole: bool = False


# The parameters each kind takes (extend here when the evaluator learns more).
PARAMS: dict[str, dict[str, Param]] = {
    RuleKind.IN_FORM: {"tolerance": Param(False)},
    RuleKind.CROSS_PERIOD: {
        "compare": Param(True, ("previous", "same_period_last_year")),
        "max_change_pct": Param(True),
        "direction": Param(False, ("both", "increase", "decrease")),
    },
    RuleKind.CROSS_UNIT: {
        "against": Param(True, ("sum_of_reporters", "sum_of_children")),
        "tolerance_pct": Param(False),
    },
    RuleKind.OUTLIER: {
        "method": Param(True, ("zscore", "modified_z")),
        "threshold": Param(False, minimum=0.1),
        "min_history": Param(False, minimum=3, whole=True),
    },
}


def read_rules(reader: RegimeReader, node: Node | None, index: CellIndex) -> list[RuleSpec]:
    items = reader.sequence(node, "rules")
    reader.unique_codes(items, "quy tắc", "rule")
    return [r for item_field, item in items if (r := _read_rule(reader, item, item_field, index))]


def _read_rule(reader: RegimeReader, node: Node, field: str, index: CellIndex) -> RuleSpec | None:
    required = ("code", "kind", "importance", "expression", "message", "message_en")
    keys = reader.mapping(node, field, required, ("params",))
    if keys is None:
        return None
    before = len(reader.problems)
    code = reader.code(keys.get("code"), f"{field}.code")
    kind = reader.choice(keys.get("kind"), f"{field}.kind", [k.value for k in RuleKind])
    importance = reader.choice(
        keys.get("importance"), f"{field}.importance", [i.value for i in RuleImportance]
    )
    message = reader.text(keys.get("message"), f"{field}.message", max_length=400)
    message_en = reader.text(keys.get("message_en"), f"{field}.message_en", max_length=400)
    expression = None
    if keys.get("expression") is not None and kind is not None:
        expression = _expression(reader, keys["expression"], f"{field}.expression", kind, index)
    params = _params(reader, keys.get("params"), node, f"{field}.params", kind) if kind else None
    if len(reader.problems) > before or params is None:
        return None
    if not (code and kind and importance and message and message_en and expression):
        return None  # e.g. an expression over a refused form: that form's problems are reported
    return RuleSpec(code, kind, importance, expression, params, message, message_en)


def _expression(reader: RegimeReader, node: Node, field: str, kind: str, index: CellIndex) -> str | None:
    text = reader.text(node, field, max_length=4000)
    if text is None:
        return None
    try:
        parsed = ex.parse(text)
    except ex.ExpressionError as exc:
        reader.report(
            node, field, f"biểu thức '{text}': {exc.message}", f"expression '{text}': {exc.message_en}"
        )
        return None
    compares = isinstance(parsed, ex.Comparison)
    if kind == RuleKind.IN_FORM and not compares:
        reader.report(
            node,
            field,
            "quy tắc in_form phải là một phép so sánh (==, !=, <, <=, >, >=)",
            "an in_form rule must be a comparison (==, !=, <, <=, >, >=)",
        )
        return None
    if kind != RuleKind.IN_FORM and compares:
        reader.report(
            node,
            field,
            f"quy tắc {kind} là một đại lượng (ô hoặc chỉ tiêu), không phải phép so sánh",
            f"a {kind} rule is a quantity (a cell or an element), not a comparison",
        )
        return None
    only_form = index.declared[0] if len(index.declared) == 1 else None
    ok = True
    for ref in ex.references(parsed):
        ok = _check_reference(reader, node, field, ref, only_form, index) and ok
    if not ok:
        return None
    return ex.render(ex.substitute(parsed, lambda r: _qualified(r, only_form)))


def _qualified(ref: ex.Cell | ex.Name, only_form: str | None) -> ex.Expr:
    """Cells are stored with their form (``B01!R01.C1``), so that adding a form never changes a rule."""
    if isinstance(ref, ex.Cell) and ref.form is None:
        return ex.Cell(only_form, ref.row, ref.column)
    return ref


def _check_reference(
    reader: RegimeReader,
    node: Node,
    field: str,
    ref: ex.Cell | ex.Name,
    only_form: str | None,
    index: CellIndex,
) -> bool:
    if isinstance(ref, ex.Cell):
        if ref.form is None and only_form is None:
            reader.report(
                node,
                field,
                f"ô '{ref.address()}' phải ghi rõ biểu (BIỂU!DÒNG.CỘT) vì chế độ có nhiều biểu",
                f"cell '{ref.address()}' must name its form (FORM!ROW.COLUMN): the regime has several forms",
            )
            return False
        address, form = ref.address(only_form), ref.form or only_form
        rows, columns = index.shapes.get(form or "", (set(), set()))
        if form in index.failed and ref.row in rows and ref.column in columns:
            return False  # the form's own problems are reported; whether the cell holds a value is unknown
        if address not in index.by_address:
            reader.report(
                node,
                field,
                f"ô '{address}' không có trong các biểu của chế độ (hoặc là ô trống)",
                f"cell '{address}' is not in the regime's forms (or is an empty cell)",
            )
            return False
        return True
    key = ref.option_key()
    if index.failed and ref.code not in {element for element, _ in index.by_binding}:
        return False  # perhaps bound in a refused form: say nothing rather than something wrong
    if (ref.code, key) not in index.by_binding:
        shown = ex.render(ref)
        bound = sorted(k for element, k in index.by_binding if element == ref.code)
        vi = "; các phân tổ có trong biểu: " + ", ".join(f"[{k}]" for k in bound) if bound else ""
        en = "; bound as: " + ", ".join(f"[{k}]" for k in bound) if bound else ""
        reader.report(
            node,
            field,
            f"chỉ tiêu '{shown}' không có ô nào trong các biểu của chế độ{vi}",
            f"data element '{shown}' has no cell in the regime's forms{en}",
        )
        return False
    return True


def _params(
    reader: RegimeReader, node: Node | None, rule: Node, field: str, kind: str
) -> dict[str, Any] | None:
    allowed = PARAMS[kind]
    if node is not None and not reader.is_null(node) and not isinstance(node, MappingNode):
        reader.report(node, field, "phải là một bảng khóa: giá trị", "must be a mapping of key: value")
        return None
    keys: dict[str, Node] = {}
    if node is not None and isinstance(node, MappingNode):
        required = [k for k, p in allowed.items() if p.required]
        keys = reader.mapping(node, field, required, [k for k in allowed if k not in required]) or {}
    elif any(p.required for p in allowed.values()):
        needed = ", ".join(k for k, p in allowed.items() if p.required)
        reader.report(
            rule, field, f"quy tắc {kind} cần params: {needed}", f"a {kind} rule needs params: {needed}"
        )
        return None
    result: dict[str, Any] = {}
    for key, value_node in keys.items():
        param = allowed[key]
        if param.choices:
            result[key] = reader.choice(value_node, f"{field}.{key}", param.choices)
        elif param.whole:
            result[key] = reader.integer(
                value_node, f"{field}.{key}", minimum=int(param.minimum), maximum=1000
            )
        else:
            result[key] = reader.number(value_node, f"{field}.{key}", minimum=param.minimum)
    return result
