"""Keys for the signature tests, made with ``cryptography`` as a unit's integrator would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.x509.oid import NameOID


def ed25519_pair() -> tuple[ed25519.Ed25519PrivateKey, str]:
    private = ed25519.Ed25519PrivateKey.generate()
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, pem.decode()


def rsa_certificate(
    bits: int = 2048, *, valid_from: datetime | None = None, days: int = 365
) -> tuple[rsa.RSAPrivateKey, str]:
    """A self-signed X.509 certificate with an RSA key, as a test CA-less stand-in for a real one."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND Thành phố Hà Nội"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Văn phòng UBND"),
        ]
    )
    start = valid_from or datetime.now(UTC) - timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .sign(private, hashes.SHA256())
    )
    return private, certificate.public_bytes(serialization.Encoding.PEM).decode()


def private_pem(private: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey) -> str:
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
