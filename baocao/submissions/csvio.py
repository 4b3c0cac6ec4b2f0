"""CSV in and out: one line per cell, ``element,options,value`` (an optional ``comment`` column).

``options`` is the disaggregation key (``gioi_tinh=nu;cap_hoc=tieu_hoc``, any order, empty for none).
UTF-8 (a byte-order mark is fine), comma-separated, header row first. Every problem names the line
and the column (``values.csv:12``, field ``value``); one problem anywhere and nothing is stored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from baocao.errors import ApiError, ErrorDetail
from baocao.ledger.canonical import format_number
from baocao.submissions.actors import CellInput

REQUIRED = ("element", "options", "value")
OPTIONAL = ("comment",)
MAX_BYTES = 5 * 1024 * 1024
MAX_PROBLEMS = 200


def _error(name: str, problems: list[ErrorDetail]) -> ApiError:
    first = problems[0]
    return ApiError(
        422,
        "invalid_csv",
        f"Tệp {name} có {len(problems)} lỗi; không có gì được lưu. {first.message}",
        f"{name} has {len(problems)} problem(s); nothing was stored. {first.message_en}",
        field=first.field,
        location=first.location,
        details=problems[:MAX_PROBLEMS],
    )


def _problem(name: str, line: int, column: str | None, message: str, message_en: str) -> ErrorDetail:
    where = f"{name}:{line}"
    col_vi = f", cột '{column}'" if column else ""
    col_en = f", column '{column}'" if column else ""
    return ErrorDetail(
        f"Dòng {line}{col_vi}: {message}", f"Line {line}{col_en}: {message_en}", field=column, location=where
    )


def _text(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise ApiError(
            413,
            "too_large",
            f"Tệp {name} lớn quá {MAX_BYTES // (1024 * 1024)} MB",
            f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB",
            field="file",
            location=name,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _error(
            name,
            [
                _problem(
                    name,
                    line,
                    None,
                    "không phải văn bản UTF-8",
                    "is not UTF-8 text (save the file as CSV UTF-8)",
                )
            ],
        ) from None


def _header(row: list[str], name: str) -> tuple[dict[str, int], list[ErrorDetail]]:
    columns = [c.strip().lower() for c in row]
    problems = []
    for column in columns:
        if column not in REQUIRED + OPTIONAL:
            problems.append(
                _problem(
                    name,
                    1,
                    column or "?",
                    f"cột không được hỗ trợ (dùng: {', '.join(REQUIRED + OPTIONAL)})",
                    f"unknown column (use: {', '.join(REQUIRED + OPTIONAL)})",
                )
            )
    for column in REQUIRED:
        if column not in columns:
            problems.append(
                _problem(name, 1, column, "thiếu cột này ở dòng tiêu đề", "missing from the header")
            )
    if len(set(columns)) != len(columns):
        problems.append(_problem(name, 1, None, "có cột bị lặp", "a column appears twice"))
    return {c: i for i, c in enumerate(columns)}, problems


def parse_csv(data: bytes, name: str = "values.csv") -> list[CellInput]:
    """Cells from CSV bytes; ``ApiError`` 422 listing every line and column at fault."""
    text = _text(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[ErrorDetail] = []
    cells: list[CellInput] = []
    try:
        header = next(reader, None)
        if header is None:
            raise _error(name, [_problem(name, 1, None, "tệp rỗng", "the file is empty")])
        columns, problems = _header(header, name)
        if problems:
            raise _error(name, problems)
        for row in reader:
            line = reader.line_num
            if not any(field.strip() for field in row):
                continue
            if len(row) != len(columns):
                problems.append(
                    _problem(
                        name, line, None, f"có {len(row)} trường, cần {len(columns)}",
                        f"has {len(row)} fields, expected {len(columns)}",
                    )
                )  # fmt: skip
                continue
            element = row[columns["element"]].strip()
            if not element:
                problems.append(
                    _problem(name, line, "element", "thiếu mã chỉ tiêu", "the element code is empty")
                )
                continue
            comment = row[columns["comment"]].strip() if "comment" in columns else None
            cells.append(
                CellInput(
                    element=element,
                    option_key=row[columns["options"]].strip(),
                    value=row[columns["value"]],
                    comment=comment,
                    location=f"{name}:{line}",
                )
            )
    except csv.Error as exc:
        problems.append(
            _problem(name, reader.line_num, None, f"lỗi định dạng CSV ({exc})", f"bad CSV ({exc})")
        )
    if problems:
        raise _error(name, problems)
    if not cells:
        raise _error(name, [_problem(name, 2, None, "không có dòng số liệu nào", "there are no value lines")])
    return cells


def render_csv(rows: Iterable[Any]) -> str:
    """Rows with ``element``, ``option_key``, ``value_num``, ``value_text``, ``comment`` → CSV text."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*REQUIRED, *OPTIONAL))
    for row in rows:
        value = format_number(row.value_num) if row.value_num is not None else (row.value_text or "")
        writer.writerow((row.element, row.option_key, value, row.comment or ""))
    return out.getvalue()
