"""Read and check a regime file completely (see docs/regimes.md); the database is only looked at
through ``Context`` (data elements, units). Every problem is reported with line and field, then
``RegimeError`` is raised before anything is written."""

from __future__ import annotations

from datetime import date
from typing import Any

from yaml.nodes import Node

from baocao.periods.deadlines import DeadlineRule, DeadlineRuleError, parse_rule
from baocao.periods.holidays import WorkingCalendar
from baocao.periods.periods import Period
from baocao.periods.windows import CutoffConvention, window
from baocao.regimes.forms import CellIndex, read_forms
from baocao.regimes.models import Frequency, ReportType
from baocao.regimes.reading import Context, RegimeError, RegimeReader, plain, value_node
from baocao.regimes.spec import SENDING_METHODS, OutlineSpec, RegimeSpec, period_type
from baocao.regimes.unitrules import check_together, read_receiver, read_reporting_units
from baocao.regimes.validation_rules import read_rules

REQUIRED = (
    "code",
    "name",
    "name_en",
    "content",
    "report_type",
    "legal_basis",
    "frequency",
    "cutoff_convention",
    "deadline",
    "reporting_units",
    "receiver",
    "owner",
    "valid_from",
)
OPTIONAL = (
    "version",
    "grace_days",
    "sending_methods",
    "valid_to",
    "instructions",
    "outline",
    "forms",
    "rules",
)
MAX_GRACE_DAYS = 366


def read_regime(text: str, source: str, context: Context) -> RegimeSpec:
    """The checked content of a regime file; ``RegimeError`` lists every problem."""
    reader = RegimeReader(source, context)
    root = reader.parse_text(text)
    spec = _read(reader, root) if root is not None else None
    reader.raise_if_problems(RegimeError)
    assert spec is not None
    return spec


def _read(reader: RegimeReader, root: Node) -> RegimeSpec | None:
    keys = reader.mapping(root, "", REQUIRED, OPTIONAL)
    if keys is None:
        return None
    code = reader.code(keys.get("code"), "code", max_length=60)
    version = reader.integer(keys.get("version"), "version", minimum=1, maximum=9999)
    name = reader.text(keys.get("name"), "name", max_length=300)
    name_en = reader.text(keys.get("name_en"), "name_en", max_length=300)
    report_type = reader.choice(keys.get("report_type"), "report_type", [t.value for t in ReportType])
    frequency = reader.choice(keys.get("frequency"), "frequency", [f.value for f in Frequency])
    convention = reader.choice(
        keys.get("cutoff_convention"), "cutoff_convention", [c.value for c in CutoffConvention]
    )
    valid_from = reader.day(keys.get("valid_from"), "valid_from")
    valid_to = reader.day(keys.get("valid_to"), "valid_to") if _given(reader, keys, "valid_to") else None
    if valid_from and valid_to and valid_to <= valid_from:
        reader.report(keys["valid_to"], "valid_to", "phải sau valid_from", "must be after valid_from")
    if report_type and frequency:
        _check_type_and_frequency(reader, keys["frequency"], report_type, frequency)
    deadline = None
    if keys.get("deadline") is not None:
        deadline = _deadline(reader, keys["deadline"], frequency, convention, valid_from)
    grace = keys.get("grace_days")
    grace_days = (
        0 if grace is None else reader.integer(grace, "grace_days", minimum=0, maximum=MAX_GRACE_DAYS)
    )
    reporting = receiver = None
    if keys.get("reporting_units") is not None:
        reporting = read_reporting_units(reader, keys["reporting_units"], "reporting_units", valid_from)
    if keys.get("receiver") is not None:
        receiver = read_receiver(reader, keys["receiver"], "receiver", valid_from)
    if reporting and receiver:
        check_together(reader, keys["reporting_units"], "reporting_units", reporting, receiver)
    owner = _owner(reader, keys.get("owner"), valid_from)
    outline = _outline(reader, keys.get("outline"))
    index = CellIndex()
    forms = read_forms(reader, keys.get("forms"), index)
    rules = read_rules(reader, keys.get("rules"), index)
    if not _given(reader, keys, "outline") and not _given(reader, keys, "forms"):
        reader.report(
            root,
            "forms",
            "chế độ báo cáo cần ít nhất một đề cương (outline) hoặc một biểu mẫu (forms)",
            "a regime needs at least one outline section or one form",
        )
    if reader.problems:
        return None
    assert code and name and name_en and report_type and frequency and convention and valid_from
    assert deadline is not None and grace_days is not None and reporting and receiver and owner
    return RegimeSpec(
        code=code,
        version=version,
        name=name,
        name_en=name_en,
        content=reader.long_text(keys.get("content"), "content"),
        report_type=report_type,
        legal_basis=reader.long_text(keys.get("legal_basis"), "legal_basis"),
        frequency=frequency,
        cutoff_convention=convention,
        deadline=deadline,
        grace_days=grace_days,
        reporting_units=reporting,
        receiver=receiver,
        sending_methods=_sending_methods(reader, keys.get("sending_methods")),
        owner=owner,
        valid_from=valid_from,
        valid_to=valid_to,
        instructions=reader.long_text(keys.get("instructions"), "instructions", required=False),
        outline=tuple(outline),
        forms=tuple(forms),
        rules=tuple(rules),
        nodes={k: keys[k] for k in ("code", "version", "valid_from", "owner") if k in keys},
    )


def _given(reader: RegimeReader, keys: dict[str, Node], key: str) -> bool:
    return key in keys and not reader.is_null(keys[key])


def _check_type_and_frequency(reader: RegimeReader, node: Node, report_type: str, frequency: str) -> None:
    """Decree 09 Art. 4: periodic reports have a period; ad hoc ones answer an event."""
    if report_type == ReportType.AD_HOC and frequency != Frequency.AD_HOC:
        reader.report(
            node,
            "frequency",
            "báo cáo đột xuất (dot_xuat) phải có frequency: ad_hoc",
            "an ad hoc report (dot_xuat) needs frequency: ad_hoc",
        )
    if report_type == ReportType.PERIODIC and frequency == Frequency.AD_HOC:
        reader.report(
            node,
            "frequency",
            "báo cáo định kỳ (dinh_ky) không thể có frequency: ad_hoc",
            "a periodic report (dinh_ky) cannot have frequency: ad_hoc",
        )


def _deadline(
    reader: RegimeReader, node: Node, frequency: str | None, convention: str | None, first_day: date | None
) -> dict[str, Any] | None:
    raw = plain(node)
    if not isinstance(raw, dict | str):
        reader.report(node, "deadline", "phải là một bảng hoặc một chuỗi", "must be a mapping or a string")
        return None
    try:
        rule = parse_rule(raw)
    except DeadlineRuleError as exc:
        field = "deadline" if isinstance(raw, str) else f"deadline.{exc.field}"
        reader.report(value_node(node, exc.field), field, exc.message, exc.message_en)
        return None
    if frequency and convention and first_day:
        _try_deadline(reader, node, rule, frequency, CutoffConvention(convention), first_day)
    return rule.as_spec()


def _try_deadline(
    reader: RegimeReader,
    node: Node,
    rule: DeadlineRule,
    frequency: str,
    convention: CutoffConvention,
    day: date,
) -> None:
    """Apply the rule to the first period of the year the version starts in: it must give a date after
    the period's cut-off (rules that cannot apply to the frequency fail here)."""
    period = Period.of(date(day.year, 1, 1), period_type(frequency))
    try:
        due = rule.due(period, convention, WorkingCalendar())
    except (DeadlineRuleError, ValueError) as exc:
        vi, en = (exc.message, exc.message_en) if isinstance(exc, DeadlineRuleError) else (str(exc), str(exc))
        reader.report(node, "deadline", f"{vi} (tần suất '{frequency}')", f"{en} (frequency '{frequency}')")
        return
    end = window(period, convention).end
    if due <= end:
        reader.report(
            node,
            "deadline",
            f"thời hạn {due:%d/%m/%Y} của kỳ {period} không sau ngày chốt số liệu {end:%d/%m/%Y}",
            f"the deadline {due} of period {period} is not after the cut-off's last day {end}",
        )


def _owner(reader: RegimeReader, node: Node | None, day: date | None) -> str | None:
    code = reader.text(node, "owner", max_length=20)
    if code is None or node is None or day is None:
        return code
    if not reader.context.unit_exists(code, day):
        reader.report(
            node,
            "owner",
            f"không có đơn vị mang mã '{code}' vào ngày {day:%d/%m/%Y} (ngày bắt đầu hiệu lực)",
            f"no unit has code '{code}' on {day.isoformat()} (the version's valid_from)",
        )
        return None
    return code


def _sending_methods(reader: RegimeReader, node: Node | None) -> tuple[str, ...]:
    if node is None or reader.is_null(node):
        return ("he_thong",)
    methods: list[str] = []
    for field, item in reader.sequence(node, "sending_methods", non_empty=True):
        method = reader.choice(item, field, SENDING_METHODS)
        if method and method not in methods:
            methods.append(method)
    return tuple(methods)


def _outline(reader: RegimeReader, node: Node | None) -> list[OutlineSpec]:
    items = reader.sequence(node, "outline")
    reader.unique_codes(items, "mục đề cương", "outline section")
    sections = []
    for field, item in items:
        keys = reader.mapping(item, field, ("code", "title", "title_en"), ("guidance", "required"))
        if keys is None:
            continue
        code = reader.code(keys.get("code"), f"{field}.code")
        title = reader.text(keys.get("title"), f"{field}.title", max_length=300)
        title_en = reader.text(keys.get("title_en"), f"{field}.title_en", max_length=300)
        guidance = reader.long_text(keys.get("guidance"), f"{field}.guidance", required=False)
        required = reader.flag(keys.get("required"), f"{field}.required")
        if code and title and title_en:
            sections.append(OutlineSpec(code, title, title_en, guidance, required))
    return sections
