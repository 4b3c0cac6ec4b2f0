"""Fixtures of the regime tests.

- ``db``: a session on the shared database with the reference units (``units_database_url``), inside
  a transaction rolled back at the end, with the demo catalogue loaded: tests may write freely.
- ``demo_db``: the same with the four demo regimes loaded.
- ``world`` / ``world_server``: the access tests' population (users and tokens for every role) and a
  live server on it; tests/regimes/authz_rows.py seeds the catalogue and the demo regimes into it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.regimes.demo import load_demo_regimes
from baocao.regimes.models import FormCell, Regime, RegimeVersion
from baocao.storage.engine import make_engine
from tests.access.conftest import world, world_server

__all__ = ["world", "world_server"]

DATA = Path(__file__).resolve().parents[2] / "baocao" / "regimes" / "data"


@pytest.fixture
def db(units_database_url: str) -> Iterator[Session]:
    engine = make_engine(units_database_url)
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection)
    load_catalogue(session, DEMO_CATALOGUE)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()
        engine.dispose()


@pytest.fixture
def demo_db(db: Session) -> Session:
    load_demo_regimes(db)
    return db


def stored(session: Session) -> tuple[int, int, int]:
    """(regimes, versions, cells) stored: what "nothing stored" is checked against."""
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Regime, RegimeVersion, FormCell)
    )
