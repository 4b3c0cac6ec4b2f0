"""Keys and signatures through a real server, signing with the example of docs/signatures.md."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from sqlalchemy import text

from baocao.storage.engine import make_engine, make_session_factory, transaction
from tests.conftest import FreshDatabase, LiveServer
from tests.signatures.keys import ed25519_pair, private_pem, rsa_certificate
from tests.validation.world import CellDef, new_world, regime, submission, token_for

API = "/api/v1"
DOC = Path(__file__).resolve().parents[2] / "docs" / "signatures.md"


def documented_signer() -> Any:
    """``sign_submission`` exactly as the documentation shows it."""
    block = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    namespace: dict[str, Any] = {}
    exec(compile(block.group(1), str(DOC), "exec"), namespace)
    return namespace["sign_submission"]


def test_register_sign_verify_tamper_and_revoke(backend: FreshDatabase) -> None:
    url = new_world(backend)
    with transaction(make_session_factory(make_engine(url))) as session:
        version = regime(session, "KY_SO", [CellDef("R01", "C1", "THU_NSNN")], [])
        head, row = submission(session, version, "01", "2025-07", {"THU_NSNN": 1200.5}, state="submitted")
        submission_id, version_id = head.id, row.id
        tokens = {
            name: {"Authorization": f"Bearer {token_for(session, code, role)}"}
            for name, code, role in [
                ("admin", "01", "administrator"),
                ("other_admin", "79", "administrator"),
                ("reporter", "01", "reporter"),
                ("other_reporter", "79", "reporter"),
                ("viewer", "01", "viewer"),
                ("approver", "CP", "approver"),
            ]
        }
        raw_tokens = {k: v["Authorization"].removeprefix("Bearer ") for k, v in tokens.items()}
    private, pem = ed25519_pair()
    rsa_private, certificate = rsa_certificate()
    with LiveServer(url) as server, server.client() as client:
        keys = f"{API}/units/01/signing-keys"
        body = {"public_pem": pem, "label": "Khóa Văn phòng UBND"}
        assert client.post(keys, json=body, headers=tokens["other_admin"]).status_code == 403
        assert client.post(keys, json=body, headers=tokens["reporter"]).status_code == 403
        created = client.post(keys, json=body, headers=tokens["admin"])
        assert created.status_code == 201, created.text
        key = created.json()
        assert (key["unit"], key["algorithm"], key["revoked_at"]) == ("01", "ed25519", None)
        again = client.post(keys, json=body, headers=tokens["admin"])
        assert again.status_code == 409
        secret = client.post(
            keys, json={"public_pem": private_pem(private), "label": "x"}, headers=tokens["admin"]
        )
        assert secret.status_code == 422 and secret.json()["error"]["field"] == "public_pem"
        rsa_key = client.post(
            keys, json={"public_pem": certificate, "label": "Chứng thư"}, headers=tokens["admin"]
        )
        assert rsa_key.json()["subject"].startswith("CN=Văn phòng UBND")
        listed = client.get(keys, headers=tokens["viewer"])
        assert [k["label"] for k in listed.json()] == ["Khóa Văn phòng UBND", "Chứng thư"]
        assert client.get(f"{API}/units/79/signing-keys", headers=tokens["viewer"]).status_code == 403

        # the unit's reporter signs with the documented example
        sign_submission = documented_signer()
        answer = sign_submission(
            server.url, raw_tokens["reporter"], submission_id, key["id"], private_pem(private).encode()
        )
        assert [(s["fingerprint"], s["status"]) for s in answer["signatures"]] == [
            (key["fingerprint"], "valid")
        ]
        content = client.get(
            f"{API}/submissions/{submission_id}/signatures/content", headers=tokens["approver"]
        )
        assert hashlib.sha256(content.content).hexdigest() == answer["content_digest"]
        assert answer["message_to_sign"] == f"baocao-submission-signature/1:{answer['content_digest']}"

        signatures = f"{API}/submissions/{submission_id}/signatures"
        forged = {"signing_key_id": key["id"], "signature": base64.b64encode(b"\1" * 64).decode()}
        refused = client.post(signatures, json=forged, headers=tokens["reporter"])
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "bad_signature"
        assert client.post(signatures, json=forged, headers=tokens["other_reporter"]).status_code == 404
        assert client.post(signatures, json=forged, headers=tokens["viewer"]).status_code == 403
        by_rsa = sign_submission(server.url, raw_tokens["reporter"], submission_id, rsa_key.json()["id"],
                                 private_pem(rsa_private).encode())  # fmt: skip
        assert [s["status"] for s in by_rsa["signatures"]] == ["valid", "valid"]

        # someone changes a figure directly in the database: the receiver sees it
        with transaction(make_session_factory(make_engine(url))) as session:
            session.execute(
                text("UPDATE data_values SET value_num = 2000 WHERE submission_version_id = :v"),
                {"v": version_id},
            )
        seen = client.get(signatures, headers=tokens["approver"]).json()
        assert [s["status"] for s in seen["signatures"]] == ["content_mismatch", "content_mismatch"]
        assert seen["content_digest"] != answer["content_digest"]

        revoked = client.delete(f"{keys}/{key['id']}", headers=tokens["admin"])
        assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
        assert client.delete(f"{keys}/{key['id']}", headers=tokens["other_admin"]).status_code == 403
        assert client.delete(f"{keys}/99999", headers=tokens["admin"]).status_code == 404
