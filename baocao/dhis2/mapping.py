"""Maintaining the DHIS2 mapping table (by code) and looking identifiers up in it.

``parse_mapping_csv`` reads ``kind,dhis2_uid,dhis2_code,target,name``; ``check_rows`` verifies that
every target exists (regime, element, unit, categories and options) and that no DHIS2 identifier is
used twice; ``save_mappings`` upserts (or replaces the whole table). Every problem names the line
(``mapping.csv:7``, or ``items[3]`` for the API) and the column; one problem and nothing is stored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from baocao.audit.service import record_event
from baocao.audit.types import utc_now
from baocao.catalog.models import Category, CategoryOption, DataElement
from baocao.dhis2.models import Dhis2Mapping, MappingKind
from baocao.errors import ApiError, ErrorDetail
from baocao.regimes.models import Regime
from baocao.submissions.keys import OptionKeyError, normalise_option_key, parse_option_key
from baocao.units.models import UnitVersion

COLUMNS = ("kind", "dhis2_uid", "dhis2_code", "target", "name")
UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
# DHIS2's built-in "default" category option combo: no disaggregation, unless a row says otherwise.
DEFAULT_COC_UID = "HllvX50cXC0"
DEFAULT_COC_CODE = "default"


@dataclass(frozen=True)
class MappingRow:
    kind: str
    dhis2_uid: str | None
    dhis2_code: str | None
    target: str
    name: str = ""
    location: str | None = None


def _problem(location: str | None, column: str | None, message: str, message_en: str) -> ErrorDetail:
    where = f"{location}: " if location else ""
    return ErrorDetail(f"{where}{message}", f"{where}{message_en}", field=column, location=location)


def _error(problems: list[ErrorDetail]) -> ApiError:
    first = problems[0]
    return ApiError(
        422,
        "invalid_mapping",
        f"Bảng ánh xạ DHIS2 có {len(problems)} lỗi; không có gì được lưu. {first.message}",
        f"The DHIS2 mapping has {len(problems)} problem(s); nothing was stored. {first.message_en}",
        field=first.field,
        location=first.location,
        details=problems[:200],
    )


def parse_mapping_csv(data: bytes, name: str = "mapping.csv") -> list[MappingRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error([_problem(name, None, "tệp không phải UTF-8", "the file is not UTF-8")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [c.strip().lower() for c in next(reader, [])]
    missing = [c for c in ("kind", "target") if c not in header]
    if "dhis2_uid" not in header and "dhis2_code" not in header:
        missing.append("dhis2_uid")
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        raise _error(
            [_problem(f"{name}:1", c, f"thiếu cột '{c}'", f"column '{c}' is missing") for c in missing]
            + [
                _problem(f"{name}:1", c, f"cột '{c}' không được hỗ trợ", f"unknown column '{c}'")
                for c in unknown
            ]
        )
    at = {c: i for i, c in enumerate(header)}
    rows = []
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        fields = fields + [""] * (len(header) - len(fields))
        cell = {c: fields[at[c]].strip() if c in at else "" for c in COLUMNS}
        rows.append(
            MappingRow(
                kind=cell["kind"],
                dhis2_uid=cell["dhis2_uid"] or None,
                dhis2_code=cell["dhis2_code"] or None,
                target=cell["target"],
                name=cell["name"],
                location=f"{name}:{reader.line_num}",
            )
        )
    return rows


def _target_problem(session: Session, row: MappingRow) -> tuple[str, str] | None:
    """Why ``row.target`` does not exist (vi, en), or None."""
    kind, target = row.kind, row.target
    if kind == MappingKind.DATA_SET:
        found = session.scalar(select(Regime.id).where(Regime.code == target))
        return None if found else (f"không có chế độ báo cáo '{target}'", f"no regime '{target}'")
    if kind == MappingKind.DATA_ELEMENT:
        found = session.scalar(select(DataElement.id).where(DataElement.code == target))
        return None if found else (f"không có chỉ tiêu '{target}'", f"no data element '{target}'")
    if kind == MappingKind.ORG_UNIT:
        found = session.scalar(select(UnitVersion.id).where(UnitVersion.code == target).limit(1))
        return None if found else (f"không có đơn vị mã '{target}'", f"no unit with code '{target}'")
    if kind == MappingKind.CATEGORY:
        found = session.scalar(select(Category.id).where(Category.code == target))
        return None if found else (f"không có phân tổ '{target}'", f"no category '{target}'")
    if kind == MappingKind.CATEGORY_OPTION:
        found = session.scalar(select(CategoryOption.id).where(CategoryOption.code == target).limit(1))
        return None if found else (f"không có phương án phân tổ '{target}'", f"no category option '{target}'")
    try:
        pairs = parse_option_key(target)
    except OptionKeyError as exc:
        return exc.message, exc.message_en
    for category, option in pairs.items():
        found = session.scalar(
            select(CategoryOption.id)
            .join(Category, Category.id == CategoryOption.category_id)
            .where(Category.code == category, CategoryOption.code == option)
        )
        if not found:
            return f"không có phương án '{category}={option}'", f"no option '{category}={option}'"
    return None


def check_rows(session: Session, rows: Iterable[MappingRow]) -> list[MappingRow]:
    """The rows with canonical targets; ``ApiError`` 422 naming every line and column at fault."""
    problems: list[ErrorDetail] = []
    seen: dict[tuple[str, str, str], str | None] = {}
    kinds = ", ".join(k.value for k in MappingKind)
    checked = []
    for row in rows:
        where = row.location
        if row.kind not in {k.value for k in MappingKind}:
            problems.append(
                _problem(
                    where,
                    "kind",
                    f"loại '{row.kind}' không hợp lệ (dùng: {kinds})",
                    f"kind '{row.kind}' is not valid (use: {kinds})",
                )
            )
            continue
        if not row.dhis2_uid and not row.dhis2_code:
            problems.append(
                _problem(where, "dhis2_uid", "cần dhis2_uid hoặc dhis2_code", "give dhis2_uid or dhis2_code")
            )
        if row.dhis2_uid and not UID.match(row.dhis2_uid):
            problems.append(
                _problem(
                    where,
                    "dhis2_uid",
                    f"UID '{row.dhis2_uid}' phải gồm 11 chữ/số, bắt đầu bằng chữ",
                    f"UID '{row.dhis2_uid}' must be 11 letters/digits starting with a letter",
                )
            )
        for column, value in (("dhis2_uid", row.dhis2_uid), ("dhis2_code", row.dhis2_code)):
            if value:
                if (row.kind, column, value) in seen:
                    problems.append(
                        _problem(
                            where,
                            column,
                            f"'{value}' đã dùng ở {seen[(row.kind, column, value)]}",
                            f"'{value}' is already used at {seen[(row.kind, column, value)]}",
                        )
                    )
                seen[(row.kind, column, value)] = where
        target = row.target
        if row.kind == MappingKind.CATEGORY_OPTION_COMBO:
            try:
                target = normalise_option_key(target)
            except OptionKeyError as exc:
                problems.append(_problem(where, "target", exc.message, exc.message_en))
                continue
        elif not target:
            problems.append(_problem(where, "target", "thiếu mã đích", "the target code is empty"))
            continue
        why = _target_problem(session, MappingRow(row.kind, row.dhis2_uid, row.dhis2_code, target))
        if why:
            problems.append(_problem(where, "target", *why))
        checked.append(MappingRow(row.kind, row.dhis2_uid, row.dhis2_code, target, row.name[:230], where))
    if problems:
        raise _error(problems)
    return checked


def save_mappings(
    session: Session, rows: list[MappingRow], *, actor: str | None, replace: bool = False
) -> int:
    """Check then upsert ``rows`` (matched by kind and UID, else kind and code); ``replace`` first
    empties the table. Returns how many rows were written. Audited; never commits."""
    checked = check_rows(session, rows)
    if replace:
        session.execute(delete(Dhis2Mapping))
    now = utc_now()
    for row in checked:
        existing = _existing(session, row) if not replace else None
        if existing is None:
            existing = Dhis2Mapping(kind=row.kind)
            session.add(existing)
        existing.dhis2_uid, existing.dhis2_code = row.dhis2_uid, row.dhis2_code
        existing.target, existing.name = row.target, row.name
        existing.updated_at, existing.updated_by = now, actor
        session.flush()
    record_event(
        session,
        "dhis2.mapping_saved",
        actor=actor,
        target="dhis2_mappings",
        details={"rows": len(checked), "replace": replace},
    )
    return len(checked)


def _existing(session: Session, row: MappingRow) -> Dhis2Mapping | None:
    for column, value in ((Dhis2Mapping.dhis2_uid, row.dhis2_uid), (Dhis2Mapping.dhis2_code, row.dhis2_code)):
        if value:
            found = session.scalar(select(Dhis2Mapping).where(Dhis2Mapping.kind == row.kind, column == value))
            if found is not None:
                return found
    return None


def list_mappings(session: Session, kind: str | None = None) -> list[Dhis2Mapping]:
    stmt = select(Dhis2Mapping).order_by(Dhis2Mapping.kind, Dhis2Mapping.target, Dhis2Mapping.id)
    if kind:
        stmt = stmt.where(Dhis2Mapping.kind == kind)
    return list(session.scalars(stmt))


class MappingIndex:
    """The whole table in memory for one import or export (it is small: hundreds of rows)."""

    def __init__(self, rows: Iterable[Dhis2Mapping]) -> None:
        self.by_uid: dict[tuple[str, str], str] = {}
        self.by_code: dict[tuple[str, str], str] = {}
        self.uid_of: dict[tuple[str, str], str] = {}
        self.code_of: dict[tuple[str, str], str] = {}
        for r in rows:
            if r.dhis2_uid:
                self.by_uid[(r.kind, r.dhis2_uid)] = r.target
                self.uid_of.setdefault((r.kind, r.target), r.dhis2_uid)
            if r.dhis2_code:
                self.by_code[(r.kind, r.dhis2_code)] = r.target
                self.code_of.setdefault((r.kind, r.target), r.dhis2_code)

    @classmethod
    def load(cls, session: Session) -> MappingIndex:
        return cls(session.scalars(select(Dhis2Mapping)))

    def target(self, kind: MappingKind, identifier: str, scheme: str) -> str | None:
        """Our code for a DHIS2 identifier under ``scheme`` (UID or CODE)."""
        table = self.by_code if scheme == "CODE" else self.by_uid
        found = table.get((kind.value, identifier))
        default = identifier in (DEFAULT_COC_UID, DEFAULT_COC_CODE, "")
        if found is None and kind == MappingKind.CATEGORY_OPTION_COMBO and default:
            return ""
        return found

    def identifier(self, kind: MappingKind, target: str, scheme: str) -> str | None:
        """The DHIS2 identifier (UID or CODE) standing for our code ``target``."""
        found = (self.code_of if scheme == "CODE" else self.uid_of).get((kind.value, target))
        if found is None and kind == MappingKind.CATEGORY_OPTION_COMBO and target == "":
            return DEFAULT_COC_CODE if scheme == "CODE" else DEFAULT_COC_UID
        return found
