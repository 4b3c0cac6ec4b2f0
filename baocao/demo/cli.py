"""``baocao demo``: migrate, then seed the demonstration data set (idempotent, with progress bars)."""

from __future__ import annotations

import time

import click
from rich.progress import TaskID
from rich.table import Table

from baocao.access.demo import print_demo_users
from baocao.cli_support import cli_transaction, console, load_settings, progress
from baocao.demo.seed import (
    CATALOGUE_STEP,
    HISTORY_STEP,
    INDICATORS_STEP,
    REGIMES_STEP,
    SUBMISSIONS_STEP,
    USERS_STEP,
    DemoReport,
    seed_demo,
)
from baocao.errors import ApiError
from baocao.storage.migrate import upgrade
from baocao.yamlio import format_problem

# Progress steps reported by the seeding, in words a user understands.
STEP_LABELS = {
    "read": "Đọc tệp đơn vị / reading unit files",
    "units": "Đơn vị / units",
    "versions": "Phiên bản đơn vị / unit versions",
    "successions": "Kế thừa đơn vị / unit successions",
    CATALOGUE_STEP: "Danh mục chỉ tiêu / catalogue",
    INDICATORS_STEP: "Chỉ tiêu tổng hợp, kế hoạch / indicators, targets",
    REGIMES_STEP: "Chế độ báo cáo / reporting regimes",
    USERS_STEP: "Tài khoản minh họa / demo accounts",
    HISTORY_STEP: "Số liệu lịch sử 2010 → nay / history 2010 → now",
    SUBMISSIONS_STEP: "Báo cáo minh họa / demo submissions",
}
MAX_PROBLEMS_SHOWN = 100


@click.command()
def demo() -> None:
    """Nạp dữ liệu minh họa / seed the demo (idempotent)."""
    settings = load_settings()
    started = time.perf_counter()
    console.print("Cập nhật cơ sở dữ liệu / migrating the database ...")
    upgrade(settings.database_url)
    try:
        with progress() as bars, cli_transaction(settings) as session:
            tasks: dict[str, TaskID] = {}

            def on_progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bars.add_task(STEP_LABELS.get(step, step), total=total)
                bars.update(tasks[step], completed=done, total=total)

            report = seed_demo(session, on_progress=on_progress)
    except ApiError as exc:  # a refused data file: say where, store nothing
        console.print(f"[red]{exc.message} / {exc.message_en}[/red]", highlight=False)
        for detail in exc.details[:MAX_PROBLEMS_SHOWN]:
            console.print(format_problem(detail), markup=False, highlight=False, soft_wrap=True)
        raise click.exceptions.Exit(1) from None
    console.print(summary_table(report))
    print_demo_users(report.users, console)
    verdict = (
        "đã nạp / seeded" if report.changed else "đã có sẵn, không thay đổi / already there, nothing changed"
    )
    console.print(f"Dữ liệu minh họa {verdict} ({time.perf_counter() - started:.1f} s)", soft_wrap=True)


def summary_table(report: DemoReport) -> Table:
    table = Table(title="Dữ liệu minh họa / demo data")
    table.add_column("")
    table.add_column("Tổng / total", justify="right")
    table.add_column("Mới / added", justify="right")
    for count in report.counts:
        table.add_row(f"{count.label} / {count.label_en}", f"{count.after:,}", f"{count.added:,}")
    return table
