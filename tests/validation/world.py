"""A small world for validation and signature tests: a handful of units, elements, regimes and
submissions written as rows (the write path has its own tests), on a real migrated database.

Units (all valid from 2020): the Government ``CP``; the Ministry of Finance ``BTC``; provinces ``01``,
``79`` and ``31``; communes ``00004`` and ``00008`` under ``01``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from baocao.access import service as access
from baocao.access.models import AccountKind
from baocao.access.rules import Role
from baocao.access.tokens import issue_token
from baocao.audit.types import utc_now
from baocao.catalog.models import DataElement
from baocao.periods.periods import parse_period
from baocao.regimes.models import Form, FormCell, Regime, RegimeVersion, ValidationRule
from baocao.storage.engine import make_engine, make_session_factory, transaction
from baocao.submissions.models import DataValue, Submission, SubmissionVersion
from baocao.units.models import Unit, UnitVersion
from tests.conftest import FreshDatabase

START = date(2020, 1, 1)
UNITS = [  # code, level, type, parent code
    ("CP", "government", "chinh_phu", None),
    ("BTC", "ministry", "bo", "CP"),
    ("01", "province", "thanh_pho_tw", "CP"),
    ("79", "province", "thanh_pho_tw", "CP"),
    ("31", "province", "thanh_pho_tw", "CP"),
    ("00004", "commune", "phuong", "01"),
    ("00008", "commune", "phuong", "01"),
]


def build_units(session: Session) -> None:
    ids: dict[str, int] = {}
    for code, level, kind, parent in UNITS:
        unit = Unit(uid=f"{level}:{code}:{START.isoformat()}", level=level)
        session.add(unit)
        session.flush()
        ids[code] = unit.id
        session.add(
            UnitVersion(
                unit_id=unit.id,
                code=code,
                name=f"Đơn vị {code}",
                name_en=f"Unit {code}",
                type=kind,
                level=level,
                parent_id=ids[parent] if parent else None,
                valid_from=START,
                search_name=f"don vi {code}",
            )
        )
    session.flush()


_ENGINES: dict[str, Engine] = {}


@pytest.fixture(scope="module")
def world_url(backend: FreshDatabase) -> str:
    """A migrated database with the world's units, once per module and backend."""
    return new_world(backend)


@pytest.fixture
def db(world_url: str) -> Iterator[Session]:
    """A session on the world; everything the test writes is rolled back."""
    engine = _ENGINES.get(world_url) or _ENGINES.setdefault(world_url, make_engine(world_url))
    session = Session(engine)
    yield session
    session.rollback()
    session.close()


def unit_id(session: Session, code: str) -> int:
    found = session.scalar(select(UnitVersion.unit_id).where(UnitVersion.code == code))
    assert found is not None, code
    return found


def element(session: Session, code: str, *, aggregation: str = "sum", value_type: str = "number") -> int:
    existing = session.scalar(select(DataElement.id).where(DataElement.code == code))
    if existing is not None:
        return existing
    row = DataElement(
        code=code,
        name=f"Chỉ tiêu {code}",
        name_en=f"Element {code}",
        unit_of_measure="tỷ đồng",
        unit_of_measure_en="billion VND",
        value_type=value_type,
        aggregation_units=aggregation,
        aggregation_time="sum",
        decimals=2,
    )
    session.add(row)
    session.flush()
    return row.id


@dataclass
class CellDef:
    row: str
    column: str
    element: str
    options: str = ""
    required: bool = False
    form: str = "B01"


@dataclass
class RuleDef:
    code: str
    kind: str
    expression: str
    importance: str = "error"
    params: dict[str, Any] = field(default_factory=dict)


def regime(
    session: Session,
    code: str,
    cells: list[CellDef],
    rules: list[RuleDef],
    *,
    frequency: str = "month",
    owner: str | None = None,
) -> RegimeVersion:
    head = Regime(code=code, owner_unit_id=unit_id(session, owner) if owner else None)
    session.add(head)
    session.flush()
    version = RegimeVersion(
        regime_id=head.id,
        version=1,
        name=f"Chế độ {code}",
        name_en=f"Regime {code}",
        content="Thử nghiệm",
        report_type="dinh_ky",
        legal_basis="Nghị định 09/2019/NĐ-CP",
        frequency=frequency,
        cutoff_convention="statistical",
        deadline_rule={"rule": "day_of_last_month", "day": 25},
        reporting_units_rule={"rule": "all_provinces"},
        receiver_rule={"rule": "unit", "unit": "CP"},
        sending_methods=["he_thong"],
        valid_from=START,
        source_yaml="",
        source_digest="0" * 64,
        loaded_at=utc_now(),
    )
    session.add(version)
    session.flush()
    forms: dict[str, Form] = {}
    for cell in cells:
        if cell.form not in forms:
            forms[cell.form] = Form(
                regime_version_id=version.id,
                code=cell.form,
                name=cell.form,
                name_en=cell.form,
                position=len(forms),
            )
            session.add(forms[cell.form])
            session.flush()
        session.add(
            FormCell(
                form_id=forms[cell.form].id,
                row_code=cell.row,
                column_code=cell.column,
                data_element_id=element(session, cell.element),
                option_key=cell.options,
                required=cell.required,
            )
        )
    for position, rule in enumerate(rules):
        session.add(
            ValidationRule(
                regime_version_id=version.id,
                code=rule.code,
                kind=rule.kind,
                importance=rule.importance,
                expression=rule.expression,
                params=rule.params,
                message=f"Quy tắc {rule.code} không đạt",
                message_en=f"Rule {rule.code} fails",
                position=position,
            )
        )
    session.flush()
    return version


Values = dict[str, float | None]  # "ELEMENT" or "ELEMENT[cat=opt;...]" → value


def submission(
    session: Session,
    version: RegimeVersion,
    unit: str,
    period: str,
    values: Values,
    *,
    state: str = "accepted",
    receiver: str = "CP",
) -> tuple[Submission, SubmissionVersion]:
    span = parse_period(period)
    now = utc_now()
    head = Submission(
        regime_id=version.regime_id,
        regime_version_id=version.id,
        unit_id=unit_id(session, unit),
        receiver_unit_id=unit_id(session, receiver),
        period=period,
        period_start=span.start,
        period_end=span.end,
        deadline=span.end,
        state=state,
        current_version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(head)
    session.flush()
    row = SubmissionVersion(submission_id=head.id, version=1, state=state, narrative={}, created_at=now)
    session.add(row)
    session.flush()
    for label, value in values.items():
        code, _, options = label.partition("[")
        session.add(
            DataValue(
                submission_version_id=row.id,
                data_element_id=element(session, code),
                option_key=options.rstrip("]"),
                value_num=value,
            )
        )
    session.flush()
    return head, row


def token_for(session: Session, code: str, role: str) -> str:
    """A new account with ``role`` at unit ``code`` and a bearer token for it."""
    name = f"{role}.{code}.{uuid.uuid4().hex[:6]}".lower()
    kind = AccountKind.SYSTEM if role == Role.SYSTEM else AccountKind.PERSON
    user = access.create_user(
        session,
        access.Actor("test", None),
        username=name,
        unit_id=unit_id(session, code),
        kind=kind,
        role=Role(role),
    )
    return issue_token(session, user, name="test", lifetime=timedelta(days=1), actor="test").secret


def new_world(backend: FreshDatabase) -> str:
    """A fresh database with the world's units committed (for tests through a live server)."""
    url = backend.create()
    with transaction(make_session_factory(make_engine(url))) as session:
        build_units(session)
    return url
