"""``GET dataValueSets``: stored values in DHIS2 identifiers (JSON, CSV and ADX).

Values are those of each submission's current version, in whatever state (draft, submitted,
returned, accepted), within the reader's ``submissions.read`` scope — what DHIS2 would answer for
values it stores. Only mapped objects are exported: a value whose element or option combination has
no DHIS2 identifier is left out (DHIS2 would not know it).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import quoteattr

from sqlalchemy.orm import Session

from baocao.access.principal import Principal
from baocao.dhis2.conflicts import ErrorCode
from baocao.dhis2.mapping import DEFAULT_COC_UID, MappingIndex
from baocao.dhis2.models import MappingKind
from baocao.dhis2.periods import PeriodError, from_dhis2, to_adx, to_dhis2
from baocao.dhis2.queries import ExportFilter, export_values
from baocao.dhis2.resolve import Schemes
from baocao.errors import ApiError
from baocao.ledger.canonical import format_number
from baocao.periods.periods import parse_period
from baocao.submissions.keys import parse_option_key
from baocao.timeutil import parse_date_param

CSV_HEADER = (
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
    "deleted",
)


@dataclass(frozen=True)
class ExportRequest:
    data_sets: list[str]
    org_units: list[str]
    periods: list[str]
    start_date: str | None = None
    end_date: str | None = None
    schemes: Schemes = field(default_factory=Schemes)


@dataclass(frozen=True)
class ExportedValue:
    data_set: str
    data_element: str
    period: str
    adx_period: str
    org_unit: str
    coc: str
    aoc: str  # the attribute option combo: always DHIS2's default
    option_key: str
    value: str
    comment: str | None
    last_updated: str


def _required(field: str, code: str, vi: str, en: str) -> ApiError:
    return ApiError(409, code, vi, en, field=field, location="query")


def _map_all(index: MappingIndex, kind: MappingKind, ids: list[str], scheme: str, field: str) -> list[str]:
    found = []
    for identifier in ids:
        target = index.target(kind, identifier, scheme)
        if target is None:
            raise ApiError(
                409,
                ErrorCode.DATA_SET.value if kind == MappingKind.DATA_SET else ErrorCode.ORG_UNIT.value,
                f"Không có ánh xạ cho {field} '{identifier}' ({scheme})",
                f"No mapping for {field} '{identifier}' ({scheme})",
                field=field,
                location="query",
            )
        found.append(target)
    return found


def export(session: Session, principal: Principal, req: ExportRequest) -> list[ExportedValue]:
    if not req.data_sets:
        raise _required(
            "dataSet", "E2000", "Cần ít nhất một dataSet", "At least one dataSet must be specified"
        )
    if not req.org_units:
        raise _required(
            "orgUnit", "E2002", "Cần ít nhất một orgUnit", "At least one orgUnit must be specified"
        )
    if not req.periods and not (req.start_date and req.end_date):
        raise _required(
            "period",
            "E2001",
            "Cần period, hoặc startDate và endDate",
            "Give period, or startDate and endDate",
        )
    index = MappingIndex.load(session)
    regimes = _map_all(index, MappingKind.DATA_SET, req.data_sets, req.schemes.data_set, "dataSet")
    units = _map_all(index, MappingKind.ORG_UNIT, req.org_units, req.schemes.org_unit, "orgUnit")
    periods = []
    for text in req.periods:
        try:
            periods.append(str(from_dhis2(text)))
        except PeriodError as exc:
            raise ApiError(
                409,
                ErrorCode.PERIOD.value,
                f"Kỳ '{text}' không hợp lệ: {exc.message}",
                f"Period '{text}' is not valid: {exc.message_en}",
                field="period",
                location="query",
            ) from None
    start = parse_date_param(req.start_date, "startDate") if req.start_date else None
    end = parse_date_param(req.end_date, "endDate") if req.end_date else None
    rows = session.execute(export_values(principal, ExportFilter(regimes, units, periods, start, end)))
    out = []
    s = req.schemes
    aoc = index.identifier(MappingKind.CATEGORY_OPTION_COMBO, "", s.category_option_combo) or DEFAULT_COC_UID
    for r in rows:
        element = index.identifier(MappingKind.DATA_ELEMENT, r.element, s.data_element)
        coc = index.identifier(MappingKind.CATEGORY_OPTION_COMBO, r.option_key, s.category_option_combo)
        data_set = index.identifier(MappingKind.DATA_SET, r.regime, s.data_set)
        org_unit = index.identifier(MappingKind.ORG_UNIT, r.unit, s.org_unit)
        if element is None or data_set is None or org_unit is None:
            continue
        period = parse_period(r.period)
        value = format_number(r.value_num) if r.value_num is not None else (r.value_text or "")
        out.append(
            ExportedValue(
                data_set,
                element,
                to_dhis2(period),
                to_adx(period),
                org_unit,
                coc or "",
                aoc,
                r.option_key,
                value,
                r.comment,
                r.updated_at.isoformat(timespec="seconds"),
            )
        )
    return out


def _json_value(v: ExportedValue) -> dict[str, Any]:
    return {
        "dataElement": v.data_element,
        "period": v.period,
        "orgUnit": v.org_unit,
        "categoryOptionCombo": v.coc,
        "attributeOptionCombo": v.aoc,
        "value": v.value,
        "storedBy": "baocao",
        "lastUpdated": v.last_updated,
        "comment": v.comment,
        "followup": False,
    }


def render_json(values: list[ExportedValue], req: ExportRequest) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if len(req.data_sets) == 1:
        doc["dataSet"] = req.data_sets[0]
    doc["dataValues"] = [_json_value(v) for v in values if v.coc]
    return doc


def render_csv(values: list[ExportedValue]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for v in values:
        if v.coc:
            writer.writerow(
                (
                    v.data_element,
                    v.period,
                    v.org_unit,
                    v.coc,
                    v.aoc,
                    v.value,
                    "baocao",
                    v.last_updated,
                    v.comment or "",
                    "false",
                    "false",
                )
            )
    return out.getvalue()


def _adx_disaggregation(index: MappingIndex, v: ExportedValue) -> str | None:
    attrs = []
    for category, option in parse_option_key(v.option_key).items():
        c = index.identifier(MappingKind.CATEGORY, category, "CODE")
        o = index.identifier(MappingKind.CATEGORY_OPTION, option, "CODE")
        if c is None or o is None:
            return None
        attrs.append(f" {c}={quoteattr(o)}")
    return "".join(attrs)


def render_adx(session: Session, values: list[ExportedValue], exported: str) -> str:
    """ADX XML: one <group> per data set, org unit and period; disaggregation as category attributes
    (or ``categoryOptionCombo`` when the categories are not mapped)."""
    index = MappingIndex.load(session)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<adx xmlns="urn:ihe:qrph:adx:2015" exported={quoteattr(exported)}>',
    ]
    group: tuple[str, str, str] | None = None
    for v in values:
        key = (v.data_set, v.org_unit, v.adx_period)
        if key != group:
            if group is not None:
                lines.append("  </group>")
            lines.append(
                f"  <group dataSet={quoteattr(v.data_set)} orgUnit={quoteattr(v.org_unit)} "
                f"period={quoteattr(v.adx_period)}>"
            )
            group = key
        attrs = _adx_disaggregation(index, v)
        if attrs is None:
            if not v.coc:
                continue
            attrs = f" categoryOptionCombo={quoteattr(v.coc)}"
        lines.append(
            f"    <dataValue dataElement={quoteattr(v.data_element)}{attrs} value={quoteattr(v.value)}/>"
        )
    if group is not None:
        lines.append("  </group>")
    lines.append("</adx>")
    return "\n".join(lines) + "\n"
