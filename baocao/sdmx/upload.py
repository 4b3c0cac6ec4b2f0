"""SDMX-CSV 2.0 uploads into submissions, through the one write path (``open_submission``,
``write_values``, optionally ``submit``): audit, validation and entry rules as for every path.

Columns: STRUCTURE (``dataflow``), STRUCTURE_ID (``VN_NRIS:A_TINH(1.0)``), ACTION (optional: I and A
insert or update the values given, R replaces the report's values — cells not in the file are
emptied —, D deletes the values given), every dimension of the DSD, OBS_VALUE; UNIT_MEASURE and
OBS_STATUS may be present and are ignored. A disaggregation an element does not have is ``_Z``
(empty and ``_T`` are taken as ``_Z``). One report per (REF_AREA, TIME_PERIOD). Every problem names
the line and the column; one problem anywhere and nothing is stored."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from pydantic import BaseModel
from sqlalchemy.orm import Session

from baocao.access.guard import ClientInfo
from baocao.access.principal import Principal
from baocao.errors import ApiError, ErrorDetail
from baocao.periods.periods import PeriodError
from baocao.sdmx.model import (
    AREA,
    INDICATOR,
    NOT_APPLICABLE,
    OBS_STATUS,
    TIME,
    TOTAL,
    UNIT_MEASURE,
    VALUE,
    Flow,
    from_sdmx_period,
)
from baocao.sdmx.rest import DataPath
from baocao.sdmx.service import matching_flows
from baocao.sdmx.structures import Catalogue
from baocao.submissions import service
from baocao.submissions.forms import load_form_index
from baocao.submissions.models import EntryPath
from baocao.submissions.present import actor_for

NAME = "data.csv"
MAX_BYTES = 10 * 1024 * 1024
ACTIONS = {"": "I", "I": "I", "A": "I", "R": "R", "D": "D"}
FIELD_OF = {"unit": AREA, "period": TIME, "regime": "STRUCTURE_ID", "element": INDICATOR, "value": VALUE}


class ReportOut(BaseModel):
    submission_id: int
    unit: str
    period: str
    changed: int
    state: str


class UploadOut(BaseModel):
    dataflow: str
    rows: int
    reports: list[ReportOut]


@dataclass
class _Group:
    unit: str
    period: str
    line: int
    replace: bool = False
    cells: list[service.CellInput] = field(default_factory=list)


def _problem(line: int, column: str | None, message: str, message_en: str) -> ErrorDetail:
    col_vi, col_en = (f", cột '{column}'", f", column '{column}'") if column else ("", "")
    return ErrorDetail(
        f"Dòng {line}{col_vi}: {message}", f"Line {line}{col_en}: {message_en}", column, f"{NAME}:{line}"
    )


def _misfit(line: int, dim: str, element: str, applies: bool) -> ErrorDetail:
    if applies:
        vi = f"chỉ tiêu '{element}' có phân tổ {dim}: dùng _T (tổng) hoặc một mã phân tổ"
        return _problem(line, dim, vi, f"element '{element}' is disaggregated by {dim}: use _T or an option")
    vi = f"chỉ tiêu '{element}' không phân tổ theo {dim}: dùng _Z (không áp dụng)"
    return _problem(line, dim, vi, f"element '{element}' has no {dim} breakdown: use _Z (not applicable)")


def _fail(problems: list[ErrorDetail]) -> ApiError:
    first = problems[0]
    return ApiError(
        422,
        "invalid_sdmx_csv",
        f"Tệp SDMX-CSV có {len(problems)} lỗi; không có gì được lưu. {first.message}",
        f"The SDMX-CSV file has {len(problems)} problem(s); nothing was stored. {first.message_en}",
        field=first.field,
        location=first.location,
        details=problems[:200],
    )


def _flow(catalogue: Catalogue, path: DataPath) -> Flow:
    flows = matching_flows(catalogue, path.flow)
    if len(flows) != 1:
        raise ApiError(
            404,
            "not_found",
            f"Không có dataflow '{path.flow.ident}'",
            f"No dataflow '{path.flow.ident}'",
            field="flow",
            location="path",
        )
    return flows[0]


def _rows(data: bytes) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise ApiError(413, "too_large", "Tệp lớn quá 10 MB", "The file is larger than 10 MB", "file", NAME)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail([_problem(line, None, "không phải UTF-8", "not UTF-8")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise _fail([_problem(1, None, "tệp trống", "the file is empty")])
    return rows


def parse(catalogue: Catalogue, flow: Flow, data: bytes) -> tuple[list[_Group], int]:
    rows = _rows(data)
    header = [h.strip().upper() for h in rows[0]]
    dims = [d.id for d in flow.dsd.dimensions]
    required = ["STRUCTURE", "STRUCTURE_ID", *dims, VALUE]
    allowed = {*required, "ACTION", UNIT_MEASURE, OBS_STATUS}
    problems = [_problem(1, c, "thiếu cột", "missing column") for c in required if c not in header]
    problems += [
        _problem(1, c, "cột không có trong cấu trúc", f"unknown column (expected {', '.join(required)})")
        for c in header
        if c not in allowed
    ]
    if problems:
        raise _fail(problems)
    col = {name: header.index(name) for name in header}
    expected_id = f"{catalogue.agency}:{flow.id}("
    groups: dict[tuple[str, str], _Group] = {}
    count = 0
    for line, row in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in row):
            continue
        count += 1
        if len(row) != len(header):
            problems.append(
                _problem(
                    line,
                    None,
                    f"có {len(row)} ô, tiêu đề có {len(header)}",
                    f"has {len(row)} fields, the header {len(header)}",
                )
            )
            continue
        value = {name: row[i].strip() for name, i in col.items()}
        before = len(problems)
        if value["STRUCTURE"].lower() != "dataflow":
            problems.append(_problem(line, "STRUCTURE", "phải là 'dataflow'", "must be 'dataflow'"))
        if not (
            value["STRUCTURE_ID"].startswith(expected_id)
            and re.fullmatch(r".+\([0-9.]+\)", value["STRUCTURE_ID"])
        ):
            problems.append(
                _problem(
                    line,
                    "STRUCTURE_ID",
                    f"'{value['STRUCTURE_ID']}' không phải {expected_id}1.0)",
                    f"'{value['STRUCTURE_ID']}' is not {expected_id}1.0)",
                )
            )
        action = ACTIONS.get(value.get("ACTION", "").upper())
        if action is None:
            problems.append(
                _problem(
                    line,
                    "ACTION",
                    f"'{value['ACTION']}' không phải I, A, R hay D",
                    f"'{value['ACTION']}' is not one of I, A, R, D",
                )
            )
        element = value[INDICATOR]
        if element not in flow.elements:
            problems.append(
                _problem(
                    line,
                    INDICATOR,
                    f"mã '{element}' không có trong {flow.id}",
                    f"unknown code '{element}' in {flow.id}",
                )
            )
        options = {}
        for dim in flow.dsd.key_dimensions:
            if dim.category is None:
                continue
            applies = flow.applies(element, dim.category)
            code = value[dim.id] or (TOTAL if applies else NOT_APPLICABLE)
            if not applies and code == TOTAL:
                code = NOT_APPLICABLE  # tolerated: the element's only value is its total
            known = catalogue.codelists.get(dim.codelist or "")
            if known is None or code not in known.ids():
                problems.append(
                    _problem(
                        line,
                        dim.id,
                        f"mã '{code}' không có trong {dim.codelist}",
                        f"unknown code '{code}' in {dim.codelist}",
                    )
                )
            elif element in flow.elements and applies == (code == NOT_APPLICABLE):
                problems.append(_misfit(line, dim.id, element, applies))
            elif code not in (TOTAL, NOT_APPLICABLE):
                options[dim.category] = code
        try:
            period = from_sdmx_period(value[TIME])
            if flow.period_type is not None and period.type != flow.period_type:
                problems.append(
                    _problem(
                        line,
                        TIME,
                        f"kỳ '{value[TIME]}' không phải kỳ {flow.period_type.value} của {flow.id}",
                        f"'{value[TIME]}' is not a {flow.period_type.value} period of {flow.id}",
                    )
                )
        except PeriodError as exc:
            problems.append(_problem(line, TIME, exc.message, exc.message_en))
        number: float | None = None
        if value[VALUE] and action != "D":
            try:
                number = float(value[VALUE])
            except ValueError:
                problems.append(
                    _problem(
                        line, VALUE, f"'{value[VALUE]}' không phải số", f"'{value[VALUE]}' is not a number"
                    )
                )
        if not value[AREA]:
            problems.append(_problem(line, AREA, "thiếu mã đơn vị", "the unit code is missing"))
        if len(problems) > before:
            continue
        group = groups.setdefault((value[AREA], str(period)), _Group(value[AREA], str(period), line))
        group.replace |= action == "R"
        key = ";".join(f"{k}={v}" for k, v in sorted(options.items()))
        group.cells.append(service.CellInput(element, key, number, location=f"{NAME}:{line}"))
    if problems:
        raise _fail(problems)
    return list(groups.values()), count


def _located(exc: ApiError, group: _Group) -> ApiError:
    """A service error about a whole report, pinned to the report's first line and our column names."""
    details = exc.details or [ErrorDetail(exc.message, exc.message_en, exc.field, exc.location)]
    problems = []
    for d in details:
        column = FIELD_OF.get(d.field or "", d.field)
        on_line = d.location if d.location and d.location.startswith(f"{NAME}:") else f"{NAME}:{group.line}"
        line = int(on_line.rsplit(":", 1)[1])
        problems.append(_problem(line, column, d.message, d.message_en))
    error = _fail(problems)
    error.status = exc.status if exc.status in (403, 404, 409, 423) else 422
    return error


def upload_csv(
    session: Session,
    catalogue: Catalogue,
    path: DataPath,
    data: bytes,
    principal: Principal,
    client: ClientInfo,
    *,
    submit: bool = False,
) -> UploadOut:
    flow = _flow(catalogue, path)
    if flow.regime is None:
        raise ApiError(
            422,
            "read_only_flow",
            f"Dataflow {flow.id} chỉ để đọc",
            f"Dataflow {flow.id} is read-only",
            field="flow",
            location="path",
        )
    groups, count = parse(catalogue, flow, data)
    actor = actor_for(principal, client, EntryPath.SDMX)
    reports = []
    for group in groups:
        try:
            submission = service.open_submission(session, flow.regime, group.unit, group.period, actor)
            index = load_form_index(session, submission.regime_version_id)
            cells = [c for c in group.cells if not _computed(index, c)]
            if group.replace:
                given = {(c.element, c.option_key) for c in cells}
                cells += [
                    service.CellInput(c.key[0], c.key[1], None)
                    for c in index.input_cells()
                    if c.key not in given
                ]
            report = service.write_values(session, submission, cells, actor)
            if submit:
                service.submit(session, submission, actor)
        except ApiError as exc:
            raise _located(exc, group) from None
        reports.append(
            ReportOut(
                submission_id=submission.id,
                unit=group.unit,
                period=group.period,
                changed=report.changed,
                state=submission.state,
            )
        )
    return UploadOut(dataflow=f"{catalogue.agency}:{flow.id}(1.0)", rows=count, reports=reports)


def _computed(index: object, cell: service.CellInput) -> bool:
    info = getattr(index, "cells", {}).get((cell.element, cell.option_key))
    return bool(info is not None and info.computed)
