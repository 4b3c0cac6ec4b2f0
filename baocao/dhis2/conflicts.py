"""Import conflicts and the DHIS2-style import summary.

A conflict names the offending identifier (``object``), the property it was given as
(``dataElement``, ``orgUnit``, ``period``, ``categoryOptionCombo``, ``value``, ``dataSet``), the
message (``value``: Vietnamese, ``value_en``: English), DHIS2's error code, the ``indexes`` of the
data values it concerns (0-based, in payload order) and, for files, the ``line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """DHIS2's codes for data value import conflicts (the ones that apply here)."""

    DATA_SET = "E7600"  # data set not found or not accessible
    ORG_UNIT_ACCESS = "E7601"  # not allowed to write for the organisation unit
    DATA_ELEMENT = "E7610"  # data element not found or not accessible
    PERIOD = "E7611"  # period not valid
    ORG_UNIT = "E7612"  # organisation unit not found
    COC = "E7613"  # category option combo not found
    NOT_IN_DATA_SET = "E7614"  # not part of the data set's forms
    VALUE_REQUIRED = "E7618"  # data value not specified
    VALUE_TYPE = "E7619"  # value does not match the data element's type
    LOCKED = "E7641"  # period locked / report no longer editable
    DOCUMENT = "E7700"  # the payload could not be read


@dataclass
class Conflict:
    object: str
    property: str
    message: str
    message_en: str
    error_code: ErrorCode
    indexes: list[int] = field(default_factory=list)
    line: int | None = None
    location: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "object": self.object,
            "objects": {self.property: self.object},
            "property": self.property,
            "value": self.message,
            "value_en": self.message_en,
            "errorCode": self.error_code.value,
            "indexes": self.indexes,
            "line": self.line,
            "location": self.location,
        }


class DocumentError(Exception):
    """The payload cannot be read at all (malformed XML or JSON, wrong CSV columns)."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(conflicts[0].message_en)
        self.conflicts = conflicts


@dataclass
class ImportCount:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "ignored": self.ignored,
            "deleted": self.deleted,
        }


@dataclass
class SubmissionNote:
    """What happened to one submission the import wrote into."""

    regime: str
    unit: str
    period: str
    submission_id: int | None
    state: str
    note: str | None = None
    note_en: str | None = None


@dataclass
class ImportSummary:
    count: ImportCount = field(default_factory=ImportCount)
    conflicts: list[Conflict] = field(default_factory=list)
    submissions: list[SubmissionNote] = field(default_factory=list)
    dry_run: bool = False
    atomic: bool = True
    stored: bool = False  # whether anything was (or, on a dry run, would have been) kept

    @property
    def status(self) -> str:
        if not self.conflicts:
            return "SUCCESS"
        return "WARNING" if self.stored else "ERROR"

    def description(self) -> tuple[str, str]:
        n = len(self.conflicts)
        if not n:
            vi, en = "Nhập dữ liệu thành công", "Import process completed successfully"
        elif self.stored:
            vi = f"Nhập một phần: {n} xung đột, các dòng đó bị bỏ qua"
            en = f"Partial import: {n} conflict(s); those rows were ignored"
        else:
            vi = f"Có {n} xung đột; không có gì được lưu"
            en = f"{n} conflict(s); nothing was stored"
        if self.dry_run:
            vi, en = f"Chạy thử (không lưu): {vi}", f"Dry run (nothing saved): {en}"
        return vi, en

    def as_dict(self) -> dict[str, Any]:
        vi, en = self.description()
        return {
            "responseType": "ImportSummary",
            "status": self.status,
            "importOptions": {"dryRun": self.dry_run, "atomicMode": "ALL" if self.atomic else "NONE"},
            "description": vi,
            "description_en": en,
            "importCount": self.count.as_dict(),
            "conflicts": [c.as_dict() for c in self.conflicts],
            "rejectedIndexes": sorted({i for c in self.conflicts for i in c.indexes}),
            "submissions": [vars(s) for s in self.submissions],
        }
