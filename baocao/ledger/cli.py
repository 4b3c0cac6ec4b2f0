"""``baocao audit verify``: recompute the ledger chain and every sealed submission's digest."""

from __future__ import annotations

import click
from rich.table import Table

from baocao.cli_support import cli_transaction, console
from baocao.ledger.service import verify

SHOWN = 50


@click.group()
def audit() -> None:
    """Nhật ký và sổ cái / audit trail and ledger."""


@audit.command("verify")
def audit_verify() -> None:
    """Kiểm tra sổ cái / verify the ledger chain and the content of submitted and accepted reports.

    Exits with status 1 on any mismatch and names the first broken entry.
    """
    with cli_transaction() as session:
        report = verify(session)
        session.rollback()  # read only
    console.print(
        f"Sổ cái / ledger: {report.entries} bút toán / entries, "
        f"{report.versions_checked} phiên bản báo cáo / submission versions checked"
    )
    if report.ok:
        console.print("[green]Toàn vẹn / intact: no mismatch[/green]")
        return
    first = report.first_broken
    assert first is not None
    where = f"bút toán / entry {first.seq}" if first.seq is not None else "không có bút toán / no entry"
    console.print(f"[red bold]Bút toán hỏng đầu tiên / first broken entry: {where}[/red bold]")
    console.print(f"[red]{first.message}[/red]\n[red]{first.message_en}[/red]")
    table = Table("seq", "code", "submission", "version", "problem")
    for problem in report.problems[:SHOWN]:
        table.add_row(
            str(problem.seq if problem.seq is not None else "-"),
            problem.code,
            str(problem.submission_id),
            str(problem.version),
            problem.message_en,
        )
    console.print(table)
    if len(report.problems) > SHOWN:
        console.print(f"... {len(report.problems) - SHOWN} more")
    raise SystemExit(1)
