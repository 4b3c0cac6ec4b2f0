"""Password hashing with argon2id (argon2-cffi's recommended parameters, RFC 9106 low-memory)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

MIN_LENGTH = 10
MAX_LENGTH = 1024  # argon2 accepts more, but a megabyte "password" is an attack on the CPU

# A hash of a password nobody knows, verified when the account does not exist so that an unknown
# username costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("baocao: no such account")


class WeakPassword(ValueError):
    """The password does not meet the minimum rules (the message says which, in both languages)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


def check_strength(password: str, username: str = "") -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự",
            f"The password must have at least {MIN_LENGTH} characters",
        )
    if len(password) > MAX_LENGTH:
        raise WeakPassword(
            f"Mật khẩu dài quá {MAX_LENGTH} ký tự", f"The password is longer than {MAX_LENGTH} characters"
        )
    if username and username.casefold() in password.casefold():
        raise WeakPassword(
            "Mật khẩu không được chứa tên đăng nhập", "The password must not contain the username"
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; False for a mismatch, a missing or a corrupt hash."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's: rehash at the next login."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
