"""What every CLI command needs: settings, a database transaction, a Rich console and progress bars."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.orm import Session

from baocao.config import ConfigError, Settings
from baocao.storage.engine import make_engine, make_session_factory, transaction

console = Console(stderr=True)


def load_settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def cli_transaction(settings: Settings | None = None) -> Iterator[Session]:
    """One transaction for a whole command: a failed command stores nothing."""
    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
