"""Answering structure queries: which artefacts a path names, and which others ``references=`` adds
(``children`` of a dataflow is its DSD, of a DSD its codelists and concept scheme; ``parents`` the
other way; ``descendants``/``all`` follow the chain), with ``detail=`` stubs."""

from __future__ import annotations

from sqlalchemy.orm import Session

from baocao.sdmx.model import CONCEPT_SCHEME, Codelist, Dsd, Flow
from baocao.sdmx.rest import SdmxError, StructureRef, no_results
from baocao.sdmx.structure_xml import Selection, concepts_for
from baocao.sdmx.structures import Catalogue
from baocao.sdmx.xmlbase import SEMANTIC

RESOURCES = ("dataflow", "datastructure", "codelist", "conceptscheme")
REFERENCES = frozenset(
    {
        "none",
        "parents",
        "parentsandsiblings",
        "children",
        "descendants",
        "all",
        "dataflow",
        "datastructure",
        "codelist",
        "conceptscheme",
    }
)
DETAILS = frozenset(
    {"full", "allstubs", "referencestubs", "allcompletestubs", "referencecompletestubs", "referencepartial"}
)


def _check(references: str, detail: str) -> None:
    if references not in REFERENCES:
        raise SdmxError(
            400,
            SEMANTIC,
            f"references='{references}' không được hỗ trợ",
            f"references='{references}' is not supported: {', '.join(sorted(REFERENCES))}",
        )
    if detail not in DETAILS:
        raise SdmxError(
            400,
            SEMANTIC,
            f"detail='{detail}' không được hỗ trợ",
            f"detail='{detail}' is not supported: {', '.join(sorted(DETAILS))}",
        )


def matching_flows(catalogue: Catalogue, ref: StructureRef) -> list[Flow]:
    if not (ref.agency_matches(catalogue.agency) and ref.version_matches()):
        return []
    return [f for f in catalogue.flows.values() if ref.id_matches(f.id)]


def select_structures(
    session: Session, catalogue: Catalogue, resource: str, ref: StructureRef, references: str, detail: str
) -> Selection:
    _check(references, detail)
    found = Selection()
    if ref.agency_matches(catalogue.agency) and ref.version_matches():
        _primary(session, catalogue, resource, ref, found)
    if found.is_empty():
        raise no_results(
            f"Không có {resource} khớp '{ref.agency}/{ref.ident}/{ref.version}'",
            f"No {resource} matches '{ref.agency}/{ref.ident}/{ref.version}'",
        )
    primary = {f.id for f in found.flows} | {d.id for d in found.dsds} | {c.id for c in found.codelists}
    if found.concepts is not None:
        primary.add(CONCEPT_SCHEME)
    _referenced(session, catalogue, resource, references, found)
    if detail in ("allstubs", "allcompletestubs"):
        found.stubs = _ids(found)
    elif detail in ("referencestubs", "referencecompletestubs"):
        found.stubs = _ids(found) - primary
    return found


def _ids(found: Selection) -> set[str]:
    ids = {f.id for f in found.flows} | {d.id for d in found.dsds} | {c.id for c in found.codelists}
    return ids | ({CONCEPT_SCHEME} if found.concepts is not None else set())


def _primary(
    session: Session, catalogue: Catalogue, resource: str, ref: StructureRef, found: Selection
) -> None:
    if resource == "dataflow":
        found.flows = matching_flows(catalogue, ref)
    elif resource == "datastructure":
        found.dsds = [d for d in catalogue.dsds.values() if ref.id_matches(d.id)]
    elif resource == "codelist":
        found.codelists = [
            c
            for i in catalogue.codelist_ids()
            if ref.id_matches(i)
            if (c := catalogue.codelist(session, i)) is not None
        ]
    elif resource == "conceptscheme" and ref.id_matches(CONCEPT_SCHEME):
        found.concepts = concepts_for(list(catalogue.dsds.values()))


def _add_dsd_children(
    session: Session, catalogue: Catalogue, dsds: list[Dsd], found: Selection, kinds: set[str]
) -> None:
    if "codelist" in kinds:
        have = {c.id for c in found.codelists}
        for ident in dict.fromkeys(i for d in dsds for i in d.codelist_ids()):
            if ident not in have and (codelist := catalogue.codelist(session, ident)) is not None:
                found.codelists.append(codelist)
                have.add(ident)
    if "conceptscheme" in kinds and found.concepts is None:
        found.concepts = concepts_for(dsds)


def _users_of(catalogue: Catalogue, codelists: list[Codelist], concepts: bool) -> list[Dsd]:
    ids = {c.id for c in codelists}
    return [d for d in catalogue.dsds.values() if concepts or ids & set(d.codelist_ids())]


def _referenced(
    session: Session, catalogue: Catalogue, resource: str, references: str, found: Selection
) -> None:
    if references == "none":
        return
    down = references in ("children", "descendants", "all")
    up = references in ("parents", "parentsandsiblings", "all")
    if resource == "dataflow":
        dsds = list({f.dsd.id: f.dsd for f in found.flows}.values())
        if down or references == "datastructure":
            found.dsds = dsds
        if references in ("descendants", "all", "codelist", "conceptscheme"):
            kinds = {"codelist", "conceptscheme"} if references in ("descendants", "all") else {references}
            _add_dsd_children(session, catalogue, dsds, found, kinds)
    elif resource == "datastructure":
        if down or references in ("codelist", "conceptscheme"):
            kinds = {"codelist", "conceptscheme"} if down else {references}
            _add_dsd_children(session, catalogue, found.dsds, found, kinds)
        if up or references == "dataflow":
            ids = {d.id for d in found.dsds}
            found.flows = [f for f in catalogue.flows.values() if f.dsd.id in ids]
    else:
        users = _users_of(catalogue, found.codelists, resource == "conceptscheme")
        if up or references == "datastructure":
            found.dsds = users
        if references in ("all", "dataflow"):
            ids = {d.id for d in users}
            found.flows = [f for f in catalogue.flows.values() if f.dsd.id in ids]
        if references == "parentsandsiblings":
            _add_dsd_children(session, catalogue, users, found, {"codelist", "conceptscheme"})
