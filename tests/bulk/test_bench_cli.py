"""``baocao bench --scale quick --json`` runs end to end on SQLite and reports what it promises."""

from __future__ import annotations

import json

from click.testing import CliRunner

from baocao.cli import main

KEYS = {
    "import_values_per_s", "baseline_import_values_per_s", "query_p95_ms", "groupby_p95_ms",
    "duckdb_p95_ms", "freshness_ms", "peak_rss_mb", "values", "machine", "date",
}  # fmt: skip
QUICK_VALUES = 210_528  # 20 months of 10,047 then 3,321 communes × 1 element × 2 options + 30 × provinces


def test_quick_bench_prints_its_json() -> None:
    result = CliRunner().invoke(
        main, ["bench", "--scale", "quick", "--json"], env={"BAOCAO_DATABASE_URL": ""}
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.output.strip().splitlines()[-1])
    assert found.keys() >= KEYS
    assert found["scale"] == "quick" and found["engine"] == "sqlite"
    assert found["values"] == found["baseline_values"]
    assert found["values"] >= QUICK_VALUES * 0.95
    questions = set(found["query_p95_ms"])
    assert len(questions) == 5
    assert set(found["groupby_p95_ms"]) == questions == set(found["duckdb_p95_ms"])
    assert all(v > 0 for v in found["query_p95_ms"].values())
    assert found["import_values_per_s"] > 0 and found["freshness_ms"] > 0
