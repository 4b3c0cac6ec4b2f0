"""Load indicators and plan targets from hand-written YAML files (see data/indicators.yaml and
data/targets.yaml). The whole file is checked first; every problem names ``file:line`` and the field
(an expression's problem also the character), and nothing is written unless the file is clean. Loading
is an upsert by key, so loading a file twice changes nothing.

    indicators:
      - code: BAC_SI_VAN_DAN
        name: Số bác sĩ trên 10.000 dân
        name_en: Doctors per 10,000 people
        field: social                 # one of the nine fields of Decision 293 (catalogue domains)
        expression: BAC_SI / DAN_SO * 10000
        unit_measure: bác sĩ/10.000 dân
        decimals: 1                   # optional (1), better: up|down|neutral (up), public (true)

    targets:
      - {indicator: TANG_TRUONG_GRDP, unit: CP, year: 2025, value: 8, direction: at_least,
         assigned_by: Quốc hội, source: Nghị quyết 158/2024/QH15}
      - {indicator: ..., direction: about, tolerance: 0.5, parent_unit: CP, ...}
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session
from yaml.nodes import Node, ScalarNode

from baocao.catalog.models import Domain
from baocao.indicators.models import Better, Direction
from baocao.indicators.service import (
    IndicatorSpec,
    TargetSpec,
    check_definitions,
    check_target,
    save_indicators,
    save_targets,
)
from baocao.yamlio import YamlLoadError, YamlReader

DATA = Path(__file__).parent / "data"
DEMO_INDICATORS = DATA / "indicators.yaml"
DEMO_TARGETS = DATA / "targets.yaml"
ACTOR = "cli"

_INDICATOR_REQUIRED = ("code", "name", "name_en", "field", "expression", "unit_measure")
_INDICATOR_OPTIONAL = ("decimals", "better", "public", "description")
_TARGET_REQUIRED = ("indicator", "unit", "year", "value", "direction", "assigned_by")
_TARGET_OPTIONAL = ("tolerance", "source", "parent_unit")


class IndicatorFileError(YamlLoadError):
    kind_vi = "Tệp chỉ tiêu tổng hợp"
    kind_en = "Indicators file"


class TargetFileError(YamlLoadError):
    kind_vi = "Tệp chỉ tiêu kế hoạch"
    kind_en = "Targets file"


def _number(reader: YamlReader, node: Node | None, field: str) -> float | None:
    if node is None or reader.is_null(node):
        return None
    try:
        if isinstance(node, ScalarNode) and node.tag.endswith((":int", ":float")):
            return float(str(node.value).replace("_", ""))
    except ValueError:
        pass
    shown = node.value if isinstance(node, ScalarNode) else "..."
    reader.report(node, field, f"'{shown}' không phải là một số", f"'{shown}' is not a number")
    return None


def _boolean(reader: YamlReader, node: Node | None, field: str, default: bool) -> bool:
    if node is None:
        return default
    text = str(node.value).lower() if isinstance(node, ScalarNode) else ""
    if text in ("true", "false"):
        return text == "true"
    reader.report(node, field, "phải là true hoặc false", "must be true or false")
    return default


def load_indicators(session: Session, path: Path, actor: str = ACTOR) -> tuple[int, int]:
    """Validate ``path`` completely, then upsert its indicators. Returns (created, updated)."""
    reader = YamlReader(str(path))
    root = reader.parse_file(path)
    specs: list[tuple[IndicatorSpec, Node]] = []
    top = reader.mapping(root, "", required=("indicators",)) if root is not None else None
    seen: dict[str, int] = {}
    for field, node in reader.sequence(top.get("indicators") if top else None, "indicators", non_empty=True):
        keys = reader.mapping(node, field, required=_INDICATOR_REQUIRED, optional=_INDICATOR_OPTIONAL)
        if keys is None:
            continue
        before = len(reader.problems)
        code = reader.code(keys.get("code"), f"{field}.code")
        if code and code in seen:
            vi = f"mã '{code}' bị trùng, đã khai báo ở dòng {seen[code]}"
            en = f"duplicate code '{code}', already declared at line {seen[code]}"
            reader.report(keys["code"], f"{field}.code", vi, en)
        elif code:
            seen[code] = keys["code"].start_mark.line + 1
        name = reader.text(keys.get("name"), f"{field}.name", max_length=300)
        name_en = reader.text(keys.get("name_en"), f"{field}.name_en", max_length=300)
        domain = reader.choice(keys.get("field"), f"{field}.field", [d.value for d in Domain])
        expression = reader.text(keys.get("expression"), f"{field}.expression", max_length=2000)
        unit_measure = reader.text(keys.get("unit_measure"), f"{field}.unit_measure", max_length=60)
        decimals = reader.integer(keys.get("decimals"), f"{field}.decimals", minimum=0, maximum=6)
        better = reader.choice(keys.get("better"), f"{field}.better", [b.value for b in Better])
        public = _boolean(reader, keys.get("public"), f"{field}.public", True)
        description = reader.text(keys.get("description"), f"{field}.description", max_length=4000,
                                  required=False)  # fmt: skip
        if len(reader.problems) > before:
            continue
        assert code and name and name_en and domain and expression and unit_measure
        spec = IndicatorSpec(code, name, name_en, domain, expression, unit_measure,
                             1 if decimals is None else decimals, better or Better.UP.value, public,
                             description)  # fmt: skip
        specs.append((spec, keys["expression"]))
    if not reader.problems:
        faults = check_definitions(session, [s for s, _ in specs])
        for index, (spec, node) in enumerate(specs):
            if spec.code in faults:
                fault = faults[spec.code]
                reader.report(node, f"indicators[{index}].expression", fault.message, fault.message_en)
    reader.raise_if_problems(IndicatorFileError)
    return save_indicators(session, [s for s, _ in specs], actor)


def load_targets(session: Session, path: Path, actor: str = ACTOR) -> tuple[int, int]:
    """Validate ``path`` completely (indicators and units must exist), then upsert its targets."""
    reader = YamlReader(str(path))
    root = reader.parse_file(path)
    top = reader.mapping(root, "", required=("targets",)) if root is not None else None
    read: list[tuple[TargetSpec, dict[str, Node], str]] = []
    seen: dict[tuple[str, str, int], int] = {}
    for field, node in reader.sequence(top.get("targets") if top else None, "targets", non_empty=True):
        keys = reader.mapping(node, field, required=_TARGET_REQUIRED, optional=_TARGET_OPTIONAL)
        if keys is None:
            continue
        before = len(reader.problems)
        indicator = reader.code(keys.get("indicator"), f"{field}.indicator")
        unit = reader.code(keys.get("unit"), f"{field}.unit", max_length=20)
        year = reader.integer(keys.get("year"), f"{field}.year", minimum=2000, maximum=2100)
        value = _number(reader, keys.get("value"), f"{field}.value")
        direction = reader.choice(keys.get("direction"), f"{field}.direction", [d.value for d in Direction])
        tolerance = _number(reader, keys.get("tolerance"), f"{field}.tolerance")
        assigned_by = reader.text(keys.get("assigned_by"), f"{field}.assigned_by", max_length=200)
        source = reader.text(keys.get("source"), f"{field}.source", max_length=300, required=False)
        parent = reader.code(keys.get("parent_unit"), f"{field}.parent_unit", max_length=20)
        if len(reader.problems) > before:
            continue
        assert indicator and unit and year and value is not None and direction and assigned_by
        key = (indicator, unit, year)
        if key in seen:
            vi = f"chỉ tiêu này của đơn vị '{unit}' năm {year} đã có ở dòng {seen[key]}"
            en = f"this target of unit '{unit}' for {year} is already at line {seen[key]}"
            reader.report(node, field, vi, en)
            continue
        seen[key] = node.start_mark.line + 1
        spec = TargetSpec(indicator, unit, year, value, direction, assigned_by, tolerance, source, parent)
        read.append((spec, keys, field))
    for spec, keys, field in read:
        for name, message, message_en in check_target(session, spec, set(seen)):
            at = keys.get({"source_document": "source"}.get(name, name)) or keys["indicator"]
            reader.report(at, f"{field}.{name}", message, message_en)
    reader.raise_if_problems(TargetFileError)
    return save_targets(session, [s for s, _, _ in read], actor)


def load_demo_indicators(session: Session) -> None:
    """The demo's indicators and targets (``baocao demo``); loading them again changes nothing."""
    load_indicators(session, DEMO_INDICATORS)
    load_targets(session, DEMO_TARGETS)
