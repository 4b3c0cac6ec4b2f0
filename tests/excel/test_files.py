"""The checks made on the bytes before openpyxl opens them, sheet naming and formula translation
(no database: these are the pure parts of the Excel path)."""

from __future__ import annotations

import io
import zipfile

import pytest

from baocao.config import ConfigError, Settings
from baocao.errors import ApiError
from baocao.regimes import expressions as ex
from baocao.submissions.excel.container import UploadLimits, check_container
from baocao.submissions.excel.formulas import excel_formula
from baocao.submissions.excel.layout import sheet_names


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


XLSX_MEMBERS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<?xml version='1.0'?><workbook/>"}


def _refused(data: bytes, limits: UploadLimits | None = None) -> ApiError:
    with pytest.raises(ApiError) as caught:
        check_container(data, "tep.xlsx", limits or UploadLimits())
    return caught.value


def test_a_minimal_xlsx_container_passes() -> None:
    check_container(_zip(XLSX_MEMBERS), "tep.xlsx", UploadLimits())


@pytest.mark.parametrize(
    ("data", "code", "says"),
    [
        (b"", "empty_file", "rỗng"),
        (bytes(range(256)) * 4, "not_xlsx", "không phải là bảng tính"),
        ("mã;giá trị\nX_KP;12\n".encode("utf-16"), "not_xlsx", "CSV"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
         "not_xlsx", ".ods"),
        (_zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}), "not_xlsx", "workbook"),
        (b"PK\x03\x04 truncated", "damaged_xlsx", "hỏng"),
    ],
    ids=["empty", "binary", "utf-16 csv", "ods", "docx", "broken zip"],
)  # fmt: skip
def test_files_that_are_not_xlsx(data: bytes, code: str, says: str) -> None:
    error = _refused(data)
    assert (error.status, error.code, error.location) == (422, code, "tep.xlsx")
    assert says in error.message


def test_xml_with_a_doctype_is_refused_even_in_utf16() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><workbook>&lol;</workbook>'
    for payload in (bomb, bomb.decode().encode("utf-16")):
        error = _refused(_zip({**XLSX_MEMBERS, "xl/workbook.xml": payload}))
        assert error.code == "damaged_xlsx" and "DOCTYPE" in error.message


def test_the_limits_are_configurable() -> None:
    small = UploadLimits(max_bytes=1000, max_uncompressed=5000)
    assert _refused(b"x" * 1001, small).status == 413
    big_inside = _zip({**XLSX_MEMBERS, "xl/media/a.bin": bytes(6000)})
    assert len(big_inside) < 1000
    error = _refused(big_inside, small)
    assert error.status == 413 and "giải nén" in error.message
    assert UploadLimits.for_upload(20 * 1024 * 1024).max_uncompressed == 100 * 1024 * 1024


def test_the_upload_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOCAO_UPLOAD_MAX_MB", "3")
    assert Settings.from_env().upload_max_mb == 3
    monkeypatch.setenv("BAOCAO_UPLOAD_MAX_MB", "0")
    with pytest.raises(ConfigError):
        Settings.from_env()


def test_sheet_names_come_from_form_codes_and_stay_distinct() -> None:
    assert sheet_names(["B01", "B02", "KHAC", "b01"]) == {
        "B01": "Biểu 01",
        "B02": "Biểu 02",
        "KHAC": "Biểu KHAC",
        "b01": "Biểu 01 (2)",
    }
    long = sheet_names(["X" * 40])["X" * 40]
    assert len(long) == 31


def _cells(ref: ex.Cell | ex.Name) -> str | None:
    addresses = {"R01.C1": "D11", "R02.C1": "D12", "B02!R01.C1": "'Biểu 02'!D11"}
    key = ref.address() if isinstance(ref, ex.Cell) else ref.code
    return addresses.get(key)


@pytest.mark.parametrize(
    ("formula", "excel"),
    [
        ("R01.C1 + R02.C1", '=IF(COUNT(D11,D12)<2,"",IFERROR(D11+D12,""))'),
        ("R01.C1 * 100 / R02.C1", '=IF(COUNT(D11,D12)<2,"",IFERROR((D11*100)/D12,""))'),
        ("abs(R01.C1 - B02!R01.C1)",
         "=IF(COUNT(D11,'Biểu 02'!D11)<2,\"\"," "IFERROR(ABS(D11-'Biểu 02'!D11),\"\"))"),
        ("-R01.C1 + 2.5", '=IF(COUNT(D11)<1,"",IFERROR(-(D11)+2.5,""))'),
        ("R01.C1 + R09.C1", None),
    ],
)  # fmt: skip
def test_computed_cells_become_formulas_that_stay_blank_until_filled(formula: str, excel: str | None) -> None:
    parsed = ex.parse(formula)
    assert not isinstance(parsed, ex.Comparison)
    assert excel_formula(parsed, _cells) == excel
