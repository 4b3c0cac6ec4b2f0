"""The authorisation matrix: every actor × every relation × every row, with zero leaks.

A row is one operation of an endpoint family. ``tests/access/authz_rows.py`` has the rows of the
families that exist today (units, auth, users); a new capability adds ``tests/<capability>/authz_rows.py``
with ``ROWS: list[MatrixRow]`` and, if its rows need objects at the target units, a
``seed(db, world)`` that creates them (record their ids in ``world.objects``). Nothing else changes:
``test_authz_matrix.py`` finds the module and runs its rows against every actor and relation.

What is expected comes from ``baocao.access.rules.RULES`` (which roles hold the permission) and the
world's independent oracle (which units the actor reaches); a row may override the latter with
``in_scope`` (e.g. a ministry's sector scope over other provinces' submissions).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from baocao.access.rules import RULES, Permission, Reach
from tests.access.world import RELATIONS, Actor, World


@dataclass(frozen=True)
class Case:
    world: World
    actor: Actor
    relation: str | None  # "own", "child", "parent", "sibling", "other_province", "foreign_ministry"
    target: str | None  # the unit code that relation designates for the actor

    def unique(self, prefix: str) -> str:
        return f"{prefix}{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Probe:
    method: str
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    content: bytes | None = None  # a raw body (a file upload), with its ``content_type``
    content_type: str | None = None


Kind = Literal["read", "list", "write", "action"]


@dataclass(frozen=True)
class MatrixRow:
    family: str  # "units", "users", "auth", later "regimes", "submissions", "analytics", "exports"
    name: str
    permission: Permission
    kind: Kind  # read: one object; list: a collection; write: creates/changes; action: no unit involved
    request: Callable[[Case], Probe]
    ok: frozenset[int] = frozenset({200})
    per_target: bool = True  # False: the operation names no unit (run once per actor)
    # read rows: the same request for an object that does not exist (denials must look the same)
    missing: Callable[[Case], Probe] | None = None
    # list rows: the keys the answer holds, and the keys the actor should see (independent oracle)
    listed: Callable[[httpx.Response], set[str]] | None = None
    expected_listing: Callable[[Case], set[str]] | None = None
    # write rows: undo what an allowed request did, so rows do not depend on each other
    cleanup: Callable[[httpx.Client, Case, httpx.Response], None] | None = None
    # which of the actor's scopes decides; default: the permission's reach in RULES
    in_scope: Callable[[Case], bool] | None = None

    @property
    def id(self) -> str:
        return f"{self.family}:{self.name}"


Verdict = Literal["allow", "deny", "unauthenticated", "forbidden"]


def expected(row: MatrixRow, case: Case) -> Verdict:
    rule = RULES[row.permission]
    if rule.anonymous:
        return "allow"
    if case.actor.role is None:
        return "unauthenticated"
    if rule.roles is not None and case.actor.role not in rule.roles:
        return "forbidden"
    if rule.reach == Reach.NONE or case.target is None:
        return "allow"
    if row.in_scope is not None:
        inside = row.in_scope(case)
    elif rule.reach == Reach.CAPTURE:
        inside = case.world.unit_ids[case.target] in case.world.capture_reach(case.actor)
    else:
        inside = case.world.sees(case.actor, case.target)
    return "allow" if inside else "deny"


def cases(world: World, row: MatrixRow) -> list[Case]:
    found = []
    for actor in world.actors:
        if not row.per_target:
            found.append(Case(world, actor, None, None))
            continue
        relations = RELATIONS.get(actor.home) or RELATIONS["province"]
        for relation, code in relations.items():
            if code is not None:
                found.append(Case(world, actor, relation, code))
    return found


def send(client: httpx.Client, case: Case, probe: Probe) -> httpx.Response:
    headers = case.actor.headers()
    if probe.content_type:
        headers["Content-Type"] = probe.content_type
    return client.request(
        probe.method, probe.path, json=probe.json, params=probe.params, content=probe.content, headers=headers
    )


def check(client: httpx.Client, row: MatrixRow, case: Case) -> list[str]:
    """Run one cell; return what went wrong (empty: as expected)."""
    verdict = expected(row, case)
    where = f"{row.id} actor={case.actor.username} {case.relation or ''}={case.target or ''}"
    response = send(client, case, row.request(case))
    status = response.status_code
    problems: list[str] = []
    if verdict == "allow":
        if status not in row.ok:
            problems.append(f"{where}: expected {sorted(row.ok)}, got {status} {response.text[:200]}")
        elif row.listed is not None and row.expected_listing is not None:
            seen, wanted = row.listed(response), row.expected_listing(case)
            if seen != wanted:
                problems.append(
                    f"{where}: list leaks {sorted(seen - wanted)[:5]} / misses {sorted(wanted - seen)[:5]}"
                )
            total = response.json().get("total")
            if total is not None and total != len(wanted):
                problems.append(f"{where}: total {total} but {len(wanted)} rows are in scope")
        if status in row.ok and row.cleanup is not None:
            row.cleanup(client, case, response)
        return problems
    wanted_status = {"unauthenticated": {401}, "forbidden": {403}, "deny": {403, 404}}[verdict]
    if status not in wanted_status:
        problems.append(
            f"{where}: expected {sorted(wanted_status)} ({verdict}), got {status} {response.text[:200]}"
        )
    if verdict == "deny" and row.missing is not None:
        ghost = send(client, case, row.missing(case))
        if (ghost.status_code, _code(ghost)) != (status, _code(response)):
            problems.append(
                f"{where}: a denied existing object answers {status} {_code(response)} but a missing one "
                f"{ghost.status_code} {_code(ghost)}: the answer reveals existence"
            )
    return problems


def _code(response: httpx.Response) -> str | None:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None
