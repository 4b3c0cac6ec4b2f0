"""A regime version as read and validated from a file, before anything touches the database.

``digest()`` is computed from this content (not from the file's bytes), so a file that differs only in
comments, quoting or layout is the same regime version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yaml.nodes import Node

from baocao.periods.periods import PeriodType
from baocao.regimes.models import Frequency

# The periods of each frequency; ad hoc reports answer an event, identified by its day.
PERIOD_TYPES: dict[str, PeriodType] = {
    Frequency.MONTH: PeriodType.MONTH,
    Frequency.QUARTER: PeriodType.QUARTER,
    Frequency.HALF_YEAR: PeriodType.HALF_YEAR,
    Frequency.NINE_MONTHS: PeriodType.NINE_MONTHS,
    Frequency.YEAR: PeriodType.YEAR,
    Frequency.AD_HOC: PeriodType.DAY,
}

# How sending methods (Decree 09 Art. 9 / phương thức gửi báo cáo) are written in files.
SENDING_METHODS: dict[str, tuple[str, str]] = {
    "he_thong": ("Qua Hệ thống thông tin báo cáo", "Through the reporting information system"),
    "van_ban_dien_tu": ("Văn bản điện tử", "Electronic document"),
    "van_ban_giay": ("Văn bản giấy", "Paper document"),
    "thu_dien_tu": ("Thư điện tử", "E-mail"),
    "fax": ("Fax", "Fax"),
    "buu_chinh": ("Dịch vụ bưu chính", "Postal service"),
    "truc_tiep": ("Gửi trực tiếp", "By hand"),
}


def period_type(frequency: str) -> PeriodType:
    return PERIOD_TYPES[frequency]


@dataclass(frozen=True)
class OutlineSpec:
    code: str
    title: str
    title_en: str
    guidance: str
    required: bool


@dataclass(frozen=True)
class RowSpec:
    code: str
    label: str
    label_en: str
    indent: int


@dataclass(frozen=True)
class ColumnSpec:
    code: str
    label: str
    label_en: str


@dataclass(frozen=True)
class CellSpec:
    row: str
    column: str
    element: str
    option_key: str
    formula: str | None  # canonical text over cells of the same form ("R02.C1 + R03.C1")
    required: bool

    @property
    def address(self) -> str:
        return f"{self.row}.{self.column}"


@dataclass(frozen=True)
class FormSpec:
    code: str
    name: str
    name_en: str
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    cells: tuple[CellSpec, ...]


@dataclass(frozen=True)
class RuleSpec:
    code: str
    kind: str
    importance: str
    expression: str  # canonical text
    params: dict[str, Any]
    message: str
    message_en: str


@dataclass(frozen=True)
class RegimeSpec:
    code: str
    version: int | None  # as written; None lets the loader number it
    name: str
    name_en: str
    content: str
    report_type: str
    legal_basis: str
    frequency: str
    cutoff_convention: str
    deadline: dict[str, Any]
    grace_days: int
    reporting_units: dict[str, Any]
    receiver: dict[str, Any]
    sending_methods: tuple[str, ...]
    owner: str
    valid_from: date
    valid_to: date | None
    instructions: str
    outline: tuple[OutlineSpec, ...]
    forms: tuple[FormSpec, ...]
    rules: tuple[RuleSpec, ...]
    # Where some fields were written, for the checks made against the database after reading.
    nodes: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)

    def digest(self) -> str:
        content = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "nodes"}
        content.pop("version")  # the same content under another number is still the same content
        text = json.dumps(_plain(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
