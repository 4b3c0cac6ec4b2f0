"""Line-aware YAML reading for the loaders of hand-written files (catalogue, regimes, ...).

PyYAML's ``safe_load`` forgets where values came from, so loaders *compose* the node tree instead
and read it through a ``YamlReader``: every check that fails records a problem naming the file, the
line and the field (``catalogue.yaml:42: data_elements[3].value_type``), in Vietnamese and English,
and reading goes on so that one run reports every problem. The loader raises its own subclass of
``YamlLoadError`` at the end if anything was recorded, before it writes anything.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from baocao.errors import ApiError, ErrorDetail

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def format_problem(problem: ErrorDetail) -> str:
    """``file:line: field: message / message_en``, the form editors and terminals make clickable."""
    parts = [p for p in (problem.location, problem.field) if p]
    return ": ".join([*parts, f"{problem.message} / {problem.message_en}"])


class YamlLoadError(ApiError):
    """A file was refused; ``problems`` lists every fault found, each with location and field.

    An ``ApiError`` (422), so an endpoint that loads an uploaded file can let it propagate.
    """

    kind_vi = "Tệp YAML"
    kind_en = "YAML file"

    def __init__(self, source: str, problems: list[ErrorDetail]) -> None:
        self.source = source
        self.problems = problems
        first = problems[0] if problems else ErrorDetail("", "")
        super().__init__(
            422,
            "invalid_file",
            f"{self.kind_vi} '{source}' có {len(problems)} lỗi, không có gì được lưu",
            f"{self.kind_en} '{source}' has {len(problems)} problem(s), nothing was stored",
            field=first.field,
            location=first.location,
            details=list(problems),
        )

    def __str__(self) -> str:
        return "\n".join(format_problem(p) for p in self.problems)


def clean_text(value: str) -> str:
    """NFC (files written on macOS may be NFD) and no surrounding blanks, so equal text compares equal."""
    return unicodedata.normalize("NFC", value).strip()


def _sub(field: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{field}[{key}]"
    return f"{field}.{key}" if field else key


class YamlReader:
    """Reads a composed YAML tree, recording problems instead of stopping at the first one."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[ErrorDetail] = []

    # -- parsing and reporting -------------------------------------------------------------------

    def parse_file(self, path: Path) -> Node | None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(
                ErrorDetail(
                    f"tệp không phải UTF-8 (byte {exc.start})",
                    f"the file is not UTF-8 (byte {exc.start})",
                    location=self.source,
                )
            )
            return None
        except OSError as exc:
            self.problems.append(
                ErrorDetail(
                    f"không đọc được tệp: {exc.strerror}",
                    f"cannot read the file: {exc.strerror}",
                    location=self.source,
                )
            )
            return None
        return self.parse_text(text)

    def parse_text(self, text: str) -> Node | None:
        try:
            node = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"{self.source}:{mark.line + 1}" if mark else self.source
            detail = " ".join(p for p in (exc.context, exc.problem) if p)
            self.problems.append(
                ErrorDetail(f"lỗi cú pháp YAML: {detail}", f"YAML syntax error: {detail}", None, where)
            )
            return None
        except yaml.YAMLError as exc:
            self.problems.append(ErrorDetail(f"lỗi YAML: {exc}", f"YAML error: {exc}", location=self.source))
            return None
        if node is None:
            self.problems.append(ErrorDetail("tệp rỗng", "the file is empty", location=self.source))
        return node

    def where(self, node: Node) -> str:
        return f"{self.source}:{node.start_mark.line + 1}"

    def report(self, node: Node, field: str, message: str, message_en: str) -> None:
        self.problems.append(ErrorDetail(message, message_en, field or None, self.where(node)))

    def raise_if_problems(self, error: type[YamlLoadError]) -> None:
        if self.problems:
            raise error(self.source, self.problems)

    # -- structure -------------------------------------------------------------------------------

    def mapping(
        self, node: Node, field: str, required: Collection[str], optional: Collection[str] = ()
    ) -> dict[str, Node] | None:
        """The keys of a mapping; missing, unknown (with a suggestion) and repeated keys are problems."""
        if not isinstance(node, MappingNode):
            self.report(node, field, "phải là một bảng khóa: giá trị", "must be a mapping of key: value")
            return None
        allowed = [*required, *optional]
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key in found:
                self.report(key_node, _sub(field, key), "khóa bị lặp lại", "the key is repeated")
            elif key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                vi = f"; có phải '{hint[0]}'?" if hint else f"; các khóa hợp lệ: {', '.join(allowed)}"
                en = f"; did you mean '{hint[0]}'?" if hint else f"; valid keys: {', '.join(allowed)}"
                self.report(key_node, _sub(field, key), "khóa không được hỗ trợ" + vi, "unknown key" + en)
            else:
                found[key] = value_node
        for key in required:
            if key not in found:
                self.report(node, _sub(field, key), "thiếu trường bắt buộc", "required field is missing")
        return found

    def sequence(self, node: Node | None, field: str, *, non_empty: bool = False) -> list[tuple[str, Node]]:
        """The items of a list with their field names (``field[0]``...); absent or null means empty."""
        if node is None or self.is_null(node):
            items: list[Node] = []
        elif not isinstance(node, SequenceNode):
            self.report(node, field, "phải là một danh sách", "must be a list")
            return []
        else:
            items = list(node.value)
        if non_empty and not items and node is not None:
            self.report(node, field, "danh sách không được rỗng", "the list must not be empty")
        return [(_sub(field, i), item) for i, item in enumerate(items)]

    @staticmethod
    def peek(node: Node, key: str) -> Node | None:
        """The value of ``key`` in a mapping, without checking anything (for cross-item checks)."""
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == key:
                    return value_node
        return None

    @staticmethod
    def is_null(node: Node) -> bool:
        return isinstance(node, ScalarNode) and node.tag == _NULL_TAG

    # -- scalars ---------------------------------------------------------------------------------

    def text(self, node: Node | None, field: str, *, max_length: int, required: bool = True) -> str | None:
        """A string as written in the file (``010`` stays ``010``, ``yes`` stays ``yes``)."""
        if node is None:
            return None
        if self.is_null(node):
            if required:
                self.report(node, field, "không được để trống", "must not be empty")
            return None
        if not isinstance(node, ScalarNode):
            self.report(node, field, "phải là một giá trị đơn (chuỗi)", "must be a single value (text)")
            return None
        value = clean_text(str(node.value))
        if not value:
            if required:
                self.report(node, field, "không được để trống", "must not be empty")
            return None
        if len(value) > max_length:
            self.report(
                node,
                field,
                f"dài {len(value)} ký tự, tối đa {max_length}",
                f"is {len(value)} characters long, at most {max_length} allowed",
            )
            return None
        return value

    def code(self, node: Node | None, field: str, *, max_length: int = 40) -> str | None:
        value = self.text(node, field, max_length=max_length)
        if value is None or node is None:
            return None
        if not CODE_PATTERN.match(value):
            self.report(
                node,
                field,
                f"mã '{value}' chỉ được chứa chữ cái không dấu, chữ số, '_' và '-'",
                f"code '{value}' may only contain ASCII letters, digits, '_' and '-'",
            )
            return None
        return value

    def choice(self, node: Node | None, field: str, choices: Iterable[str]) -> str | None:
        value = self.text(node, field, max_length=200)
        if value is None or node is None:
            return None
        allowed = list(choices)
        if value not in allowed:
            listed = ", ".join(allowed)
            self.report(
                node,
                field,
                f"'{value}' không hợp lệ, phải là một trong: {listed}",
                f"invalid value '{value}', expected one of: {listed}",
            )
            return None
        return value

    def integer(self, node: Node | None, field: str, *, minimum: int, maximum: int) -> int | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == _INT_TAG and str(node.value).isdigit()):
            shown = node.value if isinstance(node, ScalarNode) else "..."
            self.report(
                node,
                field,
                f"'{shown}' không phải là số nguyên từ {minimum} đến {maximum}",
                f"'{shown}' is not a whole number from {minimum} to {maximum}",
            )
            return None
        value = int(str(node.value))
        if not minimum <= value <= maximum:
            self.report(
                node,
                field,
                f"{value} nằm ngoài khoảng {minimum}..{maximum}",
                f"{value} is outside {minimum}..{maximum}",
            )
            return None
        return value
