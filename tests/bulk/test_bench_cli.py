"""``baocao bench --scale quick --json`` runs end to end on SQLite and reports what it promises; run
again with ``--reuse`` on the same file it asks the questions without importing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from baocao.cli import main

KEYS = {
    "import_values_per_s", "baseline_import_values_per_s", "query_p95_ms", "groupby_p95_ms",
    "duckdb_p95_ms", "freshness_ms", "peak_rss_mb", "values", "machine", "date", "reused",
    "answers_differ",
}  # fmt: skip
QUICK_VALUES = 210_528  # 20 months of 10,047 then 3,321 communes × 1 element × 2 options + 30 × provinces


def _bench(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["bench", "--scale", "quick", "--json", *args], env={"BAOCAO_DATABASE_URL": ""}
    )
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.output.strip().splitlines()[-1])
    assert found.keys() >= KEYS
    assert found["scale"] == "quick" and found["engine"] == "sqlite"
    assert found["answers_differ"] == []  # ours, GROUP BY and DuckDB answer the same
    questions = set(found["query_p95_ms"])
    assert len(questions) == 5 and "d_ytd_targets_30" in questions
    assert set(found["groupby_p95_ms"]) == questions == set(found["duckdb_p95_ms"])
    assert all(v > 0 for v in found["query_p95_ms"].values())
    assert found["answer_rows"]["d_ytd_targets_30"] == 30
    assert found["freshness_ms"] > 0
    return found


def test_quick_bench_prints_its_json_then_reuses_its_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    found = _bench("--database-url", url)
    assert found["reused"] is False
    assert found["values"] == found["baseline_values"]
    assert found["values"] >= QUICK_VALUES * 0.95
    assert found["import_values_per_s"] > 0

    again = _bench("--database-url", url, "--reuse")
    assert again["reused"] is True
    assert again["values"] is None and again["import_values_per_s"] is None
    assert again["answer_rows"] == found["answer_rows"]


def test_reuse_refuses_a_database_that_was_not_loaded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'never.db'}"
    result = CliRunner().invoke(main, ["bench", "--database-url", url, "--reuse", "--skip-duckdb"])
    assert result.exit_code != 0
    assert "not loaded for scale quick" in result.output and "chưa được nạp" in result.output
    assert not (tmp_path / "never.db").exists()
    result = CliRunner().invoke(main, ["bench", "--reuse", "--skip-duckdb"], env={"BAOCAO_DATABASE_URL": ""})
    assert result.exit_code != 0 and "--reuse needs the --database-url" in result.output
