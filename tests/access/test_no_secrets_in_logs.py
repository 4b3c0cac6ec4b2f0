"""Run a server with every logger at DEBUG (SQL with parameters included), use passwords and tokens,
then grep the log file and the audit log: no secret may appear."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from baocao.audit.models import AuditEvent
from tests.access.world import PASSWORD, World, add_user
from tests.conftest import LiveServer

LOGGERS = ["", "uvicorn", "uvicorn.error", "uvicorn.access", "baocao", "sqlalchemy.engine", "fastapi"]
# The test client's own loggers (they print the Set-Cookie it receives): not the application's.
CLIENT_LOGGERS = ["httpx", "httpcore"]
# A password typed into the username field: the engines hide SQL parameters even with SQL echo on, and
# the audit log records unknown usernames as a fingerprint.
MISPLACED = "mat-khau-go-nham-vao-o-ten"


@contextmanager
def everything_logged_to(path: Path) -> Iterator[None]:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    saved = []
    for name in LOGGERS + CLIENT_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.setLevel(logging.DEBUG if name in LOGGERS else logging.WARNING)
        if name in LOGGERS:
            logger.addHandler(handler)
    try:
        yield
    finally:
        for logger, level in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
        handler.close()


def _post(client: httpx.Client, path: str, **kwargs: Any) -> httpx.Response:
    return client.post(f"/api/v1{path}", **kwargs)


def test_no_password_token_or_session_id_is_ever_logged(world: World, tmp_path: Path) -> None:
    username = add_user(world)
    admin = next(a for a in world.actors if a.username == "province.administrator").headers()
    typo = "typo-" + PASSWORD
    new_password = "mat-khau-moi-cua-nguoi-dung-77"
    reset_password = "mat-khau-dat-lai-boi-quan-tri-88"
    log_file = tmp_path / "server.log"
    secrets: list[str] = [PASSWORD, typo, new_password, reset_password]
    server = LiveServer(world.url)  # configures uvicorn's logging: attach the file after it
    with everything_logged_to(log_file), server, server.client() as client:
        login = _post(client, "/auth/login", json={"username": username, "password": PASSWORD})
        assert login.status_code == 200
        secrets += [login.json()["csrf_token"], client.cookies["baocao_session"]]
        assert client.get("/api/v1/auth/me").status_code == 200
        assert _post(client, "/auth/login", json={"username": username, "password": typo}).status_code == 401
        assert _post(client, "/auth/login", json={"username": MISPLACED, "password": "x"}).status_code == 401
        assert _post(client, "/auth/login", json={"username": 5, "password": PASSWORD}).status_code == 422
        token = _post(client, "/auth/token", data={"username": username, "password": PASSWORD})
        secret = token.json()["access_token"]
        secrets.append(secret.split("_", 2)[2])  # the prefix before it is public
        assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        body = {"username": f"x{username}", "unit": "01", "password": new_password}
        created = _post(client, "/users", json=body, headers=admin)
        assert created.status_code == 201 and new_password not in created.text
        reset = client.patch(f"/api/v1/users/{username}", json={"password": reset_password}, headers=admin)
        assert reset.status_code == 200 and reset_password not in reset.text
    text = log_file.read_text(encoding="utf-8")
    assert "POST /api/v1/auth/login" in text and "INSERT INTO" in text  # the capture did capture
    leaked = [s for s in secrets if s in text]
    assert not leaked, f"{len(leaked)} secret(s) found in the log"
    assert MISPLACED not in text
    with world.session() as db:
        audit = " ".join(f"{e.actor} {e.target} {e.details}" for e in db.scalars(select(AuditEvent)))
    assert not [s for s in [*secrets, MISPLACED] if s in audit], "a secret reached the audit log"
