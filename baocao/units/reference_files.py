"""Reading the reference CSV files with line numbers, and the problems found in them.

Every problem names the file, the line and the field, in Vietnamese and English, so a person fixing a
file knows where to look. Problems are collected, never raised one at a time: one run shows them all.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from baocao.errors import ApiError, ErrorDetail

COMMENT = "#"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str
    message_en: str

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        return f"{self.location}: {self.message} / {self.message_en}"

    def detail(self) -> ErrorDetail:
        return ErrorDetail(self.message, self.message_en, self.field, self.location)


class ReferenceDataError(ApiError):
    """The reference files are not consistent; ``problems`` lists every one found (nothing was stored)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(
            422,
            "invalid_reference_data",
            f"Dữ liệu danh mục đơn vị có {len(problems)} lỗi, không có gì được lưu"
            + (f"; lỗi đầu tiên: {first}" if first else ""),
            f"The unit reference data has {len(problems)} problem(s), nothing was stored"
            + (f"; first: {first}" if first else ""),
            field=first.field if first else None,
            location=first.location if first else None,
            details=[p.detail() for p in problems],
        )

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


@dataclass
class Problems:
    """Collects problems; ``at`` takes the row so the message carries its file and line."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int | None, column: str | None, message: str, message_en: str) -> None:
        self.items.append(Problem(file, line, column, message, message_en))

    def at(self, row: Row, column: str | None, message: str, message_en: str) -> None:
        self.add(row.file, row.line, column, message, message_en)

    def raise_if_any(self) -> None:
        if self.items:
            raise ReferenceDataError(self.items)


@dataclass(frozen=True)
class TableSpec:
    """What a file must look like: its columns, which must be filled, the allowed ``type`` values."""

    file: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ("code", "name")
    key: tuple[str, ...] = ("code",)
    types: frozenset[str] | None = None
    checks: tuple[Callable[[Row, Problems], None], ...] = ()


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip() and not line.startswith(COMMENT):
                yield number, line


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the physical line on which each one ends (comment and blank lines skipped)."""
    last = 0

    def lines() -> Iterator[str]:
        nonlocal last
        for number, line in _numbered_lines(path):
            last = number
            yield line

    for record in csv.reader(lines()):
        yield last, record


def _clean(value: str) -> str:
    # Names are compared and folded for search: one Unicode form and no stray spaces.
    value = value.strip()
    if "  " in value or not unicodedata.is_normalized("NFC", value):
        value = " ".join(unicodedata.normalize("NFC", value).split())
    return value


def read_table(data_dir: Path, spec: TableSpec, problems: Problems) -> list[Row] | None:
    """The rows of one file, checked against ``spec``; None when the file cannot be used at all."""
    path = data_dir / spec.file
    if not path.is_file():
        problems.add(spec.file, None, None, f"Thiếu tệp {spec.file}", f"File {spec.file} is missing")
        return None
    try:
        return _read_rows(path, spec, problems)
    except (UnicodeDecodeError, csv.Error) as exc:
        problems.add(
            spec.file,
            None,
            None,
            f"Không đọc được tệp CSV UTF-8: {exc}",
            f"Cannot read the file as UTF-8 CSV: {exc}",
        )
        return None


def _read_rows(path: Path, spec: TableSpec, problems: Problems) -> list[Row] | None:
    records = _records(path)
    header_line, header = next(records, (1, []))
    header = [_clean(h) for h in header]
    missing = [c for c in spec.columns if c not in header]
    for column in missing:
        problems.add(
            spec.file,
            header_line,
            column,
            f"Thiếu cột '{column}' (cần: {', '.join(spec.columns)})",
            f"Missing column '{column}' (expected: {', '.join(spec.columns)})",
        )
    if missing:
        return None
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, record in records:
        row = Row(spec.file, line, dict(zip(header, (_clean(v) for v in record), strict=False)))
        if len(record) != len(header):
            problems.at(
                row,
                None,
                f"Dòng có {len(record)} trường, tiêu đề có {len(header)}",
                f"Line has {len(record)} fields, the header has {len(header)}",
            )
            continue
        _check_row(row, spec, problems)
        if any(not row[c] for c in spec.key):
            continue
        key = tuple(row[c] for c in spec.key)
        if key in seen:
            shown = " → ".join(key)
            problems.at(
                row,
                spec.key[0],
                f"mã {shown} trùng với dòng {seen[key]}",
                f"duplicate code {shown} (also on line {seen[key]})",
            )
            continue
        seen[key] = line
        # Rows with a problem are kept so that references to them do not add noise; the import
        # stops before it builds anything from them.
        rows.append(row)
    return rows


def _check_row(row: Row, spec: TableSpec, problems: Problems) -> None:
    for column in spec.required:
        if not row[column]:
            problems.at(row, column, f"Cột '{column}' bị trống", f"Column '{column}' is empty")
    if spec.types is not None and row["type"] not in spec.types:
        problems.at(
            row,
            "type",
            f"Loại '{row['type']}' không hợp lệ (cho phép: {', '.join(sorted(spec.types))})",
            f"Unknown type '{row['type']}' (allowed: {', '.join(sorted(spec.types))})",
        )
    for check in spec.checks:
        check(row, problems)
