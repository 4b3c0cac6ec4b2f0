"""A small valid regime file to break in tests, and helpers to find lines in it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from baocao.errors import ErrorDetail
from baocao.regimes.loader import LoadResult, load_regime
from baocao.regimes.reading import RegimeError

SOURCE = "mau.yaml"

BASE = """\
code: MAU_THU
name: Báo cáo mẫu
name_en: Sample report
content: Nội dung mẫu.
report_type: dinh_ky
legal_basis: Nghị định số 09/2019/NĐ-CP.
frequency: year
cutoff_convention: statistical
deadline: {rule: working_days_after_period_end, days: 20}
reporting_units: all_provinces
receiver: CP
owner: VPCP
valid_from: 2020-01-01
outline:
  - {code: I, title: Thuyết minh, title_en: Notes}
forms:
  - code: B01
    name: Học sinh
    name_en: Pupils
    columns:
      - {code: C1, label: Tổng số, label_en: Total, formula: C2 + C3}
      - {code: C2, label: Nam, label_en: Male, options: {gioi_tinh: nam}}
      - {code: C3, label: Nữ, label_en: Female, options: {gioi_tinh: nu}}
    rows:
      - {code: R01, label: Tiểu học, label_en: Primary, element: HOC_SINH, options: {cap_hoc: tieu_hoc}}
      - {code: R02, label: THCS, label_en: Lower secondary, element: HOC_SINH, options: {cap_hoc: thcs}}
rules:
  - code: V01
    kind: in_form
    importance: error
    expression: R01.C2 >= 0
    message: Số học sinh không được âm
    message_en: Pupils cannot be negative
"""


def line_of(text: str, snippet: str) -> int:
    """The 1-based line holding ``snippet`` (exactly once)."""
    found = [i + 1 for i, line in enumerate(text.splitlines()) if snippet in line]
    assert len(found) == 1, f"{snippet!r} found on lines {found}"
    return found[0]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def load(session: Session, text: str) -> LoadResult:
    return load_regime(session, text, name=SOURCE)


def refuse(session: Session, text: str) -> RegimeError:
    with pytest.raises(RegimeError) as caught:
        load(session, text)
    return caught.value


def problem(error: RegimeError, field: str) -> ErrorDetail:
    """The one problem naming ``field``."""
    found = [p for p in error.problems if p.field == field]
    assert len(found) == 1, (
        f"no single problem for {field}: {[(p.field, p.message_en) for p in error.problems]}"
    )
    return found[0]
