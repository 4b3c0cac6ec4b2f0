"""A bad catalogue file is refused with every problem named by file, line and field (no database needed)."""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import pytest

from baocao.catalog.loader import CatalogueError, read_catalogue

GOOD_ELEMENT = """\
  - code: DAN_SO
    name: Dân số trung bình
    name_en: Average population
    unit_of_measure: người
    unit_of_measure_en: persons
    value_type: integer
    aggregation_units: sum
    aggregation_time: last
    categories: [gioi_tinh]
"""

HEADER = """\
categories:
  - code: gioi_tinh
    name: Giới tính
    name_en: Sex
    options:
      - {code: nam, name: Nam, name_en: Male}
      - {code: nu, name: Nữ, name_en: Female}
data_elements:
"""  # the first element starts on line 9


def write(tmp_path: Path, text: str, name: str = "catalogue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def refuse(path: Path, known: tuple[str, ...] = ()) -> CatalogueError:
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(path, known_categories=known)
    return caught.value


def lines(error: CatalogueError) -> list[str]:
    return str(error).splitlines()


def test_a_wrong_value_type_names_file_line_and_field_in_both_languages(tmp_path: Path) -> None:
    element = GOOD_ELEMENT.replace("code: DAN_SO", "code: GRDP").replace(
        "value_type: integer", "value_type: numbr"
    )
    path = write(tmp_path, HEADER + GOOD_ELEMENT + element)
    error = refuse(path)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.location == f"{path}:23"  # the second element starts on line 18
    assert problem.field == "data_elements[1].value_type"
    assert lines(error) == [
        f"{path}:23: data_elements[1].value_type: 'numbr' không hợp lệ, phải là một trong: "
        "number, integer, percent, text, boolean, date / invalid value 'numbr', expected one of: "
        "number, integer, percent, text, boolean, date"
    ]


def test_an_unknown_category_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD_ELEMENT.replace("[gioi_tinh]", "[gioi_tinh, gioi_tnh]"))
    (problem,) = refuse(path).problems
    assert problem.location == f"{path}:17"
    assert problem.field == "data_elements[0].categories[1]"
    assert "gioi_tnh" in problem.message_en and "did you mean 'gioi_tinh'" in problem.message_en
    assert "chưa được khai báo" in problem.message


def test_a_category_already_stored_may_be_used_without_redefining_it(tmp_path: Path) -> None:
    path = write(tmp_path, "data_elements:\n" + GOOD_ELEMENT)
    assert refuse(path).problems[0].field == "data_elements[0].categories[0]"
    spec = read_catalogue(path, known_categories=["gioi_tinh"])
    assert [e.categories for e in spec.data_elements] == [("gioi_tinh",)]


def test_duplicate_codes_name_both_lines(tmp_path: Path) -> None:
    duplicate_option = HEADER.replace("{code: nu, name: Nữ", "{code: nam, name: Nữ")
    path = write(tmp_path, duplicate_option + GOOD_ELEMENT + GOOD_ELEMENT)
    problems = refuse(path).problems
    fields = {p.field: p for p in problems}
    assert fields["categories[0].options[1].code"].location == f"{path}:7"
    assert "already declared at line 6" in fields["categories[0].options[1].code"].message_en
    assert fields["data_elements[1].code"].location == f"{path}:18"
    assert "đã khai báo ở dòng 9" in fields["data_elements[1].code"].message


def test_wrong_types_are_refused_where_they_are(tmp_path: Path) -> None:
    element = (
        GOOD_ELEMENT.replace("name: Dân số trung bình", "name: [Dân số]")
        .replace("aggregation_time: last", "aggregation_time: last\n    decimals: hai")
        .replace("categories: [gioi_tinh]", "categories: gioi_tinh")
    )
    path = write(tmp_path, HEADER + element)
    found = {p.field: p.location for p in refuse(path).problems}
    assert found == {
        "data_elements[0].name": f"{path}:10",
        "data_elements[0].decimals": f"{path}:17",
        "data_elements[0].categories": f"{path}:18",
    }


def test_missing_and_unknown_keys(tmp_path: Path) -> None:
    element = GOOD_ELEMENT.replace("    aggregation_units: sum\n", "    agregation_units: sum\n").replace(
        "    name_en: Average population\n", ""
    )
    path = write(tmp_path, HEADER + element)
    problems = {p.field: p for p in refuse(path).problems}
    assert set(problems) == {
        "data_elements[0].agregation_units",
        "data_elements[0].aggregation_units",
        "data_elements[0].name_en",
    }
    assert "did you mean 'aggregation_units'" in problems["data_elements[0].agregation_units"].message_en
    assert problems["data_elements[0].agregation_units"].location == f"{path}:14"
    # A missing key is reported where its element starts.
    assert problems["data_elements[0].name_en"].location == f"{path}:9"
    assert problems["data_elements[0].name_en"].message == "thiếu trường bắt buộc"


def test_a_repeated_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD_ELEMENT + "    value_type: number\n")
    (problem,) = refuse(path).problems
    assert (problem.location, problem.field) == (f"{path}:18", "data_elements[0].value_type")


def test_meaningless_aggregations_are_refused(tmp_path: Path) -> None:
    rate = GOOD_ELEMENT.replace("value_type: integer", "value_type: percent").replace(
        "categories: [gioi_tinh]", "decimals: 1"
    )
    note = (
        GOOD_ELEMENT.replace("code: DAN_SO", "code: GHI_CHU")
        .replace("value_type: integer", "value_type: text")
        .replace("aggregation_units: sum", "aggregation_units: none")
        .replace("aggregation_time: last", "aggregation_time: sum")
    )
    whole = GOOD_ELEMENT.replace("code: DAN_SO", "code: SO_TRUONG").replace(
        "categories: [gioi_tinh]", "decimals: 2"
    )
    path = write(tmp_path, HEADER + rate + note + whole)
    problems = {p.field: p for p in refuse(path).problems}
    assert set(problems) == {
        "data_elements[0].aggregation_units",
        "data_elements[1].aggregation_time",
        "data_elements[2].decimals",
    }
    assert "percentage cannot be added up" in problems["data_elements[0].aggregation_units"].message_en
    assert problems["data_elements[1].aggregation_time"].location == f"{path}:25"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    element = GOOD_ELEMENT.replace("value_type: integer", "value_type: whole").replace(
        "aggregation_units: sum", "aggregation_units: total"
    )
    path = write(tmp_path, HEADER + element + element.replace("code: DAN_SO", "code: Dân số"))
    problems = refuse(path).problems
    assert [p.field for p in problems] == [
        "data_elements[0].value_type",
        "data_elements[0].aggregation_units",
        "data_elements[1].code",
        "data_elements[1].value_type",
        "data_elements[1].aggregation_units",
    ]


@pytest.mark.parametrize(
    ("text", "where", "message_en"),
    [
        ("data_elements:\n  - code: [A\n", ":3", "YAML syntax error"),
        ("", "", "the file is empty"),
        ("- a\n- b\n", ":1", "must be a mapping"),
        ("data_elements: {code: A}\n", ":1", "must be a list"),
        ("{}\n", ":1", "declares no categories and no data elements"),
        ("categories:\n  - {code: x, name: X, name_en: X, options: []}\n", ":2", "must not be empty"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, where: str, message_en: str) -> None:
    path = write(tmp_path, text)
    problem = refuse(path).problems[0]
    assert problem.location == f"{path}{where}"
    assert message_en in problem.message_en


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("data_elements:\n  - name: Dân\n".encode("latin-1"))
    (problem,) = refuse(path).problems
    assert problem.location == str(path)
    assert "not UTF-8" in problem.message_en


def test_text_is_stored_in_nfc_whatever_the_editor_wrote(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", HEADER + GOOD_ELEMENT)
    spec = read_catalogue(write(tmp_path, decomposed))
    assert spec.data_elements[0].name == unicodedata.normalize("NFC", "Dân số trung bình")
    assert spec.categories[0].options[1].name == "Nữ"


def test_the_error_answers_the_api_error_shape(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER + GOOD_ELEMENT.replace("value_type: integer", "value_type: numbr"), "x.yaml"
    )
    body = refuse(path).as_dict()["error"]
    assert body["code"] == "invalid_file"
    assert body["location"] == f"{path}:14"
    assert body["field"] == "data_elements[0].value_type"
    assert len(body["details"]) == 1
    assert "không có gì được lưu" in body["message"]
