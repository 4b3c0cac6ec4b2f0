"""Signing keys and signatures over canonical content: Ed25519, X.509 RSA, tampering, revocation."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.ledger.canonical import canonical_bytes, content_digest
from baocao.ledger.models import SubmissionSignature
from baocao.ledger.signatures import (
    message_for,
    register_key,
    require_intact_signatures,
    revoke_key,
    sign_version,
    verify_signatures,
)
from baocao.submissions.models import SubmissionVersion
from tests.signatures.keys import ed25519_pair, private_pem, rsa_certificate
from tests.validation.world import CellDef, regime, submission, unit_id


def _version(db: Session, unit: str = "01") -> SubmissionVersion:
    version = regime(db, "KY_SO", [CellDef("R01", "C1", "THU_NSNN"), CellDef("R02", "C1", "CHI_NSNN")], [])
    return submission(db, version, unit, "2025-07", {"THU_NSNN": 1200.5, "CHI_NSNN": 800}, state="submitted")[
        1
    ]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def test_an_ed25519_signature_over_the_digest_verifies(db: Session) -> None:
    version = _version(db)
    private, pem = ed25519_pair()
    key = register_key(db, unit_id(db, "01"), pem, "Khóa Văn phòng", None)
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert key.algorithm == "ed25519" and key.fingerprint == hashlib.sha256(der).hexdigest()

    digest = hashlib.sha256(canonical_bytes(db, version)).hexdigest()
    assert digest == content_digest(db, version)
    assert message_for(digest) == f"baocao-submission-signature/1:{digest}".encode()
    signature = sign_version(db, version, key, _b64(private.sign(message_for(digest))), digest)
    assert (signature.status, signature.content_digest) == ("valid", digest)
    assert [s.status for s in verify_signatures(db, version)] == ["valid"]
    assert require_intact_signatures(db, version) == [signature]


@pytest.mark.parametrize("scheme", ["pkcs1v15", "pss"])
def test_an_x509_rsa_certificate_signature_verifies(db: Session, scheme: str) -> None:
    version = _version(db)
    private, pem = rsa_certificate()
    key = register_key(db, unit_id(db, "01"), pem, "Chứng thư số", 7)
    assert key.algorithm == "x509-rsa" and key.registered_by_id == 7
    message = message_for(content_digest(db, version))
    pad = (
        padding.PKCS1v15()
        if scheme == "pkcs1v15"
        else padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.MAX_LENGTH)
    )
    signature = sign_version(db, version, key, _b64(private.sign(message, pad, hashes.SHA256())))
    assert signature.status == "valid"


def test_a_forged_or_stale_signature_is_refused(db: Session) -> None:
    version = _version(db)
    private, pem = ed25519_pair()
    key = register_key(db, unit_id(db, "01"), pem, "Khóa", None)
    digest = content_digest(db, version)
    other, _ = ed25519_pair()
    for forged in (other.sign(message_for(digest)), private.sign(message_for("0" * 64)), b"\0" * 64):
        with pytest.raises(ApiError) as caught:
            sign_version(db, version, key, _b64(forged))
        assert (caught.value.status, caught.value.code, caught.value.field) == (
            422,
            "bad_signature",
            "signature",
        )
    with pytest.raises(ApiError) as caught:
        sign_version(db, version, key, "không phải base64!")
    assert caught.value.code == "invalid_signature"
    with pytest.raises(ApiError) as caught:  # the client signed content that has changed since
        sign_version(db, version, key, _b64(private.sign(message_for(digest))), "f" * 64)
    assert caught.value.code == "content_mismatch"


def test_content_changed_behind_the_service_is_flagged_and_refused(db: Session) -> None:
    version = _version(db)
    private, pem = ed25519_pair()
    key = register_key(db, unit_id(db, "01"), pem, "Khóa", None)
    sign_version(db, version, key, _b64(private.sign(message_for(content_digest(db, version)))))
    db.execute(
        text(
            "UPDATE data_values SET value_num = 9999 WHERE submission_version_id = :v AND value_num = 1200.5"
        ),
        {"v": version.id},
    )
    db.expire_all()
    assert [s.status for s in verify_signatures(db, version)] == ["content_mismatch"]
    with pytest.raises(ApiError) as caught:
        require_intact_signatures(db, version)
    assert (caught.value.status, caught.value.code) == (422, "signature_mismatch")
    assert "content_mismatch" in caught.value.details[0].message_en


def test_a_doctored_signature_record_is_bad(db: Session) -> None:
    version = _version(db)
    private, pem = ed25519_pair()
    key = register_key(db, unit_id(db, "01"), pem, "Khóa", None)
    sign_version(db, version, key, _b64(private.sign(message_for(content_digest(db, version)))))
    db.execute(
        text("UPDATE data_values SET value_num = 1 WHERE submission_version_id = :v"), {"v": version.id}
    )
    db.expire_all()
    # someone also rewrites the stored digest to match the new content: the signature no longer holds
    db.execute(update(SubmissionSignature).values(content_digest=content_digest(db, version)))
    db.expire_all()
    assert [s.status for s in verify_signatures(db, version)] == ["bad_signature"]
    with pytest.raises(ApiError):
        require_intact_signatures(db, version)


def test_a_revoked_key_signs_nothing_more_and_its_signatures_are_flagged(db: Session) -> None:
    version = _version(db)
    private, pem = ed25519_pair()
    key = register_key(db, unit_id(db, "01"), pem, "Khóa cũ", None)
    good = _b64(private.sign(message_for(content_digest(db, version))))
    sign_version(db, version, key, good)
    revoked = revoke_key(db, unit_id(db, "01"), key.id)
    assert revoked.revoked_at is not None
    assert revoke_key(db, unit_id(db, "01"), key.id).revoked_at == revoked.revoked_at  # idempotent
    assert [s.status for s in verify_signatures(db, version)] == ["key_revoked"]
    require_intact_signatures(db, version)  # content intact: flagged, not blocking
    with pytest.raises(ApiError) as caught:
        sign_version(db, version, key, good)
    assert caught.value.code == "signing_key_revoked"
    with pytest.raises(ApiError) as caught:  # another unit cannot revoke it
        revoke_key(db, unit_id(db, "79"), key.id)
    assert caught.value.status == 404


def test_keys_that_cannot_be_used_are_refused_with_a_reason(db: Session) -> None:
    unit = unit_id(db, "01")
    private, pem = ed25519_pair()
    register_key(db, unit, pem, "Khóa", None)
    rsa_private, certificate = rsa_certificate()
    expired = rsa_certificate(valid_from=datetime.now(UTC) - timedelta(days=400), days=30)[1]
    bare_rsa = rsa_private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    cases = {
        pem: (409, "conflict"),
        private_pem(private): (422, "khóa bí mật"),
        bare_rsa.decode(): (422, "chứng thư số X.509"),
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----": (422, "Không đọc được khóa"),
        expired: (422, "hết hiệu lực"),
        rsa_certificate(1024)[1]: (422, "2048 bit"),
    }
    for given, (status, words) in cases.items():
        with pytest.raises(ApiError) as caught:
            register_key(db, unit, given, "x", None)
        assert caught.value.status == status
        assert words in caught.value.message or words == caught.value.code
    assert register_key(db, unit, certificate, "RSA", None).algorithm == "x509-rsa"
