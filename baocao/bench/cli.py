"""``baocao bench --scale quick|national [--database-url URL] [--json]``.

Without ``--database-url`` the run uses a new SQLite file in a temporary folder. Give a database of
its own (``createdb bench``): the run adds the reference units, a benchmark catalogue and two
regimes, and its values. DuckDB (and psutil) are development dependencies, imported only here.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from baocao.cli_support import console
from baocao.config import normalise_database_url


def _need_duckdb() -> None:
    try:
        import duckdb  # noqa: F401
    except ImportError:
        raise click.ClickException(
            "Cần gói duckdb (nhóm phụ thuộc dev: uv sync --group dev) / "
            "the benchmark needs duckdb (dev dependency group: uv sync --group dev)"
        ) from None


@click.command()
@click.option("--scale", type=click.Choice(["quick", "national"]), default="quick", show_default=True)
@click.option("--database-url", default=None, help="CSDL riêng cho đo hiệu năng / a database of its own.")
@click.option("--json", "as_json", is_flag=True, help="In một đối tượng JSON / print one JSON object.")
@click.option("--skip-duckdb", is_flag=True, help="Bỏ qua DuckDB / skip the DuckDB comparison.")
def bench(scale: str, database_url: str | None, as_json: bool, skip_duckdb: bool) -> None:
    """Đo hiệu năng ở quy mô quốc gia / the national-scale benchmark."""
    from baocao.bench import run
    from baocao.bench.generator import SCALES

    if not skip_duckdb:
        _need_duckdb()
    chosen = SCALES[scale]
    folder = None
    if database_url is None:
        folder = tempfile.TemporaryDirectory(prefix="baocao-bench-")
        database_url = f"sqlite:///{Path(folder.name) / 'bench.db'}"
    url = normalise_database_url(database_url)

    def say(message: str) -> None:
        console.print(message, highlight=False)

    started = time.perf_counter()
    say(f"Chuẩn bị / setting up {url.split('@')[-1]} ...")
    run.setup(url, chosen)
    say("Nhập qua đường nhập công khai / importing through the public import path ...")
    result: dict[str, Any] = {"scale": scale, "engine": url.split(":")[0].split("+")[0]}
    result.update(run.load_ours(url, chosen, say))
    result["peak_rss_mb_after_import"] = round(run.peak_rss_mb())
    say("Nhập thô (đối chứng) / raw baseline insert ...")
    result.update(run.load_baseline(url, chosen))
    say("Truy vấn / asking the five questions ...")
    asked, ours, plain, sizes = run.ask(url, chosen)
    result["freshness_ms"] = run.freshness(url)
    result["peak_rss_mb"] = round(run.peak_rss_mb())  # before DuckDB holds its own copy of the rows
    duck: dict[str, float] = {}
    if not skip_duckdb:
        say("DuckDB ...")
        duck = run.duckdb_timings(url, asked, chosen)
    result.update(
        {
            "query_p95_ms": ours,
            "groupby_p95_ms": plain,
            "duckdb_p95_ms": duck,
            "answer_rows": sizes,
            "groupby_ratio": {k: round(plain[k] / ours[k], 1) for k in ours if ours[k]},
            "duckdb_ratio": {k: round(ours[k] / duck[k], 2) for k in ours if duck.get(k)},
            "import_vs_baseline": round(
                result["import_values_per_s"] / result["baseline_import_values_per_s"], 3
            ),
            "seconds": round(time.perf_counter() - started, 1),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    if folder is not None:
        folder.cleanup()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    console.print(_table(result, {q.name: q.label for q in asked}))


def _table(result: dict[str, Any], labels: dict[str, str]) -> Table:
    table = Table(title=f"baocao bench — {result['scale']}, {result['engine']}, {result['values']:,} values")
    for name in (
        "Câu hỏi / question",
        "ours p95 ms",
        "GROUP BY p95 ms",
        "× faster",
        "DuckDB p95 ms",
        "ours / DuckDB",
    ):
        table.add_column(name, justify="left" if name.startswith("C") else "right")
    for key, label in labels.items():
        duck = result["duckdb_p95_ms"].get(key)
        table.add_row(
            label,
            f"{result['query_p95_ms'][key]:.1f}",
            f"{result['groupby_p95_ms'][key]:.1f}",
            f"{result['groupby_ratio'].get(key, 0):.1f}",
            f"{duck:.1f}" if duck else "–",
            f"{result['duckdb_ratio'].get(key, 0):.2f}" if duck else "–",
        )
    table.caption = (
        f"import {result['import_values_per_s']:,} values/s "
        f"(raw insert {result['baseline_import_values_per_s']:,}/s) · "
        f"freshness {result['freshness_ms']} ms · peak RSS {result['peak_rss_mb']} MB"
    )
    return table
