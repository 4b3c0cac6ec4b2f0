"""The DHIS2 mapping table: which DHIS2 identifier stands for which of our codes.

One row per DHIS2 object. ``kind`` says what it is; ``target`` is our code for it:

- ``data_set`` → regime code (the regime a dataSet's values are reported under)
- ``data_element`` → data element code
- ``category_option_combo`` → option key (``gioi_tinh=nu``; ``""`` for DHIS2's ``default``)
- ``org_unit`` → unit code (resolved as of each period: codes were reused in 2025)
- ``category`` / ``category_option`` → category code / option code (ADX disaggregation attributes)

Targets are codes, not ids: administrators maintain the table by code (CSV or API), and a mapping
may be loaded before the element or unit it names exists. A DHIS2 object is found by its UID or its
code (``idScheme``), so both are unique within a kind.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from baocao.audit.types import UtcDateTime, utc_now
from baocao.storage.base import Base


class MappingKind(StrEnum):
    DATA_SET = "data_set"
    DATA_ELEMENT = "data_element"
    CATEGORY_OPTION_COMBO = "category_option_combo"
    ORG_UNIT = "org_unit"
    CATEGORY = "category"
    CATEGORY_OPTION = "category_option"


class Dhis2Mapping(Base):
    __tablename__ = "dhis2_mappings"
    __table_args__ = (
        UniqueConstraint("kind", "dhis2_uid"),
        UniqueConstraint("kind", "dhis2_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    dhis2_uid: Mapped[str | None] = mapped_column(String(11))
    dhis2_code: Mapped[str | None] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(230), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_by: Mapped[str | None] = mapped_column(String(100))
