"""Reading a dataValueSet: DHIS2 JSON, DHIS2 CSV and ADX XML, into ``RawValue`` rows.

Nothing is mapped here: rows keep the identifiers as sent (the importer maps them). A payload that
cannot be read at all raises ``DocumentError`` naming the line (and column) where reading stopped.
XML is parsed with defusedxml (no entities, no external references).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax import InputSource, SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces

import defusedxml.sax
from defusedxml.common import DefusedXmlException

from baocao.dhis2.conflicts import Conflict, DocumentError, ErrorCode

ADX_NS = "urn:ihe:qrph:adx:2015"
# DHIS2's CSV columns, in order (with the older names it also accepts).
CSV_COLUMNS = (
    ("dataelement",),
    ("period",),
    ("orgunit",),
    ("categoryoptioncombo", "catoptcombo"),
    ("attributeoptioncombo", "attroptcombo"),
    ("value",),
    ("storedby",),
    ("lastupdated", "timestamp"),
    ("comment",),
    ("followup",),
    ("deleted",),
)
MIN_CSV_COLUMNS = 6
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class RawValue:
    index: int  # 0-based position in the payload
    data_element: str
    period: str
    org_unit: str
    coc: str | None  # None: not given (the default combo)
    value: str | None
    location: str  # "dataValues[3]", "dataValues.csv:5", "adx:12"
    line: int | None = None
    comment: str | None = None
    data_set: str | None = None
    # ADX disaggregation attributes (DHIS2 category code → option code), when no combo is given.
    disaggregation: dict[str, str] = field(default_factory=dict)


def document_error(
    message: str,
    message_en: str,
    *,
    line: int | None = None,
    column: str = "file",
    location: str | None = None,
) -> DocumentError:
    where = location or (f"dòng {line}" if line else "tệp")
    return DocumentError(
        [Conflict(where, column, message, message_en, ErrorCode.DOCUMENT, [], line, location)]
    )


def _text_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_json(data: bytes, defaults: dict[str, str | None]) -> list[RawValue]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise document_error("Nội dung không phải UTF-8", "The body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise document_error(
            f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}",
            f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            line=exc.lineno,
            location=f"body:{exc.lineno}:{exc.colno}",
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("dataValues", []), list):
        raise document_error(
            "Cần một đối tượng JSON có mảng 'dataValues'",
            "Expected a JSON object with a 'dataValues' array",
            column="dataValues",
            location="body",
        )
    top = {k: _text_value(doc.get(k)) or defaults.get(k) for k in ("dataSet", "period", "orgUnit")}
    rows = []
    for i, item in enumerate(doc.get("dataValues") or []):
        if not isinstance(item, dict):
            raise document_error(
                f"dataValues[{i}] phải là một đối tượng",
                f"dataValues[{i}] must be an object",
                column="dataValues",
                location=f"dataValues[{i}]",
            )
        rows.append(
            RawValue(
                index=i,
                data_element=_text_value(item.get("dataElement")) or "",
                period=_text_value(item.get("period")) or top["period"] or "",
                org_unit=_text_value(item.get("orgUnit")) or top["orgUnit"] or "",
                coc=_text_value(item.get("categoryOptionCombo")),
                value=_text_value(item.get("value")),
                location=f"dataValues[{i}]",
                comment=_text_value(item.get("comment")),
                data_set=_text_value(item.get("dataSet")) or top["dataSet"],
            )
        )
    return rows


def parse_csv(
    data: bytes, defaults: dict[str, str | None], header: bool = True, name: str = "dataValues.csv"
) -> list[RawValue]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise document_error(
            f"Dòng {line} không phải UTF-8", f"Line {line} is not UTF-8", line=line, location=f"{name}:{line}"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[RawValue] = []
    try:
        for fields in reader:
            line = reader.line_num
            if header and line == 1:
                _check_header(fields, name)
                continue
            if not any(f.strip() for f in fields):
                continue
            if not MIN_CSV_COLUMNS <= len(fields) <= len(CSV_COLUMNS):
                raise document_error(
                    f"Dòng {line} có {len(fields)} cột; cần {MIN_CSV_COLUMNS}–{len(CSV_COLUMNS)} cột "
                    "theo thứ tự DHIS2",
                    f"Line {line} has {len(fields)} columns; DHIS2 CSV needs "
                    f"{MIN_CSV_COLUMNS}–{len(CSV_COLUMNS)}",
                    line=line,
                    location=f"{name}:{line}",
                )
            cell = [f.strip() for f in fields] + [""] * (len(CSV_COLUMNS) - len(fields))
            if cell[10].lower() == "true":
                continue  # a row marked deleted in an export: nothing to import
            rows.append(
                RawValue(
                    index=len(rows),
                    data_element=cell[0],
                    period=cell[1] or defaults.get("period") or "",
                    org_unit=cell[2] or defaults.get("orgUnit") or "",
                    coc=cell[3] or None,
                    value=cell[5] if fields[5:6] else None,
                    location=f"{name}:{line}",
                    line=line,
                    comment=cell[8] or None,
                    data_set=defaults.get("dataSet"),
                )
            )
    except csv.Error as exc:
        raise document_error(
            f"Lỗi định dạng CSV ở dòng {reader.line_num}: {exc}",
            f"Bad CSV at line {reader.line_num}: {exc}",
            line=reader.line_num,
            location=f"{name}:{reader.line_num}",
        ) from None
    return rows


def _check_header(fields: list[str], name: str) -> None:
    names = [f.strip().lower().replace("_", "") for f in fields]
    expected = ", ".join(c[0] for c in CSV_COLUMNS)
    for position, got in enumerate(names):
        if position >= len(CSV_COLUMNS) or got not in CSV_COLUMNS[position]:
            want = CSV_COLUMNS[position][0] if position < len(CSV_COLUMNS) else "(không có / none)"
            raise document_error(
                f"Cột {position + 1} của dòng tiêu đề là '{fields[position].strip()}', cần '{want}' "
                f"(thứ tự DHIS2: {expected})",
                f"Header column {position + 1} is '{fields[position].strip()}', expected '{want}' "
                f"(DHIS2 order: {expected})",
                line=1,
                column=want if position < len(CSV_COLUMNS) else fields[position].strip(),
                location=f"{name}:1",
            )
    if len(names) < MIN_CSV_COLUMNS:
        missing = CSV_COLUMNS[len(names)][0]
        raise document_error(
            f"Dòng tiêu đề thiếu cột '{missing}' (thứ tự DHIS2: {expected})",
            f"The header lacks column '{missing}' (DHIS2 order: {expected})",
            line=1,
            column=missing,
            location=f"{name}:1",
        )


class _AdxHandler(ContentHandler):
    GROUP_KEYS = frozenset({"orgUnit", "period", "dataSet", "completeDate"})
    VALUE_KEYS = frozenset({"dataElement", "value", "categoryOptionCombo"})

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RawValue] = []
        self.group: dict[str, str] | None = None
        self.root_seen = False

    def _line(self) -> int:
        locator = getattr(self, "_locator", None)
        return int(locator.getLineNumber()) if locator else 0

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:
        ns, local = name
        plain = {k[1]: v for k, v in attrs.items() if k[0] is None}
        line = self._line()
        if not self.root_seen:
            self.root_seen = True
            if (ns, local) != (ADX_NS, "adx"):
                raise document_error(
                    f'Phần tử gốc phải là <adx xmlns="{ADX_NS}">, nhận <{local}>',
                    f'The root element must be <adx xmlns="{ADX_NS}">, got <{local}>',
                    line=line,
                    column="adx",
                    location=f"adx:{line}",
                )
            return
        if ns != ADX_NS:
            return
        if local == "group":
            self.group = plain
        elif local == "dataValue":
            group = self.group or {}
            self.rows.append(
                RawValue(
                    index=len(self.rows),
                    data_element=plain.get("dataElement", ""),
                    period=group.get("period", ""),
                    org_unit=group.get("orgUnit", ""),
                    coc=plain.get("categoryOptionCombo"),
                    value=plain.get("value"),
                    location=f"adx:{line}",
                    line=line,
                    data_set=group.get("dataSet"),
                    disaggregation={k: v for k, v in plain.items() if k not in self.VALUE_KEYS},
                )
            )

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        if name == (ADX_NS, "group"):
            self.group = None


def parse_adx(data: bytes) -> list[RawValue]:
    handler = _AdxHandler()
    try:
        parser = defusedxml.sax.make_parser()
        parser.setFeature(feature_namespaces, True)
        parser.setContentHandler(handler)
        parser.forbid_dtd = True
        source = InputSource()
        source.setByteStream(io.BytesIO(data))
        parser.parse(source)
    except SAXParseException as exc:
        line, col = exc.getLineNumber(), exc.getColumnNumber()
        raise document_error(
            f"XML không hợp lệ ở dòng {line}, cột {col}: {exc.getMessage()}",
            f"Malformed XML at line {line}, column {col}: {exc.getMessage()}",
            line=line,
            location=f"adx:{line}:{col}",
        ) from None
    except DefusedXmlException as exc:
        raise document_error(
            f"XML có cấu trúc bị cấm (DTD, thực thể): {exc}",
            f"Forbidden XML construct (DTD, entities): {exc}",
            location="adx",
        ) from None
    return handler.rows
