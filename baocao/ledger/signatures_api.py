"""Signing keys of units and signatures of submissions (see docs/signatures.md).

- ``/units/{code}/signing-keys``: list (``units.read`` within view scope), register and revoke
  (``users.admin``: the unit's administrators, or those of a unit above it).
- ``/submissions/{id}/signatures``: read with each signature verified now (``submissions.read``),
  upload a signature (``submissions.write`` with the unit in capture scope), and ``.../content``: the
  exact canonical bytes whose digest is signed, for an integrator to check before signing.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from baocao.access.guard import forbidden, require
from baocao.access.principal import Principal
from baocao.access.rules import Permission, Reach
from baocao.deps import get_session
from baocao.errors import ApiError, not_found
from baocao.ledger import signatures as service
from baocao.ledger.canonical import canonical_bytes, content_digest
from baocao.ledger.models import SigningKey, SubmissionSignature
from baocao.submissions import queries as submissions
from baocao.submissions.models import Submission, SubmissionVersion
from baocao.units.service import resolve_unit

router = APIRouter(tags=["signatures"])

UNIT_CODE = Path(description="Mã đơn vị / unit code")


class KeyIn(BaseModel):
    public_pem: str = Field(
        min_length=1,
        max_length=service.MAX_PEM,
        description="Khóa công khai Ed25519 hoặc chứng thư X.509 RSA (PEM)",
    )
    label: str = Field(
        min_length=1, max_length=200, description="Tên gọi / label, e.g. 'Token USB Văn phòng'"
    )


class KeyOut(BaseModel):
    id: int
    unit: str
    algorithm: str = Field(description="ed25519 | x509-rsa")
    fingerprint: str = Field(description="SHA-256 của khóa công khai (DER) / of the DER public key")
    label: str
    subject: str | None = Field(None, description="Chủ thể chứng thư / certificate subject")
    not_valid_after: datetime | None = None
    registered_at: datetime
    registered_by_id: int | None
    revoked_at: datetime | None
    public_pem: str


class SignatureIn(BaseModel):
    signing_key_id: int | None = Field(None, description="Mã khóa / key id (or give the fingerprint)")
    fingerprint: str | None = Field(None, description="Dấu vân tay khóa / key fingerprint")
    signature: str = Field(min_length=1, max_length=4000, description="Chữ ký, base64 / signature, base64")
    version: int | None = Field(None, ge=1, description="Phiên bản (mặc định: hiện tại) / version")
    content_digest: str | None = Field(None, description="Digest the client signed; checked if given")


class SignatureOut(BaseModel):
    id: int
    version: int
    signing_key_id: int
    fingerprint: str
    label: str
    algorithm: str
    content_digest: str
    signature: str
    signed_at: datetime
    status: str = Field(description="valid | content_mismatch | bad_signature | key_revoked")
    verified_at: datetime | None


class SignaturesOut(BaseModel):
    submission_id: int
    version: int
    content_digest: str = Field(
        description="SHA-256 của nội dung chuẩn hiện tại / of the canonical content now"
    )
    message_to_sign: str = Field(description="Chuỗi ASCII cần ký / the exact ASCII text to sign")
    signatures: list[SignatureOut]


def _unit_id(session: Session, principal: Principal, code: str, permission: Permission) -> int:
    unit_id = resolve_unit(session, code).unit_id
    if not principal.scope(permission).contains(unit_id, reach=Reach.VIEW):
        raise forbidden(permission)
    return unit_id


def _key_out(key: SigningKey, code: str) -> KeyOut:
    certificate = service.certificate_of(key)
    return KeyOut(
        id=key.id,
        unit=code,
        algorithm=key.algorithm,
        fingerprint=key.fingerprint,
        label=key.label,
        subject=certificate.subject.rfc4514_string() if certificate else None,
        not_valid_after=certificate.not_valid_after_utc if certificate else None,
        registered_at=key.registered_at,
        registered_by_id=key.registered_by_id,
        revoked_at=key.revoked_at,
        public_pem=key.public_pem,
    )


@router.get(
    "/units/{code}/signing-keys", response_model=list[KeyOut], summary="Khóa ký của đơn vị / signing keys"
)
def list_keys(
    code: str = UNIT_CODE,
    principal: Principal = Depends(require(Permission.UNITS_READ)),
    session: Session = Depends(get_session),
) -> list[KeyOut]:
    unit_id = _unit_id(session, principal, code, Permission.UNITS_READ)
    return [_key_out(k, code) for k in service.keys_of(session, unit_id)]


@router.post(
    "/units/{code}/signing-keys",
    response_model=KeyOut,
    status_code=201,
    summary="Đăng ký khóa ký / register a key",
)
def register_key(
    body: KeyIn,
    code: str = UNIT_CODE,
    principal: Principal = Depends(require(Permission.USERS_ADMIN)),
    session: Session = Depends(get_session),
) -> KeyOut:
    unit_id = _unit_id(session, principal, code, Permission.USERS_ADMIN)
    user_id = principal.user.id if principal.user else None
    return _key_out(service.register_key(session, unit_id, body.public_pem, body.label, user_id), code)


@router.delete(
    "/units/{code}/signing-keys/{key_id}", response_model=KeyOut, summary="Thu hồi khóa ký / revoke a key"
)
def revoke_key(
    key_id: int,
    code: str = UNIT_CODE,
    principal: Principal = Depends(require(Permission.USERS_ADMIN)),
    session: Session = Depends(get_session),
) -> KeyOut:
    unit_id = _unit_id(session, principal, code, Permission.USERS_ADMIN)
    return _key_out(service.revoke_key(session, unit_id, key_id), code)


def _version(
    session: Session, principal: Principal, submission_id: int, number: int | None
) -> SubmissionVersion:
    submission = submissions.get_visible(session, principal, submission_id)
    return submissions.get_version(session, submission, number or submission.current_version)


def _signature_out(signature: SubmissionSignature, key: SigningKey, version: int) -> SignatureOut:
    return SignatureOut(
        id=signature.id,
        version=version,
        signing_key_id=key.id,
        fingerprint=key.fingerprint,
        label=key.label,
        algorithm=key.algorithm,
        content_digest=signature.content_digest,
        signature=signature.signature_b64,
        signed_at=signature.signed_at,
        status=signature.status,
        verified_at=signature.verified_at,
    )


def _signatures_out(session: Session, version: SubmissionVersion) -> SignaturesOut:
    service.verify_signatures(session, version)
    digest = content_digest(session, version)
    return SignaturesOut(
        submission_id=version.submission_id,
        version=version.version,
        content_digest=digest,
        message_to_sign=service.message_for(digest).decode("ascii"),
        signatures=[
            _signature_out(s, k, version.version) for s, k in service.signatures_of(session, version.id)
        ],
    )


@router.get(
    "/submissions/{submission_id}/signatures",
    response_model=SignaturesOut,
    summary="Chữ ký số của báo cáo, kiểm tra lại / signatures, verified now",
)
def list_signatures(
    submission_id: int,
    version: int | None = Query(None, ge=1, description="Phiên bản / version (default: current)"),
    principal: Principal = Depends(require(Permission.SUBMISSIONS_READ)),
    session: Session = Depends(get_session),
) -> SignaturesOut:
    return _signatures_out(session, _version(session, principal, submission_id, version))


@router.get(
    "/submissions/{submission_id}/signatures/content",
    summary="Nội dung chuẩn được ký / the canonical bytes whose digest is signed",
    response_class=Response,
)
def signed_content(
    submission_id: int,
    version: int | None = Query(None, ge=1, description="Phiên bản / version (default: current)"),
    principal: Principal = Depends(require(Permission.SUBMISSIONS_READ)),
    session: Session = Depends(get_session),
) -> Response:
    chosen = _version(session, principal, submission_id, version)
    return Response(canonical_bytes(session, chosen), media_type="application/json")


def _key_for(session: Session, submission: Submission, body: SignatureIn) -> SigningKey:
    if body.signing_key_id is None and not body.fingerprint:
        raise ApiError(
            422,
            "invalid_parameter",
            "Cần mã khóa (signing_key_id) hoặc dấu vân tay (fingerprint)",
            "Give signing_key_id or fingerprint",
            field="signing_key_id",
            location="body",
        )
    stmt = select(SigningKey).where(SigningKey.unit_id == submission.unit_id)
    if body.signing_key_id is not None:
        stmt = stmt.where(SigningKey.id == body.signing_key_id)
    if body.fingerprint:
        stmt = stmt.where(SigningKey.fingerprint == body.fingerprint.strip().lower())
    key = session.scalar(stmt)
    if key is None:
        shown = str(body.signing_key_id or body.fingerprint)
        raise not_found("khóa ký của đơn vị báo cáo", "signing key of the reporting unit", shown)
    return key


@router.post(
    "/submissions/{submission_id}/signatures",
    response_model=SignaturesOut,
    status_code=201,
    summary="Gửi chữ ký số / upload a signature",
)
def add_signature(
    submission_id: int,
    body: SignatureIn,
    principal: Principal = Depends(require(Permission.SUBMISSIONS_WRITE)),
    session: Session = Depends(get_session),
) -> SignaturesOut:
    submission = submissions.get_visible(session, principal, submission_id)
    if not principal.scope(Permission.SUBMISSIONS_WRITE).contains(submission.unit_id, reach=Reach.CAPTURE):
        raise forbidden(Permission.SUBMISSIONS_WRITE)
    version = submissions.get_version(session, submission, body.version or submission.current_version)
    key = _key_for(session, submission, body)
    service.sign_version(session, version, key, body.signature, body.content_digest)
    return _signatures_out(session, version)
