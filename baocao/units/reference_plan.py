"""From checked reference rows to the units, versions and successions to store (no database here).

Identities: a province whose territory did not change in 2025 (its 2025 ``former_codes`` is its own
code only) is one unit from 2008 on; every other 2025 province and every 2025 commune is a new unit,
and the units they replace end on 1 July 2025 with successions to them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from baocao.units.models import UNIT_TYPE_LEVEL, SuccessionKind, UnitLevel, UnitType
from baocao.units.naming import fold
from baocao.units.reference_checks import Tables, central_span, parse_date, split_codes
from baocao.units.reference_files import Problems, Row
from baocao.units.timeline import HISTORY_START, MERGER

PROVINCE_TYPES = {"tinh": UnitType.TINH, "thanh_pho": UnitType.THANH_PHO_TW}
DISTRICT_TYPES = {
    "quan": UnitType.QUAN,
    "huyen": UnitType.HUYEN,
    "thi_xa": UnitType.THI_XA,
    "thanh_pho": UnitType.THANH_PHO_THUOC_TINH,
}


def make_uid(level: UnitLevel, code: str, valid_from: date) -> str:
    """Stable key of a unit: level, code and start of its first version (re-imports find it again)."""
    return f"{level.value}:{code}:{valid_from.isoformat()}"


@dataclass(frozen=True)
class PlannedVersion:
    uid: str
    code: str
    name: str
    type: UnitType
    valid_from: date
    valid_to: date | None
    parent_uid: str | None
    location: str
    name_en: str | None = None
    short_name: str | None = None

    @property
    def level(self) -> UnitLevel:
        return UNIT_TYPE_LEVEL[self.type]

    def columns(self) -> dict[str, object]:
        """Column values of ``UnitVersion`` except the two ids, which the database assigns."""
        return {
            "code": self.code,
            "name": self.name,
            "name_en": self.name_en,
            "short_name": self.short_name,
            "type": self.type.value,
            "level": self.level.value,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "search_name": fold(self.name),
        }


@dataclass(frozen=True)
class PlannedSuccession:
    predecessor_uid: str
    successor_uid: str
    effective_date: date
    kind: str
    note: str | None = None


@dataclass
class Plan:
    units: dict[str, UnitLevel] = field(default_factory=dict)
    versions: list[PlannedVersion] = field(default_factory=list)
    successions: list[PlannedSuccession] = field(default_factory=list)

    def add(self, version: PlannedVersion) -> str:
        self.units.setdefault(version.uid, version.level)
        self.versions.append(version)
        return version.uid


def _where(row: Row) -> str:
    return f"{row.file}:{row.line}"


def _version(
    row: Row, uid: str, type_: UnitType, parent: str | None, start: date, end: date | None
) -> PlannedVersion:
    short = row.values.get("short_name") or None
    return PlannedVersion(uid, row["code"], row["name"], type_, start, end, parent, _where(row), None, short)


def build_plan(t: Tables) -> Plan:
    plan = Plan()
    government = _plan_central(t, plan)
    old_provinces, new_provinces = _plan_provinces(t, plan, government)
    districts: dict[str, str] = {}
    for row in t.districts_2024.values():
        uid = make_uid(UnitLevel.DISTRICT, row["code"], HISTORY_START)
        parent = old_provinces[row["province_code"]]
        districts[row["code"]] = plan.add(
            _version(row, uid, DISTRICT_TYPES[row["type"]], parent, HISTORY_START, MERGER)
        )
    old_communes: dict[str, str] = {}
    for row in t.communes_2024.values():
        uid = make_uid(UnitLevel.COMMUNE, row["code"], HISTORY_START)
        parent = districts[row["district_code"]]
        old_communes[row["code"]] = plan.add(
            _version(row, uid, UnitType(row["type"]), parent, HISTORY_START, MERGER)
        )
    new_communes: dict[str, str] = {}
    for row in t.communes_2025.values():
        uid = make_uid(UnitLevel.COMMUNE, row["code"], MERGER)
        parent = new_provinces[row["province_code"]]
        new_communes[row["code"]] = plan.add(_version(row, uid, UnitType(row["type"]), parent, MERGER, None))
    for row in t.merges:
        old = districts if row["old_level"] == "district" else old_communes
        plan.successions.append(
            PlannedSuccession(old[row["old_code"]], new_communes[row["new_code"]], MERGER, row["kind"])
        )
    return plan


def _plan_central(t: Tables, plan: Plan) -> str:
    """Adds the Government, ministries and agencies; returns the Government's uid."""
    uids: dict[str, str] = {}
    for code, row in t.central.items():
        start, _ = central_span(row)
        level = UnitLevel.GOVERNMENT if row["type"] == "chinh_phu" else UnitLevel.MINISTRY
        uids[code] = make_uid(level, code, start)
    government = ""
    for code, row in t.central.items():
        start, end = central_span(row)
        parent = uids[row["parent_code"]] if row["parent_code"] else None
        version = _version(row, uids[code], UnitType(row["type"]), parent, start, end)
        plan.add(_with_english(version, row["name_en"]))
        if row["type"] == "chinh_phu":
            government = uids[code]
    for row in t.central_successions:
        day = parse_date(row["effective_date"])
        assert day is not None  # checked when the file was read
        plan.successions.append(
            PlannedSuccession(
                uids[row["predecessor_code"]],
                uids[row["successor_code"]],
                day,
                row["kind"],
                row["note"] or None,
            )
        )
    return government


def _with_english(version: PlannedVersion, name_en: str) -> PlannedVersion:
    return dataclasses.replace(version, name_en=name_en or None)


def _plan_provinces(t: Tables, plan: Plan, government: str) -> tuple[dict[str, str], dict[str, str]]:
    """Returns the uid of each old (pre-2025) and each new province code."""
    old: dict[str, str] = {}
    new: dict[str, str] = {}
    for code, row in t.provinces_2025.items():
        type_ = PROVINCE_TYPES[row["type"]]
        if split_codes(row["former_codes"]) == [code]:
            uid = make_uid(UnitLevel.PROVINCE, code, HISTORY_START)
            before = t.provinces_2024[code]
            before_type = PROVINCE_TYPES[before["type"]]
            if (before["name"], before["short_name"], before_type) == (row["name"], row["short_name"], type_):
                plan.add(_version(row, uid, type_, government, HISTORY_START, None))
            else:  # same territory, new name or type: one identity, two versions
                plan.add(_version(before, uid, before_type, government, HISTORY_START, MERGER))
                plan.add(_version(row, uid, type_, government, MERGER, None))
            old[code] = new[code] = uid
        else:
            uid = make_uid(UnitLevel.PROVINCE, code, MERGER)
            new[code] = plan.add(_version(row, uid, type_, government, MERGER, None))
    for code, row in t.provinces_2024.items():
        if code in old:
            continue
        uid = make_uid(UnitLevel.PROVINCE, code, HISTORY_START)
        old[code] = plan.add(
            _version(row, uid, PROVINCE_TYPES[row["type"]], government, HISTORY_START, MERGER)
        )
        plan.successions.append(
            PlannedSuccession(uid, new[row["merged_into_code"]], MERGER, SuccessionKind.FULL.value)
        )
    return old, new


@dataclass(frozen=True)
class Span:
    """One version's hold on a code, for the overlap check (``location`` says where it comes from)."""

    code: str
    valid_from: date
    valid_to: date | None
    uid: str
    location: str


def check_code_overlaps(spans: Iterable[Span], problems: Problems) -> None:
    """A code must name one unit at a time: ``GET /units/{code}?as_of=`` has to have one answer."""
    by_code: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        by_code[span.code].append(span)
    for code, items in by_code.items():
        if len(items) < 2:
            continue
        items.sort(key=lambda s: s.valid_from)
        latest = items[0]
        for span in items[1:]:
            if latest.valid_to is None or span.valid_from < latest.valid_to:
                file, _, line = span.location.rpartition(":")
                problems.add(
                    file or span.location,
                    int(line) if line.isdigit() else None,
                    "code",
                    f"mã {code} đã dùng cho đơn vị khác ({latest.uid}, {latest.location}) "
                    f"trong cùng thời gian từ {span.valid_from.isoformat()}",
                    f"code {code} is already used by another unit ({latest.uid}, {latest.location}) "
                    f"on the same dates from {span.valid_from.isoformat()}",
                )
            if latest.valid_to is not None and (span.valid_to is None or span.valid_to > latest.valid_to):
                latest = span
