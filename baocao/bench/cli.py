"""``baocao bench --scale quick|national [--database-url URL] [--json] [--skip-duckdb] [--reuse]``.

Without ``--database-url`` the run uses a new SQLite file in a temporary folder. Give a database of
its own (``createdb bench``): the run adds the reference units, a benchmark catalogue, two regimes,
30 indicators with this year's national targets, and its values. ``--reuse`` asks the questions again
of a database a run of the same scale loaded (this month): no import, no raw load; the import numbers
are then null and ``reused`` is true. DuckDB (and psutil) are development dependencies, imported only
here.
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

# What the import and the raw load measure; null when ``--reuse`` skipped them.
IMPORT_KEYS = (
    "values",
    "import_seconds",
    "import_values_per_s",
    "peak_rss_mb_after_import",
    "baseline_values",
    "baseline_import_values_per_s",
    "import_vs_baseline",
)


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
@click.option(
    "--reuse",
    is_flag=True,
    help="Hỏi lại CSDL đã nạp, không nhập lại / ask a loaded database again, without importing.",
)
def bench(scale: str, database_url: str | None, as_json: bool, skip_duckdb: bool, reuse: bool) -> None:
    """Đo hiệu năng ở quy mô quốc gia / the national-scale benchmark."""
    from baocao.bench import run
    from baocao.bench.generator import SCALES
    from baocao.bench.reuse import not_loaded

    if not skip_duckdb:
        _need_duckdb()
    chosen = SCALES[scale]
    folder = None
    if database_url is None:
        if reuse:
            raise click.UsageError(
                "--reuse cần --database-url của CSDL đã nạp / "
                "--reuse needs the --database-url of a loaded database"
            )
        folder = tempfile.TemporaryDirectory(prefix="baocao-bench-")
        database_url = f"sqlite:///{Path(folder.name) / 'bench.db'}"
    url = normalise_database_url(database_url)
    if reuse:
        why = not_loaded(url, chosen)
        if why is not None:
            raise click.ClickException(
                f"CSDL chưa được nạp cho quy mô {scale} ({why[0]}): chạy trước một lần không có --reuse / "
                f"the database is not loaded for scale {scale} ({why[1]}): run once without --reuse first"
            )

    def say(message: str) -> None:
        console.print(message, highlight=False)

    started = time.perf_counter()
    say(f"Chuẩn bị / setting up {url.split('@')[-1]} ...")
    run.setup(url, chosen)
    result: dict[str, Any] = {"scale": scale, "engine": url.split(":")[0].split("+")[0], "reused": reuse}
    if reuse:
        say("Dùng lại số liệu đã nạp / reusing the loaded values")
        result.update(dict.fromkeys(IMPORT_KEYS))
    else:
        say("Nhập qua đường nhập công khai / importing through the public import path ...")
        result.update(run.load_ours(url, chosen, say))
        result["peak_rss_mb_after_import"] = round(run.peak_rss_mb())
        say("Nhập thô (đối chứng) / raw baseline insert ...")
        result.update(run.load_baseline(url, chosen))
        result["import_vs_baseline"] = round(
            result["import_values_per_s"] / result["baseline_import_values_per_s"], 3
        )
    say("Truy vấn / asking the five questions ...")
    problems: list[str] = []
    asked, ours, plain, sizes = run.ask(url, chosen, problems)
    result["freshness_ms"] = run.freshness(url)
    result["peak_rss_mb"] = round(run.peak_rss_mb())  # before DuckDB holds its own copy of the rows
    duck: dict[str, float] = {}
    if not skip_duckdb:
        say("DuckDB ...")
        duck = run.duckdb_timings(url, asked, chosen, problems)
    result.update(
        {
            "query_p95_ms": ours,
            "groupby_p95_ms": plain,
            "duckdb_p95_ms": duck,
            "answer_rows": sizes,
            "answers_differ": problems,
            "groupby_ratio": {k: round(plain[k] / ours[k], 1) for k in ours if ours[k]},
            "duckdb_ratio": {k: round(ours[k] / duck[k], 2) for k in ours if duck.get(k)},
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
    loaded = "reused values" if result["reused"] else f"{result['values']:,} values"
    table = Table(title=f"baocao bench — {result['scale']}, {result['engine']}, {loaded}")
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
    imported = (
        "no import (--reuse)"
        if result["reused"]
        else f"import {result['import_values_per_s']:,} values/s "
        f"(raw insert {result['baseline_import_values_per_s']:,}/s)"
    )
    table.caption = (
        f"{imported} · freshness {result['freshness_ms']} ms · peak RSS {result['peak_rss_mb']} MB"
    )
    if result["answers_differ"]:
        table.caption += " · ANSWERS DIFFER: " + "; ".join(result["answers_differ"])
    return table
