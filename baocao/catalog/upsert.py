"""Write a validated catalogue: upsert by code, touching only what differs.

What the file names, it defines completely: a category's options and an element's categories end up
exactly as listed. What the file does not name (other categories and elements) is left alone, so
several files can contribute to one catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from baocao.catalog.models import Category, CategoryOption, DataElement, DataElementCategory
from baocao.catalog.spec import CatalogueSpec, CategorySpec, ElementSpec

_ELEMENT_FIELDS = (
    "name",
    "name_en",
    "description",
    "unit_of_measure",
    "unit_of_measure_en",
    "value_type",
    "aggregation_units",
    "aggregation_time",
    "decimals",
    "domain",
)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@dataclass
class LoadReport:
    source: str
    categories: Tally = field(default_factory=Tally)
    options: Tally = field(default_factory=Tally)
    data_elements: Tally = field(default_factory=Tally)

    @property
    def changed(self) -> bool:
        return self.categories.changed or self.options.changed or self.data_elements.changed


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set only the attributes that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def apply_catalogue(session: Session, spec: CatalogueSpec) -> LoadReport:
    report = LoadReport(spec.source)
    stored = {c.code: c for c in session.scalars(select(Category).options(selectinload(Category.options)))}
    for category_spec in spec.categories:
        _upsert_category(session, stored, category_spec, report)
    session.flush()  # new categories need ids before elements can point at them
    category_ids = {code: id_ for code, id_ in session.execute(select(Category.code, Category.id))}
    elements = {
        e.code: e for e in session.scalars(select(DataElement).options(selectinload(DataElement.categories)))
    }
    for element_spec in spec.data_elements:
        _upsert_element(session, elements, element_spec, category_ids, report)
    session.flush()
    return report


def _upsert_category(
    session: Session, stored: dict[str, Category], spec: CategorySpec, report: LoadReport
) -> None:
    category = stored.get(spec.code)
    if category is None:
        category = Category(code=spec.code, name=spec.name, name_en=spec.name_en)
        session.add(category)
        _sync_options(category, spec, report)
        report.categories.created += 1
        return
    renamed = _assign(category, {"name": spec.name, "name_en": spec.name_en})
    if _sync_options(category, spec, report) or renamed:
        report.categories.updated += 1
    else:
        report.categories.unchanged += 1


def _sync_options(category: Category, spec: CategorySpec, report: LoadReport) -> bool:
    existing = {o.code: o for o in category.options}
    wanted = {o.code for o in spec.options}
    changed = False
    for stale in [o for o in category.options if o.code not in wanted]:
        category.options.remove(stale)  # delete-orphan removes the row
        report.options.removed += 1
        changed = True
    for position, option_spec in enumerate(spec.options):
        values = {"name": option_spec.name, "name_en": option_spec.name_en, "sort_order": position}
        option = existing.get(option_spec.code)
        if option is None:
            category.options.append(CategoryOption(code=option_spec.code, **values))
            report.options.created += 1
            changed = True
        elif _assign(option, values):
            report.options.updated += 1
            changed = True
        else:
            report.options.unchanged += 1
    return changed


def _upsert_element(
    session: Session,
    stored: dict[str, DataElement],
    spec: ElementSpec,
    category_ids: dict[str, int],
    report: LoadReport,
) -> None:
    values = {name: getattr(spec, name) for name in _ELEMENT_FIELDS}
    element = stored.get(spec.code)
    if element is None:
        element = DataElement(code=spec.code, **values)
        session.add(element)
        stored[spec.code] = element
        _sync_links(element, [category_ids[c] for c in spec.categories])
        report.data_elements.created += 1
        return
    changed = _assign(element, values)
    changed = _sync_links(element, [category_ids[c] for c in spec.categories]) or changed
    if changed:
        report.data_elements.updated += 1
    else:
        report.data_elements.unchanged += 1


def _sync_links(element: DataElement, wanted: list[int]) -> bool:
    """Edit the element's category links in place (rows are keyed by element and category)."""
    changed = False
    for stale in [link for link in element.categories if link.category_id not in wanted]:
        element.categories.remove(stale)
        changed = True
    current = {link.category_id: link for link in element.categories}
    for position, category_id in enumerate(wanted):
        link = current.get(category_id)
        if link is None:
            element.categories.append(DataElementCategory(category_id=category_id, position=position))
            changed = True
        elif link.position != position:
            link.position = position
            changed = True
    return changed
