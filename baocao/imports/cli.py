"""``baocao import values FILE.csv --regime R``: a large load through the bulk import path."""

from __future__ import annotations

from pathlib import Path

import click

from baocao.cli_support import cli_transaction, console, load_settings
from baocao.errors import ApiError
from baocao.imports.rows import read_csv
from baocao.imports.service import import_values
from baocao.storage.migrate import upgrade
from baocao.submissions.actors import system_actor
from baocao.submissions.models import EntryPath
from baocao.yamlio import format_problem

MAX_PROBLEMS_SHOWN = 100


@click.group("import")
def import_group() -> None:
    """Nhập số liệu hàng loạt / bulk imports."""


@import_group.command("values")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--regime", required=True, help="Mã chế độ báo cáo / regime code.")
@click.option("--actor", default="cli", show_default=True, help="Tên ghi vào nhật ký / name in the audit.")
def values(file: Path, regime: str, actor: str) -> None:
    """Nhập tệp CSV element,unit,period,options,value thành báo cáo đã tiếp nhận / import a CSV as
    accepted submissions (all or nothing)."""
    settings = load_settings()
    upgrade(settings.database_url)
    try:
        with cli_transaction(settings) as session:
            report = import_values(
                session, regime, read_csv(file), system_actor(actor, EntryPath.CSV), source=file.name
            )
    except ApiError as exc:
        console.print(f"[red]{exc.message} / {exc.message_en}[/red]", highlight=False, soft_wrap=True)
        for detail in exc.details[:MAX_PROBLEMS_SHOWN]:
            console.print(format_problem(detail), markup=False, highlight=False, soft_wrap=True)
        raise click.exceptions.Exit(1) from None
    console.print(
        f"Đã nhập / imported {report.values:,} giá trị / values: {report.created:,} báo cáo mới / new, "
        f"{report.replaced:,} thay thế / replaced, {report.unchanged:,} không đổi / unchanged "
        f"({report.seconds:.1f} s, {report.values_per_s:,.0f} values/s)",
        soft_wrap=True,
    )
