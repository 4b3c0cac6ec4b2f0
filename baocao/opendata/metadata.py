"""Describing open data: CSVW table metadata for each indicator's CSV, and the DCAT-AP catalogue of
all public indicators (an rdflib graph, served as Turtle and JSON-LD).

DCAT-AP 2 classes and properties: ``dcat:Catalog`` → ``dcat:dataset`` → ``dcat:Dataset`` (title and
description in Vietnamese and English, publisher, licence, theme from the EU data-theme vocabulary,
temporal coverage, spatial coverage Viet Nam) → ``dcat:distribution`` (the CSV, and its CSVW metadata).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from baocao.catalog.models import DOMAIN_NAMES, Domain
from baocao.indicators.models import Indicator
from baocao.opendata.service import COLUMNS, OpenRow

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER_VI = "Văn phòng Chính phủ — Hệ thống thông tin báo cáo quốc gia"
PUBLISHER_EN = "Government Office — National Reporting Information System"
VIET_NAM = URIRef("http://publications.europa.eu/resource/authority/country/VNM")
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
CSVW_REC = URIRef("http://www.w3.org/TR/tabular-metadata/")
# The nine fields of Decision 293/QĐ-TTg → the EU data themes DCAT-AP uses.
THEMES = {
    "economic_growth": "ECON",
    "public_finance": "GOVE",
    "macro_stability": "ECON",
    "business_environment": "ECON",
    "labour_employment": "SOCI",
    "social": "SOCI",
    "environment": "ENVI",
    "public_administration": "GOVE",
    "infrastructure_science": "TECH",
}
PERIOD_FORMAT = r"^\d{4}(-(9M|H[12]|Q[1-4]|\d{2}|W\d{2}|\d{2}-\d{2}))?$"


def render_csv(rows: list[OpenRow]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow((r.indicator, r.unit_code, r.unit_name, r.period, r.value, r.unit_measure))
    return out.getvalue()


def _column(name: str, vi: str, en: str, datatype: Any, required: bool = True) -> dict[str, Any]:
    return {
        "name": name,
        "titles": name,
        "dc:description": [{"@value": vi, "@language": "vi"}, {"@value": en, "@language": "en"}],
        "datatype": datatype,
        "required": required,
    }


def csvw_metadata(indicator: Indicator, base: str) -> dict[str, Any]:
    """CSVW metadata (W3C Metadata Vocabulary for Tabular Data) for ``{code}.csv``."""
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "vi"}],
        "url": f"{indicator.code}.csv",
        "dc:title": [
            {"@value": indicator.name, "@language": "vi"},
            {"@value": indicator.name_en, "@language": "en"},
        ],
        "dc:description": [{"@value": indicator.description or indicator.name, "@language": "vi"}],
        "dc:publisher": [
            {"@value": PUBLISHER_VI, "@language": "vi"},
            {"@value": PUBLISHER_EN, "@language": "en"},
        ],
        "dc:license": {"@id": LICENCE},
        "dcat:landingPage": {"@id": f"{base}open/indicators/{indicator.code}"},
        "dialect": {"header": True, "encoding": "utf-8", "delimiter": ","},
        "tableSchema": {
            "columns": [
                _column(
                    "indicator", "Mã chỉ tiêu", "Indicator code", {"base": "string", "format": indicator.code}
                ),
                _column(
                    "unit_code", "Mã đơn vị (CP: cả nước)", "Unit code (CP: the whole country)", "string"
                ),
                _column("unit_name", "Tên đơn vị", "Unit name", "string"),
                _column(
                    "period",
                    "Kỳ (2025, 2025-Q3, 2025-07 ...)",
                    "Period (2025, 2025-Q3, 2025-07 ...)",
                    {"base": "string", "format": PERIOD_FORMAT},
                ),
                _column(
                    "value",
                    f"Giá trị ({indicator.unit_measure})",
                    f"Value ({indicator.unit_measure})",
                    "decimal",
                ),
                _column("unit_measure", "Đơn vị tính", "Unit of measure", "string"),
            ],
            "primaryKey": ["unit_code", "period"],
            "aboutUrl": f"{base}open/indicators/{indicator.code}#{{unit_code}}-{{period}}",
        },
    }


def _bilingual(graph: Graph, subject: URIRef | BNode, predicate: URIRef, vi: str, en: str) -> None:
    graph.add((subject, predicate, Literal(vi, lang="vi")))
    graph.add((subject, predicate, Literal(en, lang="en")))


def _distribution(graph: Graph, url: str, media_type: str, title: tuple[str, str], file_type: str) -> URIRef:
    node = URIRef(url)
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCAT.accessURL, node))
    graph.add((node, DCAT.downloadURL, node))
    graph.add((node, DCAT.mediaType, URIRef(f"http://www.iana.org/assignments/media-types/{media_type}")))
    graph.add((node, DCTERMS.format, FILE_TYPE[file_type]))
    graph.add((node, DCTERMS.license, URIRef(LICENCE)))
    _bilingual(graph, node, DCTERMS.title, *title)
    return node


def catalogue(base: str, indicators: list[tuple[Indicator, tuple[date | None, date | None]]]) -> Graph:
    """The DCAT-AP graph: one dataset per public indicator, with its CSV and CSVW distributions."""
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    cat = URIRef(f"{base}open/catalog")
    publisher = URIRef(f"{base}open/publisher")
    graph.add((publisher, RDF.type, FOAF.Agent))
    _bilingual(graph, publisher, FOAF.name, PUBLISHER_VI, PUBLISHER_EN)
    graph.add((cat, RDF.type, DCAT.Catalog))
    _bilingual(
        graph,
        cat,
        DCTERMS.title,
        "Dữ liệu mở — chỉ tiêu kinh tế - xã hội",
        "Open data — socio-economic indicators",
    )
    _bilingual(
        graph,
        cat,
        DCTERMS.description,
        "Các chỉ tiêu tổng hợp được công bố, số liệu đã tiếp nhận của cả nước và các tỉnh, thành phố.",
        "Published indicators: accepted figures for the whole country and the provinces.",
    )
    graph.add((cat, DCTERMS.publisher, publisher))
    graph.add((cat, DCTERMS.license, URIRef(LICENCE)))
    graph.add((cat, DCTERMS.spatial, VIET_NAM))
    graph.add((cat, FOAF.homepage, URIRef(f"{base}open/catalog.ttl")))
    for indicator, (first, last) in indicators:
        page = f"{base}open/indicators/{indicator.code}"
        dataset = URIRef(page)
        graph.add((cat, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.identifier, Literal(indicator.code)))
        _bilingual(graph, dataset, DCTERMS.title, indicator.name, indicator.name_en)
        _bilingual(
            graph, dataset, DCTERMS.description, indicator.description or indicator.name, indicator.name_en
        )
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCTERMS.license, URIRef(LICENCE)))
        graph.add((dataset, DCAT.theme, THEME[THEMES.get(indicator.field, "ECON")]))
        field_vi, field_en = DOMAIN_NAMES.get(Domain(indicator.field), (indicator.field, indicator.field))
        _bilingual(graph, dataset, DCAT.keyword, field_vi, field_en)
        graph.add((dataset, DCTERMS.spatial, VIET_NAM))
        if first is not None and last is not None:
            temporal = BNode()
            graph.add((dataset, DCTERMS.temporal, temporal))
            graph.add((temporal, RDF.type, DCTERMS.PeriodOfTime))
            graph.add((temporal, DCAT.startDate, Literal(first.isoformat(), datatype=XSD.date)))
            graph.add((temporal, DCAT.endDate, Literal(last.isoformat(), datatype=XSD.date)))
        csv_node = _distribution(
            graph, f"{page}.csv", "text/csv", ("Bảng số liệu CSV", "Data table (CSV)"), "CSV"
        )
        meta = _distribution(
            graph,
            f"{page}.csv-metadata.json",
            "application/csvm+json",
            ("Siêu dữ liệu CSVW", "CSVW metadata"),
            "JSON",
        )
        graph.add((meta, DCTERMS.conformsTo, CSVW_REC))
        graph.add((dataset, DCAT.distribution, csv_node))
        graph.add((dataset, DCAT.distribution, meta))
    return graph
