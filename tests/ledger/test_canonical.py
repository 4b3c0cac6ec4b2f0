"""Canonical content: the same report gives the same bytes, whatever the engine, the row order or
the way a number happens to be stored."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.catalog.models import DataElement
from baocao.ledger.canonical import canonical_bytes, content_digest, format_number
from baocao.submissions import service
from baocao.submissions.actors import CellInput, system_actor
from baocao.submissions.models import DataValue
from tests.submissions.env import OPEN, Env


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1200.0, "1200"),
        (0.1, "0.1"),
        (-0.0, "0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (-42.50, "-42.5"),
    ],
)
def test_numbers_print_one_way(value: float, text: str) -> None:
    assert format_number(value) == text


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(ValueError):
        format_number(float("nan"))


def test_content_does_not_depend_on_row_order_or_empty_cells(env: Env) -> None:
    commune = env.spare_commune()
    with env.session() as db:
        who = system_actor()
        submission = service.open_submission(db, "T_XA", commune, OPEN, who)
        cells = [CellInput("T_HS", "t_gt=nu", 5), CellInput("T_HS", "t_gt=nam", 4)]
        service.write_values(db, submission, cells, who, narrative={"II": "", "I": "Tiếng Việt"})
        version = service.current_version(db, submission)
        document = json.loads(canonical_bytes(db, version))
        assert document["values"] == [
            ["T_HS", "", "n", "9"],
            ["T_HS", "t_gt=nam", "n", "4"],
            ["T_HS", "t_gt=nu", "n", "5"],
        ]
        assert document["narrative"] == {"I": "Tiếng Việt"}
        assert document["regime"] == "T_XA" and document["period"] == OPEN
        before = content_digest(db, version)
        # An explicitly empty row is the same content as no row.
        db.add(DataValue(submission_version_id=version.id, data_element_id=_element_id(db), option_key=""))
        assert content_digest(db, version) == before
        db.rollback()


def _element_id(db: Session) -> int:
    found = db.scalar(select(DataElement.id).where(DataElement.code == "T_GHICHU"))
    assert found is not None
    return found
