"""HTTP Basic under /dhis2/api: a system account's API token or a person's password; anything else 401."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from baocao.audit.models import AuditEvent
from tests.conftest import LiveServer, session_factory_for
from tests.dhis2.conftest import Dhis2Env
from tests.dhis2.helpers import client, failed
from tests.submissions.env import PASSWORD


def test_basic_auth(denv: Dhis2Env, dserver: LiveServer) -> None:
    assert client(dserver, denv, "hcm.dhis2").get("me").json()["username"] == "hcm.dhis2"
    # requests sends str credentials as Latin-1: a Vietnamese password goes as UTF-8 bytes.
    person = client(dserver, denv, "hn.reporter", PASSWORD.encode())
    assert person.get("me").json()["username"] == "hn.reporter"

    status, body = failed(lambda: client(dserver, denv, "hn.reporter", "wrong password").get("me"))
    assert status == 401 and body["error"]["code"] == "unauthenticated"
    with session_factory_for(denv.url)() as db:
        reasons = [
            e.details for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "auth.login_failed"))
        ]
    assert any(d and d.get("purpose") == "basic" and d.get("reason") == "wrong_password" for d in reasons)
    # Another account's token is not a password for this one.
    status, _ = failed(lambda: client(dserver, denv, "hn.dhis2", denv.tokens["hcm.dhis2"]).get("me"))
    assert status == 401
    assert failed(lambda: client(dserver, denv, "hn.dhis2", "x").get("system/info"))[0] == 401
    # Basic is for the DHIS2 API only: the rest of the API wants a bearer token or a session.
    with httpx.Client(base_url=dserver.url) as http:
        answer = http.get("/api/v1/auth/me", auth=("hn.dhis2", denv.tokens["hn.dhis2"]))
        assert answer.status_code == 401
