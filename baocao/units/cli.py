"""``baocao units import`` (load the reference units) and ``baocao units show CODE``."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import click
from rich.progress import TaskID
from rich.table import Table

from baocao.cli_support import cli_transaction, console, progress
from baocao.errors import ApiError
from baocao.units import service
from baocao.units.reference import DATA_DIR, ReferenceDataError, import_reference

STAGES = {
    "read": "Đọc và kiểm tra tệp / reading files",
    "units": "Đơn vị / units",
    "versions": "Phiên bản / versions",
    "successions": "Kế thừa / successions",
}
# A broken file can have thousands of problems; the first ones are enough to start fixing.
SHOWN_PROBLEMS = 50


@click.group()
def units() -> None:
    """Đơn vị hành chính / administrative units."""


@units.command("import")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DATA_DIR,
    show_default=True,
    help="Thư mục tệp danh mục / directory of the reference files.",
)
def import_command(data_dir: Path) -> None:
    """Nạp danh mục đơn vị (chạy lại không nhân bản) / load the reference units (re-runnable)."""
    started = time.perf_counter()
    tasks: dict[str, TaskID] = {}
    try:
        with progress() as bar, cli_transaction() as session:

            def on_progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
                bar.update(tasks[stage], completed=done, total=total)

            report = import_reference(session, data_dir, on_progress)
    except ReferenceDataError as exc:
        _print_problems(exc)
        raise SystemExit(1) from None
    table = Table("", "Thêm mới / inserted", "Đã có / already there")
    table.add_row("Đơn vị / units", str(report.units_inserted), str(report.units_skipped))
    table.add_row("Phiên bản / versions", str(report.versions_inserted), str(report.versions_skipped))
    table.add_row("Kế thừa / successions", str(report.successions_inserted), str(report.successions_skipped))
    console.print(table)
    console.print(f"[green]Xong trong {time.perf_counter() - started:.1f} s / done[/green]")


@units.command("show")
@click.argument("code")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Ngày / date YYYY-MM-DD (default today).")
def show_command(code: str, as_of: datetime | None) -> None:
    """Xem một đơn vị, cấp trên và kế thừa / show a unit, its parents and successions."""
    day = as_of.date() if as_of else None
    with cli_transaction() as session:
        try:
            unit = service.get_unit(session, code, day)
        except ApiError as exc:
            raise click.ClickException(f"{exc.message} / {exc.message_en}") from None
        chain = service.ancestors(session, code, day)
        after = service.successors(session, code, day)
        before = service.predecessors(session, code, day)
    _print_unit(unit, chain, before, after)


def _print_problems(exc: ReferenceDataError) -> None:
    count = len(exc.problems)
    lines = [
        f"{count} lỗi trong dữ liệu, không có gì được lưu / "
        f"{count} problem(s) in the data, nothing was stored"
    ]
    for problem in exc.problems[:SHOWN_PROBLEMS]:
        field = f" [{problem.field}]" if problem.field else ""
        lines.append(f"  {problem.location}{field}: {problem.message} / {problem.message_en}")
    if count > SHOWN_PROBLEMS:
        lines.append(f"  ... và {count - SHOWN_PROBLEMS} lỗi khác / and {count - SHOWN_PROBLEMS} more")
    # One problem per line, never wrapped: people grep and copy these.
    for line in lines:
        console.print(line, style="red", markup=False, highlight=False, soft_wrap=True)


def _span(start: date, end: date | None) -> str:
    return f"{start.isoformat()} → {end.isoformat() if end else '…'}"


def _print_unit(
    unit: service.UnitRow,
    chain: list[service.UnitRow],
    before: list[service.SuccessionRow],
    after: list[service.SuccessionRow],
) -> None:
    console.print(
        f"[bold]{unit.code} {unit.name}[/bold]  ({unit.type}, {_span(unit.valid_from, unit.valid_to)})"
    )
    console.print(f"  uid: {unit.uid}")
    if chain:
        console.print("  " + " › ".join(f"{u.code} {u.name}" for u in chain))
    for title, links in (("Tiền thân / predecessors", before), ("Kế thừa / successors", after)):
        if links:
            console.print(f"  {title}:")
            for link in links:
                console.print(
                    f"    {link.effective_date.isoformat()} {link.kind:7} {link.unit.code} {link.unit.name}"
                )
