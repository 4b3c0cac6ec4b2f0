"""A receiver cannot accept a signed report whose content no longer matches its signature."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.ledger.canonical import content_digest
from baocao.ledger.signatures import message_for, register_key, sign_version, verify_signatures
from baocao.submissions import service
from baocao.submissions.actors import CellInput, system_actor
from tests.signatures.keys import ed25519_pair
from tests.validation.world import CellDef, regime, unit_id


def test_tampered_content_is_flagged_and_accept_refused(db: Session) -> None:
    regime(db, "KY_NHAN", [CellDef("R01", "C1", "THU_NSNN")], [])
    actor = system_actor()
    submission = service.open_submission(db, "KY_NHAN", "01", "2025-07", actor)
    service.write_values(db, submission, [CellInput("THU_NSNN", "", 1200)], actor)
    version = service.submit(db, submission, actor)
    private, pem = ed25519_pair()
    key = register_key(db, unit_id(db, "01"), pem, "Khóa", None)
    signature = private.sign(message_for(content_digest(db, version)))
    sign_version(db, version, key, base64.b64encode(signature).decode())

    db.execute(
        text("UPDATE data_values SET value_num = 1500 WHERE submission_version_id = :v"), {"v": version.id}
    )
    db.expire_all()
    assert [s.status for s in verify_signatures(db, version)] == ["content_mismatch"]
    with pytest.raises(ApiError) as refused:
        service.accept(db, submission, actor)
    assert (refused.value.status, refused.value.code) == (422, "signature_mismatch")
