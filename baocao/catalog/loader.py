"""Load a catalogue (categories with options, data elements) from a hand-written YAML file.

The whole file is validated first; any problem raises ``CatalogueError`` listing every fault with
``file:line`` and field, and nothing is written. A valid file is upserted by code, so loading the
same file twice changes nothing and a changed name updates the stored one.

File layout (see data/demo_catalogue.yaml)::

    categories:
      - {code: gioi_tinh, name: Giới tính, name_en: Sex,
         options: [{code: nam, name: Nam, name_en: Male}, {code: nu, name: Nữ, name_en: Female}]}
    data_elements:
      - code: DAN_SO
        name: Dân số trung bình
        ...
        categories: [gioi_tinh]
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from yaml.nodes import Node

from baocao.catalog.models import Category, Domain, TimeAggregation, UnitAggregation, ValueType
from baocao.catalog.spec import CatalogueSpec, CategorySpec, ElementSpec, OptionSpec
from baocao.catalog.upsert import LoadReport, apply_catalogue
from baocao.yamlio import YamlLoadError, YamlReader, clean_text

__all__ = ["DEMO_CATALOGUE", "CatalogueError", "LoadReport", "load_catalogue", "read_catalogue"]

DEMO_CATALOGUE = Path(__file__).parent / "data" / "demo_catalogue.yaml"

MAX_DECIMALS = 6
_ELEMENT_REQUIRED = (
    "code",
    "name",
    "name_en",
    "unit_of_measure",
    "unit_of_measure_en",
    "value_type",
    "aggregation_units",
    "aggregation_time",
)
_ELEMENT_OPTIONAL = ("description", "decimals", "domain", "categories")
# Values that are not numbers cannot be added up or averaged, across units or over time.
_NOT_NUMERIC = {ValueType.TEXT, ValueType.BOOLEAN, ValueType.DATE}


class CatalogueError(YamlLoadError):
    """The catalogue file was refused; ``problems`` names every fault (location, field, messages)."""

    kind_vi = "Tệp danh mục chỉ tiêu"
    kind_en = "Catalogue file"


def load_catalogue(session: Session, path: Path) -> LoadReport:
    """Validate ``path`` completely, then upsert it by code. Flushes, never commits."""
    known = set(session.scalars(select(Category.code)))
    spec = read_catalogue(path, known_categories=known)
    return apply_catalogue(session, spec)


def read_catalogue(path: Path, known_categories: Collection[str] = ()) -> CatalogueSpec:
    """Read and validate a catalogue file without touching the database.

    ``known_categories`` are codes already stored, which elements may use without redefining them.
    """
    reader = YamlReader(str(path))
    root = reader.parse_file(path)
    spec = None
    if root is not None:
        spec = _read_root(reader, root, set(known_categories))
    reader.raise_if_problems(CatalogueError)
    assert spec is not None
    return spec


def _read_root(reader: YamlReader, root: Node, known: set[str]) -> CatalogueSpec | None:
    top = reader.mapping(root, "", required=(), optional=("categories", "data_elements"))
    if top is None:
        return None
    if not top:
        reader.report(
            root,
            "",
            "tệp không khai báo phân tổ (categories) hay chỉ tiêu (data_elements) nào",
            "the file declares no categories and no data elements",
        )
    category_items = reader.sequence(top.get("categories"), "categories")
    element_items = reader.sequence(top.get("data_elements"), "data_elements")
    # Codes are checked for repeats before the items themselves, so that a faulty category does not
    # also make every element using it "unknown", and a repeat is found even in a faulty element.
    declared = _declared_codes(reader, category_items)
    _declared_codes(reader, element_items)
    categories = [c for field, node in category_items if (c := _read_category(reader, node, field))]
    usable = known | declared
    elements = [e for field, node in element_items if (e := _read_element(reader, node, field, usable))]
    return CatalogueSpec(reader.source, tuple(categories), tuple(elements))


def _declared_codes(reader: YamlReader, items: list[tuple[str, Node]]) -> set[str]:
    """The codes the items declare; a repeat is reported where it occurs, naming the first one's line."""
    first_line: dict[str, int] = {}
    for field, node in items:
        code_node = reader.peek(node, "code")
        if code_node is None or not isinstance(code_node.value, str):
            continue
        code = clean_text(code_node.value)
        line = code_node.start_mark.line + 1
        if code in first_line:
            reader.report(
                code_node,
                f"{field}.code",
                f"mã '{code}' bị trùng, đã khai báo ở dòng {first_line[code]}",
                f"duplicate code '{code}', already declared at line {first_line[code]}",
            )
        else:
            first_line[code] = line
    return set(first_line)


def _read_category(reader: YamlReader, node: Node, field: str) -> CategorySpec | None:
    keys = reader.mapping(node, field, required=("code", "name", "name_en", "options"))
    if keys is None:
        return None
    code = reader.code(keys.get("code"), f"{field}.code")
    name = reader.text(keys.get("name"), f"{field}.name", max_length=200)
    name_en = reader.text(keys.get("name_en"), f"{field}.name_en", max_length=200)
    listed = reader.sequence(keys.get("options"), f"{field}.options", non_empty=True)
    _declared_codes(reader, listed)
    options = [o for f, n in listed if (o := _read_option(reader, n, f))]
    if code is None or name is None or name_en is None or len(options) != len(listed):
        return None
    return CategorySpec(code, name, name_en, tuple(options))


def _read_option(reader: YamlReader, node: Node, field: str) -> OptionSpec | None:
    keys = reader.mapping(node, field, required=("code", "name", "name_en"))
    if keys is None:
        return None
    code = reader.code(keys.get("code"), f"{field}.code")
    name = reader.text(keys.get("name"), f"{field}.name", max_length=200)
    name_en = reader.text(keys.get("name_en"), f"{field}.name_en", max_length=200)
    if code is None or name is None or name_en is None:
        return None
    return OptionSpec(code, name, name_en)


def _read_element(reader: YamlReader, node: Node, field: str, usable: set[str]) -> ElementSpec | None:
    before = len(reader.problems)
    keys = reader.mapping(node, field, required=_ELEMENT_REQUIRED, optional=_ELEMENT_OPTIONAL)
    if keys is None:
        return None
    code = reader.code(keys.get("code"), f"{field}.code")
    name = reader.text(keys.get("name"), f"{field}.name", max_length=300)
    name_en = reader.text(keys.get("name_en"), f"{field}.name_en", max_length=300)
    description = reader.text(
        keys.get("description"), f"{field}.description", max_length=4000, required=False
    )
    uom = reader.text(keys.get("unit_of_measure"), f"{field}.unit_of_measure", max_length=60)
    uom_en = reader.text(keys.get("unit_of_measure_en"), f"{field}.unit_of_measure_en", max_length=60)
    value_type = reader.choice(keys.get("value_type"), f"{field}.value_type", [v.value for v in ValueType])
    by_units = reader.choice(
        keys.get("aggregation_units"), f"{field}.aggregation_units", [v.value for v in UnitAggregation]
    )
    by_time = reader.choice(
        keys.get("aggregation_time"), f"{field}.aggregation_time", [v.value for v in TimeAggregation]
    )
    decimals = reader.integer(keys.get("decimals"), f"{field}.decimals", minimum=0, maximum=MAX_DECIMALS)
    domain = None
    if keys.get("domain") is not None and not reader.is_null(keys["domain"]):
        domain = reader.choice(keys.get("domain"), f"{field}.domain", [d.value for d in Domain])
    categories = _read_element_categories(reader, keys.get("categories"), f"{field}.categories", usable)
    if value_type is not None:
        _check_consistency(reader, keys, field, ValueType(value_type), by_units, by_time, decimals)
    if len(reader.problems) > before:
        return None
    assert code and name and name_en and uom and uom_en and value_type and by_units and by_time
    return ElementSpec(
        code=code,
        name=name,
        name_en=name_en,
        description=description,
        unit_of_measure=uom,
        unit_of_measure_en=uom_en,
        value_type=value_type,
        aggregation_units=by_units,
        aggregation_time=by_time,
        decimals=decimals or 0,
        domain=domain,
        categories=tuple(categories),
    )


def _read_element_categories(
    reader: YamlReader, node: Node | None, field: str, usable: set[str]
) -> list[str]:
    codes: list[str] = []
    for item_field, item in reader.sequence(node, field):
        code = reader.code(item, item_field)
        if code is None:
            continue
        if code in codes:
            reader.report(item, item_field, f"phân tổ '{code}' bị lặp lại", f"category '{code}' is repeated")
        elif code not in usable:
            hint = difflib.get_close_matches(code, sorted(usable), n=1)
            vi = f"; có phải '{hint[0]}'?" if hint else ""
            en = f"; did you mean '{hint[0]}'?" if hint else ""
            reader.report(
                item,
                item_field,
                f"phân tổ '{code}' chưa được khai báo trong tệp hay trong cơ sở dữ liệu{vi}",
                f"unknown category '{code}': not declared in the file nor stored{en}",
            )
        else:
            codes.append(code)
    return codes


def _check_consistency(
    reader: YamlReader,
    keys: dict[str, Node],
    field: str,
    value_type: ValueType,
    by_units: str | None,
    by_time: str | None,
    decimals: int | None,
) -> None:
    """Aggregations that would produce meaningless figures are refused where they are declared."""
    summable = {UnitAggregation.SUM.value, UnitAggregation.AVERAGE.value}
    if value_type in _NOT_NUMERIC:
        if by_units in summable:
            reader.report(
                keys["aggregation_units"],
                f"{field}.aggregation_units",
                f"giá trị kiểu '{value_type}' không cộng hay lấy trung bình được, phải là 'none'",
                f"values of type '{value_type}' cannot be summed or averaged, must be 'none'",
            )
        if by_time in summable:
            reader.report(
                keys["aggregation_time"],
                f"{field}.aggregation_time",
                f"giá trị kiểu '{value_type}' không cộng hay lấy trung bình được, phải là 'last' hoặc 'none'",
                f"values of type '{value_type}' cannot be summed or averaged, must be 'last' or 'none'",
            )
    if value_type == ValueType.PERCENT:
        for key, chosen in (("aggregation_units", by_units), ("aggregation_time", by_time)):
            if chosen == "sum":
                reader.report(
                    keys[key],
                    f"{field}.{key}",
                    "tỷ lệ (%) không cộng dồn được; dùng 'average', 'last' hoặc 'none'",
                    "a percentage cannot be added up; use 'average', 'last' or 'none'",
                )
    if decimals and value_type != ValueType.NUMBER and value_type != ValueType.PERCENT:
        reader.report(
            keys["decimals"],
            f"{field}.decimals",
            f"kiểu '{value_type}' không có chữ số thập phân, phải là 0",
            f"type '{value_type}' has no decimal places, must be 0",
        )
