"""The YAML reader of regime files: ``baocao.yamlio.YamlReader`` plus the value kinds regimes need
(dates, yes/no, numbers, option mappings, free-form parameters) and what the loader looks up in the
database while reading (data elements, units)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from baocao.errors import ErrorDetail
from baocao.yamlio import YamlLoadError, YamlReader

# Form, row and column codes appear in formulas (``B01!R01.C1``): letters, digits and "_" only,
# starting with a letter, so that a code is never mistaken for a number or an operator.
SHEET_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_TRUE = {"true", "yes", "on", "có"}
_FALSE = {"false", "no", "off", "không"}


class RegimeError(YamlLoadError):
    """The regime file was refused; ``problems`` names every fault (location, field, messages)."""

    kind_vi = "Tệp chế độ báo cáo"
    kind_en = "Regime file"


@dataclass(frozen=True)
class ElementInfo:
    """What the loader needs to know of a catalogue data element."""

    code: str
    value_type: str
    categories: dict[str, tuple[str, ...]]  # category code → its option codes, in display order

    @property
    def numeric(self) -> bool:
        return self.value_type in ("number", "integer", "percent")


class Context(Protocol):
    """Look-ups in the database while reading (the loader's implementation queries the session)."""

    def element(self, code: str) -> ElementInfo | None: ...

    def element_codes(self) -> list[str]: ...

    def unit_exists(self, code: str, day: date) -> bool: ...


class RegimeReader(YamlReader):
    def __init__(self, source: str, context: Context) -> None:
        super().__init__(source)
        self.context = context
        self._reported: set[tuple[object, ...]] = set()

    def problem(self, field: str, message: str, message_en: str, location: str | None = None) -> None:
        self.problems.append(ErrorDetail(message, message_en, field or None, location or self.source))

    def report_once(
        self, key: tuple[object, ...], node: Node, field: str, message: str, message_en: str
    ) -> None:
        """Report a problem met in many cells (a row's bad option) once, for the first cell."""
        if key not in self._reported:
            self._reported.add(key)
            self.report(node, field, message, message_en)

    def sheet_code(self, node: Node | None, field: str) -> str | None:
        value = self.code(node, field)
        if value is None or node is None:
            return None
        if not SHEET_CODE.match(value):
            self.report(
                node,
                field,
                f"mã '{value}' phải bắt đầu bằng chữ cái và chỉ gồm chữ cái không dấu, chữ số, '_'",
                f"code '{value}' must start with a letter and hold only ASCII letters, digits and '_'",
            )
            return None
        return value

    def day(self, node: Node | None, field: str) -> date | None:
        text = self.text(node, field, max_length=40)
        if text is None or node is None:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.report(
                node,
                field,
                f"'{text}' không phải là một ngày có thật dạng YYYY-MM-DD",
                f"'{text}' is not a real date YYYY-MM-DD",
            )
            return None

    def flag(self, node: Node | None, field: str, default: bool = False) -> bool:
        if node is None or self.is_null(node):
            return default
        value = str(node.value).strip().lower() if isinstance(node, ScalarNode) else ""
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        self.report(node, field, "phải là true hoặc false", "must be true or false")
        return default

    def number(self, node: Node, field: str, *, minimum: float) -> float | None:
        try:
            value = float(str(node.value)) if isinstance(node, ScalarNode) and node.tag != _BOOL_TAG else None
        except ValueError:
            value = None
        if value is None or value != value or value < minimum:  # value != value: NaN
            shown = node.value if isinstance(node, ScalarNode) else "..."
            self.report(
                node,
                field,
                f"'{shown}' phải là một số không nhỏ hơn {minimum:g}",
                f"'{shown}' must be a number not below {minimum:g}",
            )
            return None
        return value

    def long_text(self, node: Node | None, field: str, *, required: bool = True) -> str:
        return self.text(node, field, max_length=20000, required=required) or ""

    def options(self, node: Node | None, field: str) -> dict[str, tuple[str, Node]]:
        """``{category: option}`` as written, each with its node (for errors at the right line)."""
        if node is None or self.is_null(node):
            return {}
        if not isinstance(node, MappingNode):
            self.report(
                node, field, "phải là bảng phân_tổ: phương_án", "must be a mapping of category: option"
            )
            return {}
        found: dict[str, tuple[str, Node]] = {}
        for key_node, value_node in node.value:
            category = self.code(key_node, f"{field}")
            option = self.code(value_node, f"{field}.{category}" if category else field)
            if category is None or option is None:
                continue
            if category in found:
                self.report(key_node, f"{field}.{category}", "phân tổ bị lặp lại", "the category is repeated")
                continue
            found[category] = (option, value_node)
        return found

    def unique_codes(self, items: list[tuple[str, Node]], what_vi: str, what_en: str) -> None:
        """Report every repeated ``code`` among the items, naming the line of the first one."""
        first: dict[str, int] = {}
        for field, node in items:
            code_node = self.peek(node, "code")
            if not isinstance(code_node, ScalarNode):
                continue
            code = str(code_node.value).strip()
            if code in first:
                self.report(
                    code_node,
                    f"{field}.code",
                    f"mã {what_vi} '{code}' bị trùng, đã khai báo ở dòng {first[code]}",
                    f"duplicate {what_en} code '{code}', already declared at line {first[code]}",
                )
            else:
                first[code] = code_node.start_mark.line + 1


def plain(node: Node) -> Any:
    """A node as Python values (for rule parameters and deadline specs): numbers stay numbers."""
    if isinstance(node, MappingNode):
        return {str(plain(k)): plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [plain(v) for v in node.value]
    text = str(node.value)
    if node.tag.endswith(":int"):
        return int(text) if text.lstrip("-").isdigit() else text
    if node.tag.endswith(":float"):
        try:
            return float(text)
        except ValueError:
            return text
    if node.tag.endswith(":bool"):
        return text.lower() in _TRUE
    if node.tag.endswith(":null"):
        return None
    return text.strip()


def value_node(node: Node, key: str) -> Node:
    """The node of ``key`` inside a mapping if there is one, else the node itself (for error lines)."""
    return YamlReader.peek(node, key) or node
