"""The Excel round trip with openpyxl playing the user: download the template over HTTP, check what a
user sees (labels, protection, validation, formats, required marks), fill it in, upload it, read the
stored figures back through the API; then download it again, pre-filled, change it and upload again."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import unquote

from openpyxl.workbook.workbook import Workbook

from baocao.periods.periods import parse_period
from tests.access.world import World
from tests.conftest import LiveServer
from tests.excel.helpers import (
    API,
    STORED,
    XLSX,
    download,
    fill,
    find,
    fresh_period,
    log_in,
    saved,
    template,
    upload,
    values_of,
)


def _rules(book: Workbook, sheet: str) -> dict[str, tuple[str, str | None, str | None]]:
    """address → (type, operator, formula1) of the data validation covering it."""
    found = {}
    for rule in book[sheet].data_validations.dataValidation:
        for cell_range in rule.sqref.ranges:
            found[cell_range.coord] = (rule.type, rule.operator, rule.formula1)
    return found


def test_the_template_is_what_a_user_needs(world: World, world_server: LiveServer) -> None:
    period = fresh_period()
    with world_server.client() as client:
        user = log_in(client, world)
        answer = download(user, period)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == XLSX
        disposition = answer.headers["content-disposition"]
        assert f'filename="mau_X_EXCEL_01_{period}.xlsx"' in disposition
        utf8_name = unquote(disposition.split("filename*=UTF-8''")[1])
        assert utf8_name.startswith("Mẫu X_EXCEL - ") and "Hà Nội" in utf8_name and "Tháng" in utf8_name
        book = template(user, period)

    assert book.sheetnames == ["Hướng dẫn", "Biểu 01", "Biểu 02", "Đề cương", "_baocao"]
    assert book["_baocao"].sheet_state == "veryHidden"
    assert book.security.lockStructure
    when = parse_period(period)
    form = book["Biểu 01"]
    assert form["A1"].value == "Biểu 01. Học sinh và giáo viên"
    assert form["A2"].value == "Báo cáo thử nghiệm nhập liệu bằng Excel"
    assert re.fullmatch(r"Đơn vị báo cáo: .*Hà Nội \(mã 01\)", form["A3"].value)
    assert form["A4"].value.startswith("Đơn vị nhận báo cáo: Chính phủ")
    assert form["A5"].value == f"Kỳ báo cáo: Tháng {when.index}/{when.year}"
    assert re.fullmatch(r"Thời hạn gửi báo cáo: \d\d/\d\d/\d{4}", form["A6"].value)
    assert [c.value for c in form[9]][:6] == ["Mã số", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Nam", "Nữ"]
    assert [c.value for c in form[10]][3:6] == ["C1", "C2", "C3"]
    assert [form[f"A{n}"].value for n in range(11, 15)] == ["R01", "R02", "R03", "R04"]
    assert form["B12"].value == "Tiểu học" and form["C12"].value == "học sinh"

    # Only input cells are open; totals are locked formulas over the cells they add up.
    assert form.protection.sheet and book["Biểu 02"].protection.sheet and book["Đề cương"].protection.sheet
    assert not form["E12"].protection.locked and not form["F14"].protection.locked
    assert form["D12"].protection.locked and form["B12"].protection.locked and form["E11"].protection.locked
    assert form["D12"].value.startswith("=") and "E12+F12" in form["D12"].value
    assert "E12+E13" in form["E11"].value

    # Validation and number formats follow each element's type and decimals.
    rules = _rules(book, "Biểu 01")
    assert rules["E12"] == ("whole", "greaterThanOrEqual", "0")
    assert "D12" not in rules  # computed
    others = _rules(book, "Biểu 02")
    assert others["D11"][0] == "decimal" and others["D12"][0] == "decimal"
    assert others["D13"] == ("list", None, '"Có,Không"')
    assert others["D14"][0] == "date" and others["D15"][0] == "textLength"
    second = book["Biểu 02"]
    assert second["D11"].number_format == "#,##0.00" and second["D12"].number_format == "#,##0.0"
    assert form["E12"].number_format == "#,##0" and second["D14"].number_format == "dd/mm/yyyy"

    # Required cells are marked (another colour and a note).
    assert form["E12"].comment is not None and form["F12"].comment is None
    assert form["E12"].fill.fgColor.rgb != form["F12"].fill.fgColor.rgb
    assert second["D11"].comment is not None

    narrative = book["Đề cương"]
    assert narrative["A6"].value == "I" and narrative["B6"].value == "Thuyết minh số liệu (*)"
    assert narrative["B7"].value == "Kiến nghị" and not narrative["C6"].protection.locked
    guide = [c.value for c in book["Hướng dẫn"]["A"] if c.value]
    assert any("chưa lập báo cáo" in line for line in guide)
    assert "Số liệu tại ngày cuối tháng báo cáo." in guide


def test_fill_upload_read_back_and_upload_again(world: World, world_server: LiveServer) -> None:
    period = fresh_period()
    with world_server.client() as client:
        user = log_in(client, world)
        book = fill(template(user, period))
        answer = upload(user, saved(book), regime="X_EXCEL", unit="01", period=period)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["submission"]["unit"] == "01" and body["submission"]["period"] == period
        assert body["submission"]["state"] == "draft"
        assert body["cells_read"] == 11 and body["sections_read"] == 1
        assert body["result"]["changed"] == 11 and body["result"]["narrative_changed"]
        submission_id = body["submission"]["id"]

        detail = client.get(f"{API}/submissions/{submission_id}").json()
        assert values_of(detail) == STORED
        assert detail["narrative"] == {"I": "Số học sinh tăng 5% so với cùng kỳ."}
        history = client.get(f"{API}/submissions/{submission_id}/history", params={"limit": 100}).json()
        assert {c["entry_path"] for c in history["changes"]} == {"excel"}
        assert {c["actor_name"] for c in history["changes"]} == {user.username}

        # The next download is pre-filled with what is stored, and the deadline is the submission's.
        again = template(user, period)
        assert again["Biểu 01"]["E12"].value == 10 and again["Biểu 01"]["F14"].value == 4
        assert again["Biểu 02"]["D11"].value == 1234.56 and again["Biểu 02"]["D13"].value == "Có"
        assert again["Biểu 02"]["D14"].value == datetime(2026, 9, 5)
        assert again["Đề cương"]["C6"].value == "Số học sinh tăng 5% so với cùng kỳ."
        deadline = datetime.strptime(again["Biểu 01"]["A6"].value.split(": ")[1], "%d/%m/%Y").date()
        assert deadline.isoformat() == detail["deadline"]
        assert any("đang soạn" in str(c.value) for c in again["Hướng dẫn"]["A"])

        # Change one figure, clear another, write the second section; the CSRF token in the form.
        fill(again, {"Biểu 01": {"E12": 11, "F14": None}, "Đề cương": {"C7": "Bổ sung giáo viên."}})
        answer = upload(user, saved(again), csrf_in_form=True)
        assert answer.status_code == 200, answer.text
        assert answer.json()["result"]["changed"] == 2
        stored = values_of(client.get(f"{API}/submissions/{submission_id}").json())
        assert stored[("X_HS", "x_cap=th;x_gt=nam")] == 11 and stored[("X_HS", "")] == 34
        assert ("X_GV", "x_gt=nu") not in stored and ("X_GV", "") not in stored  # a total needs both
        changes = client.get(f"{API}/submissions/{submission_id}/history", params={"limit": 100}).json()
        changed = {(c["element"], c["options"]): (c["old_value"], c["new_value"]) for c in changes["changes"]}
        assert changed[("X_GV", "x_gt=nu")] == ("4", None)
        assert find(user, period)[0]["id"] == submission_id  # still the one submission


def test_template_parameters_are_checked(world: World, world_server: LiveServer) -> None:
    with world_server.client() as client:
        user = log_in(client, world)
        unknown = download(user, fresh_period(), regime="KHONG_CO")
        assert unknown.status_code == 404
        assert (unknown.json()["error"]["field"], unknown.json()["error"]["location"]) == ("regime", "query")
        wrong = download(user, "2025-13")
        assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "period"
        quarter = download(user, "2026-Q3")
        assert quarter.status_code == 422 and "2025-07" in quarter.json()["error"]["message"]
        other_unit = download(user, fresh_period(), unit="79")
        assert other_unit.status_code == 403 and other_unit.json()["error"]["field"] == "unit"
