"""argon2id hashing: verify, refuse, and rehash hashes made with weaker parameters."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from baocao.access.passwords import WeakPassword, check_strength, hash_password, needs_rehash, verify_password

PASSWORD = "correct horse battery"


def test_hash_is_argon2id_salted_and_verifies() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$")
    assert first != second  # a salt per hash
    assert PASSWORD not in first
    assert verify_password(first, PASSWORD)
    assert not verify_password(first, PASSWORD + "!")


def test_missing_or_corrupt_hash_never_verifies() -> None:
    assert not verify_password(None, PASSWORD)
    assert not verify_password("not-a-hash", PASSWORD)
    assert not verify_password(hash_password(PASSWORD), "x" * 5000)


def test_weaker_parameters_ask_for_a_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    assert verify_password(weak, PASSWORD)
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password(PASSWORD))


@pytest.mark.parametrize("password", ["short", "hanoi.admin-is-me"])
def test_weak_passwords_are_refused_with_a_reason(password: str) -> None:
    with pytest.raises(WeakPassword) as caught:
        check_strength(password, "hanoi.admin")
    assert caught.value.message and caught.value.message_en
