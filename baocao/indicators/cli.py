"""``baocao indicators load FILE`` and ``baocao targets load FILE``: validate and load YAML files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from sqlalchemy.orm import Session

from baocao.cli_support import cli_transaction, console
from baocao.yamlio import YamlLoadError, format_problem

MAX_PROBLEMS_SHOWN = 100
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _print_problems(exc: YamlLoadError) -> None:
    console.print(f"[red]{exc.message} / {exc.message_en}[/red]", soft_wrap=True)
    for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
        console.print(format_problem(problem), markup=False, highlight=False, soft_wrap=True)


def _load(loader: Callable[[Session, Path], tuple[int, int]], file: Path, what: str) -> None:
    """Run one YAML loader in a transaction; its problems (file:line) printed and exit 1 on error."""
    try:
        with cli_transaction() as session:
            created, updated = loader(session, file)
    except YamlLoadError as exc:
        _print_problems(exc)
        raise click.exceptions.Exit(1) from None
    console.print(f"{what}: {created} mới / created, {updated} cập nhật / updated")


@click.group()
def indicators() -> None:
    """Chỉ tiêu tổng hợp / computed indicators."""


@indicators.command("load")
@click.argument("file", type=FILE)
def load_indicators_command(file: Path) -> None:
    """Nạp chỉ tiêu tổng hợp từ tệp YAML / load indicators from a YAML file (idempotent)."""
    from baocao.indicators.loader import load_indicators

    _load(load_indicators, file, "Chỉ tiêu tổng hợp / indicators")


@click.group()
def targets() -> None:
    """Chỉ tiêu kế hoạch được giao / plan targets."""


@targets.command("load")
@click.argument("file", type=FILE)
def load_targets_command(file: Path) -> None:
    """Nạp chỉ tiêu kế hoạch từ tệp YAML / load plan targets from a YAML file (idempotent)."""
    from baocao.indicators.loader import load_targets

    _load(load_targets, file, "Chỉ tiêu kế hoạch / targets")
