"""Bad uploads: each gives a clear error naming the sheet and cell (or the file), and the submission is
exactly as before — same values, narrative, state, lock version, versions and value-change trail."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from tests.access.world import World
from tests.conftest import LiveServer
from tests.excel.helpers import (
    User,
    download,
    fill,
    find,
    fresh_period,
    locations,
    log_in,
    saved,
    snapshot,
    template,
    upload,
)


@dataclass(frozen=True)
class Baseline:
    period: str
    submission_id: int
    prefilled: bytes  # the template downloaded after a good upload

    def book(self) -> Workbook:
        """The pre-filled template with one more valid change, which must not be stored either."""
        book = openpyxl.load_workbook(io.BytesIO(self.prefilled))
        book["Biểu 01"]["F12"] = 99
        return book


@pytest.fixture(scope="module")
def baseline(world: World, world_server: LiveServer) -> Baseline:
    period = fresh_period()
    with world_server.client() as client:
        user = log_in(client, world)
        answer = upload(user, saved(fill(template(user, period))))
        assert answer.status_code == 200, answer.text
        prefilled = download(user, period).content
    return Baseline(period, answer.json()["submission"]["id"], prefilled)


@pytest.fixture
def user(world: World, world_server: LiveServer) -> Any:
    with world_server.client() as client:
        yield log_in(client, world)


def refused(
    user: User, baseline: Baseline, data: bytes, status: int = 422, name: str = "bao_cao.xlsx", **params: str
) -> dict[str, Any]:
    before = snapshot(user, baseline.submission_id)
    answer = upload(user, data, name, **params)
    assert answer.status_code == status, answer.text
    assert snapshot(user, baseline.submission_id) == before, "a refused upload changed the submission"
    error: dict[str, Any] = answer.json()["error"]
    assert error["message"] and error["message_en"] and error["message"] != error["message_en"]
    return error


def _details(error: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["location"]: d for d in error["details"]}


def test_text_in_number_cells_names_each_cell(user: User, baseline: Baseline) -> None:
    book = fill(
        baseline.book(),
        {
            "Biểu 01": {"E12": "12 học sinh"},
            "Biểu 02": {"D11": "1.234,5", "D12": 97.55, "D13": "Có lẽ", "D14": "31/02/2026"},
        },
    )
    error = refused(user, baseline, saved(book))
    assert error["code"] == "invalid_workbook"
    found = _details(error)
    assert set(found) == {"Biểu 01!E12", "Biểu 02!D11", "Biểu 02!D12", "Biểu 02!D13", "Biểu 02!D14"}
    text = found["Biểu 01!E12"]
    assert text["field"] == "X_HS[x_cap=th;x_gt=nam]"
    assert "cần một số" in text["message"] and "nhận được '12 học sinh'" in text["message"]
    assert "a number is needed" in text["message_en"] and "got '12 học sinh'" in text["message_en"]
    assert "1.234,5" in found["Biểu 02!D11"]["message"]
    assert "tối đa 1 chữ số" in found["Biểu 02!D12"]["message"]
    assert "'Có lẽ'" in found["Biểu 02!D13"]["message"]
    assert "2026-02-31" in found["Biểu 02!D14"]["message"]


def test_a_renamed_sheet(user: User, baseline: Baseline) -> None:
    book = baseline.book()
    book["Biểu 02"].title = "Sheet1"
    error = refused(user, baseline, saved(book))
    found = _details(error)
    assert set(found) == {"Biểu 02", "Sheet1"}
    assert "Thiếu trang 'Biểu 02'" in found["Biểu 02"]["message"]
    assert "'Sheet1'" in found["Biểu 02"]["message"] and found["Sheet1"]["field"] == "sheet"


def test_a_deleted_sheet(user: User, baseline: Baseline) -> None:
    book = baseline.book()
    del book["Đề cương"]
    error = refused(user, baseline, saved(book))
    assert set(_details(error)) == {"Đề cương"}


def test_merged_cells(user: User, baseline: Baseline) -> None:
    book = baseline.book()
    book["Biểu 01"].merge_cells("E12:F12")
    error = refused(user, baseline, saved(book))
    merged = _details(error)["Biểu 01!E12:F12"]
    assert merged["field"] == "merged_cells" and "ô gộp" in merged["message"]


def _insert_row(book: Workbook) -> None:
    sheet = book["Biểu 01"]
    sheet.insert_rows(13)
    sheet["A13"], sheet["B13"], sheet["E13"] = "R99", "Dòng thêm", 5


def _append_row(book: Workbook) -> None:
    sheet = book["Biểu 01"]
    sheet["A15"], sheet["B15"], sheet["E15"] = "R05", "Dòng thêm", 7


def _delete_row(book: Workbook) -> None:
    book["Biểu 01"].delete_rows(12)


def _insert_column(book: Workbook) -> None:
    book["Biểu 01"].insert_cols(5)


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        (_insert_row, "Biểu 01!A13", "cần mã dòng 'R03', thấy 'R99'"),
        (_append_row, "Biểu 01!A15", "ô ngoài mẫu có nội dung 'R05'"),
        (_delete_row, "Biểu 01!A12", "cần mã dòng 'R02', thấy 'R03'"),
        (_insert_column, "Biểu 01!E10", "cần mã cột 'C2'"),
    ],
    ids=["row inserted", "row appended", "row deleted", "column inserted"],
)
def test_rows_and_columns_added_or_removed(
    user: User, baseline: Baseline, change: Callable[[Workbook], None], where: str, says: str
) -> None:
    book = baseline.book()
    change(book)
    error = refused(user, baseline, saved(book))
    found = _details(error)
    assert where in found, found
    assert says in found[where]["message"]


def test_fifty_megabytes_are_refused_by_size(user: User, baseline: Baseline) -> None:
    error = refused(user, baseline, os.urandom(50 * 1024 * 1024), status=413)
    assert error["code"] == "file_too_large" and error["field"] == "file"
    assert "10.0 MB" in error["message"] and "50.0 MB" in error["message"]


def test_a_zip_bomb_is_refused_before_it_is_opened(user: User, baseline: Baseline) -> None:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(baseline.prefilled)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for member in source.infolist():
            bomb.writestr(member, source.read(member))
        with bomb.open("xl/media/zeros.bin", "w") as stream:
            for _ in range(60):
                stream.write(bytes(1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024  # small on the wire, 60 MB once unpacked
    error = refused(user, baseline, out.getvalue(), status=413)
    assert error["code"] == "file_too_large" and "giải nén" in error["message"]


def test_a_csv_renamed_xlsx(user: User, baseline: Baseline) -> None:
    csv = b"element,options,value\nX_KP,,12\n"
    error = refused(user, baseline, csv, name="bao_cao.xlsx")
    assert error["code"] == "not_xlsx" and error["location"] == "bao_cao.xlsx"
    assert "CSV" in error["message"] and "element,options,value" in error["message"]


def test_an_old_xls(user: User, baseline: Baseline) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)  # a compound file, as .xls files are
    error = refused(user, baseline, ole, name="bao_cao.xls")
    assert error["code"] == "xls_not_supported" and error["location"] == "bao_cao.xls"
    assert "định dạng .xls cũ không được hỗ trợ, hãy lưu thành .xlsx" in error["message"]


@pytest.mark.parametrize(
    ("field", "claimed"),
    [("unit", "79"), ("period", "2020-01"), ("regime", "KTXH_THANG")],
    ids=["unit", "period", "regime"],
)
def test_a_template_for_something_else_than_the_request_says(
    user: User, baseline: Baseline, field: str, claimed: str
) -> None:
    error = refused(user, baseline, saved(baseline.book()), **{field: claimed})
    assert error["code"] == "template_mismatch" and error["field"] == field
    assert f"'{claimed}'" in error["message"]


def test_a_tampered_metadata_sheet(user: User, baseline: Baseline) -> None:
    book = baseline.book()
    book["_baocao"]["B4"] = "79"  # the unit code
    error = refused(user, baseline, saved(book))
    assert error["code"] == "template_tampered" and error["location"].startswith("_baocao!")


def test_a_workbook_that_is_not_a_template(user: User, baseline: Baseline) -> None:
    error = refused(user, baseline, saved(openpyxl.Workbook()))
    assert error["code"] == "not_a_template"


def test_a_formula_typed_into_an_input_cell_without_its_value(user: User, baseline: Baseline) -> None:
    book = fill(baseline.book(), {"Biểu 01": {"E12": "=F12*2"}})
    error = refused(user, baseline, saved(book))
    assert "công thức" in _details(error)["Biểu 01!E12"]["message"]


def test_another_units_reporter_cannot_upload(
    world: World, world_server: LiveServer, baseline: Baseline
) -> None:
    with world_server.client() as client:
        stranger = log_in(client, world, unit="79")
        answer = upload(stranger, saved(baseline.book()))
        assert answer.status_code == 403, answer.text
    with world_server.client() as client:
        owner = log_in(client, world)
        assert snapshot(owner, baseline.submission_id)["values"][("X_HS", "x_cap=th;x_gt=nu")] == 12


def test_a_refused_first_upload_creates_no_submission(user: User) -> None:
    period = fresh_period()
    book = fill(template(user, period), {"Biểu 01": {"E12": "mười"}})
    answer = upload(user, saved(book))
    assert answer.status_code == 422 and "Biểu 01!E12" in locations(answer)
    assert find(user, period) == []
