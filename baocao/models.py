"""Every capability's models, imported once so the metadata (and Alembic) sees all tables."""

from baocao.catalog import models as catalog_models
from baocao.storage.base import Base
from baocao.units import models as unit_models

__all__ = ["Base", "catalog_models", "unit_models"]
