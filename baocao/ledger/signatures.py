"""Units' signing keys and their signatures over a submission version's canonical content.

What is signed (docs/signatures.md): the ASCII bytes ``MESSAGE_PREFIX + digest``, where ``digest`` is
the lowercase hex SHA-256 of the version's canonical content (``baocao.ledger.canonical``). Ed25519
signs them as they are; RSA keys (from an X.509 certificate) sign them with SHA-256 and PKCS#1 v1.5
(PSS with MGF1-SHA-256 is accepted too). The signature travels in standard base64.

The server verifies on upload (a bad signature answers 422) and again whenever signatures are read
and before a receiver accepts (``verify_signatures`` / ``require_intact_signatures``): a signature
whose version no longer has the content it signed is flagged ``content_mismatch`` and the version
cannot be accepted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import UTC, datetime
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baocao.audit.types import utc_now
from baocao.errors import ApiError, ErrorDetail, not_found
from baocao.ledger.canonical import content_digest
from baocao.ledger.models import SigningKey, SubmissionSignature
from baocao.submissions.models import SubmissionVersion

MESSAGE_PREFIX = "baocao-submission-signature/1:"
MIN_RSA_BITS = 2048
MAX_PEM = 20_000


class KeyAlgorithm(StrEnum):
    ED25519 = "ed25519"
    X509_RSA = "x509-rsa"


class SignatureStatus(StrEnum):
    VALID = "valid"
    CONTENT_MISMATCH = "content_mismatch"  # the version's content changed after it was signed
    BAD_SIGNATURE = "bad_signature"  # the stored signature does not verify (tampered record)
    KEY_REVOKED = "key_revoked"  # verifies, but the unit has revoked the key since


BLOCKING = (SignatureStatus.CONTENT_MISMATCH, SignatureStatus.BAD_SIGNATURE)

PublicKey = ed25519.Ed25519PublicKey | rsa.RSAPublicKey


def message_for(digest: str) -> bytes:
    """The exact bytes a client signs for a version whose content digest is ``digest``."""
    return (MESSAGE_PREFIX + digest).encode("ascii")


def _bad_key(message: str, message_en: str) -> ApiError:
    return ApiError(422, "invalid_signing_key", message, message_en, field="public_pem", location="body")


def _read_key(pem: str) -> tuple[KeyAlgorithm, PublicKey, x509.Certificate | None]:
    data = pem.strip().encode("ascii", errors="replace")
    if len(data) > MAX_PEM:
        raise _bad_key("Khóa quá dài", "The key is too long")
    if b"PRIVATE KEY" in data:
        raise _bad_key(
            "Đây là khóa bí mật: không bao giờ gửi khóa bí mật, chỉ gửi khóa công khai hoặc chứng thư số",
            "This is a private key: never send it; send the public key or the certificate",
        )
    try:
        if b"BEGIN CERTIFICATE" in data:
            certificate = x509.load_pem_x509_certificate(data)
            key = certificate.public_key()
            if not isinstance(key, rsa.RSAPublicKey):
                raise _bad_key("Chứng thư số phải mang khóa RSA", "The certificate must carry an RSA key")
            return KeyAlgorithm.X509_RSA, key, certificate
        public = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise _bad_key(
            "Không đọc được khóa: gửi khóa công khai Ed25519 (PEM) hoặc chứng thư số X.509 RSA (PEM)",
            "Cannot read the key: send an Ed25519 public key (PEM) or an X.509 RSA certificate (PEM)",
        ) from None
    if isinstance(public, rsa.RSAPublicKey):
        raise _bad_key(
            "Khóa RSA phải được gửi kèm chứng thư số X.509", "An RSA key must come as an X.509 certificate"
        )
    if not isinstance(public, ed25519.Ed25519PublicKey):
        raise _bad_key(
            "Chỉ nhận khóa Ed25519 hoặc chứng thư số RSA",
            "Only Ed25519 keys or RSA certificates are accepted",
        )
    return KeyAlgorithm.ED25519, public, None


def _check_certificate(certificate: x509.Certificate, key: rsa.RSAPublicKey) -> None:
    if key.key_size < MIN_RSA_BITS:
        raise _bad_key(
            f"Khóa RSA phải dài ít nhất {MIN_RSA_BITS} bit",
            f"The RSA key must be at least {MIN_RSA_BITS} bits",
        )
    now = datetime.now(UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise _bad_key(
            f"Chứng thư số hết hiệu lực hoặc chưa có hiệu lực "
            f"({certificate.not_valid_before_utc:%d/%m/%Y}–{certificate.not_valid_after_utc:%d/%m/%Y})",
            f"The certificate is not valid now ({certificate.not_valid_before_utc:%Y-%m-%d} to "
            f"{certificate.not_valid_after_utc:%Y-%m-%d})",
        )


def public_key_of(key: SigningKey) -> PublicKey:
    return _read_key(key.public_pem)[1]


def certificate_of(key: SigningKey) -> x509.Certificate | None:
    return _read_key(key.public_pem)[2]


def fingerprint_of(public: PublicKey) -> str:
    """SHA-256 (hex) of the DER SubjectPublicKeyInfo."""
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def register_key(
    session: Session, unit_id: int, pem: str, label: str, registered_by_id: int | None
) -> SigningKey:
    """Store a unit's public key (Ed25519 PEM) or X.509 RSA certificate; 422 if unusable, 409 if known."""
    algorithm, public, certificate = _read_key(pem)
    if certificate is not None:
        assert isinstance(public, rsa.RSAPublicKey)
        _check_certificate(certificate, public)
        stored = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    else:
        stored = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")
    fingerprint = fingerprint_of(public)
    if session.scalar(select(SigningKey.id).where(SigningKey.fingerprint == fingerprint)) is not None:
        raise _duplicate(fingerprint)
    key = SigningKey(
        unit_id=unit_id,
        algorithm=algorithm.value,
        public_pem=stored,
        fingerprint=fingerprint,
        label=label.strip(),
        registered_at=utc_now(),
        registered_by_id=registered_by_id,
    )
    session.add(key)
    try:
        session.flush()
    except IntegrityError:  # registered by someone else a moment ago; the request rolls back
        raise _duplicate(fingerprint) from None
    return key


def _duplicate(fingerprint: str) -> ApiError:
    return ApiError(
        409,
        "conflict",
        f"Khóa này đã được đăng ký (dấu vân tay {fingerprint[:16]}…)",
        f"This key is already registered (fingerprint {fingerprint[:16]}…)",
        field="public_pem",
        location="body",
    )


def keys_of(session: Session, unit_id: int) -> list[SigningKey]:
    return list(
        session.scalars(select(SigningKey).where(SigningKey.unit_id == unit_id).order_by(SigningKey.id))
    )


def get_key(session: Session, unit_id: int, key_id: int) -> SigningKey:
    key = session.scalar(select(SigningKey).where(SigningKey.id == key_id, SigningKey.unit_id == unit_id))
    if key is None:
        raise not_found("khóa ký", "signing key", str(key_id), field="key_id")
    return key


def revoke_key(session: Session, unit_id: int, key_id: int) -> SigningKey:
    """Revoke (idempotent): the key signs nothing more; its signatures show ``key_revoked``."""
    key = get_key(session, unit_id, key_id)
    if key.revoked_at is None:
        key.revoked_at = utc_now()
        session.flush()
    return key


def _decode(signature_b64: str) -> bytes:
    try:
        return base64.b64decode(signature_b64.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(
            422,
            "invalid_signature",
            "Chữ ký phải được mã hóa base64",
            "The signature must be base64-encoded",
            field="signature",
            location="body",
        ) from None


def signature_holds(key: SigningKey, digest: str, signature: bytes) -> bool:
    """Whether ``signature`` by ``key`` is over ``message_for(digest)``."""
    public = public_key_of(key)
    message = message_for(digest)
    try:
        if isinstance(public, ed25519.Ed25519PublicKey):
            public.verify(signature, message)
            return True
        try:
            public.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO)
            public.verify(signature, message, pss, hashes.SHA256())
        return True
    except InvalidSignature:
        return False


def sign_version(
    session: Session,
    version: SubmissionVersion,
    key: SigningKey,
    signature_b64: str,
    expected_digest: str | None = None,
) -> SubmissionSignature:
    """Verify and store ``key``'s signature over ``version`` (replacing that key's earlier one)."""
    if key.revoked_at is not None:
        raise ApiError(
            422,
            "signing_key_revoked",
            "Khóa ký này đã bị thu hồi",
            "This signing key has been revoked",
            field="signing_key_id",
            location="body",
        )
    digest = content_digest(session, version)
    if expected_digest is not None and expected_digest.strip().lower() != digest:
        raise ApiError(
            422,
            "content_mismatch",
            "Nội dung báo cáo đã thay đổi so với bản được ký: hãy ký lại bản hiện tại",
            "The report's content differs from what was signed: sign the current content again",
            field="content_digest",
            location="body",
            details=[ErrorDetail(f"hiện tại: {digest}", f"current: {digest}", field="content_digest")],
        )
    raw = _decode(signature_b64)
    if not signature_holds(key, digest, raw):
        raise ApiError(
            422,
            "bad_signature",
            "Chữ ký không hợp lệ cho nội dung hiện tại của báo cáo với khóa này",
            "The signature does not verify for the report's current content with this key",
            field="signature",
            location="body",
        )
    now = utc_now()
    row = session.scalar(
        select(SubmissionSignature).where(
            SubmissionSignature.submission_version_id == version.id,
            SubmissionSignature.signing_key_id == key.id,
        )
    )
    if row is None:
        row = SubmissionSignature(submission_version_id=version.id, signing_key_id=key.id)
        session.add(row)
    row.content_digest = digest
    row.signature_b64 = base64.b64encode(raw).decode("ascii")
    row.signed_at = now
    row.status = SignatureStatus.VALID.value
    row.verified_at = now
    session.flush()
    return row


def signatures_of(session: Session, version_id: int) -> list[tuple[SubmissionSignature, SigningKey]]:
    rows = session.execute(
        select(SubmissionSignature, SigningKey)
        .join(SigningKey, SigningKey.id == SubmissionSignature.signing_key_id)
        .where(SubmissionSignature.submission_version_id == version_id)
        .order_by(SubmissionSignature.id)
    )
    return [(s, k) for s, k in rows]


def verify_signatures(session: Session, version: SubmissionVersion) -> list[SubmissionSignature]:
    """Re-verify every signature of ``version`` against its content now; update and return them."""
    pairs = signatures_of(session, version.id)
    if not pairs:
        return []
    digest = content_digest(session, version)
    now = utc_now()
    for signature, key in pairs:
        raw = base64.b64decode(signature.signature_b64)
        if not signature_holds(key, signature.content_digest, raw):
            status = SignatureStatus.BAD_SIGNATURE
        elif signature.content_digest != digest:
            status = SignatureStatus.CONTENT_MISMATCH
        elif key.revoked_at is not None:
            status = SignatureStatus.KEY_REVOKED
        else:
            status = SignatureStatus.VALID
        signature.status, signature.verified_at = status.value, now
    session.flush()
    return [s for s, _ in pairs]


def require_intact_signatures(session: Session, version: SubmissionVersion) -> list[SubmissionSignature]:
    """For ``accept``: verify, and refuse (422 ``signature_mismatch``) a version whose content no longer
    matches a signature or whose signature record does not verify. Unsigned versions pass."""
    checked = verify_signatures(session, version)
    broken = [s for s in checked if s.status in BLOCKING]
    if broken:
        raise ApiError(
            422,
            "signature_mismatch",
            "Không tiếp nhận được: nội dung báo cáo không còn khớp với chữ ký số của đơn vị",
            "Cannot accept: the report's content no longer matches the unit's digital signature",
            field="signatures",
            details=[
                ErrorDetail(
                    f"Chữ ký #{s.id}: {s.status}",
                    f"Signature #{s.id}: {s.status}",
                    field=f"signatures[{s.id}]",
                )
                for s in broken
            ],
        )
    return checked
