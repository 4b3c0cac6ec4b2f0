"""The DHIS2 world: the submissions tests' world plus the health regime, the demo mapping (with an
orgUnit per province), a mapping of the test regime T_TINH with its sex disaggregation, and system
accounts (API token, used as the HTTP Basic password) at Hà Nội and TP Hồ Chí Minh. Shared per
backend: each test writes its own regime and unit, so tests do not meet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from baocao.access import service as access
from baocao.access.models import AccountKind, User
from baocao.access.rules import Role
from baocao.access.tokens import issue_token
from baocao.dhis2.demo import org_unit_uid, seed_dhis2_demo
from baocao.dhis2.mapping import MappingRow, save_mappings
from baocao.storage.engine import transaction
from baocao.timeutil import today
from baocao.units.models import UnitVersion
from baocao.units.queries import valid_on
from tests.conftest import FreshDatabase, LiveServer, session_factory_for
from tests.submissions.env import CLI, OPEN, Env, build

HN, HCM = org_unit_uid("01"), org_unit_uid("79")
DHIS2_PERIOD = OPEN.replace("-", "")  # 2026-11 → 202611
YT = "VnYtThang01"
BAC_SI, GIUONG, BHYT = "VnBacSi0001", "VnGiuongB01", "VnTyLeBhyt1"
T_TINH, T_HS, T_TRUONG = "VnTTinh0001", "VnTHs000001", "VnTTruong01"
COC_NAM, COC_NU = "VnCocNam001", "VnCocNu0001"

TEST_MAPPING = [
    ("data_set", T_TINH, "T_TINH", "T_TINH"),
    ("data_element", T_HS, "T_HS", "T_HS"),
    ("data_element", T_TRUONG, "T_TRUONG", "T_TRUONG"),
    ("category_option_combo", COC_NAM, "NAM", "t_gt=nam"),
    ("category_option_combo", COC_NU, "NU", "t_gt=nu"),
    ("category", None, "SEX", "t_gt"),
    ("category_option", None, "M", "nam"),
    ("category_option", None, "F", "nu"),
]


@dataclass
class Dhis2Env:
    env: Env
    tokens: dict[str, str]  # system account username → API token (its Basic password)

    @property
    def url(self) -> str:
        return self.env.url


def system_account(db: object, unit_code: str, username: str) -> str:
    from sqlalchemy.orm import Session

    assert isinstance(db, Session)
    unit = db.scalar(select(UnitVersion).where(UnitVersion.code == unit_code, valid_on(UnitVersion, today())))
    assert unit is not None
    user = access.create_user(
        db, CLI, username=username, unit_id=unit.unit_id, kind=AccountKind.SYSTEM, role=Role.SYSTEM
    )
    return issue_token(db, user, name="dhis2", lifetime=timedelta(days=1), actor="test").secret


@pytest.fixture(scope="session")
def denv(backend: FreshDatabase) -> Dhis2Env:
    env = build(backend.create(), ["hn.reporter", "hn.approver", "hcm.reporter"])
    tokens = {}
    with transaction(session_factory_for(env.url)) as db:
        seed_dhis2_demo(db)
        rows = [
            MappingRow(k, uid, code, target, "", f"test {i}")
            for i, (k, uid, code, target) in enumerate(TEST_MAPPING)
        ]
        save_mappings(db, rows, actor="test")
        for code, name in (("01", "hn.dhis2"), ("79", "hcm.dhis2")):
            tokens[name] = system_account(db, code, name)
        assert db.scalar(select(User.id).where(User.username == "hn.reporter"))
    return Dhis2Env(env, tokens)


@pytest.fixture(scope="session")
def dserver(denv: Dhis2Env) -> Iterator[LiveServer]:
    with LiveServer(denv.url) as live:
        yield live
