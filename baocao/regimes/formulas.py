"""Checks of computed cells: formulas refer to numeric cells of their own form, with no circle."""

from __future__ import annotations

from yaml.nodes import Node

from baocao.regimes import expressions as ex
from baocao.regimes.reading import RegimeReader
from baocao.regimes.spec import CellSpec

Blame = dict[str, tuple[Node, str]]  # cell address → (node, field) to name in an error


def check_formulas(
    reader: RegimeReader, form: str, cells: list[CellSpec], numeric: dict[str, bool], blame: Blame
) -> None:
    graph: dict[str, list[str]] = {}
    for cell in cells:
        if cell.formula is None:
            continue
        node, field = blame[cell.address]
        parsed = ex.parse(cell.formula)
        if isinstance(parsed, ex.Comparison):
            reader.report(node, field, "công thức không được chứa phép so sánh", "a formula cannot compare")
            continue
        refs = []
        for ref in ex.references(parsed):
            target = ref.address() if isinstance(ref, ex.Cell) and ref.form in (None, form) else None
            if target is None or target not in numeric:
                shown = ex.render(ref)
                reader.report(
                    node,
                    field,
                    f"ô {cell.address}: '{shown}' không phải là một ô có giá trị của biểu {form}",
                    f"cell {cell.address}: '{shown}' is not a cell with a value in form {form}",
                )
            elif not (numeric[target] and numeric[cell.address]):
                reader.report(
                    node,
                    field,
                    f"ô {cell.address}: công thức chỉ dùng được cho chỉ tiêu kiểu số ({target})",
                    f"cell {cell.address}: formulas work on numeric elements only ({target})",
                )
            else:
                refs.append(target)
        graph[cell.address] = refs
    loop = find_cycle(graph)
    if loop:
        node, field = blame[loop[0]]
        shown = " → ".join(loop)
        reader.report(
            node,
            field,
            f"biểu {form}: công thức vòng tròn {shown}",
            f"form {form}: circular formulas {shown}",
        )


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A circle of references (first node repeated at the end), or None. Iterative depth-first search."""
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, child = stack.pop()
            if child == 0:
                path.append(node)
            targets = graph.get(node, [])
            if child < len(targets):
                stack.append((node, child + 1))
                target = targets[child]
                if target in path:
                    return [*path[path.index(target) :], target]
                if target not in done:
                    stack.append((target, 0))
            else:
                path.pop()
                done.add(node)
    return None
