"""Who acts on a submission and what they send: the small types of the one write path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from baocao.submissions.models import EntryPath

if TYPE_CHECKING:
    from baocao.access.principal import Principal
    from baocao.validation.models import ValidationResult


@dataclass(frozen=True)
class Actor:
    """Who acts, and how the data arrived. ``principal`` is None only for system jobs (demo seeding,
    scheduled consolidation): those skip the permission checks and the entry lock."""

    user_id: int | None
    name: str
    entry_path: EntryPath
    client_address: str | None = None
    principal: Principal | None = None

    @property
    def is_system(self) -> bool:
        return self.principal is None


def system_actor(name: str = "system", entry_path: EntryPath = EntryPath.DEMO) -> Actor:
    return Actor(user_id=None, name=name, entry_path=entry_path)


@dataclass(frozen=True)
class CellInput:
    """One cell as a client sends it: element code, canonical option key ("" if none), value."""

    element: str
    option_key: str
    value: float | int | str | bool | None
    comment: str | None = None
    # Where the value came from, for error messages: "values.csv:12", "Biểu 01!D7" (None: the cell).
    location: str | None = None


@dataclass(frozen=True)
class CellRemark:
    """A receiver's note on one cell when returning a submission (stored as a ``CellComment`` row)."""

    element: str
    option_key: str
    message: str


@dataclass
class WriteReport:
    """What ``write_values`` did: counts, the new ``lock_version`` and inline validation messages."""

    submission_id: int
    version: int
    lock_version: int
    changed: int = 0
    unchanged: int = 0
    computed_changed: int = 0
    narrative_changed: bool = False
    validation: list[ValidationResult] = field(default_factory=list)
