"""Fixtures of the web tests: a world (tests/submissions/env.py) and a live server per backend, and
helpers that sign in through the pages the way a browser does (form post, session cookie, CSRF
token read from the page)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from baocao.submissions import service
from baocao.submissions.actors import system_actor
from tests.conftest import FreshDatabase, LiveServer
from tests.submissions.env import PASSWORD, Env, build
from tests.web.browser import chromium, sync_api

__all__ = ["chromium"]  # the browser (session), defined once for every browser test module
ACCOUNTS = ["xa4.reporter", "hn.reporter", "hn.approver", "hcm.approver", "hn.viewer", "vpcp.leader"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def web_env(backend: FreshDatabase) -> Env:
    return build(backend.create(), ACCOUNTS)


@pytest.fixture(scope="session")
def web_server(web_env: Env) -> Iterator[LiveServer]:
    with LiveServer(web_env.url) as live:
        yield live


LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')


def login_form(http: httpx.Client, username: str, password: str, next_path: str = "/") -> dict[str, str]:
    """The sign-in form's fields, with the token the login page gave (login CSRF)."""
    found = LOGIN_TOKEN.search(http.get("/login").text)
    assert found is not None
    return {"username": username, "password": password, "next": next_path, "login_token": found.group(1)}


def sign_in(http: httpx.Client, username: str) -> str:
    """Sign in through the login form; return the CSRF token the home page carries."""
    answer = http.post("/login", data=login_form(http, username, PASSWORD))
    assert answer.status_code == 303, answer.text
    home = http.get("/")
    assert home.status_code == 200, home.text
    found = CSRF.search(home.text)
    assert found is not None
    return found.group(1)


def open_for(env: Env, commune: str, period: str) -> int:
    """A draft submission of T_XA for a commune, opened by a system job (not through the pages)."""
    with env.session() as db:
        submission = service.open_submission(db, "T_XA", commune, period, system_actor())
        db.commit()
        return submission.id


@pytest.fixture
def page(chromium: sync_api.BrowserContext, web_server: LiveServer) -> Iterator[sync_api.Page]:
    chromium.clear_cookies()
    tab = chromium.new_page()
    tab.set_default_timeout(15000)
    errors: list[str] = []
    # Pages that answer 404/422 on purpose log "Failed to load resource"; a failed script, style or
    # image, a script error or a CSP violation fails the test.
    tab.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "Failed to load" not in m.text else None,
    )
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on(
        "response",
        lambda r: errors.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None,
    )
    yield tab
    tab.close()
    assert not errors, errors  # no script errors, no CSP violations
