"""Shared fixtures: every database test runs on SQLite and on PostgreSQL (real engines, no mocks).

BAOCAO_TEST_BACKENDS chooses the engines (default "sqlite,postgresql"); BAOCAO_TEST_POSTGRES_URL
points at the PostgreSQL database (default postgresql://postgres@127.0.0.1:5432/test). Each run works in
its own schema there, so parallel runs do not collide.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from baocao.app import create_app
from baocao.config import Settings, normalise_database_url
from baocao.storage.engine import make_engine, make_session_factory, transaction
from baocao.storage.migrate import upgrade
from baocao.units.reference import import_reference

POSTGRES_URL = os.environ.get("BAOCAO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = [b.strip() for b in os.environ.get("BAOCAO_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


class FreshDatabase:
    """Creates empty, migrated databases on one backend and removes them afterwards."""

    def __init__(self, backend: str, root: Path) -> None:
        self.backend = backend
        self.root = root
        self.schemas: list[str] = []

    def create(self) -> str:
        if self.backend == "sqlite":
            path = self.root / f"{uuid.uuid4().hex[:10]}.db"
            url = f"sqlite:///{path}"
        else:
            schema = f"bt_{uuid.uuid4().hex[:12]}"
            admin = create_engine(normalise_database_url(POSTGRES_URL))
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            admin.dispose()
            self.schemas.append(schema)
            sep = "&" if "?" in POSTGRES_URL else "?"
            url = normalise_database_url(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}")
        upgrade(url)
        return url

    def cleanup(self) -> None:
        if not self.schemas:
            return
        admin = create_engine(normalise_database_url(POSTGRES_URL))
        for schema in self.schemas:
            # One transaction per schema: dropping them all at once needs a lock per table of every
            # schema and overflows max_locks_per_transaction.
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FreshDatabase]:
    """The database engine under test; tests that use it run once per backend."""
    fresh = FreshDatabase(request.param, tmp_path_factory.mktemp(request.param))
    yield fresh
    fresh.cleanup()


@pytest.fixture
def empty_database_url(backend: FreshDatabase) -> str:
    """A new, migrated, empty database for a test that writes."""
    return backend.create()


@pytest.fixture
def empty_session(empty_database_url: str) -> Iterator[Session]:
    engine = make_engine(empty_database_url)
    session = make_session_factory(engine)()
    yield session
    session.close()
    engine.dispose()


@pytest.fixture(scope="session")
def units_database_url(backend: FreshDatabase) -> str:
    """A migrated database with the reference units loaded, once per backend. Shared by many tests:
    read from it, or write inside a transaction that is rolled back."""
    url = backend.create()
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        import_reference(session)
    engine.dispose()
    return url


def session_factory_for(url: str) -> sessionmaker[Session]:
    return make_session_factory(make_engine(url))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """A real uvicorn server on loopback, in a thread, against a given database."""

    def __init__(self, database_url: str, **settings: object) -> None:
        self.settings = Settings(database_url=database_url, secret_key=TEST_SECRET, **settings)  # type: ignore[arg-type]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(self.settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)
