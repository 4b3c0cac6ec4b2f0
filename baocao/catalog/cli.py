"""``baocao catalog load FILE``: validate and load a catalogue file."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from baocao.catalog.loader import CatalogueError, load_catalogue
from baocao.catalog.upsert import LoadReport
from baocao.cli_support import cli_transaction, console
from baocao.yamlio import format_problem

MAX_PROBLEMS_SHOWN = 100


@click.group()
def catalog() -> None:
    """Danh mục chỉ tiêu / catalogue of data elements."""


@catalog.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load(file: Path) -> None:
    """Nạp danh mục từ tệp YAML / load a catalogue from a YAML file (idempotent)."""
    try:
        with cli_transaction() as session:
            report = load_catalogue(session, file)
    except CatalogueError as exc:
        print_problems(exc)
        raise click.exceptions.Exit(1) from None
    console.print(report_table(report))
    if not report.changed:
        console.print("Không có thay đổi / nothing changed")


def print_problems(exc: CatalogueError) -> None:
    console.print(
        f"[red]{exc.kind_vi} có {len(exc.problems)} lỗi, không có gì được lưu / "
        f"{exc.kind_en} has {len(exc.problems)} problem(s), nothing was stored[/red]",
        soft_wrap=True,
    )
    for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
        console.print(format_problem(problem), markup=False, highlight=False, soft_wrap=True)
    if len(exc.problems) > MAX_PROBLEMS_SHOWN:
        console.print(f"... ({len(exc.problems) - MAX_PROBLEMS_SHOWN} lỗi khác / more problems)")


def report_table(report: LoadReport) -> Table:
    table = Table(title=f"Danh mục / catalogue: {report.source}")
    table.add_column("")
    # Two-line headers keep the table within 80 columns (CI logs, narrow terminals).
    for column in ("Mới\ncreated", "Cập nhật\nupdated", "Không đổi\nunchanged", "Xóa\nremoved"):
        table.add_column(column, justify="right")
    rows = (
        ("Phân tổ / categories", report.categories),
        ("Phương án phân tổ / options", report.options),
        ("Chỉ tiêu / data elements", report.data_elements),
    )
    for label, tally in rows:
        table.add_row(
            label, *(str(n) for n in (tally.created, tally.updated, tally.unchanged, tally.removed))
        )
    return table
