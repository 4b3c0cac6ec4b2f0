"""The population the access tests run against: reference units, one account per role at a commune, a
province, a ministry and the Government Office, and one plain account at every unit they look at.

Expectations are computed here, independently of baocao.access: the tree is walked in Python from
the stored versions, never with the SQL the application uses.
"""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections import defaultdict
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from baocao.access import service
from baocao.access.models import AccountKind, User
from baocao.access.rules import Role
from baocao.access.tokens import issue_token
from baocao.storage.engine import make_engine, make_session_factory, transaction
from baocao.timeutil import today
from baocao.units.models import UnitVersion

CLI = service.Actor("test", None)
PASSWORD = "mat-khau-thu-nghiem-42"  # the test accounts' password (the log test greps for it)

# Where the actors sit, and the units each looks at (relation → unit code; None: not applicable).
HOMES: dict[str, str] = {"commune": "00004", "province": "01", "ministry": "BYT", "national": "VPCP"}
RELATIONS: dict[str, dict[str, str | None]] = {
    "commune": {"own": "00004", "child": None, "parent": "01", "sibling": "00008", "other_province": "79",
                "foreign_ministry": "BTC"},
    "province": {"own": "01", "child": "00004", "parent": "CP", "sibling": "31", "other_province": "79",
                 "foreign_ministry": "BTC"},
    "ministry": {"own": "BYT", "child": None, "parent": "CP", "sibling": "BTC", "other_province": "79",
                 "foreign_ministry": "BTC"},
    "national": {"own": "VPCP", "child": None, "parent": "CP", "sibling": "BYT", "other_province": "79",
                 "foreign_ministry": "BTC"},
}  # fmt: skip
NATIONAL_HOMES = {"VPCP", "CP"}


def target_username(code: str) -> str:
    return f"target.{code.lower()}"


@dataclass(frozen=True)
class Actor:
    username: str
    home: str  # key of HOMES, or "anonymous"
    role: Role | None
    token: str | None

    @property
    def home_code(self) -> str | None:
        return HOMES.get(self.home)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


ANONYMOUS = Actor("anonymous", "anonymous", None, None)


@dataclass
class World:
    url: str
    unit_ids: dict[str, int]  # code today → unit id
    children: dict[int, set[int]]
    actors: list[Actor]
    # Capability test data keyed as the seeding module likes, e.g. ("submission", "01") → id.
    objects: dict[tuple[str, str], Any] = field(default_factory=dict)

    def factory(self) -> sessionmaker[Session]:
        if "_factory" not in self.__dict__:
            self.__dict__["_factory"] = make_session_factory(make_engine(self.url))
        return self.__dict__["_factory"]  # type: ignore[no-any-return]

    def session(self) -> Session:
        """A new session on the world's database (close it)."""
        return self.factory()()

    def transaction(self) -> AbstractContextManager[Session]:
        """A committed unit of work on the world's database."""
        return transaction(self.factory())

    def below(self, code: str) -> set[int]:
        """The unit and every unit under it today, walked in Python."""
        start = self.unit_ids[code]
        seen, todo = {start}, [start]
        while todo:
            for child in self.children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen

    def view_reach(self, actor: Actor) -> set[int] | None:
        """Unit ids the actor's default view scope covers (None: the whole country)."""
        assert actor.home_code is not None
        if actor.role == Role.SYSTEM:
            return {self.unit_ids[actor.home_code]}
        if actor.home_code in NATIONAL_HOMES:
            return None
        return self.below(actor.home_code)

    def capture_reach(self, actor: Actor) -> set[int]:
        assert actor.home_code is not None
        return {self.unit_ids[actor.home_code]}

    def sees(self, actor: Actor, code: str) -> bool:
        reach = self.view_reach(actor)
        return reach is None or self.unit_ids[code] in reach


def all_codes() -> set[str]:
    return {code for rel in RELATIONS.values() for code in rel.values() if code} | set(HOMES.values())


def _tree(db: Session) -> tuple[dict[str, int], dict[int, set[int]]]:
    day = today()
    rows = db.execute(
        select(UnitVersion.unit_id, UnitVersion.code, UnitVersion.parent_id).where(
            UnitVersion.valid_from <= day, or_(UnitVersion.valid_to.is_(None), UnitVersion.valid_to > day)
        )
    ).all()
    children: dict[int, set[int]] = defaultdict(set)
    codes: dict[str, int] = {}
    for unit_id, code, parent_id in rows:
        codes[code] = unit_id
        if parent_id is not None:
            children[parent_id].add(unit_id)
    return codes, dict(children)


def seed_world(db: Session, url: str) -> World:
    codes, children = _tree(db)
    world = World(url, codes, children, [ANONYMOUS])
    for code in sorted(all_codes()):
        service.create_user(db, CLI, username=target_username(code), unit_id=codes[code], role=Role.VIEWER)
    for home, code in HOMES.items():
        for role in Role:
            username = f"{home}.{role.value}"
            kind = AccountKind.SYSTEM if role == Role.SYSTEM else AccountKind.PERSON
            user = service.create_user(db, CLI, username=username, unit_id=codes[code], kind=kind, role=role)
            token = issue_token(db, user, name="matrix", lifetime=timedelta(days=1), actor="test").secret
            world.actors.append(Actor(username, home, role, token))
    for module in capability_row_modules():
        seed = getattr(module, "seed", None)
        if seed is not None:
            seed(db, world)
    return world


def capability_row_modules() -> list[Any]:
    """``tests/<capability>/authz_rows.py`` of every capability: the matrix's extension point."""
    tests_dir = Path(__file__).resolve().parent.parent
    found = []
    for info in sorted(pkgutil.iter_modules([str(tests_dir)]), key=lambda i: i.name):
        if info.ispkg and (tests_dir / info.name / "authz_rows.py").exists():
            found.append(importlib.import_module(f"tests.{info.name}.authz_rows"))
    return found


def users_at(db: Session, unit_ids: set[int] | None) -> set[str]:
    """Usernames whose home unit is in ``unit_ids`` (None: all), filtered in Python."""
    return {u.username for u in db.scalars(select(User)) if unit_ids is None or u.unit_id in unit_ids}


def add_user(
    world: World, code: str = "01", role: Role | None = Role.VIEWER, password: str | None = PASSWORD
) -> str:
    """A fresh account with a unique name at ``code``; returns its username."""
    username = f"u{uuid.uuid4().hex[:10]}"
    with world.transaction() as db:
        service.create_user(
            db, CLI, username=username, unit_id=world.unit_ids[code], password=password, role=role
        )
    return username
