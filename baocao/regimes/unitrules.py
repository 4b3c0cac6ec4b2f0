"""Who reports and who receives, as rules (stored as JSON, resolved as of each period by the service).

In a file::

    reporting_units: all_provinces            # all_communes | all_ministries | communes_of_receiver
    reporting_units: {rule: children_of, unit: "01"}
    reporting_units: {rule: list, units: ["01", "79", BYT]}
    receiver: CP                              # a fixed unit code
    receiver: parent                          # the reporter's parent as of the period
    receiver: {rule: parent, level: province} # the reporter's ancestor at that level
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yaml.nodes import Node, ScalarNode

from baocao.regimes.reading import RegimeReader, value_node
from baocao.units.models import UnitLevel

# Rules without parameters, and the unit level each one selects.
LEVEL_RULES = {
    "all_provinces": UnitLevel.PROVINCE,
    "all_communes": UnitLevel.COMMUNE,
    "all_ministries": UnitLevel.MINISTRY,
}
COMMUNES_OF_RECEIVER = "communes_of_receiver"
CHILDREN_OF = "children_of"
LIST = "list"
REPORTING_RULES = (*LEVEL_RULES, COMMUNES_OF_RECEIVER, CHILDREN_OF, LIST)
PARENT = "parent"
FIXED = "unit"
MAX_LISTED = 5000


def _rule_and_keys(
    reader: RegimeReader, node: Node, field: str, rules: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[str | None, dict[str, Node]]:
    keys = reader.mapping(node, field, required=("rule",), optional=optional)
    if keys is None:
        return None, {}
    return reader.choice(keys.get("rule"), f"{field}.rule", rules), keys


def read_reporting_units(
    reader: RegimeReader, node: Node, field: str, day: date | None
) -> dict[str, Any] | None:
    """The reporting-units rule; unit codes must exist on ``day`` (the version's first day)."""
    if isinstance(node, ScalarNode):
        name = reader.choice(node, field, (*LEVEL_RULES, COMMUNES_OF_RECEIVER))
        return {"rule": name} if name else None
    name, keys = _rule_and_keys(reader, node, field, REPORTING_RULES, ("unit", "units"))
    if name is None:
        return None
    wanted = {CHILDREN_OF: "unit", LIST: "units"}.get(name)
    for key in ("unit", "units"):
        if key in keys and key != wanted:
            reader.report(
                keys[key],
                f"{field}.{key}",
                f"quy tắc '{name}' không có tham số '{key}'",
                f"rule '{name}' takes no '{key}'",
            )
            return None
    if wanted is not None and wanted not in keys:
        reader.report(
            node, f"{field}.{wanted}", f"quy tắc '{name}' cần '{wanted}'", f"rule '{name}' needs '{wanted}'"
        )
        return None
    if name == CHILDREN_OF:
        code = _unit(reader, keys["unit"], f"{field}.unit", day)
        return {"rule": name, "unit": code} if code else None
    if name == LIST:
        listed = reader.sequence(keys["units"], f"{field}.units", non_empty=True)
        codes = [_unit(reader, item, item_field, day) for item_field, item in listed[:MAX_LISTED]]
        if any(c is None for c in codes) or not codes:
            return None
        if len(set(codes)) != len(codes):
            reader.report(
                keys["units"], f"{field}.units", "danh sách có mã lặp lại", "a code is listed twice"
            )
            return None
        return {"rule": name, "units": codes}
    return {"rule": name}


def read_receiver(reader: RegimeReader, node: Node, field: str, day: date | None) -> dict[str, Any] | None:
    if isinstance(node, ScalarNode):
        if str(node.value).strip() == PARENT:
            return {"rule": PARENT}
        code = _unit(reader, node, field, day)
        return {"rule": FIXED, "unit": code} if code else None
    name, keys = _rule_and_keys(reader, node, field, (PARENT, FIXED), ("unit", "level"))
    if name is None:
        return None
    if name == FIXED:
        if "level" in keys or "unit" not in keys:
            reader.report(
                value_node(node, "level"),
                f"{field}.unit",
                "quy tắc 'unit' cần 'unit' (mã đơn vị), không có 'level'",
                "rule 'unit' needs 'unit' (a unit code) and takes no 'level'",
            )
            return None
        code = _unit(reader, keys["unit"], f"{field}.unit", day)
        return {"rule": FIXED, "unit": code} if code else None
    if "unit" in keys:
        reader.report(
            keys["unit"], f"{field}.unit", "quy tắc 'parent' không có 'unit'", "rule 'parent' takes no 'unit'"
        )
        return None
    if "level" not in keys:
        return {"rule": PARENT}
    level = reader.choice(keys["level"], f"{field}.level", [lv.value for lv in UnitLevel])
    return {"rule": PARENT, "level": level} if level else None


def check_together(
    reader: RegimeReader, node: Node, field: str, reporting: dict[str, Any], receiver: dict[str, Any]
) -> None:
    """Rules that only make sense together."""
    if reporting["rule"] == COMMUNES_OF_RECEIVER and receiver["rule"] != FIXED:
        reader.report(
            node,
            field,
            "quy tắc 'communes_of_receiver' cần đơn vị nhận cố định (receiver: MÃ_ĐƠN_VỊ)",
            "'communes_of_receiver' needs a fixed receiving unit (receiver: UNIT_CODE)",
        )


def _unit(reader: RegimeReader, node: Node, field: str, day: date | None) -> str | None:
    code = reader.text(node, field, max_length=20)
    if code is None or day is None:
        return code
    if not reader.context.unit_exists(code, day):
        reader.report(
            node,
            field,
            f"không có đơn vị mang mã '{code}' vào ngày {day:%d/%m/%Y} (ngày bắt đầu hiệu lực)",
            f"no unit has code '{code}' on {day.isoformat()} (the version's valid_from)",
        )
        return None
    return code


def describe(rule: dict[str, Any]) -> tuple[str, str]:
    """A rule in words (Vietnamese, English), for API answers and listings."""
    name = rule.get("rule")
    texts = {
        "all_provinces": ("Tất cả tỉnh, thành phố", "All provinces"),
        "all_communes": ("Tất cả xã, phường, đặc khu", "All communes"),
        "all_ministries": ("Tất cả bộ, cơ quan ngang bộ", "All ministries"),
        COMMUNES_OF_RECEIVER: ("Các xã thuộc đơn vị nhận", "The communes of the receiving unit"),
        CHILDREN_OF: (
            f"Các đơn vị trực thuộc {rule.get('unit')}",
            f"The units directly under {rule.get('unit')}",
        ),
        LIST: (
            f"Danh sách: {', '.join(rule.get('units', []))}",
            f"Listed: {', '.join(rule.get('units', []))}",
        ),
        FIXED: (f"Đơn vị {rule.get('unit')}", f"Unit {rule.get('unit')}"),
    }
    if name == PARENT:
        level = rule.get("level")
        if level:
            return (f"Đơn vị cấp {level} quản lý đơn vị báo cáo", f"The reporting unit's {level}")
        return ("Đơn vị cấp trên trực tiếp của đơn vị báo cáo", "The reporting unit's parent")
    return texts.get(str(name), (str(name), str(name)))
