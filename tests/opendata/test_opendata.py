"""Open data read by independent clients: the csvw package validates each CSV against its CSVW
metadata; rdflib parses the DCAT-AP catalogue in Turtle and JSON-LD."""

from __future__ import annotations

import csv
import io

import httpx
from csvw import CSVW
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from tests.conftest import LiveServer
from tests.opendata.conftest import FIGURES, PRIVATE, PUBLIC
from tests.submissions.env import Env


def _expected(unit: str, year: str) -> float:
    people, beds = FIGURES[(unit, year)]
    return round(beds / people * 10000, 1)


def test_public_indicator_csv_validates_against_its_csvw_metadata(oenv: Env, oserver: LiveServer) -> None:
    url = f"{oserver.url}/open/indicators/{PUBLIC}.csv"
    with httpx.Client() as http:  # no credentials: open data needs no sign-in
        answer = http.get(url)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert list(rows[0]) == ["indicator", "unit_code", "unit_name", "period", "value", "unit_measure"]
    got = {(r["unit_code"], r["period"]): float(r["value"]) for r in rows}
    national_2025 = round(113_500 / 22_700_000 * 10000, 1)
    assert got == {
        ("CP", "2024"): round(92_000 / 17_900_000 * 10000, 1),
        ("01", "2024"): _expected("01", "2024"),
        ("79", "2024"): _expected("79", "2024"),
        ("CP", "2025"): national_2025,  # Đà Nẵng's submitted (not accepted) report counts nowhere
        ("01", "2025"): _expected("01", "2025"),
        ("79", "2025"): _expected("79", "2025"),
    }
    assert {r["unit_measure"] for r in rows} == {"giường/10.000 dân"} and rows[0]["unit_name"]

    table = CSVW(url, validate=True)
    assert table.is_valid
    group = table.tablegroup
    assert group.tables[0].tableSchema.columns[4].datatype.base == "decimal"
    read = list(group.tables[0])
    assert len(read) == 6 and all(
        isinstance(r["value"], (int, float)) or r["value"] is not None for r in read
    )
    meta = httpx.get(f"{url}-metadata.json").json()
    titles = {t["@language"]: t["@value"] for t in meta["dc:title"]}
    assert titles["en"] == "Hospital beds per 10,000 people (test)" and titles["vi"].startswith("Số giường")
    assert meta["dc:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"


def test_private_or_missing_indicators_answer_the_same_404(oenv: Env, oserver: LiveServer) -> None:
    with httpx.Client(base_url=oserver.url) as http:
        for path in (f"/open/indicators/{PRIVATE}.csv", f"/open/indicators/{PRIVATE}.csv-metadata.json"):
            private, missing = http.get(path), http.get(path.replace(PRIVATE, "KHONG_CO"))
            assert private.status_code == missing.status_code == 404
            assert private.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"
            assert "OD_GIUONG" not in private.text.replace(PRIVATE, "")
        catalogue = http.get("/open/catalog.ttl").text
    assert PRIVATE not in catalogue


def test_dcat_catalogue_in_turtle_and_json_ld(oenv: Env, oserver: LiveServer) -> None:
    graphs = []
    for name, fmt in (("catalog.ttl", "turtle"), ("catalog.jsonld", "json-ld")):
        answer = httpx.get(f"{oserver.url}/open/{name}")
        assert answer.status_code == 200
        graph = Graph()
        graph.parse(data=answer.text, format=fmt)
        graphs.append(graph)
    turtle, jsonld = graphs
    assert len(turtle) == len(jsonld) > 0
    for graph in graphs:
        catalogs = list(graph.subjects(ns.RDF.type, ns.DCAT.Catalog))
        assert len(catalogs) == 1
        datasets = set(graph.objects(catalogs[0], ns.DCAT.dataset))
        dataset = URIRef(f"{oserver.url}/open/indicators/{PUBLIC}")
        assert dataset in datasets and (dataset, ns.RDF.type, ns.DCAT.Dataset) in graph
        assert not any(str(d).endswith(PRIVATE) for d in datasets)
        titles = set(graph.objects(dataset, ns.DCTERMS.title))
        assert Literal("Hospital beds per 10,000 people (test)", lang="en") in titles
        assert any(t.language == "vi" for t in titles if isinstance(t, Literal))
        assert (dataset, ns.DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
        assert (
            graph.value(dataset, ns.DCAT.theme) is not None
            and graph.value(dataset, ns.DCTERMS.publisher) is not None
        )
        assert graph.value(dataset, ns.DCTERMS.spatial) is not None
        temporal = graph.value(dataset, ns.DCTERMS.temporal)
        assert str(graph.value(temporal, ns.DCAT.startDate)) == "2024-01-01"
        assert str(graph.value(temporal, ns.DCAT.endDate)) == "2025-12-31"
        distributions = {
            str(graph.value(d, ns.DCAT.downloadURL)) for d in graph.objects(dataset, ns.DCAT.distribution)
        }
        assert distributions == {f"{dataset}.csv", f"{dataset}.csv-metadata.json"}
