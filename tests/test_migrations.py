"""The models and the Alembic migrations describe the same schema, on every engine."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import baocao.models  # noqa: F401 - registers every table
from baocao.storage.base import Base
from baocao.storage.engine import make_engine


def test_models_and_migrations_agree(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == [], f"models differ from migrations: {diff}"
