"""A database with the reference units and the access test population, once per backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from baocao.storage.engine import transaction
from baocao.units.reference import import_reference
from tests.access.world import World, seed_world
from tests.conftest import FreshDatabase, LiveServer, session_factory_for


@pytest.fixture(scope="session")
def world(backend: FreshDatabase) -> World:
    url = backend.create()
    with transaction(session_factory_for(url)) as db:
        import_reference(db)
    with transaction(session_factory_for(url)) as db:
        return seed_world(db, url)


@pytest.fixture(scope="module")
def world_server(world: World) -> Iterator[LiveServer]:
    with LiveServer(world.url) as server:
        yield server
