"""What the reference files must contain, and the checks across files (codes that must exist).

All checks run before anything is built or written; see ``reference.import_reference``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from baocao.units.models import SuccessionKind
from baocao.units.reference_files import Problems, Row, TableSpec, read_table

KINDS = frozenset(k.value for k in SuccessionKind)
OLD_LEVELS = frozenset({"commune", "district"})


def split_codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(";") if c.strip()]


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _one_of(column: str, allowed: frozenset[str]) -> Callable[[Row, Problems], None]:
    def check(row: Row, problems: Problems) -> None:
        if row[column] not in allowed:
            problems.at(
                row,
                column,
                f"Giá trị '{row[column]}' không hợp lệ (cho phép: {', '.join(sorted(allowed))})",
                f"Invalid value '{row[column]}' (allowed: {', '.join(sorted(allowed))})",
            )

    return check


def _a_date(column: str, optional: bool = False) -> Callable[[Row, Problems], None]:
    def check(row: Row, problems: Problems) -> None:
        if (row[column] or not optional) and parse_date(row[column]) is None:
            problems.at(
                row,
                column,
                f"'{row[column]}' không phải ngày dạng YYYY-MM-DD",
                f"'{row[column]}' is not a date YYYY-MM-DD",
            )

    return check


PROVINCES_2024 = TableSpec(
    "provinces_2024.csv",
    ("code", "name", "short_name", "type", "merged_into_code"),
    required=("code", "name", "merged_into_code"),
    types=frozenset({"tinh", "thanh_pho"}),
)
PROVINCES_2025 = TableSpec(
    "provinces_2025.csv",
    ("code", "name", "short_name", "type", "former_codes"),
    required=("code", "name", "former_codes"),
    types=frozenset({"tinh", "thanh_pho"}),
)
DISTRICTS_2024 = TableSpec(
    "districts_2024.csv",
    ("code", "name", "province_code", "type"),
    required=("code", "name", "province_code"),
    types=frozenset({"quan", "huyen", "thi_xa", "thanh_pho"}),
)
COMMUNE_TYPES = frozenset({"xa", "phuong", "thi_tran", "dac_khu"})
COMMUNES_2024 = TableSpec(
    "communes_2024.csv",
    ("code", "name", "district_code", "province_code", "type"),
    required=("code", "name", "district_code", "province_code"),
    types=COMMUNE_TYPES,
)
COMMUNES_2025 = TableSpec(
    "communes_2025.csv",
    ("code", "name", "type", "province_code"),
    required=("code", "name", "province_code"),
    types=COMMUNE_TYPES,
)
MERGES = TableSpec(
    "commune_merges_2025.csv",
    ("old_code", "old_name", "new_code", "new_name", "kind", "old_level"),
    required=("old_code", "new_code"),
    key=("old_code", "new_code"),
    checks=(_one_of("kind", KINDS), _one_of("old_level", OLD_LEVELS)),
)
CENTRAL_BODIES = TableSpec(
    "central_bodies.csv",
    ("code", "name", "name_en", "short_name", "type", "parent_code", "valid_from", "valid_to"),
    required=("code", "name"),
    types=frozenset({"chinh_phu", "bo", "co_quan_ngang_bo"}),
    checks=(_a_date("valid_from"), _a_date("valid_to", optional=True)),
)
CENTRAL_SUCCESSIONS = TableSpec(
    "central_successions.csv",
    ("predecessor_code", "successor_code", "kind", "effective_date", "note"),
    required=("predecessor_code", "successor_code"),
    key=("predecessor_code", "successor_code", "effective_date"),
    checks=(_one_of("kind", KINDS), _a_date("effective_date")),
)
SPECS = (
    CENTRAL_BODIES,
    CENTRAL_SUCCESSIONS,
    PROVINCES_2024,
    DISTRICTS_2024,
    COMMUNES_2024,
    PROVINCES_2025,
    COMMUNES_2025,
    MERGES,
)


@dataclass(frozen=True)
class Tables:
    """The rows of every reference file, keyed by code where codes are unique."""

    central: dict[str, Row]
    central_successions: list[Row]
    provinces_2024: dict[str, Row]
    districts_2024: dict[str, Row]
    communes_2024: dict[str, Row]
    provinces_2025: dict[str, Row]
    communes_2025: dict[str, Row]
    merges: list[Row]
    # False when a file is missing or lacks columns: checks across files would only add noise then.
    complete: bool


def read_tables(data_dir: Path, problems: Problems, on_file: Callable[[int, int], None]) -> Tables:
    rows: dict[str, list[Row]] = {}
    complete = True
    for done, spec in enumerate(SPECS, 1):
        table = read_table(data_dir, spec, problems)
        complete = complete and table is not None
        rows[spec.file] = table or []
        on_file(done, len(SPECS))

    def by_code(spec: TableSpec) -> dict[str, Row]:
        return {r["code"]: r for r in rows[spec.file]}

    return Tables(
        central=by_code(CENTRAL_BODIES),
        central_successions=rows[CENTRAL_SUCCESSIONS.file],
        provinces_2024=by_code(PROVINCES_2024),
        districts_2024=by_code(DISTRICTS_2024),
        communes_2024=by_code(COMMUNES_2024),
        provinces_2025=by_code(PROVINCES_2025),
        communes_2025=by_code(COMMUNES_2025),
        merges=rows[MERGES.file],
        complete=complete,
    )


def _unknown(problems: Problems, row: Row, column: str, other_file: str) -> None:
    problems.at(
        row,
        column,
        f"Mã {row[column]} không có trong {other_file}",
        f"Code {row[column]} is not in {other_file}",
    )


def check_references(t: Tables, problems: Problems) -> None:
    _check_provinces(t, problems)
    for row in t.districts_2024.values():
        if row["province_code"] not in t.provinces_2024:
            _unknown(problems, row, "province_code", PROVINCES_2024.file)
    for row in t.communes_2024.values():
        district = t.districts_2024.get(row["district_code"])
        if district is None:
            _unknown(problems, row, "district_code", DISTRICTS_2024.file)
        elif row["province_code"] != district["province_code"]:
            problems.at(
                row,
                "province_code",
                f"Huyện {district['code']} thuộc tỉnh {district['province_code']}, không phải "
                f"{row['province_code']}",
                f"District {district['code']} belongs to province {district['province_code']}, "
                f"not {row['province_code']}",
            )
    for row in t.communes_2025.values():
        if row["province_code"] not in t.provinces_2025:
            _unknown(problems, row, "province_code", PROVINCES_2025.file)
    _check_merges(t, problems)
    _check_central(t, problems)


def _check_provinces(t: Tables, problems: Problems) -> None:
    listed_in: dict[str, str] = {}
    for row in t.provinces_2025.values():
        for code in split_codes(row["former_codes"]):
            if code not in t.provinces_2024:
                problems.at(
                    row,
                    "former_codes",
                    f"Mã tỉnh cũ {code} không có trong {PROVINCES_2024.file}",
                    f"Former province code {code} is not in {PROVINCES_2024.file}",
                )
            elif code in listed_in:
                problems.at(
                    row,
                    "former_codes",
                    f"Tỉnh cũ {code} đã được ghi cho tỉnh mới {listed_in[code]}",
                    f"Former province {code} is already listed for new province {listed_in[code]}",
                )
            else:
                listed_in[code] = row["code"]
    for row in t.provinces_2024.values():
        target = row["merged_into_code"]
        if target not in t.provinces_2025:
            _unknown(problems, row, "merged_into_code", PROVINCES_2025.file)
        elif listed_in.get(row["code"]) != target:
            problems.at(
                row,
                "merged_into_code",
                f"Tỉnh {row['code']} nhập vào {target} nhưng former_codes của {PROVINCES_2025.file} "
                f"ghi {listed_in.get(row['code'], 'không tỉnh nào')}",
                f"Province {row['code']} merges into {target} but the former_codes of "
                f"{PROVINCES_2025.file} say {listed_in.get(row['code'], 'no province')}",
            )


def _check_merges(t: Tables, problems: Problems) -> None:
    destinations: dict[tuple[str, str], list[Row]] = defaultdict(list)
    with_predecessor: set[str] = set()
    for row in t.merges:
        old_level = row["old_level"]
        old_table = t.districts_2024 if old_level == "district" else t.communes_2024
        old = old_table.get(row["old_code"])
        new = t.communes_2025.get(row["new_code"])
        if old is None:
            _unknown(
                problems, row, "old_code", (DISTRICTS_2024 if old_level == "district" else COMMUNES_2024).file
            )
        if new is None:
            _unknown(problems, row, "new_code", COMMUNES_2025.file)
        else:
            with_predecessor.add(new["code"])
        destinations[(old_level, row["old_code"])].append(row)
        if old is not None and new is not None:
            _check_same_province(t, row, old, new, problems)
    for rows in destinations.values():
        for row in rows:
            if len(rows) > 1 and row["kind"] == SuccessionKind.FULL:
                problems.at(
                    row,
                    "kind",
                    f"{row['old_code']} 'full' (toàn bộ) nhưng còn {len(rows) - 1} đơn vị kế thừa khác",
                    f"{row['old_code']} is 'full' but has {len(rows) - 1} other successor(s)",
                )
    with_communes = {r["district_code"] for r in t.communes_2024.values()}
    for level, table in (("commune", t.communes_2024), ("district", t.districts_2024)):
        for row in table.values():
            if level == "district" and row["code"] in with_communes:
                continue  # districts with communes pass their territory on through their communes
            if (level, row["code"]) not in destinations:
                problems.at(
                    row,
                    "code",
                    f"{row['code']} không có đơn vị kế thừa trong {MERGES.file}",
                    f"{row['code']} has no successor in {MERGES.file}",
                )
    for row in t.communes_2025.values():
        if row["code"] not in with_predecessor:
            problems.at(
                row,
                "code",
                f"{row['code']} không có đơn vị tiền thân trong {MERGES.file}",
                f"{row['code']} has no predecessor in {MERGES.file}",
            )


def _check_same_province(t: Tables, row: Row, old: Row, new: Row, problems: Problems) -> None:
    """A commune cannot cross the province merge: its old province must be one of the new one's."""
    province = old["province_code"]
    old_province = t.provinces_2024.get(province)
    if old_province is None or old_province["merged_into_code"] == new["province_code"]:
        return
    merged = old_province["merged_into_code"]
    problems.at(
        row,
        "new_code",
        f"Đơn vị cũ thuộc tỉnh {province} (nhập vào {merged}) nhưng đơn vị mới thuộc tỉnh "
        f"{new['province_code']}",
        f"The old unit is in province {province} (merged into {merged}) but the new one is in "
        f"{new['province_code']}",
    )


def central_span(row: Row) -> tuple[date, date | None]:
    start = parse_date(row["valid_from"])
    assert start is not None  # checked when the file was read
    return start, parse_date(row["valid_to"]) if row["valid_to"] else None


def _valid_on(row: Row, day: date) -> bool:
    start, end = central_span(row)
    return start <= day and (end is None or day < end)


def _check_central(t: Tables, problems: Problems) -> None:
    dated = {c: r for c, r in t.central.items() if parse_date(r["valid_from"])}
    roots = [r for r in t.central.values() if r["type"] == "chinh_phu"]
    if len(roots) != 1:
        problems.add(
            CENTRAL_BODIES.file,
            None,
            "type",
            f"Cần đúng một dòng loại chinh_phu, có {len(roots)}",
            f"Exactly one row of type chinh_phu is needed, found {len(roots)}",
        )
    for row in dated.values():
        start, end = central_span(row)
        if end is not None and end <= start:
            problems.at(row, "valid_to", "valid_to phải sau valid_from", "valid_to must be after valid_from")
        parent = row["parent_code"]
        if row["type"] == "chinh_phu" and parent:
            problems.at(row, "parent_code", "Chính phủ không có cấp trên", "The Government has no parent")
        elif row["type"] != "chinh_phu" and parent not in t.central:
            _unknown(problems, row, "parent_code", CENTRAL_BODIES.file)
    for row in t.central_successions:
        day = parse_date(row["effective_date"])
        if day is None:
            continue
        for column, on in (("predecessor_code", day - timedelta(days=1)), ("successor_code", day)):
            body = dated.get(row[column])
            if body is None:
                _unknown(problems, row, column, CENTRAL_BODIES.file)
            elif not _valid_on(body, on):
                problems.at(
                    row,
                    column,
                    f"{row[column]} không tồn tại vào ngày {on.isoformat()}",
                    f"{row[column]} does not exist on {on.isoformat()}",
                )
