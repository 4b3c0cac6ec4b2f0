"""The SDMX information model as far as we serve it: codelists, data structure definitions and
dataflows (plain dataclasses built from the catalogue, units and regimes), the media types we speak,
and time periods in both notations (ours: 2025-H1, 2025-9M; SDMX: 2025-S1, 2025-01-01/P9M)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from baocao.periods.periods import Period, PeriodError, PeriodType, parse_period
from baocao.units.naming import fold

VERSION = "1.0"
TOTAL = "_T"  # the SDMX code for "total" in every disaggregation codelist
NOT_APPLICABLE = "_Z"  # an element the disaggregation does not apply to (no such breakdown)
CONCEPT_SCHEME = "CS_BAOCAO"
AREA, INDICATOR, TIME, VALUE = "REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE"
UNIT_MEASURE, OBS_STATUS = "UNIT_MEASURE", "OBS_STATUS"
INDICATOR_FLOW = "INDICATORS"


@dataclass(frozen=True)
class Text:
    vi: str
    en: str | None = None


@dataclass(frozen=True)
class Annotation:
    type: str
    title: str = ""
    text: Text | None = None


@dataclass(frozen=True)
class Code:
    id: str
    name: Text
    annotations: tuple[Annotation, ...] = ()


@dataclass(frozen=True)
class Codelist:
    id: str
    name: Text
    codes: tuple[Code, ...]

    def ids(self) -> set[str]:
        return {c.id for c in self.codes}


@dataclass(frozen=True)
class Dimension:
    id: str
    codelist: str | None  # None: the time dimension
    name: Text
    category: str | None = None  # our disaggregation code, for category dimensions


@dataclass(frozen=True)
class Dsd:
    id: str
    name: Text
    dimensions: tuple[Dimension, ...]  # the time dimension last

    @property
    def key_dimensions(self) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if d.id != TIME)

    def codelist_ids(self) -> list[str]:
        found = [d.codelist for d in self.dimensions if d.codelist]
        return [*found, "CL_UNIT_MEASURE", "CL_OBS_STATUS"]


@dataclass(frozen=True)
class Flow:
    id: str
    name: Text
    dsd: Dsd
    period_type: PeriodType | None  # None: any (indicator sets)
    elements: tuple[str, ...]  # element (or indicator) codes
    regime: str | None = None
    description: Text | None = None
    element_units: dict[str, str] = field(default_factory=dict)  # code → CL_UNIT_MEASURE id
    element_categories: dict[str, frozenset[str]] = field(default_factory=dict)  # code → its categories

    def applies(self, element: str, category: str | None) -> bool:
        """Does the disaggregation apply to the element (else its code is ``_Z``)?"""
        return category in self.element_categories.get(element, frozenset())


class Media:
    STRUCTURE = "application/vnd.sdmx.structure+xml;version=2.1"
    GENERIC = "application/vnd.sdmx.genericdata+xml;version=2.1"
    SPECIFIC = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"
    CSV2 = "application/vnd.sdmx.data+csv;version=2.0.0"
    CSV1 = "application/vnd.sdmx.data+csv;version=1.0.0"
    JSON2 = "application/vnd.sdmx.data+json;version=2.0.0"


ID_PATTERN = re.compile(r"[A-Za-z0-9_@$\-]+")


def sdmx_id(text: str) -> str:
    """A valid SDMX id from free text (units of measure): ASCII letters, digits and '_'."""
    special = {"%": "PERCENT", "‰": "PER_MILLE"}
    if text.strip() in special:
        return special[text.strip()]
    folded = re.sub(r"[^A-Za-z0-9]+", "_", fold(text)).strip("_").upper()
    return folded or "NONE"


def to_sdmx_period(label: str) -> str:
    """Our period identifier in SDMX's ObservationalTimePeriod notation."""
    half = re.fullmatch(r"(\d{4})-H([12])", label)
    if half:
        return f"{half[1]}-S{half[2]}"
    nine = re.fullmatch(r"(\d{4})-9M", label)
    if nine:
        return f"{nine[1]}-01-01/P9M"
    return label  # 2025, 2025-Q3, 2025-07, 2025-W05, 2025-07-15 are the same in both


_SDMX_FORMS = (
    (re.compile(r"(\d{4})-S([12])"), "{0}-H{1}"),
    (re.compile(r"(\d{4})-A1"), "{0}"),
    (re.compile(r"(\d{4})-M(\d{2})"), "{0}-{1}"),
    (re.compile(r"(\d{4})-01-01/P9M"), "{0}-9M"),
    (re.compile(r"(\d{4})-01(?:-01)?/P1Y"), "{0}"),
)


def from_sdmx_period(text: str) -> Period:
    """An SDMX (or our own) period identifier as our Period; PeriodError if it is none."""
    cleaned = text.strip()
    for pattern, template in _SDMX_FORMS:
        match = pattern.fullmatch(cleaned)
        if match:
            cleaned = template.format(*match.groups())
            break
    return parse_period(cleaned)


def period_bounds(text: str, *, end: bool) -> date:
    """``startPeriod``/``endPeriod``: the first (or last) day of the period named (2025, 2025-Q2,
    2025-S1, 2025-07, 2025-07-15, 2025-M07)."""
    period = from_sdmx_period(text)
    return period.end if end else period.start


__all__ = ["PeriodError"]
