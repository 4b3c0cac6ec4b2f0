"""A bad regime file is refused with every problem named by line and field, and nothing is stored."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.regimes.conftest import stored
from tests.regimes.samples import BASE, SOURCE, edit, line_of, load, problem, refuse


def test_the_sample_is_valid(db: Session) -> None:
    result = load(db, BASE)
    assert (result.code, result.version, result.created) == ("MAU_THU", 1, True)


def test_a_syntax_error_names_its_line_and_nothing_is_stored(db: Session) -> None:
    before = stored(db)
    text = edit("name_en: Sample report", "name_en: Sample: report: broken")
    error = refuse(db, text)
    assert len(error.problems) == 1
    assert error.problems[0].location == f"{SOURCE}:3"
    assert error.problems[0].message.startswith("lỗi cú pháp YAML")
    assert error.status == 422 and error.code == "invalid_file"
    assert stored(db) == before


def test_an_unknown_element_names_the_row_line_and_suggests_the_right_code(db: Session) -> None:
    text = edit("element: HOC_SINH, options: {cap_hoc: thcs}", "element: HOC_SIHN, options: {cap_hoc: thcs}")
    found = problem(refuse(db, text), "forms[0].rows[1].element")
    assert found.location == f"{SOURCE}:{line_of(text, 'HOC_SIHN')}"
    assert "chỉ tiêu 'HOC_SIHN' không có trong danh mục; có phải 'HOC_SINH'?" in found.message
    assert "did you mean 'HOC_SINH'?" in found.message_en


def test_options_must_exist_and_apply_to_the_element(db: Session) -> None:
    text = edit("options: {cap_hoc: thcs}", "options: {cap_hoc: dai_hoc}")
    text = edit("options: {gioi_tinh: nu}", "options: {khu_vuc: thanh_thi}", text)
    error = refuse(db, text)
    unknown = problem(error, "forms[0].rows[1].options.cap_hoc")
    assert unknown.location == f"{SOURCE}:{line_of(text, 'dai_hoc')}"
    assert "no option 'dai_hoc'" in unknown.message_en and "tieu_hoc" in unknown.message_en
    foreign = [p for p in error.problems if p.field == "forms[0].columns[2].options.khu_vuc"]
    assert foreign and all(p.location == f"{SOURCE}:{line_of(text, 'khu_vuc')}" for p in foreign)
    assert "element 'HOC_SINH' has no category 'khu_vuc'" in foreign[0].message_en


def test_a_duplicate_row_code_names_both_lines(db: Session) -> None:
    text = edit("{code: R02, label: THCS", "{code: R01, label: THCS")
    found = problem(refuse(db, text), "forms[0].rows[1].code")
    assert found.location == f"{SOURCE}:{line_of(text, 'label: THCS')}"
    assert f"already declared at line {line_of(text, 'label: Tiểu học')}" in found.message_en


def test_bad_deadline_rules_name_the_key_at_fault(db: Session) -> None:
    too_late = edit("days: 20}", "days: 400}")
    found = problem(refuse(db, too_late), "deadline.days")
    assert found.location == f"{SOURCE}:9" and "from 1 to 250" in found.message_en

    unknown = edit("{rule: working_days_after_period_end, days: 20}", "{rule: end_of_month, days: 20}")
    assert "No deadline rule 'end_of_month'" in problem(refuse(db, unknown), "deadline.rule").message_en

    # The 25th of the period's last month means nothing for an ad hoc report on a day.
    ad_hoc = edit("report_type: dinh_ky", "report_type: dot_xuat")
    ad_hoc = edit("frequency: year", "frequency: ad_hoc", ad_hoc)
    ad_hoc = edit("{rule: working_days_after_period_end, days: 20}", "day_of_last_month:25", ad_hoc)
    found = problem(refuse(db, ad_hoc), "deadline")
    assert found.location == f"{SOURCE}:9" and "applies to month" in found.message_en

    # A yearly calendar report due on 25 December would be due before its data is complete.
    early = edit("{rule: working_days_after_period_end, days: 20}", "{rule: day_of_last_month, day: 25}")
    assert "not after the cut-off" in problem(refuse(db, early), "deadline").message_en


def test_a_rule_naming_a_missing_cell_or_element(db: Session) -> None:
    text = edit("expression: R01.C2 >= 0", "expression: R09.C2 + HOC_SINH[cap_hoc=mam_non] >= 0")
    error = refuse(db, text)
    messages = [p.message_en for p in error.problems if p.field == "rules[0].expression"]
    line = line_of(text, "R09.C2")
    assert {p.location for p in error.problems} == {f"{SOURCE}:{line}"}
    assert "cell 'B01!R09.C2' is not in the regime's forms (or is an empty cell)" in messages
    assert any("'HOC_SINH[cap_hoc=mam_non]' has no cell" in m and "[cap_hoc=thcs]" in m for m in messages)


def test_a_cell_bound_twice_and_a_cell_without_element(db: Session) -> None:
    twice = edit(
        "      - {code: R02,",
        "      - {code: R03, label: Lại tiểu học, label_en: Again, element: HOC_SINH,\n"
        "         options: {cap_hoc: tieu_hoc}}\n"
        "      - {code: R02,",
    )
    error = refuse(db, twice)
    found = [p for p in error.problems if p.field == "forms[0].rows[1]"]
    assert found[0].location == f"{SOURCE}:{line_of(twice, 'Lại tiểu học')}"
    assert "cells B01!R03.C2 and B01!R01.C2 are both bound to HOC_SINH[cap_hoc=tieu_hoc;gioi_tinh=nam]" in [
        p.message_en for p in found
    ]

    unbound = edit("label_en: Lower secondary, element: HOC_SINH, ", "label_en: Lower secondary, ")
    found_one = problem(refuse(db, unbound), "forms[0].rows[1]")
    assert "cells R02.C1, R02.C2, R02.C3 have no data element" in found_one.message_en


def test_formulas_must_name_cells_of_the_form_without_circles(db: Session) -> None:
    circle = edit("label_en: Male, options:", "label_en: Male, formula: C1, options:")
    found = problem(refuse(db, circle), "forms[0].columns[0].formula")
    assert "circular formulas" in found.message_en and "R01.C1 → R01.C2 → R01.C1" in found.message_en

    stranger = edit("formula: C2 + C3", "formula: C2 + C4")
    found = problem(refuse(db, stranger), "forms[0].columns[0].formula")
    assert found.location == f"{SOURCE}:{line_of(stranger, 'C2 + C4')}"
    assert "'C4' is not a column code of this form" in found.message_en


def test_units_must_exist_on_valid_from(db: Session) -> None:
    # Bộ Nông nghiệp và Môi trường exists from 1 March 2025 only; Hà Giang (02) until 30 June 2025.
    text = edit("owner: VPCP", "owner: BNNMT")
    text = edit("reporting_units: all_provinces", 'reporting_units: {rule: list, units: ["01", "02"]}', text)
    text = edit("valid_from: 2020-01-01", "valid_from: 2025-01-01", text)
    error = refuse(db, text)
    assert problem(error, "owner").location == f"{SOURCE}:12"
    assert "no unit has code 'BNNMT' on 2025-01-01" in problem(error, "owner").message_en
    assert not [p for p in error.problems if p.field and p.field.startswith("reporting_units")]

    later = edit("valid_from: 2020-01-01", "valid_from: 2025-08-01")
    later = edit(
        "reporting_units: all_provinces", 'reporting_units: {rule: list, units: ["01", "02"]}', later
    )
    assert (
        "no unit has code '02' on 2025-08-01"
        in problem(refuse(db, later), "reporting_units.units[1]").message_en
    )


def test_every_problem_is_reported_at_once_in_both_languages(db: Session) -> None:
    text = edit("frequency: year", "frequency: yearly")
    text = edit("importance: error", "importance: fatal", text)
    text = edit("receiver: CP", "receiver: {rule: parent, level: county}", text)
    # A refused form does not hide a rule's reference to a cell the form does not have.
    text = edit(
        "element: HOC_SINH, options: {cap_hoc: thcs}", "element: HOC_SIHN, options: {cap_hoc: thcs}", text
    )
    text = edit("expression: R01.C2 >= 0", "expression: R01.C2 >= R07.C2", text)
    error = refuse(db, text)
    fields = [p.field for p in error.problems]
    assert sorted(fields) == sorted(
        [
            "frequency",
            "rules[0].importance",
            "receiver.level",
            "forms[0].rows[1].element",
            "rules[0].expression",
        ]
    )
    assert (
        "cell 'B01!R07.C2' is not in the regime's forms" in problem(error, "rules[0].expression").message_en
    )
    assert all(p.message and p.message_en and p.location for p in error.problems)
    assert "'yearly' không hợp lệ" in problem(error, "frequency").message
