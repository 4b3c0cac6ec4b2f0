"""From DHIS2 identifiers in a row to our codes, through the mapping table: one conflict per
identifier that does not map (a row can have several), nothing looked up in the database."""

from __future__ import annotations

from dataclasses import dataclass

from baocao.dhis2.conflicts import Conflict, ErrorCode
from baocao.dhis2.formats import RawValue
from baocao.dhis2.mapping import MappingIndex
from baocao.dhis2.models import MappingKind
from baocao.dhis2.periods import PeriodError, from_dhis2
from baocao.submissions.keys import OptionKeyError, make_option_key

STRATEGIES = ("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE")
SCHEMES = ("UID", "CODE")


@dataclass(frozen=True)
class Schemes:
    data_element: str = "UID"
    org_unit: str = "UID"
    category_option_combo: str = "UID"
    data_set: str = "UID"


@dataclass(frozen=True)
class Resolved:
    row: RawValue
    regime: str
    unit: str
    period: str
    element: str
    option_key: str


def conflict(row: RawValue, prop: str, obj: str, code: ErrorCode, vi: str, en: str) -> Conflict:
    where = f"{row.location}: "
    return Conflict(obj, prop, f"{where}{vi}", f"{where}{en}", code, [row.index], row.line, row.location)


def _option_key(row: RawValue, index: MappingIndex, scheme: str) -> tuple[str | None, list[Conflict]]:
    if row.coc is not None or not row.disaggregation:
        coc = row.coc or ""
        key = index.target(MappingKind.CATEGORY_OPTION_COMBO, coc, scheme)
        if key is None:
            return None, [
                conflict(
                    row,
                    "categoryOptionCombo",
                    coc,
                    ErrorCode.COC,
                    f"Không có ánh xạ cho tổ hợp phương án phân tổ '{coc}' ({scheme})",
                    f"No mapping for category option combo '{coc}' ({scheme})",
                )
            ]
        return key, []
    pairs: dict[str, str] = {}
    problems = []
    for dhis2_category, dhis2_option in sorted(row.disaggregation.items()):
        category = index.target(MappingKind.CATEGORY, dhis2_category, "CODE")
        option = index.target(MappingKind.CATEGORY_OPTION, dhis2_option, "CODE")
        if category is None:
            problems.append(
                conflict(
                    row,
                    dhis2_category,
                    dhis2_category,
                    ErrorCode.COC,
                    f"Không có ánh xạ cho phân tổ '{dhis2_category}'",
                    f"No mapping for category '{dhis2_category}'",
                )
            )
        elif option is None:
            problems.append(
                conflict(
                    row,
                    dhis2_category,
                    dhis2_option,
                    ErrorCode.COC,
                    f"Không có ánh xạ cho phương án '{dhis2_option}' của phân tổ '{dhis2_category}'",
                    f"No mapping for option '{dhis2_option}' of category '{dhis2_category}'",
                )
            )
        else:
            pairs[category] = option
    if problems:
        return None, problems
    try:
        return make_option_key(pairs), []
    except OptionKeyError as exc:
        return None, [
            conflict(
                row,
                "categoryOptionCombo",
                str(row.disaggregation),
                ErrorCode.COC,
                exc.message,
                exc.message_en,
            )
        ]


def _mapped(
    row: RawValue, index: MappingIndex, problems: list[Conflict], kind: MappingKind, prop: str, code: str,
    scheme: str, error: ErrorCode,
) -> str | None:  # fmt: skip
    """Our code for a DHIS2 identifier; a conflict naming it (and its id scheme) when unmapped."""
    found = index.target(kind, code, scheme)
    if found is None:
        problems.append(conflict(row, prop, code, error, f"Không có ánh xạ cho {prop} '{code}' ({scheme})",
                                 f"No mapping for {prop} '{code}' ({scheme})"))  # fmt: skip
    return found


def resolve_row(
    row: RawValue, index: MappingIndex, schemes: Schemes, strategy: str
) -> tuple[Resolved | None, list[Conflict]]:
    """The row in our codes, or the conflicts that stop it (every one, not just the first)."""
    problems: list[Conflict] = []
    regime = None
    if not row.data_set:
        problems.append(
            conflict(
                row,
                "dataSet",
                "",
                ErrorCode.DATA_SET,
                "Thiếu dataSet (trong dữ liệu hoặc tham số dataSet=)",
                "dataSet is missing (give it in the payload or as ?dataSet=)",
            )
        )
    else:
        regime = _mapped(row, index, problems, MappingKind.DATA_SET, "dataSet", row.data_set,
                         schemes.data_set, ErrorCode.DATA_SET)  # fmt: skip
    element = _mapped(row, index, problems, MappingKind.DATA_ELEMENT, "dataElement", row.data_element,
                      schemes.data_element, ErrorCode.DATA_ELEMENT)  # fmt: skip
    unit = _mapped(row, index, problems, MappingKind.ORG_UNIT, "orgUnit", row.org_unit, schemes.org_unit,
                   ErrorCode.ORG_UNIT)  # fmt: skip
    period = None
    try:
        period = str(from_dhis2(row.period))
    except PeriodError as exc:
        problems.append(
            conflict(
                row,
                "period",
                row.period,
                ErrorCode.PERIOD,
                f"Kỳ '{row.period}' không hợp lệ: {exc.message}",
                f"Period '{row.period}' is not valid: {exc.message_en}",
            )
        )
    key, coc_problems = _option_key(row, index, schemes.category_option_combo)
    problems += coc_problems
    if strategy != "DELETE" and (row.value is None or row.value.strip() == ""):
        problems.append(
            conflict(
                row, "value", "", ErrorCode.VALUE_REQUIRED, "Thiếu giá trị (value)", "The value is missing"
            )
        )
    if problems or regime is None or element is None or unit is None or period is None or key is None:
        return None, problems
    return Resolved(row, regime, unit, period, element, key), []
