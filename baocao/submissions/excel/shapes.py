"""What a template is made of, as plain data: gathered from the database once (``context.py``), then
written (``writer.py``) and read back (``reader.py``) without touching the ORM again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from baocao.regimes import expressions
from baocao.submissions.forms import CellInfo

Key = tuple[str, str]  # (element code, option key)


@dataclass(frozen=True)
class Line:
    """A row or a column of a form."""

    code: str
    label: str
    indent: int = 0


@dataclass(frozen=True)
class Slot:
    """One cell of a form as the write path knows it (``CellInfo``), plus what the template shows."""

    info: CellInfo
    unit_of_measure: str

    @property
    def row(self) -> str:
        return self.info.row

    @property
    def column(self) -> str:
        return self.info.column

    @property
    def element(self) -> str:
        return self.info.element

    @property
    def option_key(self) -> str:
        return self.info.option_key

    @property
    def value_type(self) -> str:
        return self.info.value_type

    @property
    def decimals(self) -> int:
        return self.info.decimals

    @property
    def computed(self) -> bool:
        return self.info.computed

    @property
    def required(self) -> bool:
        return self.info.required

    @property
    def formula(self) -> expressions.Expr | None:
        return self.info.formula

    @property
    def key(self) -> Key:
        return self.info.key

    @property
    def label(self) -> str:
        """``HOC_SINH[gioi_tinh=nam]``: how errors name the element."""
        return f"{self.element}[{self.option_key}]" if self.option_key else self.element


@dataclass(frozen=True)
class FormShape:
    code: str
    name: str
    rows: tuple[Line, ...]
    columns: tuple[Line, ...]
    slots: dict[tuple[str, str], Slot]  # (row code, column code) → slot; absent: no value there


@dataclass(frozen=True)
class SectionShape:
    """A narrative section of the outline (đề cương)."""

    code: str
    title: str
    guidance: str
    required: bool


@dataclass(frozen=True)
class Prefill:
    """What the submission already holds: ``(value_num, value_text)`` per cell and the narrative."""

    values: dict[Key, tuple[float | None, str | None]] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)
    state: str | None = None  # None: no submission yet
    version: int | None = None


@dataclass(frozen=True)
class Identity:
    """What a template is for; written to its hidden sheet and claimed back by an upload."""

    regime_code: str
    regime_version: int
    unit_code: str
    unit_uid: str
    period: str


@dataclass(frozen=True)
class TemplateData:
    regime_code: str
    regime_version: int
    regime_version_id: int
    regime_name: str
    instructions: str
    unit_code: str
    unit_uid: str
    unit_name: str
    receiver_name: str
    period: str  # identifier, e.g. "2025-07"
    period_name: str  # "Tháng 7/2025"
    deadline: date
    forms: tuple[FormShape, ...]
    sections: tuple[SectionShape, ...]
    prefill: Prefill = field(default_factory=Prefill)

    @property
    def identity(self) -> Identity:
        return Identity(self.regime_code, self.regime_version, self.unit_code, self.unit_uid, self.period)
