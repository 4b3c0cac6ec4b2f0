"""What every SDMX-ML 2.1 message shares: namespaces, the header, names and annotations, URNs and the
error message (<mes:Error><mes:ErrorMessage code="100">)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from baocao.sdmx.model import Annotation, Text

V21 = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1"
NS = {
    "mes": f"{V21}/message",
    "str": f"{V21}/structure",
    "com": f"{V21}/common",
    "gen": f"{V21}/data/generic",
    "ss": f"{V21}/data/structurespecific",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

# SDMX REST error codes and the HTTP status each answers with.
NO_RESULTS, UNAUTHORISED, SYNTAX, SEMANTIC, NOT_ACCEPTABLE, INTERNAL = 100, 110, 140, 150, 406, 500


def q(name: str) -> str:
    """``"mes:Header"`` → ``"{http://...message}Header"``."""
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, q(name) if ":" in name else name, {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def prepared() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def header(
    root: ET.Element, sender: str, extra: list[tuple[str, dict[str, str]]] | None = None
) -> ET.Element:
    head = sub(root, "mes:Header")
    sub(head, "mes:ID", f"IREF{uuid.uuid4().hex[:16].upper()}")
    sub(head, "mes:Test", "false")
    sub(head, "mes:Prepared", prepared())
    sub(head, "mes:Sender", id=sender)
    for name, attrs in extra or []:
        sub(head, name, **attrs)
    return head


def names(parent: ET.Element, text: Text, tag: str = "com:Name") -> None:
    sub(parent, tag, text.vi).set(XML_LANG, "vi")
    if text.en and text.en != text.vi:
        sub(parent, tag, text.en).set(XML_LANG, "en")


def annotate(parent: ET.Element, notes: tuple[Annotation, ...]) -> None:
    if not notes:
        return
    box = sub(parent, "com:Annotations")
    for note in notes:
        element = sub(box, "com:Annotation")
        if note.title:
            sub(element, "com:AnnotationTitle", note.title)
        sub(element, "com:AnnotationType", note.type)
        if note.text is not None:
            names(element, note.text, "com:AnnotationText")


def urn(kind: str, agency: str, maintainable: str, version: str, item: str | None = None) -> str:
    packages = {
        "Dataflow": "datastructure",
        "DataStructure": "datastructure",
        "Dimension": "datastructure",
        "TimeDimension": "datastructure",
        "DataAttribute": "datastructure",
        "PrimaryMeasure": "datastructure",
        "DimensionDescriptor": "datastructure",
        "AttributeDescriptor": "datastructure",
        "MeasureDescriptor": "datastructure",
        "Codelist": "codelist",
        "Code": "codelist",
        "ConceptScheme": "conceptscheme",
        "Concept": "conceptscheme",
    }
    tail = f".{item}" if item else ""
    return f"urn:sdmx:org.sdmx.infomodel.{packages[kind]}.{kind}={agency}:{maintainable}({version}){tail}"


def serialise(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )


def error_message(code: int, message_vi: str, message_en: str) -> bytes:
    """An SDMX-ML 2.1 error message (SDMX REST: 100 no results, 140 syntax, 150 semantic...)."""
    root = ET.Element(q("mes:Error"))
    box = sub(root, "mes:ErrorMessage", code=str(code))
    sub(box, "com:Text", message_en).set(XML_LANG, "en")
    sub(box, "com:Text", message_vi).set(XML_LANG, "vi")
    return serialise(root)
