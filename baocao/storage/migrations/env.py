"""Alembic environment: batch mode on SQLite so ALTER TABLE works there too."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import baocao.models  # noqa: F401 - registers every table on Base.metadata
from baocao.storage.base import Base
from baocao.storage.engine import make_engine

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    connectable = context.config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


run_migrations_online()
