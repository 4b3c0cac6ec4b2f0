"""``baocao regimes load FILE`` and ``baocao regimes list``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table
from sqlalchemy import select

from baocao.cli_support import cli_transaction, console
from baocao.regimes.loader import load_regime
from baocao.regimes.models import Regime
from baocao.regimes.reading import RegimeError
from baocao.regimes.service import current_version
from baocao.yamlio import format_problem

MAX_PROBLEMS_SHOWN = 100


@click.group()
def regimes() -> None:
    """Chế độ báo cáo / reporting regimes."""


@regimes.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load(file: Path) -> None:
    """Nạp chế độ báo cáo từ tệp YAML / load a regime from a YAML file (same file twice: no change)."""
    try:
        with cli_transaction() as session:
            result = load_regime(session, file, actor="cli")
    except RegimeError as exc:
        console.print(
            f"[red]{exc.kind_vi} có {len(exc.problems)} lỗi, không có gì được lưu / "
            f"{exc.kind_en} has {len(exc.problems)} problem(s), nothing was stored[/red]"
        )
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            console.print(format_problem(problem), markup=False, highlight=False, soft_wrap=True)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            console.print(f"... ({len(exc.problems) - MAX_PROBLEMS_SHOWN} lỗi khác / more problems)")
        raise click.exceptions.Exit(1) from None
    if not result.created:
        console.print(
            f"{result.code}: phiên bản {result.version} đã có cùng nội dung, không thay đổi / "
            f"version {result.version} already has this content, nothing changed"
        )
        return
    closed = (
        f"; phiên bản {result.closed_version} hết hiệu lực từ ngày bắt đầu của phiên bản mới / "
        f"version {result.closed_version} now ends where the new one starts"
        if result.closed_version
        else ""
    )
    console.print(f"[green]{result.code}: đã nạp phiên bản / loaded version {result.version}[/green]{closed}")


@regimes.command("list")
def list_regimes() -> None:
    """Liệt kê các chế độ báo cáo / list the regimes (the version in force today, else the latest)."""
    with cli_transaction() as session:
        table = Table(title="Chế độ báo cáo / regimes")
        for column in (
            "Mã / code",
            "Phiên bản / version",
            "Tên / name",
            "Tần suất / frequency",
            "Hiệu lực / valid",
        ):
            table.add_column(column)
        for regime in session.scalars(select(Regime).order_by(Regime.code)):
            if not regime.versions:
                continue
            version = current_version(regime)
            until = version.valid_to.isoformat() if version.valid_to else ""
            valid = f"{version.valid_from.isoformat()} – {until}"
            table.add_row(
                regime.code,
                f"{version.version}/{len(regime.versions)}",
                version.name,
                version.frequency,
                valid,
            )
    console.print(table)
