"""A catalogue as read and validated from a file, before anything touches the database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OptionSpec:
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name: str
    name_en: str
    options: tuple[OptionSpec, ...]


@dataclass(frozen=True)
class ElementSpec:
    code: str
    name: str
    name_en: str
    description: str | None
    unit_of_measure: str
    unit_of_measure_en: str
    value_type: str
    aggregation_units: str
    aggregation_time: str
    decimals: int
    domain: str | None
    categories: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueSpec:
    source: str
    categories: tuple[CategorySpec, ...]
    data_elements: tuple[ElementSpec, ...]
