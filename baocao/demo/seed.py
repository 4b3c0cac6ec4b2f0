"""Seed the demonstration data set: reference units, the demo catalogue, regimes, users and submissions.

Each step is idempotent (units insert only what is missing, the catalogue upserts by code, the demo
submissions are written once), so a second run changes nothing. Never commits: the caller's
transaction does, so a failure stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baocao.access.demo import DemoUser, seed_demo_users
from baocao.access.models import User
from baocao.catalog.loader import DEMO_CATALOGUE, load_catalogue
from baocao.catalog.models import Category, CategoryOption, DataElement
from baocao.catalog.upsert import LoadReport
from baocao.demo.history import HISTORY_STEP, seed_history
from baocao.demo.submissions import SUBMISSIONS_STEP, seed_submissions
from baocao.dhis2.demo import seed_dhis2_demo
from baocao.indicators.loader import load_demo_indicators
from baocao.indicators.models import Indicator, Target
from baocao.regimes.demo import load_demo_regimes
from baocao.regimes.loader import LoadResult
from baocao.regimes.models import Regime, RegimeVersion
from baocao.submissions.models import Submission, SubmissionVersion
from baocao.units.models import Unit, UnitSuccession, UnitVersion
from baocao.units.reference import ImportReport, import_reference

Progress = Callable[[str, int, int], None]
CATALOGUE_STEP = "catalogue"
REGIMES_STEP = "regimes"
USERS_STEP = "users"
INDICATORS_STEP = "indicators"
__all__ = [
    "CATALOGUE_STEP",
    "HISTORY_STEP",
    "INDICATORS_STEP",
    "REGIMES_STEP",
    "SUBMISSIONS_STEP",
    "USERS_STEP",
    "DemoReport",
    "seed_demo",
]

# What the summary counts: (key, Vietnamese label, English label, model).
COUNTED: tuple[tuple[str, str, str, type], ...] = (
    ("units", "Đơn vị", "units", Unit),
    ("unit_versions", "Phiên bản đơn vị", "unit versions", UnitVersion),
    ("unit_successions", "Quan hệ kế thừa đơn vị", "unit successions", UnitSuccession),
    ("data_elements", "Chỉ tiêu", "data elements", DataElement),
    ("categories", "Phân tổ", "categories", Category),
    ("category_options", "Phương án phân tổ", "category options", CategoryOption),
    ("indicators", "Chỉ tiêu tổng hợp", "indicators", Indicator),
    ("targets", "Chỉ tiêu kế hoạch", "plan targets", Target),
    ("regimes", "Chế độ báo cáo", "reporting regimes", Regime),
    ("regime_versions", "Phiên bản chế độ báo cáo", "regime versions", RegimeVersion),
    ("users", "Tài khoản", "user accounts", User),
    ("submissions", "Báo cáo", "submissions", Submission),
    ("submission_versions", "Phiên bản báo cáo", "submission versions", SubmissionVersion),
)


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    label_en: str
    before: int
    after: int

    @property
    def added(self) -> int:
        return self.after - self.before


@dataclass
class DemoReport:
    units: ImportReport
    catalogue: LoadReport
    regimes: list[LoadResult] = field(default_factory=list)
    users: list[DemoUser] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.added for c in self.counts) or self.catalogue.changed

    def count(self, key: str) -> int:
        return next(c.after for c in self.counts if c.key == key)


def count_rows(session: Session) -> dict[str, int]:
    return {key: session.scalar(select(func.count()).select_from(model)) or 0 for key, *_, model in COUNTED}


def seed_demo(session: Session, on_progress: Progress | None = None, on: date | None = None) -> DemoReport:
    """Load everything the demo needs; ``on_progress(step, done, total)`` reports each step. The demo
    submissions are about the periods recent on ``on`` (today by default)."""
    progress = on_progress or (lambda _step, _done, _total: None)
    before = count_rows(session)
    units = import_reference(session, on_progress=progress)
    progress(CATALOGUE_STEP, 0, 1)
    catalogue = load_catalogue(session, DEMO_CATALOGUE)
    progress(CATALOGUE_STEP, 1, 1)
    progress(INDICATORS_STEP, 0, 1)
    load_demo_indicators(session)  # upserts: idempotent
    progress(INDICATORS_STEP, 1, 1)
    progress(REGIMES_STEP, 0, 1)
    regimes = load_demo_regimes(session)
    regimes.append(seed_dhis2_demo(session))  # the health regime and DHIS2 mapping (docs/dhis2.md)
    progress(REGIMES_STEP, 1, 1)
    progress(USERS_STEP, 0, 1)
    users = seed_demo_users(session)
    progress(USERS_STEP, 1, 1)
    # History first: the demo reports, accepted after it, are the latest figures where both give one.
    seed_history(session, progress=progress)
    seed_submissions(session, on=on, progress=progress)
    after = count_rows(session)
    counts = [Count(key, vi, en, before[key], after[key]) for key, vi, en, _ in COUNTED]
    return DemoReport(units=units, catalogue=catalogue, regimes=regimes, users=users, counts=counts)
