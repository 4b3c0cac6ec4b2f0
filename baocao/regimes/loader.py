"""Load a regime version from a YAML file (docs/regimes.md): check everything, then write it.

- Any problem raises ``RegimeError`` (an ``ApiError`` 422) listing each fault with ``file:line`` and
  field, in Vietnamese and English; nothing is written.
- A file whose content equals a stored version of the regime changes nothing (compared by digest of
  the checked content, so comments and layout do not count).
- Changed content becomes the next version; the previous version's validity is closed at the new
  ``valid_from``, which must come after the previous version's. Old versions stay readable.

Flushes, never commits: the caller's transaction (request or command) does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from yaml.nodes import Node

from baocao.access.scope import Scope
from baocao.audit.service import record_event
from baocao.catalog.models import DataElement, DataElementCategory
from baocao.errors import ApiError, ErrorDetail
from baocao.regimes.models import (
    CellKind,
    Form,
    FormCell,
    FormColumn,
    FormRow,
    OutlineSection,
    Regime,
    RegimeVersion,
    ValidationRule,
)
from baocao.regimes.reader import read_regime
from baocao.regimes.reading import ElementInfo, RegimeError
from baocao.regimes.spec import FormSpec, RegimeSpec
from baocao.timeutil import now
from baocao.units.models import UnitVersion
from baocao.units.queries import version_on
from baocao.units.service import resolve_unit

DEFAULT_SOURCE = "regime.yaml"
Authorise = Callable[[Regime | None, UnitVersion], None]


@dataclass(frozen=True)
class LoadResult:
    code: str
    version: int
    regime_version_id: int
    created: bool  # False: the same content was already stored as ``version``
    closed_version: int | None  # the version whose validity now ends at this one's valid_from
    digest: str
    source: str

    @property
    def changed(self) -> bool:
        return self.created


class DatabaseContext:
    """The catalogue (read once) and units (looked up on demand) as the reader needs them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        stmt = select(DataElement).options(
            selectinload(DataElement.categories).selectinload(DataElementCategory.category)
        )
        self.ids: dict[str, int] = {}
        self.elements: dict[str, ElementInfo] = {}
        for element in session.scalars(stmt):
            self.ids[element.code] = element.id
            categories = {
                link.category.code: tuple(o.code for o in link.category.options)
                for link in element.categories
            }
            self.elements[element.code] = ElementInfo(element.code, element.value_type, categories)
        self._units: dict[tuple[str, date], bool] = {}

    def element(self, code: str) -> ElementInfo | None:
        return self.elements.get(code)

    def element_codes(self) -> list[str]:
        return sorted(self.elements)

    def unit_exists(self, code: str, day: date) -> bool:
        if (code, day) not in self._units:
            self._units[(code, day)] = self.session.scalars(version_on(code, day)).first() is not None
        return self._units[(code, day)]


def load_regime(
    session: Session,
    source: str | Path,
    actor_user_id: int | None = None,
    *,
    name: str | None = None,
    actor: str | None = None,
    authorise: Authorise | None = None,
) -> LoadResult:
    """Load a regime from a file (``Path``) or from YAML text (``str``, e.g. an uploaded body).

    ``name`` labels the text in errors (``upload.yaml:12``); ``actor`` names who loaded it in the
    audit log (a username, or "cli"); ``authorise(existing_regime, new_owner)`` is called before
    anything is written and raises if the caller may not (an API route checks the owner's scope).
    """
    label = name or (str(source) if isinstance(source, Path) else DEFAULT_SOURCE)
    text = _read_text(source, label) if isinstance(source, Path) else source
    context = DatabaseContext(session)
    spec = read_regime(text, label, context)
    regime = session.scalar(select(Regime).where(Regime.code == spec.code))
    digest = spec.digest()
    if regime is not None:
        for stored in regime.versions:
            if stored.source_digest == digest:
                return LoadResult(spec.code, stored.version, stored.id, False, None, digest, label)
    number, previous = _next_version(spec, regime, label)
    owner = resolve_unit(session, spec.owner, spec.valid_from)
    if authorise is not None:
        authorise(regime, owner)
    if regime is None:
        regime = Regime(code=spec.code, owner_unit_id=owner.unit_id)
        session.add(regime)
        session.flush()
    regime.owner_unit_id = owner.unit_id  # the latest version's owner speaks for the regime
    closed = None
    if previous is not None and (previous.valid_to is None or previous.valid_to > spec.valid_from):
        previous.valid_to = spec.valid_from
        closed = previous.version
    version = _new_version(spec, regime, number, text, digest, actor_user_id)
    version.forms = [_form(f, i, context.ids) for i, f in enumerate(spec.forms)]
    session.add(version)
    session.flush()
    record_event(
        session,
        "regimes.load",
        actor=actor,
        target=f"regime:{spec.code}",
        details={"version": number, "digest": digest, "source": label, "closed_version": closed},
    )
    return LoadResult(spec.code, number, version.id, True, closed, digest, label)


def _read_text(path: Path, label: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        vi, en = f"tệp không phải UTF-8 (byte {exc.start})", f"the file is not UTF-8 (byte {exc.start})"
    except OSError as exc:
        vi, en = f"không đọc được tệp: {exc.strerror}", f"cannot read the file: {exc.strerror}"
    raise RegimeError(label, [ErrorDetail(vi, en, None, label)])


def _at(label: str, spec: RegimeSpec, key: str) -> str:
    node: Node | None = spec.nodes.get(key)
    return f"{label}:{node.start_mark.line + 1}" if node is not None else label


def _next_version(spec: RegimeSpec, regime: Regime | None, label: str) -> tuple[int, RegimeVersion | None]:
    """The new version's number and the version it follows; RegimeError when they do not fit."""
    if regime is None or not regime.versions:
        return spec.version or 1, None
    last = regime.versions[-1]
    problems = []
    if spec.version is not None and spec.version <= last.version:
        problems.append(
            ErrorDetail(
                f"phiên bản {spec.version} đã có (mới nhất là {last.version}) với nội dung khác; "
                f"nội dung thay đổi cần một phiên bản mới (version: {last.version + 1}, hoặc bỏ trống) "
                "và valid_from mới",
                f"version {spec.version} already exists (latest is {last.version}) with other content; "
                f"changed content needs a new version (version: {last.version + 1}, or leave it out) "
                "and a new valid_from",
                "version",
                _at(label, spec, "version"),
            )
        )
    if spec.valid_from <= last.valid_from:
        problems.append(
            ErrorDetail(
                f"hiệu lực trùng với phiên bản {last.version} (từ {last.valid_from:%d/%m/%Y}): phiên bản mới "
                f"phải bắt đầu sau ngày đó",
                f"validity overlaps version {last.version} (from {last.valid_from.isoformat()}): a new "
                "version must start after that day",
                "valid_from",
                _at(label, spec, "valid_from"),
            )
        )
    if problems:
        raise RegimeError(label, problems)
    return spec.version or last.version + 1, last


def _new_version(
    spec: RegimeSpec, regime: Regime, number: int, text: str, digest: str, user_id: int | None
) -> RegimeVersion:
    return RegimeVersion(
        regime=regime,
        version=number,
        name=spec.name,
        name_en=spec.name_en,
        content=spec.content,
        report_type=spec.report_type,
        legal_basis=spec.legal_basis,
        frequency=spec.frequency,
        cutoff_convention=spec.cutoff_convention,
        deadline_rule=spec.deadline,
        reporting_units_rule=spec.reporting_units,
        receiver_rule=spec.receiver,
        sending_methods=list(spec.sending_methods),
        instructions=spec.instructions,
        grace_days=spec.grace_days,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
        source_yaml=text,
        source_digest=digest,
        loaded_at=now(),
        loaded_by_id=user_id,
        outline=[
            OutlineSection(
                code=s.code,
                title=s.title,
                title_en=s.title_en,
                guidance=s.guidance,
                required=s.required,
                position=i,
            )
            for i, s in enumerate(spec.outline)
        ],
        rules=[
            ValidationRule(
                code=r.code,
                kind=r.kind,
                importance=r.importance,
                expression=r.expression,
                params=r.params,
                message=r.message,
                message_en=r.message_en,
                position=i,
            )
            for i, r in enumerate(spec.rules)
        ],
    )


def _form(spec: FormSpec, position: int, element_ids: dict[str, int]) -> Form:
    return Form(
        code=spec.code,
        name=spec.name,
        name_en=spec.name_en,
        position=position,
        rows=[
            FormRow(code=r.code, label=r.label, label_en=r.label_en, position=i, indent=r.indent)
            for i, r in enumerate(spec.rows)
        ],
        columns=[
            FormColumn(code=c.code, label=c.label, label_en=c.label_en, position=i)
            for i, c in enumerate(spec.columns)
        ],
        cells=[
            FormCell(
                row_code=c.row,
                column_code=c.column,
                data_element_id=element_ids[c.element],
                option_key=c.option_key,
                kind=CellKind.COMPUTED if c.formula else CellKind.INPUT,
                formula=c.formula,
                required=c.required,
            )
            for c in spec.cells
        ],
    )


def owners_within(scope: Scope) -> Authorise:
    """The check an administrator's upload passes: the new version's issuing unit, and the regime's
    current one when it exists, are both within ``scope`` (else 403 naming ``owner``)."""

    def authorise(regime: Regime | None, owner: UnitVersion) -> None:
        owners = [owner.unit_id] + ([regime.owner_unit_id] if regime and regime.owner_unit_id else [])
        if not all(scope.contains(unit_id) for unit_id in owners):
            raise ApiError(
                403,
                "forbidden",
                "Cơ quan ban hành chế độ báo cáo nằm ngoài phạm vi quản lý của tài khoản",
                "The regime's issuing unit is outside your scope",
                field="owner",
                location="body",
            )

    return authorise
