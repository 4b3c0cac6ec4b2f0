"""Fixtures of the submissions tests (see env.py): ``env`` and ``server`` are shared per backend (tests
take their own units or periods so they do not meet); ``fresh_env`` is a database of one's own, for
tests that break things on purpose (the ledger)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.access.conftest import world, world_server
from tests.conftest import FreshDatabase, LiveServer
from tests.submissions.env import Env, build

__all__ = ["world", "world_server"]


@pytest.fixture(scope="session")
def env(backend: FreshDatabase) -> Env:
    return build(backend.create())


@pytest.fixture(scope="session")
def server(env: Env) -> Iterator[LiveServer]:
    with LiveServer(env.url) as live:
        yield live


@pytest.fixture
def fresh_env(backend: FreshDatabase) -> Env:
    """A world of one's own, with the province's approver only (accounts are slow to hash)."""
    return build(backend.create(), ["hn.approver"])
