"""Every route of the application declares exactly one permission with ``require(...)``."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from baocao.access.guard import PERMISSION_MARKER
from baocao.access.rules import RULES, Permission
from baocao.app import create_app
from baocao.config import Settings
from tests.conftest import TEST_SECRET


def _app() -> FastAPI:
    return create_app(Settings(database_url="sqlite:///:memory:", secret_key=TEST_SECRET))


def declared(dependant: Dependant) -> set[Permission]:
    found: set[Permission] = set()
    todo = [dependant]
    while todo:
        current = todo.pop()
        permission = getattr(current.call, PERMISSION_MARKER, None)
        if permission is not None:
            found.add(permission)
        todo.extend(current.dependencies)
    return found


def route_rules(app: FastAPI) -> dict[str, set[Permission]]:
    """``"GET /api/v1/users"`` → the permissions its dependency tree declares (routers included in
    the app are walked with their own dependencies, as FastAPI serves them)."""
    rules = {}
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            rules[f"{','.join(sorted(context.methods or ()))} {context.path}"] = declared(context.dependant)
    return rules


def test_every_api_route_declares_one_permission() -> None:
    rules = route_rules(_app())
    assert rules, "no routes found"
    missing = sorted(name for name, found in rules.items() if not found)
    several = sorted(f"{name}: {sorted(found)}" for name, found in rules.items() if len(found) > 1)
    assert not missing, "routes without require(Permission.X):\n" + "\n".join(missing)
    assert not several, "routes with more than one permission:\n" + "\n".join(several)


def test_the_only_other_routes_are_the_public_api_description() -> None:
    app = _app()
    others = {
        context.path
        for context in iter_route_contexts(app.routes)
        if not isinstance(context.original_route, APIRoute)
    }
    assert others <= {app.openapi_url, app.docs_url, app.swagger_ui_oauth2_redirect_url}


def test_every_permission_has_a_rule_and_a_description() -> None:
    assert set(RULES) == set(Permission)
    assert all(rule.description for rule in RULES.values())


def test_the_rule_test_notices_a_route_without_a_rule() -> None:
    app = _app()

    @app.get("/unguarded")
    def unguarded() -> dict[str, str]:
        return {}

    assert not route_rules(app)["GET /unguarded"]


def test_auth_and_users_routes_declare_what_docs_access_md_says() -> None:
    rules = {name: found.pop() for name, found in route_rules(_app()).items() if len(found) == 1}
    assert rules["POST /api/v1/auth/login"] == Permission.PUBLIC
    assert rules["POST /api/v1/auth/token"] == Permission.PUBLIC
    assert rules["GET /api/v1/auth/me"] == Permission.AUTHENTICATED
    assert rules["GET /api/v1/users"] == Permission.USERS_ADMIN
    assert rules["POST /api/v1/users/{username}/memberships"] == Permission.USERS_ADMIN


def test_docs_access_md_names_every_role_and_permission() -> None:
    from pathlib import Path

    from baocao.access.rules import Role

    text = (Path(__file__).resolve().parents[2] / "docs" / "access.md").read_text(encoding="utf-8")
    missing = [f"`{p.value}`" for p in Permission if f"`{p.value}`" not in text]
    missing += [f"`{r.value}`" for r in Role if f"`{r.value}`" not in text]
    assert not missing, f"docs/access.md does not mention {missing}"
