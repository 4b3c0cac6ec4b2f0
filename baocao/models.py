"""Every capability's models, imported once so the metadata (and Alembic) sees all tables."""

from baocao.access import models as access_models
from baocao.analytics import models as analytics_models
from baocao.audit import models as audit_models
from baocao.catalog import models as catalog_models
from baocao.dhis2 import models as dhis2_models
from baocao.indicators import models as indicator_models
from baocao.ledger import models as ledger_models
from baocao.regimes import models as regime_models
from baocao.storage.base import Base
from baocao.submissions import models as submission_models
from baocao.units import models as unit_models
from baocao.validation import models as validation_models
from baocao.web import models as web_models

__all__ = [
    "Base",
    "access_models",
    "analytics_models",
    "audit_models",
    "catalog_models",
    "dhis2_models",
    "indicator_models",
    "ledger_models",
    "regime_models",
    "submission_models",
    "unit_models",
    "validation_models",
    "web_models",
]
