"""``baocao indicators load FILE`` and ``baocao targets load FILE``: validate and load YAML files."""

from __future__ import annotations

from pathlib import Path

import click

from baocao.cli_support import cli_transaction, console
from baocao.yamlio import YamlLoadError, format_problem

MAX_PROBLEMS_SHOWN = 100
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _print_problems(exc: YamlLoadError) -> None:
    console.print(f"[red]{exc.message} / {exc.message_en}[/red]", soft_wrap=True)
    for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
        console.print(format_problem(problem), markup=False, highlight=False, soft_wrap=True)


@click.group()
def indicators() -> None:
    """Chỉ tiêu tổng hợp / computed indicators."""


@indicators.command("load")
@click.argument("file", type=FILE)
def load_indicators_command(file: Path) -> None:
    """Nạp chỉ tiêu tổng hợp từ tệp YAML / load indicators from a YAML file (idempotent)."""
    from baocao.indicators.loader import load_indicators

    try:
        with cli_transaction() as session:
            created, updated = load_indicators(session, file)
    except YamlLoadError as exc:
        _print_problems(exc)
        raise click.exceptions.Exit(1) from None
    console.print(f"Chỉ tiêu tổng hợp / indicators: {created} mới / created, {updated} cập nhật / updated")


@click.group()
def targets() -> None:
    """Chỉ tiêu kế hoạch được giao / plan targets."""


@targets.command("load")
@click.argument("file", type=FILE)
def load_targets_command(file: Path) -> None:
    """Nạp chỉ tiêu kế hoạch từ tệp YAML / load plan targets from a YAML file (idempotent)."""
    from baocao.indicators.loader import load_targets

    try:
        with cli_transaction() as session:
            created, updated = load_targets(session, file)
    except YamlLoadError as exc:
        _print_problems(exc)
        raise click.exceptions.Exit(1) from None
    console.print(f"Chỉ tiêu kế hoạch / targets: {created} mới / created, {updated} cập nhật / updated")
