"""SDMX-ML 2.1 structure messages: dataflows, data structure definitions, codelists and the concept
scheme, in the order the schema wants them (Dataflows, Codelists, Concepts, DataStructures)."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from baocao.sdmx.model import (
    CONCEPT_SCHEME,
    OBS_STATUS,
    TIME,
    UNIT_MEASURE,
    VALUE,
    VERSION,
    Codelist,
    Dimension,
    Dsd,
    Flow,
    Text,
)
from baocao.sdmx.xmlbase import annotate, header, names, q, serialise, sub, urn

CONCEPTS: dict[str, Text] = {
    "REF_AREA": Text("Đơn vị", "Reference area"),
    "INDICATOR": Text("Chỉ tiêu", "Indicator"),
    TIME: Text("Kỳ báo cáo", "Time period"),
    VALUE: Text("Giá trị", "Observation value"),
    UNIT_MEASURE: Text("Đơn vị tính", "Unit of measure"),
    OBS_STATUS: Text("Trạng thái số liệu", "Observation status"),
}


@dataclass
class Selection:
    """The artefacts a structure query answers; ``stubs`` holds ids to give without their content."""

    flows: list[Flow] = field(default_factory=list)
    dsds: list[Dsd] = field(default_factory=list)
    codelists: list[Codelist] = field(default_factory=list)
    concepts: dict[str, Text] | None = None
    stubs: set[str] = field(default_factory=set)

    def is_empty(self) -> bool:
        return not (self.flows or self.dsds or self.codelists or self.concepts)


def _maintainable(
    parent: ET.Element,
    tag: str,
    kind: str,
    agency: str,
    ident: str,
    name: Text,
    stub: bool,
    structure_url: str | None,
) -> ET.Element:
    element = sub(
        parent,
        tag,
        id=ident,
        urn=urn(kind, agency, ident, VERSION),
        agencyID=agency,
        version=VERSION,
        isFinal="true",
    )
    if stub:
        element.set("isExternalReference", "true")
        if structure_url:
            element.set("structureURL", structure_url)
    names(element, name)
    return element


def _ref(parent: ET.Element, agency: str, ident: str, package: str, cls: str, **more: str) -> None:
    sub(
        parent,
        "Ref",
        id=ident,
        version=VERSION if "maintainableParentID" not in more else "",
        agencyID=agency,
        package=package,
        **{"class": cls},
        **more,
    )


def _concept_ref(parent: ET.Element, agency: str, concept: str) -> None:
    box = sub(parent, "str:ConceptIdentity")
    _ref(
        box,
        agency,
        concept,
        "conceptscheme",
        "Concept",
        maintainableParentID=CONCEPT_SCHEME,
        maintainableParentVersion=VERSION,
    )


def _enumeration(parent: ET.Element, agency: str, codelist: str) -> None:
    rep = sub(parent, "str:LocalRepresentation")
    _ref(sub(rep, "str:Enumeration"), agency, codelist, "codelist", "Codelist")


def _dimension(parent: ET.Element, agency: str, dsd: Dsd, dim: Dimension, position: int) -> None:
    kind = "TimeDimension" if dim.codelist is None else "Dimension"
    element = sub(
        parent,
        f"str:{kind}",
        id=dim.id,
        urn=urn(kind, agency, dsd.id, VERSION, dim.id),
        position=str(position),
    )
    _concept_ref(element, agency, dim.id)
    if dim.codelist is None:
        rep = sub(element, "str:LocalRepresentation")
        sub(rep, "str:TextFormat", textType="ObservationalTimePeriod")
    else:
        _enumeration(element, agency, dim.codelist)


def _dsd(parent: ET.Element, agency: str, dsd: Dsd, stub: bool, url: str | None) -> None:
    element = _maintainable(parent, "str:DataStructure", "DataStructure", agency, dsd.id, dsd.name, stub, url)
    if stub:
        return
    box = sub(element, "str:DataStructureComponents")
    dims = sub(
        box,
        "str:DimensionList",
        id="DimensionDescriptor",
        urn=urn("DimensionDescriptor", agency, dsd.id, VERSION, "DimensionDescriptor"),
    )
    for position, dim in enumerate(dsd.dimensions, start=1):
        _dimension(dims, agency, dsd, dim, position)
    attrs = sub(
        box,
        "str:AttributeList",
        id="AttributeDescriptor",
        urn=urn("AttributeDescriptor", agency, dsd.id, VERSION, "AttributeDescriptor"),
    )
    for attr, codelist, status in (
        (UNIT_MEASURE, "CL_UNIT_MEASURE", "Mandatory"),
        (OBS_STATUS, "CL_OBS_STATUS", "Conditional"),
    ):
        element = sub(
            attrs,
            "str:Attribute",
            id=attr,
            urn=urn("DataAttribute", agency, dsd.id, VERSION, attr),
            assignmentStatus=status,
        )
        _concept_ref(element, agency, attr)
        _enumeration(element, agency, codelist)
        sub(sub(sub(element, "str:AttributeRelationship"), "str:PrimaryMeasure"), "Ref", id=VALUE)
    measures = sub(
        box,
        "str:MeasureList",
        id="MeasureDescriptor",
        urn=urn("MeasureDescriptor", agency, dsd.id, VERSION, "MeasureDescriptor"),
    )
    measure = sub(
        measures, "str:PrimaryMeasure", id=VALUE, urn=urn("PrimaryMeasure", agency, dsd.id, VERSION, VALUE)
    )
    _concept_ref(measure, agency, VALUE)
    sub(sub(measure, "str:LocalRepresentation"), "str:TextFormat", textType="Double")


def _flow(parent: ET.Element, agency: str, flow: Flow, stub: bool, url: str | None) -> None:
    element = _maintainable(parent, "str:Dataflow", "Dataflow", agency, flow.id, flow.name, stub, url)
    if flow.description is not None and not stub:
        names(element, flow.description, "com:Description")
    if not stub:
        _ref(sub(element, "str:Structure"), agency, flow.dsd.id, "datastructure", "DataStructure")


def _codelist(parent: ET.Element, agency: str, codelist: Codelist, stub: bool, url: str | None) -> None:
    element = _maintainable(parent, "str:Codelist", "Codelist", agency, codelist.id, codelist.name, stub, url)
    if stub:
        return
    for code in codelist.codes:
        item = sub(element, "str:Code", id=code.id, urn=urn("Code", agency, codelist.id, VERSION, code.id))
        annotate(item, code.annotations)
        names(item, code.name)


def concepts_for(dsds: list[Dsd]) -> dict[str, Text]:
    found = dict(CONCEPTS)
    for dsd in dsds:
        for dim in dsd.dimensions:
            found.setdefault(dim.id, dim.name)
    return found


def _concepts(
    parent: ET.Element, agency: str, concepts: dict[str, Text], stub: bool, url: str | None
) -> None:
    name = Text("Khái niệm của baocao", "baocao concepts")
    element = _maintainable(
        parent, "str:ConceptScheme", "ConceptScheme", agency, CONCEPT_SCHEME, name, stub, url
    )
    if stub:
        return
    for ident, text in concepts.items():
        names(
            sub(element, "str:Concept", id=ident, urn=urn("Concept", agency, CONCEPT_SCHEME, VERSION, ident)),
            text,
        )


def structure_message(agency: str, selection: Selection, base_url: str) -> bytes:
    root = ET.Element(q("mes:Structure"))
    header(root, agency)
    box = sub(root, "mes:Structures")

    def url(resource: str, ident: str) -> str:
        return f"{base_url}/{resource}/{agency}/{ident}/{VERSION}"

    if selection.flows:
        flows = sub(box, "str:Dataflows")
        for flow in selection.flows:
            _flow(flows, agency, flow, flow.id in selection.stubs, url("dataflow", flow.id))
    if selection.codelists:
        lists = sub(box, "str:Codelists")
        for codelist in selection.codelists:
            stub = codelist.id in selection.stubs
            _codelist(lists, agency, codelist, stub, url("codelist", codelist.id))
    if selection.concepts is not None:
        stub = CONCEPT_SCHEME in selection.stubs
        _concepts(
            sub(box, "str:Concepts"), agency, selection.concepts, stub, url("conceptscheme", CONCEPT_SCHEME)
        )
    if selection.dsds:
        dsds = sub(box, "str:DataStructures")
        for dsd in selection.dsds:
            _dsd(dsds, agency, dsd, dsd.id in selection.stubs, url("datastructure", dsd.id))
    return serialise(root)
