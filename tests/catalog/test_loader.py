"""Loading catalogues into SQLite and PostgreSQL: content, idempotence, updates, nothing stored on error."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.catalog.loader import DEMO_CATALOGUE, CatalogueError, load_catalogue
from baocao.catalog.models import Category, CategoryOption, DataElement, DataElementCategory, Domain
from baocao.catalog.service import get_data_element

SMALL = """\
categories:
  - code: gioi_tinh
    name: Giới tính
    name_en: Sex
    options:
      - {code: nam, name: Nam, name_en: Male}
      - {code: nu, name: Nữ, name_en: Female}
  - code: khu_vuc
    name: Thành thị, nông thôn
    name_en: Urban, rural
    options:
      - {code: thanh_thi, name: Thành thị, name_en: Urban}
      - {code: nong_thon, name: Nông thôn, name_en: Rural}
data_elements:
  - code: DAN_SO
    name: Dân số trung bình
    name_en: Average population
    unit_of_measure: người
    unit_of_measure_en: persons
    value_type: integer
    aggregation_units: sum
    aggregation_time: last
    domain: social
    categories: [gioi_tinh, khu_vuc]
"""

GRDP_WITH_UNKNOWN_CATEGORY = """\
  - code: GRDP
    name: Tổng sản phẩm trên địa bàn
    name_en: GRDP
    unit_of_measure: tỷ đồng
    unit_of_measure_en: billion VND
    value_type: number
    aggregation_units: sum
    aggregation_time: sum
    categories: [nganh_kinh_te]
"""  # appended to SMALL, its categories line is line 33


def write(tmp_path: Path, text: str, name: str = "catalogue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every catalogue row, to prove a second load wrote nothing."""
    session.expire_all()
    tables = (Category, CategoryOption, DataElement, DataElementCategory)
    return {
        model.__tablename__: sorted(
            tuple(getattr(row, c.key) for c in model.__table__.columns)
            for row in session.scalars(select(model))
        )
        for model in tables
    }


def test_the_demo_catalogue_loads_with_its_disaggregations(empty_session: Session) -> None:
    declared = yaml.safe_load(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    report = load_catalogue(empty_session, DEMO_CATALOGUE)
    empty_session.commit()

    assert 35 <= len(declared["data_elements"]) <= 60
    assert report.data_elements.created == count(empty_session, DataElement) == len(declared["data_elements"])
    assert report.categories.created == count(empty_session, Category) == len(declared["categories"])
    used = set(empty_session.scalars(select(DataElement.domain).distinct()))
    assert used == {d.value for d in Domain}, "every field of Decision 293 is covered"

    population = get_data_element(empty_session, "DAN_SO")
    assert (population.value_type, population.aggregation_units, population.aggregation_time) == (
        "integer",
        "sum",
        "last",
    )
    assert [link.category.code for link in population.categories] == ["gioi_tinh", "khu_vuc"]
    assert [(o.code, o.name) for o in population.categories[0].category.options] == [
        ("nam", "Nam"),
        ("nu", "Nữ"),
    ]

    pupils = get_data_element(empty_session, "HOC_SINH")
    levels = pupils.categories[0].category
    assert [o.name for o in levels.options] == [
        "Mầm non",
        "Tiểu học",
        "Trung học cơ sở",
        "Trung học phổ thông",
    ]

    cpi = get_data_element(empty_session, "CPI_CUNG_KY")
    assert (cpi.value_type, cpi.aggregation_units, cpi.aggregation_time) == ("percent", "none", "average")
    revenue = get_data_element(empty_session, "THU_NSNN")
    assert (revenue.unit_of_measure, revenue.aggregation_units, revenue.aggregation_time) == (
        "tỷ đồng",
        "sum",
        "sum",
    )
    exports = get_data_element(empty_session, "XUAT_KHAU")
    assert exports.unit_of_measure == "triệu USD"


def test_loading_the_same_file_again_changes_nothing(empty_session: Session) -> None:
    load_catalogue(empty_session, DEMO_CATALOGUE)
    empty_session.commit()
    before = snapshot(empty_session)

    again = load_catalogue(empty_session, DEMO_CATALOGUE)
    empty_session.commit()

    assert not again.changed
    assert again.data_elements.unchanged == len(before["data_elements"])
    assert again.options.unchanged == len(before["category_options"])
    assert snapshot(empty_session) == before


def test_a_changed_file_updates_what_it_names(empty_session: Session, tmp_path: Path) -> None:
    load_catalogue(empty_session, write(tmp_path, SMALL))
    empty_session.commit()

    changed = (
        SMALL.replace("name: Dân số trung bình", "name: Dân số")
        .replace("      - {code: nam, name: Nam, name_en: Male}\n", "")
        .replace(
            "      - {code: nu, name: Nữ, name_en: Female}\n",
            "      - {code: nu, name: Nữ giới, name_en: Female}\n"
            "      - {code: nam, name: Nam giới, name_en: Male}\n",
        )
        .replace("[gioi_tinh, khu_vuc]", "[khu_vuc]")
    )
    report = load_catalogue(empty_session, write(tmp_path, changed, "v2.yaml"))
    empty_session.commit()
    empty_session.expire_all()

    assert (report.data_elements.updated, report.categories.updated, report.options.updated) == (1, 1, 2)
    element = get_data_element(empty_session, "DAN_SO")
    assert element.name == "Dân số"
    assert [link.category.code for link in element.categories] == ["khu_vuc"]
    sex = empty_session.scalars(select(Category).where(Category.code == "gioi_tinh")).one()
    assert [(o.code, o.name) for o in sex.options] == [("nu", "Nữ giới"), ("nam", "Nam giới")]
    assert count(empty_session, DataElementCategory) == 1


def test_an_option_left_out_of_the_file_is_removed(empty_session: Session, tmp_path: Path) -> None:
    load_catalogue(empty_session, write(tmp_path, SMALL))
    empty_session.commit()
    fewer = SMALL.replace("      - {code: nong_thon, name: Nông thôn, name_en: Rural}\n", "")
    report = load_catalogue(empty_session, write(tmp_path, fewer, "v2.yaml"))
    empty_session.commit()
    assert report.options.removed == 1
    assert count(empty_session, CategoryOption) == 3


def test_elements_may_use_categories_stored_by_an_earlier_file(
    empty_session: Session, tmp_path: Path
) -> None:
    categories_only = SMALL.split("data_elements:")[0]
    elements_only = "data_elements:" + SMALL.split("data_elements:")[1]
    load_catalogue(empty_session, write(tmp_path, categories_only, "categories.yaml"))
    report = load_catalogue(empty_session, write(tmp_path, elements_only, "elements.yaml"))
    empty_session.commit()
    assert report.data_elements.created == 1
    assert report.categories.created == 0
    assert [link.category.code for link in get_data_element(empty_session, "DAN_SO").categories] == [
        "gioi_tinh",
        "khu_vuc",
    ]


def test_a_bad_file_stores_nothing_even_its_valid_parts(empty_session: Session, tmp_path: Path) -> None:
    load_catalogue(empty_session, write(tmp_path, SMALL))
    empty_session.commit()
    before = snapshot(empty_session)

    bad = SMALL.replace("name: Dân số trung bình", "name: Dân số") + GRDP_WITH_UNKNOWN_CATEGORY
    path = write(tmp_path, bad, "bad.yaml")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(empty_session, path)
    empty_session.rollback()

    (problem,) = caught.value.problems
    assert (problem.location, problem.field) == (f"{path}:33", "data_elements[1].categories[0]")
    assert snapshot(empty_session) == before
    assert get_data_element(empty_session, "DAN_SO").name == "Dân số trung bình"


def test_a_bad_file_on_an_empty_database_leaves_it_empty(empty_session: Session, tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("value_type: integer", "value_type: numbr"))
    with pytest.raises(CatalogueError):
        load_catalogue(empty_session, path)
    empty_session.rollback()
    assert count(empty_session, Category) == count(empty_session, DataElement) == 0
