"""The world of the submissions tests: reference units, the demo catalogue and a test catalogue, two
small test regimes (communes of Hà Nội → Hà Nội monthly; Hà Nội and TP Hồ Chí Minh → the Government
monthly) and the demo regimes, and accounts with passwords that log in through the real API.

Periods are chosen relative to today so the tests hold on any day: ``OPEN`` (this month: deadline in
the future), ``LOCKED`` (two months ago: deadline and grace passed) and ``STORY`` (next month, used
by the story test alone).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access import service as access
from baocao.access.models import User
from baocao.access.principal import AuthMethod, Principal, principal_for
from baocao.access.rules import Role
from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.periods.periods import Period, PeriodType
from baocao.regimes.demo import load_demo_regimes
from baocao.regimes.loader import load_regime
from baocao.storage.engine import make_engine, make_session_factory, transaction
from baocao.submissions.actors import Actor
from baocao.submissions.models import EntryPath
from baocao.timeutil import today
from baocao.units.models import UnitVersion
from baocao.units.queries import valid_on
from baocao.units.reference import import_reference

DATA = Path(__file__).resolve().parent / "data"
PASSWORD = "Mật-khẩu-thử-2026!"
CLI = access.Actor("test", None)

THIS_MONTH = Period.of(today(), PeriodType.MONTH)
OPEN = str(THIS_MONTH)  # deadline = end of month + 10 days: ahead
LOCKED = str(THIS_MONTH.shift(-2))  # deadline + 2 grace days: behind
STORY = str(THIS_MONTH.next())  # the whole story's own period: nothing else reports in it

# username → (unit code, role)
USERS: dict[str, tuple[str, Role]] = {
    "xa4.reporter": ("00004", Role.REPORTER),
    "xa8.reporter": ("00008", Role.REPORTER),
    "hn.reporter": ("01", Role.REPORTER),
    "hn.approver": ("01", Role.APPROVER),
    "hn.approver2": ("01", Role.APPROVER),
    "hn.viewer": ("01", Role.VIEWER),
    "hcm.reporter": ("79", Role.REPORTER),
    "hcm.approver": ("79", Role.APPROVER),
    "vpcp.approver": ("VPCP", Role.APPROVER),
    "vpcp.leader": ("VPCP", Role.LEADER),
}


@dataclass
class Env:
    url: str
    user_ids: dict[str, int]
    hanoi_communes: list[str]  # codes of Hà Nội's communes today (00004 and 00008 among them)
    _tokens: dict[str, str] = field(default_factory=dict)

    def session(self) -> Session:
        if "_factory" not in self.__dict__:
            self.__dict__["_factory"] = make_session_factory(make_engine(self.url))
        factory = self.__dict__["_factory"]
        return factory()  # type: ignore[no-any-return]

    def headers(self, client: httpx.Client, username: str) -> dict[str, str]:
        """A bearer token from ``POST /api/v1/auth/token`` (the real login), cached per user."""
        if username not in self._tokens:
            answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
            assert answer.status_code == 200, answer.text
            self._tokens[username] = answer.json()["access_token"]
        return {"Authorization": f"Bearer {self._tokens[username]}"}

    def spare_commune(self) -> str:
        """A commune of Hà Nội no other test uses (each test that needs one takes the next)."""
        taken = self.__dict__.setdefault("_taken", {"00004", "00008"})
        code = next(c for c in self.hanoi_communes if c not in taken)
        taken.add(code)
        return code


def actor(db: Session, username: str, entry_path: EntryPath = EntryPath.API) -> Actor:
    """The service-level actor of an account, with its principal (as a request would build it)."""
    user = db.scalar(select(User).where(User.username == username))
    assert user is not None
    principal: Principal = principal_for(db, user, AuthMethod.TOKEN)
    return Actor(user.id, user.username, entry_path, "127.0.0.1", principal)


def add_user(db: Session, unit_code: str, role: Role, username: str | None = None) -> str:
    """A new account with ``role`` at the unit (today's code); returns its username."""
    username = username or f"u{uuid.uuid4().hex[:10]}"
    unit = db.scalar(select(UnitVersion).where(UnitVersion.code == unit_code, valid_on(UnitVersion, today())))
    assert unit is not None, unit_code
    access.create_user(db, CLI, username=username, unit_id=unit.unit_id, password=PASSWORD, role=role)
    return username


def build(url: str, usernames: Iterable[str] | None = None) -> Env:
    """The world on a migrated database; ``usernames`` limits the accounts created (default: all)."""
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as db:
        import_reference(db)
    with transaction(factory) as db:
        load_catalogue(db, DEMO_CATALOGUE)
        load_catalogue(db, DATA / "test_catalogue.yaml")
        load_demo_regimes(db)
        for name in ("t_xa.yaml", "t_tinh.yaml"):
            load_regime(db, DATA / name)
        for username in usernames if usernames is not None else USERS:
            code, role = USERS[username]
            add_user(db, code, role, username)
        ids = {name: uid for name, uid in db.execute(select(User.username, User.id))}
        hanoi = db.scalar(
            select(UnitVersion.unit_id).where(UnitVersion.code == "01", valid_on(UnitVersion, today()))
        )
        communes = list(
            db.scalars(
                select(UnitVersion.code)
                .where(UnitVersion.parent_id == hanoi, valid_on(UnitVersion, today()))
                .order_by(UnitVersion.code)
            )
        )
    return Env(url, ids, communes)
